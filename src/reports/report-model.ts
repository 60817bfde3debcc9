/**
 * The report contract (docs/report.schema.json is its published form; a test keeps the two in step).
 * Everything in it is derived from the snapshot and settings, so two runs on one snapshot agree byte for byte
 * apart from `generatedAt`.
 */
import type { AssessedAccount } from '../model/account.js';
import type { Factor } from '../model/factor.js';
import type { Finding, Severity } from '../model/finding.js';
import type { IdentityProviderId } from '../model/identity-provider.js';
import type { AnalysisSettings, PolicySummary } from '../connectors/connector.js';
import type { SourceError, SourceStatus } from '../snapshot/snapshot-format.js';
import type { Coverage, Verdict } from '../model/account.js';
import type { LinkMethod } from '../reconcile/correlate-identities.js';
import type { GapKind } from '../reconcile/exception-register.js';
import type { ExceptionEntryState, ExemptionState } from '../reconcile/exemption-states.js';
import type { MaturityLevel } from '../reconcile/maturity-level.js';
import type { MethodPolicyValue } from '../reconcile/method-policy.js';
import type { EmploymentType, PersonStatus } from '../reconcile/person.js';
import type { AccountClass, Tier } from '../reconcile/reconcile-config.js';

export const reportSchemaVersion = '1.2.0';

/** Counts of each account's `effectiveCovered` (coverage after federation; the account's own without it). */
export interface CoverageCounts {
  accounts: number;
  covered: number;
  notCovered: number;
  unknown: number;
  notApplicable: number;
  /**
   * covered ÷ (covered + notCovered + unknown) × 100, rounded down to one decimal so that 100.0 means every
   * in-scope account is covered; null when nothing is in scope.
   */
  coveragePercent: number | null;
}

export interface ReportSource {
  sourceId: string;
  connector: IdentityProviderId;
  tenant: string;
  status: SourceStatus;
  startedAt: string;
  finishedAt: string;
  errors: SourceError[];
  requests: Record<string, number>;
  permissions: string[];
}

/** A factor as reported: the model's factor plus the flag a reader filters on. */
export interface ReportFactor extends Factor {
  phishingResistant: boolean;
}

/** One gap of an account and whether the exception register documents it. */
export interface ReportGap {
  kind: GapKind;
  state: ExemptionState;
  exceptionId: string | null;
  evidence: string[];
  reasons: string[];
}

export interface ReportLink {
  method: LinkMethod | null;
  detail: string;
  conflicts: string[];
}

export interface ReportAccount extends Omit<AssessedAccount, 'employeeId' | 'aliases'> {
  sourceId: string;
  factors: ReportFactor[];
  /** The person of the directory the account belongs to; null when unlinked or no directory is configured. */
  personId: string | null;
  /** How the account was linked, or why not; null when no directory is configured. */
  link: ReportLink | null;
  class: AccountClass;
  classReasons: string[];
  tier: Tier;
  tierReasons: string[];
  methodPolicy: Verdict<MethodPolicyValue>;
  /** `covered` after federation: that of the account that authenticates a delegated sign-in. */
  effectiveCovered: Verdict<Coverage>;
  gaps: ReportGap[];
}

export interface ReportPerson {
  id: string;
  employeeId: string | null;
  email: string | null;
  name: string;
  status: PersonStatus;
  leaver: boolean;
  employmentType: EmploymentType;
  department: string | null;
  manager: string | null;
  startDate: string | null;
  terminationDate: string | null;
  origin: string;
  tier: Tier | null;
  /** The weakest effective coverage of the person's interactive accounts; n/a without one. */
  covered: Coverage;
  reasons: string[];
  accounts: Array<{ sourceId: string; id: string; login: string }>;
}

export interface ReportException {
  id: string;
  origin: string;
  account: string | null;
  sourceId: string | null;
  person: string | null;
  gap: GapKind;
  policy: string | null;
  reason: string;
  riskOwner: string | null;
  compensatingControls: string[];
  approvedBy: string | null;
  approvedAt: string | null;
  expires: string | null;
  ticket: string | null;
  state: ExceptionEntryState;
  /** Account gaps the entry matched. */
  gaps: number;
  reasons: string[];
}

export interface ReportDirectory {
  kind: 'roster' | 'source';
  /** The roster's file name, or the source id acting as the directory. */
  name: string;
  people: number;
}

export interface ReportPolicy extends PolicySummary {
  sourceId: string;
}

