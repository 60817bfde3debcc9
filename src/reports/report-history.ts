/**
 * The trend over earlier reports and the diff against the latest of them: pure functions of this report and
 * the prior report JSONs (read by load-report-history.ts). A prior report is reduced, on parsing, to what the
 * trend and diff need: its figures, its gaps and its register. Priors are taken only from before this report's
 * snapshot and one per snapshot, so putting this report itself (or a re-analysis of its snapshot) in the
 * history directory changes nothing, and the same files always give the same trend.
 */
import { z } from 'zod';
import { formatZodIssues } from '../config/format-zod-issues.js';
import { InputError } from '../errors.js';
import { gapKinds } from '../reconcile/exception-register.js';
import { exceptionEntryStates, exemptionStates } from '../reconcile/exemption-states.js';
import type { ExceptionChange, GapChange, Report, ReportDiff, ReportHistory, ResolvedGap, TrendPoint } from './report-model.js';
import { compareName, compareText } from './report-order.js';

/** The trend shows this many reports, this one included. */
export const trendLength = 12;

const dateTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), { message: 'expected an ISO 8601 date-time' });
const count = z.number().int().min(0);

/**
 * What is read of a prior report: any 1.x report.json. Fields added after 1.0 (gaps, exemptions, maturity,
 * the register) are optional, so an older report still gives its coverage point.
 */
const priorReportSchema = z.object({
  schemaVersion: z.string().regex(/^1\.\d+\.\d+$/, 'expected a 1.x report schema version'),
  generatedAt: dateTime,
  snapshot: z.object({ createdAt: dateTime }),
  summary: z.object({
    covered: count,
    notCovered: count,
    unknown: count,
    coveragePercent: z.number().min(0).max(100).nullable(),
    exemptions: z.object({ quiet: count }).optional(),
    maturity: z.object({ level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]) }).optional(),
  }),
  accounts: z.array(
    z.object({
      sourceId: z.string(),
      id: z.string(),
      login: z.string(),
      idp: z.string(),
      gaps: z
        .array(z.object({ kind: z.enum(gapKinds), state: z.enum(exemptionStates), exceptionId: z.string().nullable() }))
        .default([]),
    }),
  ),
  exceptions: z
    .array(
      z.object({
        id: z.string(),
        gap: z.enum(gapKinds),
        account: z.string().nullable(),
        person: z.string().nullable(),
        state: z.enum(exceptionEntryStates),
        expires: z.string().nullable(),
      }),
    )
    .default([]),
});

/** A prior report, reduced to what history needs. */
export interface PriorReport {
  /** Where it was read from, for messages; never copied into the report. */
  file: string;
  generatedAt: string;
  point: Omit<TrendPoint, 'current'>;
  gaps: GapChange[];
  exceptions: ExceptionChange[];
}

/** Reads one parsed report.json; an invalid one is an InputError naming the file and the field. */
export function parsePriorReport(json: unknown, file: string): PriorReport {
  const parsed = priorReportSchema.safeParse(json);
  if (!parsed.success) throw new InputError(`History file ${file} is not a report.json this version can read: ${formatZodIssues(parsed.error)}.`);
  const { summary, accounts, exceptions } = parsed.data;
  return {
    file,
    generatedAt: new Date(parsed.data.generatedAt).toISOString(),
    point: {
      snapshotCreatedAt: new Date(parsed.data.snapshot.createdAt).toISOString(),
      coveragePercent: summary.coveragePercent,
      covered: summary.covered,
      inScope: summary.covered + summary.notCovered + summary.unknown,
      notCovered: summary.notCovered,
      unknown: summary.unknown,
      quietExemptions: summary.exemptions?.quiet ?? 0,
      maturityLevel: summary.maturity?.level ?? null,
    },
    gaps: accounts.flatMap((account) =>
      account.gaps.map((gap) => ({ sourceId: account.sourceId, accountId: account.id, login: account.login, idp: account.idp, kind: gap.kind, state: gap.state, exceptionId: gap.exceptionId })),
    ),
    exceptions: exceptions.map((entry) => ({ id: entry.id, gap: entry.gap, subject: entry.account ?? entry.person ?? '', state: entry.state, expires: entry.expires })),
  };
}

/** This report's own figures as the last trend point. */
export function currentPoint(report: Omit<Report, 'history'>): TrendPoint {
  const { summary } = report;
  return {
    snapshotCreatedAt: report.snapshot.createdAt,
    current: true,
    coveragePercent: summary.coveragePercent,
    covered: summary.covered,
    inScope: summary.covered + summary.notCovered + summary.unknown,
    notCovered: summary.notCovered,
    unknown: summary.unknown,
    quietExemptions: summary.exemptions.quiet,
    maturityLevel: summary.maturity.level,
  };
}

/**
 * The priors that count, oldest first: snapshots strictly before this one, one per snapshot (the most recently
 * generated; on a tie, the first in the order given).
 */
