/** What every Okta finding rule evaluates: the org as read, and each account's assessment with its sign-in paths. */
import type { Finding, FindingSubject, Severity } from '../../../model/finding.js';
import type { OktaAccountAssessment } from '../assess-okta-account.js';
import type { OktaOrg } from '../okta-org.js';

export interface OktaRuleInput {
  org: OktaOrg;
  assessments: readonly OktaAccountAssessment[];
}

export const mfaReferences = ['NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.7.1'];
export const strengthReferences = ['NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.7.2'];
/** Administrators: strength proportionate to what they control (NIS2 access control, CIR 11.3 privileged accounts). */
export const adminStrengthReferences = ['NIS2 Art.21(2)(i)', 'NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.3', 'CIR 2024/2690 11.7.2'];

export function accountSubject(org: OktaOrg, assessment: OktaAccountAssessment): FindingSubject {
  return { type: 'account', idp: 'okta', tenant: org.tenant, id: assessment.account.id, name: assessment.account.login };
}

export function policySubject(org: OktaOrg, policy: { id: string; name: string }, rule?: { id: string; name: string }): FindingSubject {
  return {
    type: 'policy',
    idp: 'okta',
    tenant: org.tenant,
    id: rule ? `${policy.id}/${rule.id}` : policy.id,
    name: rule ? `${policy.name} / ${rule.name}` : policy.name,
  };
}

export function tenantSubject(org: OktaOrg): FindingSubject {
  return { type: 'tenant', idp: 'okta', tenant: org.tenant, id: org.tenant, name: org.tenant };
}

export function finding(ruleId: string, severity: Severity, subject: FindingSubject, message: string): Finding {
  return { ruleId, severity, subject, message };
}
