/**
 * Assembles the report from each source's analysis: a pure function, so the same snapshot and settings give
 * the same report apart from `generatedAt`. Every object is rebuilt field by field in the contract's order,
 * which fixes the JSON key order whatever order a connector built its objects in, and drops anything a
 * connector attached beyond the contract.
 */
import type { AssessedAccount, Verdict } from '../model/account.js';
import type { Factor } from '../model/factor.js';
import type { Finding } from '../model/finding.js';
import type { AnalysisSettings, PolicySummary, SourceAnalysis } from '../connectors/connector.js';
import type { SourceError, SourceMeta } from '../snapshot/snapshot-format.js';
import {
  reportSchemaVersion,
  type Report,
  type ReportAccount,
  type ReportException,
  type ReportFactor,
  type ReportPerson,
  type ReportPolicy,
  type ReportSource,
} from './report-model.js';
import { defaultReconcileConfig } from '../reconcile/reconcile-config.js';
import { reconcile } from '../reconcile/reconcile-accounts.js';
import type { ExceptionOutcome, ReconciledAccount, ReconciledPerson, Reconciliation } from '../reconcile/reconciliation.js';
import { accountKey } from '../reconcile/sourced-account.js';
import { compareAccounts, compareFindings, comparePolicies, compareSources, compareText, sortedRecord } from './report-order.js';
import { summariseReport } from './summarise-report.js';
import { findingRulesOf } from './finding-catalogue.js';
import { reportHistory, type PriorReport } from './report-history.js';

export interface ReportSourceInput {
  meta: SourceMeta;
  /** A failed source passes an empty analysis: the report shows the source as failed rather than guessing. */
  analysis: SourceAnalysis;
}

export interface BuildReportInput {
  organisation: { name: string };
  scannerVersion: string;
  /** ISO 8601; the only value in the report that differs between two runs on one snapshot. */
  generatedAt: string;
  snapshot: { createdAt: string; scannerVersion: string };
  settings: AnalysisSettings;
  sources: ReadonlyArray<ReportSourceInput>;
  /** Findings from stages after the connectors, merged and ordered with the rest. */
  extraFindings?: readonly Finding[];
  /**
   * The reconciled model (people, classes, tiers, gaps, register) with its findings. Without it, accounts are
   * reconciled with the default settings, no directory and no register, and no reconcile finding is added.
   */
  reconciliation?: Reconciliation;
  /** Earlier reports for the trend and diff (load-report-history.ts); none gives a one-point trend and no diff. */
  history?: readonly PriorReport[];
}

export function buildReport(input: BuildReportInput): Report {
  const sources = input.sources.map(({ meta }) => reportSource(meta)).sort(compareSources);
  const reconciliation =
    input.reconciliation ??
    reconcile({
      asOf: new Date(input.snapshot.createdAt),
      settings: input.settings,
      accounts: input.sources.flatMap(({ meta, analysis }) => analysis.accounts.map((account) => ({ sourceId: meta.sourceId, account }))),
      findings: input.sources.flatMap(({ analysis }) => analysis.findings),
      directory: null,
      register: null,
      config: defaultReconcileConfig,
    });
  const reconciled = new Map(reconciliation.accounts.map((entry) => [accountKey(entry.sourceId, entry.account.id), entry]));
  const accounts = input.sources
    .flatMap(({ meta, analysis }) => analysis.accounts.map((account) => reportAccount(account, meta.sourceId, reconciled.get(accountKey(meta.sourceId, account.id)))))
    .sort(compareAccounts);
  const people = reconciliation.people.map(reportPerson);
  const exceptions = reconciliation.exceptions.map(reportException);
  const findings = [
    ...input.sources.flatMap(({ analysis }) => analysis.findings),
    ...(input.extraFindings ?? []),
    ...(input.reconciliation?.findings ?? []),
  ]
    .map(reportFinding)
    .sort(compareFindings);
  const policies = input.sources
    .flatMap(({ meta, analysis }) => analysis.policies.map((policy) => reportPolicy(policy, meta.sourceId)))
    .sort(comparePolicies);

  const report: Omit<Report, 'history'> = {
    schemaVersion: reportSchemaVersion,
    generatedAt: input.generatedAt,
    organisation: { name: input.organisation.name },
    scanner: { name: 'mfa-coverage', version: input.scannerVersion },
    snapshot: { createdAt: input.snapshot.createdAt, scannerVersion: input.snapshot.scannerVersion },
    settings: {
      dormantAfterDays: input.settings.dormantAfterDays,
      serviceAccountPatterns: [...input.settings.serviceAccountPatterns],
    },
    sources,
    summary: summariseReport({ sources, accounts, findings, people, exceptions, maturity: reconciliation.maturity }),
    accounts,
    findings,
    policies,
    directory: reconciliation.directory ? { ...reconciliation.directory } : null,
    people,
    exceptionRegister: reconciliation.register ? { ...reconciliation.register } : null,
    exceptions,
    findingRules: findingRulesOf(findings),
  };
  return { ...report, history: reportHistory(report, input.history ?? []) };
}

