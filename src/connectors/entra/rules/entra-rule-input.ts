/** What every Entra finding rule evaluates, and the subjects and helpers the rules share. */
import type { Finding, FindingSubject, Severity } from '../../../model/finding.js';
import type { AnalysisSettings } from '../../connector.js';
import type { EntraAccountAssessment } from '../assess-entra-account.js';
import type { EntraTenant } from '../entra-tenant.js';
import type { ConditionalAccessContext } from '../evaluate-conditional-access.js';

export interface EntraRuleInput {
  tenant: EntraTenant;
  conditionalAccess: ConditionalAccessContext;
  assessments: readonly EntraAccountAssessment[];
  settings: AnalysisSettings;
  /** The instant the snapshot was taken: every time-based rule judges against it. */
  asOf: Date;
}

export const mfaReferences = ['NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.7.1'];
export const strengthReferences = ['NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.7.2'];
/** Administrators: strength proportionate to what they control (NIS2 access control, CIR 11.3 privileged accounts). */
export const adminStrengthReferences = ['NIS2 Art.21(2)(i)', 'NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.3', 'CIR 2024/2690 11.7.2'];
export const privilegedReferences = ['NIS2 Art.21(2)(i)', 'NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.7.1', 'CIR 2024/2690 11.3'];

/** How many logins a message lists before "and N more". */
const listedLogins = 5;

export function accountSubject(tenant: EntraTenant, assessment: EntraAccountAssessment): FindingSubject {
  return { type: 'account', idp: 'entra', tenant: tenant.tenant, id: assessment.account.id, name: assessment.account.login };
}

export function policySubject(tenant: EntraTenant, policy: { id: string; displayName: string }): FindingSubject {
  return { type: 'policy', idp: 'entra', tenant: tenant.tenant, id: policy.id, name: policy.displayName };
}

export function tenantSubject(tenant: EntraTenant): FindingSubject {
  return { type: 'tenant', idp: 'entra', tenant: tenant.tenant, id: tenant.tenant, name: tenant.tenant };
}

export function groupSubject(tenant: EntraTenant, groupId: string, name: string): FindingSubject {
  return { type: 'group', idp: 'entra', tenant: tenant.tenant, id: groupId, name };
}

export function locationSubject(tenant: EntraTenant, location: { id: string; name: string }): FindingSubject {
  return { type: 'location', idp: 'entra', tenant: tenant.tenant, id: location.id, name: location.name };
}

export function finding(ruleId: string, severity: Severity, subject: FindingSubject, message: string): Finding {
  return { ruleId, severity, subject, message };
}

/** Enabled and not a service account: a person (member or guest) who can sign in. */
export function isInteractive(assessment: EntraAccountAssessment): boolean {
  return assessment.account.enabled && assessment.account.kind !== 'service';
}

/** "a, b, c and 2 more", sorted, for messages that name the accounts concerned. */
export function listLogins(logins: Iterable<string>): string {
  const sorted = [...new Set(logins)].sort();
  const shown = sorted.slice(0, listedLogins).join(', ');
  return sorted.length > listedLogins ? `${shown} and ${sorted.length - listedLogins} more` : shown;
}