export interface ReportSummary extends CoverageCounts {
  /**
   * False when any source is partial or failed: the figures then speak only for the accounts and data that
   * could be read, and the report says which source is missing what.
   */
  dataComplete: boolean;
  /** Sources per collection status (every status present, zero included). */
  sourcesByStatus: Record<SourceStatus, number>;
  /** Per source id; a failed source appears with zero accounts and a null percentage. */
  bySource: Record<string, CoverageCounts>;
  /** Per identity provider with a source in the scan; one whose only source failed shows zero accounts. */
  byIdp: Record<string, CoverageCounts>;
  /** Per account kind (every kind, zero included). */
  byKind: Record<string, CoverageCounts>;
  privileged: CoverageCounts;
  /** Accounts per mfaEnforced value, in-scope accounts only (every value, zero included). */
  enforcement: Record<string, number>;
  /** Accounts per mfaRegistered value, in-scope accounts only (every value, zero included). */
  registration: Record<string, number>;
  /** Enrolled factors per normalised type, in-scope accounts only (every type, zero included). */
  factorTypes: Record<string, number>;
  /** Every severity, zero included. */
  findingsBySeverity: Record<string, number>;
  /** Per tier (1, 2, 3, zero included), by effective coverage. */
  byTier: Record<string, CoverageCounts>;
  /** Per account class (every class, zero included), by effective coverage. */
  byClass: Record<string, CoverageCounts>;
  /** People by their weakest account; every person of the directory counted once. */
  people: CoverageCounts;
  /** People per department of the directory (`(none)` when the roster gives none). */
  byDepartment: Record<string, CoverageCounts>;
  /** Account gaps per exemption state, and register entries that matched nothing (stale). */
  exemptions: { documented: number; expired: number; incomplete: number; quiet: number; stale: number };
  /**
   * The same per gap kind (every kind, zero included), so quiet MFA gaps are told apart from, say, service
   * accounts awaiting their justification.
   */
  exemptionsByGap: Record<string, { documented: number; expired: number; incomplete: number; quiet: number }>;
  maturity: { level: MaturityLevel; label: string; evidence: string[] };
  /** Enrolled factors of in-scope accounts per tier (1, 2, 3) and type (every tier and type, zero included). */
  factorTypesByTier: Record<string, Record<string, number>>;
  /** Enrolled factors of in-scope privileged accounts per type (every type, zero included). */
  privilegedFactorTypes: Record<string, number>;
  /** Per tier: in-scope accounts, and those with at least one phishing-resistant factor (CIR 2024/2690 11.7). */
  phishingResistantByTier: Record<string, PhishingResistantShare>;
}

export interface PhishingResistantShare {
  accounts: number;
  phishingResistant: number;
  /** Rounded down to one decimal, like coverage; null without an in-scope account. */
  percent: number | null;
}

/** The catalogue entry of a rule that produced at least one finding: what it means and what to do. */
export interface ReportFindingRule {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  remediation: string;
  references: string[];
}

/** One earlier report (or this one) as a point of the trend. */
export interface TrendPoint {
  snapshotCreatedAt: string;
  /** True for this report, the last point. */
  current: boolean;
  coveragePercent: number | null;
  covered: number;
  /** covered + notCovered + unknown. */
  inScope: number;
  notCovered: number;
  unknown: number;
  quietExemptions: number;
  /** Null for a report written before the maturity level existed. */
  maturityLevel: MaturityLevel | null;
}

/** A gap of one account, as the diff lists it. */
export interface GapChange {
  sourceId: string;
  accountId: string;
  login: string;
  idp: string;
  kind: GapKind;
  state: ExemptionState;
  exceptionId: string | null;
}

export interface ResolvedGap extends GapChange {
  /** `closed`: the account is still there without the gap; `account-removed`: the account is gone. */
  resolution: 'closed' | 'account-removed';
}

/** A register entry, as the diff lists it. */
export interface ExceptionChange {
  id: string;
  gap: GapKind;
  /** The account login or person the entry names. */
  subject: string;
  state: ExceptionEntryState;
  expires: string | null;
}

export interface ReportDiff {
  previous: { snapshotCreatedAt: string; generatedAt: string };
  coverage: { previousPercent: number | null; currentPercent: number | null; changePoints: number | null };
  quietExemptions: { previous: number; current: number };
  newGaps: GapChange[];
  resolvedGaps: ResolvedGap[];
  newExceptions: ExceptionChange[];
  /** Entries expired now that were not expired (or not present) in the previous report. */
  expiredExceptions: ExceptionChange[];
  /** Entries of the previous report's register that are gone from this one. */
  removedExceptions: ExceptionChange[];
}

/** Derived from prior report JSONs by pure functions (report-history.ts); empty of priors without a history. */
export interface ReportHistory {
  /** Earlier reports the trend and diff were drawn from (those before this snapshot, one per snapshot). */
  priorReports: number;
  /** Up to the last 12 reports, oldest first, this one last. */
  trend: TrendPoint[];
  /** Against the latest earlier report; null without one. */
  diff: ReportDiff | null;
}

export interface Report {
  schemaVersion: typeof reportSchemaVersion;
  generatedAt: string;
  organisation: { name: string };
  scanner: { name: 'mfa-coverage'; version: string };
  /** When the raw data was collected: the instant every verdict is judged against. */
  snapshot: { createdAt: string; scannerVersion: string };
  settings: AnalysisSettings;
  sources: ReportSource[];
  summary: ReportSummary;
  accounts: ReportAccount[];
  findings: Finding[];
  policies: ReportPolicy[];
  /** The authoritative directory accounts were reconciled against; null when none is configured. */
  directory: ReportDirectory | null;
  /** Sorted by id; empty without a directory. */
  people: ReportPerson[];
  /** The exception register's file name and entry count; null when none is configured. */
  exceptionRegister: { file: string; entries: number } | null;
  /** Every register entry with its state, sorted by id. */
  exceptions: ReportException[];
  /** The catalogue entries of the rules behind `findings`, sorted by id. */
  findingRules: ReportFindingRule[];
  history: ReportHistory;
}
