/** Findings: problems a rule detected, about an account, a policy or a whole tenant. */
import type { IdentityProviderId } from './identity-provider.js';

export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof severities)[number];

export interface FindingSubject {
  type: 'account' | 'policy' | 'tenant' | 'group' | 'location';
  idp: IdentityProviderId;
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

/** A finding rule: data plus a function, documented in docs/findings.md. */
export interface FindingRule<Input> {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  remediation: string;
  references: string[];
  evaluate(input: Input): Finding[];
}
