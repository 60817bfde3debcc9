/** What every AWS finding rule evaluates, and the subjects and references the rules share. */
import type { Finding, FindingSubject, Severity } from '../../../model/finding.js';
import type { AwsRootAssessment } from '../assess-aws-root.js';
import type { AwsUserAssessment } from '../assess-aws-user.js';
import type { AwsScanSettings } from '../aws-payloads.js';

export interface AwsRuleInput {
  /** The account id. */
  tenant: string;
  users: readonly AwsUserAssessment[];
  root: AwsRootAssessment;
  /** Key-hygiene thresholds recorded at scan time. */
  settings: AwsScanSettings;
  asOf: Date;
}

export const mfaReferences = ['NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.7.1', 'CIS AWS Foundations 1.10'];
export const rootReferences = ['NIS2 Art.21(2)(i)', 'NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.3', 'CIR 2024/2690 11.7.2', 'CIS AWS Foundations 1.4', 'CIS AWS Foundations 1.5', 'CIS AWS Foundations 1.6'];
export const strengthReferences = ['NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.7.2'];
/** Administrators: strength proportionate to what they control (NIS2 access control, CIR 11.3 privileged accounts). */
export const adminStrengthReferences = ['NIS2 Art.21(2)(i)', 'NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.3', 'CIR 2024/2690 11.7.2'];
export const keyReferences = ['NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.7.1', 'CIS AWS Foundations 1.12', 'CIS AWS Foundations 1.14'];

export function finding(ruleId: string, severity: Severity, subject: FindingSubject, message: string): Finding {
  return { ruleId, severity, subject, message };
}

export function accountSubject(tenant: string, account: { id: string; login: string }): FindingSubject {
  return { type: 'account', idp: 'aws', tenant, id: account.id, name: account.login };
}

export const dayMs = 86_400_000;

/** Whole days from `iso` to `asOf`. */
export function daysBefore(asOf: Date, iso: string): number {
  return Math.floor((asOf.getTime() - Date.parse(iso)) / dayMs);
}
