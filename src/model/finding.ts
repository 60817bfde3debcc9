/** Findings: problems a rule detected, about an account, a policy or a whole tenant. */
import type { IdentityProviderId } from './identity-provider.js';

export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof severities)[number];

/**
 * Subjects outside any identity provider (an exception register entry, a person of the roster) carry this in
 * place of an identity provider id.
 */
export const organisationSubjectIdp = 'organisation';

export interface FindingSubject {
  type: 'account' | 'policy' | 'tenant' | 'group' | 'location' | 'person' | 'exception';
  idp: IdentityProviderId | typeof organisationSubjectIdp;
  tenant: string;
  id: string;
  name: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  subject: FindingSubject;
  message: string;
}

/** A finding rule: data plus a function, documented in docs/findings.md (generated: `npm run docs:findings`). */
export interface FindingRule<Input> {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  remediation: string;
  references: string[];
  evaluate(input: Input): Finding[];
}

/** What is documented of a rule: everything but its function. */
export type FindingRuleMetadata = Omit<FindingRule<never>, 'evaluate'>;
