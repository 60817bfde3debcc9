/**
 * The view models of the console's pages: plain data, produced by the console's data port (console-data.ts) from
 * the store, and turned into HTML by the page renderers in `pages/`, which are pure functions of them. Nothing
 * here is computed twice: coverage figures are the stored report summary's, as the report printed them.
 */
import type { ApiScope } from '../api/auth/api-scopes.js';
import type { ReportPerson, ReportSummary } from '../reports/report-model.js';
import type { VerificationResult } from '../reports/verify-report-directory.js';
import type { ReportRecord, RunDetail, RunRecord, VerdictFilter, VerdictRecord } from '../store/history-store.js';

/** Who is signed in, as every page header shows it. */
export interface ConsoleUser {
  name: string;
  scopes: readonly ApiScope[];
  /** `token` for a token login, `oidc` for a sign-in through the organisation's identity provider. */
  via: 'token' | 'oidc';
}

/** A stored report as the home page compares it. */
export interface ReportPoint {
  runId: string;
  generatedAt: string;
  snapshotCreatedAt: string;
  status: 'complete' | 'partial';
  summary: ReportSummary;
}

export interface SourceStatusRow {
  sourceId: string;
  connector: string;
  tenant: string;
  /** Status of the source in the latest run that included it. */
  status: string;
  runId: string;
  finishedAt: string | null;
  requests: number;
  error: string | null;
  /** Coverage of the source in the latest report; null when it is not in it. */
  coveragePercent: number | null;
  accounts: number | null;
}

export interface ScheduleRow {
  name: string;
  nextFireAt: string | null;
  lastFiredAt: string | null;
  lastRunId: string | null;
}

export interface HomeView {
  latest: ReportPoint | null;
  /** The report of the run before the latest one. */
  previous: ReportPoint | null;
  /** The latest report produced by the monthly schedule (console.monthlySchedule). */
  monthly: ReportPoint | null;
  monthlySchedule: string;
  /** Open (not acknowledged, not resolved) alerts per severity; null when the alert store is not configured. */
  openAlerts: Record<string, number> | null;
  sources: SourceStatusRow[];
  schedules: ScheduleRow[];
  /** A run queued or running now. */
  activeRuns: RunRecord[];
}

export const accountPageSizes = [25, 50, 100, 200] as const;

export interface AccountQuery {
  filter: VerdictFilter;
  /** Keyset position: the last row of the previous page, as `sourceId` and `accountId`. */
  after: { sourceId: string; accountId: string } | null;
  pageSize: number;
}

export interface AccountsView {
  report: ReportRecord | null;
  query: AccountQuery;
  rows: VerdictRecord[];
  /** Accounts matching the filter in the report. */
  total: number;
  /** Where the next page starts; null on the last page. */
  next: { sourceId: string; accountId: string } | null;
  /** Values offered in the filter's lists, from the latest report's summary. */
  options: { idps: string[]; sources: string[] };
}

export interface PersonHistoryPoint {
  runId: string;
  snapshotCreatedAt: string;
  /** The person's coverage as that report gave it (the weakest of their interactive accounts). */
  covered: string;
  accounts: number;
}

export interface PersonView {
  personId: string;
  /** The person as the latest report's directory holds them; null when that report does not know them. */
  person: ReportPerson | null;
  report: ReportRecord | null;
  accounts: VerdictRecord[];
  /** Oldest first, the latest run last. */
  history: PersonHistoryPoint[];
}

export const alertStatuses = ['open', 'acknowledged', 'suppressed'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

export interface AlertSummaryRow {
  id: string;
  rule: string;
  severity: string;
  status: AlertStatus;
  title: string;
  sourceId: string | null;
  raisedAt: string;
  updatedAt: string;
  accountsAffected: number;
  /** Accounts whose coverage the change removed, when known. */
  coverageLost: number | null;
}

export interface AlertEventRow {
  occurredAt: string;
  kind: string;
  actor: string;
  target: string;
  summary: string;
  detector: string;
}

export interface AlertAccountRow {
  sourceId: string;
  accountId: string;
  login: string;
  personId: string | null;
}

export interface AlertDetail extends AlertSummaryRow {
  description: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  events: AlertEventRow[];
  accounts: AlertAccountRow[];
}

export interface AlertsView {
  status: AlertStatus | 'all';
  rows: AlertSummaryRow[];
}

export interface RunsView {
  runs: RunRecord[];
  /** `createdAt|id` of the last row, for the next page; null on the last page. */
  next: string | null;
  /** Sources a scan can be started for. */
  sources: string[];
}

export interface ArtefactLink {
  file: string;
  mediaType: string;
  bytes: number | null;
}

export interface RunView {
  run: RunDetail;
  report: ReportRecord | null;
  artefacts: ArtefactLink[];
  /** Null until asked for (the check hashes every file, snapshot included). */
  verification: VerificationResult | null;
}

/** A register entry as the report applied it (report.exceptions.csv of the report). */
export interface ExceptionRow {
  id: string;
  state: string;
  gap: string;
  account: string;
  sourceId: string;
  person: string;
  policy: string;
  reason: string;
  riskOwner: string;
  compensatingControls: string;
  approvedBy: string;
  approvedAt: string;
  expires: string;
  ticket: string;
  matchedGaps: number;
  reasons: string;
}

export interface ExceptionsView {
  report: ReportRecord | null;
  state: string;
  rows: ExceptionRow[];
  /** Quiet gaps (no register entry) per gap kind, from the report summary. */
  quietByGap: Record<string, number>;
  /** Entries per state, over the whole register. */
  byState: Record<string, number>;
}
