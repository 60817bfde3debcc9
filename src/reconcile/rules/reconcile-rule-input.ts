/** What every reconcile finding rule evaluates: the reconciled model, the settings and the snapshot's time. */
import type { AnalysisSettings } from '../../connectors/connector.js';
import { organisationSubjectIdp, type Finding, type FindingSubject, type Severity } from '../../model/finding.js';
import type { ExceptionEntry } from '../exception-register.js';
import { flatString } from '../flat-string.js';
import type { ReconcileConfig } from '../reconcile-config.js';
import type { ReconciledAccount, Reconciliation } from '../reconciliation.js';

export interface ReconcileRuleInput {
  asOf: Date;
  settings: AnalysisSettings;
  config: ReconcileConfig;
  directoryConfigured: boolean;
  registerConfigured: boolean;
  reconciliation: Omit<Reconciliation, 'findings'>;
}

/** MFA required where appropriate (11.7.1). */
export const mfaReferences = ['NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.7.1'];
/** An exemption from MFA is an access-control decision, documented under the access control policy (11.6.1). */
export const exceptionReferences = ['NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.7.1', 'CIR 2024/2690 11.6.1'];
/** Identities: one person each, managed over their life cycle (11.5). */
export const identityReferences = ['NIS2 Art.21(2)(i)', 'NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.5.1'];
/** Privileged accounts: authentication strength proportionate to what they reach (11.3, 11.6.2(a), 11.7.2). */
export const privilegeReferences = ['NIS2 Art.21(2)(i)', 'NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.3', 'CIR 2024/2690 11.6.2(a)', 'CIR 2024/2690 11.7.2'];

export function accountSubject(entry: ReconciledAccount): FindingSubject {
  const { account } = entry;
  return { type: 'account', idp: account.idp, tenant: account.tenant, id: account.id, name: account.login };
}

export function exceptionSubject(file: string, entry: ExceptionEntry): FindingSubject {
  return { type: 'exception', idp: organisationSubjectIdp, tenant: file, id: entry.id, name: entry.account ?? entry.person ?? entry.id };
}

export function finding(ruleId: string, severity: Severity, subject: FindingSubject, message: string): Finding {
  return { ruleId, severity, subject, message: flatString(message) };
}

/** Enabled and interactive after federation: the accounts coverage is about. */
export function isInteractive(entry: ReconciledAccount): boolean {
  return entry.account.enabled && entry.effectiveCovered.value !== 'n/a';
}

export function describeAccount(entry: ReconciledAccount): string {
  return `${entry.account.login} (${entry.sourceId})`;
}