function reportSource(meta: SourceMeta): ReportSource {
  return {
    sourceId: meta.sourceId,
    connector: meta.connector,
    tenant: meta.tenant,
    status: meta.status,
    startedAt: meta.startedAt,
    finishedAt: meta.finishedAt,
    errors: meta.errors.map(reportSourceError),
    requests: sortedRecord(meta.requests),
    permissions: [...new Set(meta.permissions)].sort(compareText),
  };
}

function reportSourceError(error: SourceError): SourceError {
  return {
    endpoint: error.endpoint,
    code: error.code,
    message: error.message,
    ...(error.permission === undefined ? {} : { permission: error.permission }),
    ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
  };
}

function reportAccount(account: AssessedAccount, sourceId: string, reconciled: ReconciledAccount | undefined): ReportAccount {
  if (!reconciled) throw new Error(`Account ${account.id} of source ${sourceId} is missing from the reconciliation passed to buildReport.`);
  const entry = reconciled;
  return {
    sourceId,
    idp: account.idp,
    tenant: account.tenant,
    id: account.id,
    login: account.login,
    displayName: account.displayName,
    enabled: account.enabled,
    kind: account.kind,
    privileged: account.privileged,
    roles: [...account.roles],
    lastSignInAt: account.lastSignInAt,
    createdAt: account.createdAt,
    factors: account.factors.map(reportFactor),
    mfaRegistered: verdict(account.mfaRegistered),
    mfaEnforced: verdict(account.mfaEnforced),
    legacyAuth: verdict(account.legacyAuth),
    covered: account.covered,
    reasons: [...account.reasons],
    personId: entry.link?.personId ?? null,
    link: entry.link ? { method: entry.link.method, detail: entry.link.detail, conflicts: [...entry.link.conflicts] } : null,
    class: entry.accountClass.value,
    classReasons: [...entry.accountClass.reasons],
    tier: entry.tier.value,
    tierReasons: [...entry.tier.reasons],
    methodPolicy: verdict(entry.methodPolicy),
    effectiveCovered: verdict(entry.effectiveCovered),
    gaps: entry.gaps.map((gap) => ({ kind: gap.kind, state: gap.state, exceptionId: gap.exceptionId, evidence: [...gap.evidence], reasons: [...gap.reasons] })),
  };
}

function reportPerson({ person, accounts, covered, reasons, tier, leaver }: ReconciledPerson): ReportPerson {
  return {
    id: person.id,
    employeeId: person.employeeId,
    email: person.email,
    name: person.name,
    status: person.status,
    leaver,
    employmentType: person.employmentType,
    department: person.department,
    manager: person.manager,
    startDate: person.startDate,
    terminationDate: person.terminationDate,
    origin: person.origin,
    tier,
    covered,
    reasons: [...reasons],
    accounts: accounts.map((ref) => ({ sourceId: ref.sourceId, id: ref.id, login: ref.login })),
  };
}

function reportException({ entry, state, gaps, reasons }: ExceptionOutcome): ReportException {
  return {
    id: entry.id,
    origin: entry.origin,
    account: entry.account ?? null,
    sourceId: entry.sourceId ?? null,
    person: entry.person ?? null,
    gap: entry.gap,
    policy: entry.policy ?? null,
    reason: entry.reason,
    riskOwner: entry.riskOwner ?? null,
    compensatingControls: [...entry.compensatingControls],
    approvedBy: entry.approvedBy ?? null,
    approvedAt: entry.approvedAt ?? null,
    expires: entry.expires ?? null,
    ticket: entry.ticket ?? null,
    state,
    gaps,
    reasons: [...reasons],
  };
}

function reportFactor(factor: Factor): ReportFactor {
  return {
    type: factor.type,
    strength: factor.strength,
    phishingResistant: factor.strength === 'phishing-resistant',
    vendorType: factor.vendorType,
  };
}

function verdict<T extends string>(value: Verdict<T>): Verdict<T> {
  return { value: value.value, reasons: [...value.reasons] };
}

function reportFinding(finding: Finding): Finding {
  const { subject } = finding;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    subject: { type: subject.type, idp: subject.idp, tenant: subject.tenant, id: subject.id, name: subject.name },
    message: finding.message,
  };
}

function reportPolicy(policy: PolicySummary, sourceId: string): ReportPolicy {
  return {
    sourceId,
    id: policy.id,
    name: policy.name,
    state: policy.state,
    requiresMfa: policy.requiresMfa,
    scope: [...policy.scope],
  };
}