export function selectPriors(snapshotCreatedAt: string, priors: readonly PriorReport[]): PriorReport[] {
  const before = Date.parse(snapshotCreatedAt);
  const bySnapshot = new Map<string, PriorReport>();
  for (const prior of priors) {
    if (Date.parse(prior.point.snapshotCreatedAt) >= before) continue;
    const held = bySnapshot.get(prior.point.snapshotCreatedAt);
    if (!held || Date.parse(prior.generatedAt) > Date.parse(held.generatedAt)) bySnapshot.set(prior.point.snapshotCreatedAt, prior);
  }
  return [...bySnapshot.values()].sort((a, b) => Date.parse(a.point.snapshotCreatedAt) - Date.parse(b.point.snapshotCreatedAt));
}

/** Up to `trendLength` points, oldest first, this report last. */
export function reportTrend(report: Omit<Report, 'history'>, priors: readonly PriorReport[]): TrendPoint[] {
  const selected = selectPriors(report.snapshot.createdAt, priors).slice(-(trendLength - 1));
  return [...selected.map((prior) => ({ ...prior.point, current: false })), currentPoint(report)];
}

/** This report's gaps in the diff's form, in report order. */
export function currentGaps(report: Pick<Report, 'accounts'>): GapChange[] {
  return report.accounts.flatMap((account) =>
    account.gaps.map((gap) => ({ sourceId: account.sourceId, accountId: account.id, login: account.login, idp: account.idp, kind: gap.kind, state: gap.state, exceptionId: gap.exceptionId })),
  );
}

/** What changed since `previous`: gaps opened and closed, register entries added, expired and removed. */
export function reportDiff(report: Omit<Report, 'history'>, previous: PriorReport): ReportDiff {
  const gaps = currentGaps(report);
  const gapKey = (gap: GapChange) => `${gap.sourceId}\u0000${gap.accountId}\u0000${gap.kind}`;
  const accountKey = (gap: { sourceId: string; accountId: string }) => `${gap.sourceId}\u0000${gap.accountId}`;
  const previousGaps = new Set(previous.gaps.map(gapKey));
  const nowGaps = new Set(gaps.map(gapKey));
  const nowAccounts = new Set(report.accounts.map((account) => accountKey({ sourceId: account.sourceId, accountId: account.id })));
  const newGaps = gaps.filter((gap) => !previousGaps.has(gapKey(gap))).sort(compareGaps);
  const resolvedGaps: ResolvedGap[] = previous.gaps
    .filter((gap) => !nowGaps.has(gapKey(gap)))
    .map((gap) => ({ ...gap, resolution: nowAccounts.has(accountKey(gap)) ? ('closed' as const) : ('account-removed' as const) }))
    .sort(compareGaps);

  const exceptions = report.exceptions.map((entry) => ({ id: entry.id, gap: entry.gap, subject: entry.account ?? entry.person ?? '', state: entry.state, expires: entry.expires }));
  const before = new Map(previous.exceptions.map((entry) => [entry.id, entry]));
  const now = new Set(exceptions.map((entry) => entry.id));
  const byId = (a: ExceptionChange, b: ExceptionChange) => compareText(a.id, b.id);

  const { point } = previous;
  const current = report.summary.coveragePercent;
  return {
    previous: { snapshotCreatedAt: point.snapshotCreatedAt, generatedAt: previous.generatedAt },
    coverage: {
      previousPercent: point.coveragePercent,
      currentPercent: current,
      changePoints: current === null || point.coveragePercent === null ? null : Math.round((current - point.coveragePercent) * 10) / 10,
    },
    quietExemptions: { previous: point.quietExemptions, current: report.summary.exemptions.quiet },
    newGaps,
    resolvedGaps,
    newExceptions: exceptions.filter((entry) => !before.has(entry.id)).sort(byId),
    expiredExceptions: exceptions.filter((entry) => entry.state === 'expired' && before.get(entry.id)?.state !== 'expired').sort(byId),
    removedExceptions: previous.exceptions.filter((entry) => !now.has(entry.id)).sort(byId),
  };
}

/** The report's history section: trend, and diff against the latest prior. */
export function reportHistory(report: Omit<Report, 'history'>, priors: readonly PriorReport[]): ReportHistory {
  const selected = selectPriors(report.snapshot.createdAt, priors);
  const latest = selected.at(-1);
  return { priorReports: selected.length, trend: reportTrend(report, selected), diff: latest ? reportDiff(report, latest) : null };
}

/** The same report with its history drawn from `priors` (replacing any it had). */
export function withHistory(report: Report, priors: readonly PriorReport[]): Report {
  return { ...report, history: reportHistory(report, priors) };
}

function compareGaps(a: GapChange, b: GapChange): number {
  return compareText(a.sourceId, b.sourceId) || compareName(a.login, b.login) || compareText(a.accountId, b.accountId) || compareText(a.kind, b.kind);
}
