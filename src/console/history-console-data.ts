/**
 * The console's data over the history store: every figure comes from a stored report summary or the stored
 * per-account verdicts, never from a second computation; artefacts are the files of the run's folder that its
 * evidence manifest lists, and `verify` is the CLI's verifyReportDirectory over that folder.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { evidenceManifestFile, evidenceManifestSchema, type EvidenceManifest } from '../reports/evidence-manifest.js';
import { verifyReportDirectory } from '../reports/verify-report-directory.js';
import type { CoverageCounts, ReportSummary } from '../reports/report-model.js';
import type { HistoryStore, ReportRecord, RunRecord, VerdictFilter } from '../store/history-store.js';
import type { ConsoleAlerts, ConsoleData } from './console-data.js';
import type { ArtefactLink, ExceptionRow, HomeView, PersonHistoryPoint, ReportPoint, SourceStatusRow } from './console-views.js';
import { exceptionsCsvFile, readExceptionsCsv } from './exceptions-csv.js';

export interface HistoryConsoleDataOptions {
  history: HistoryStore;
  alerts: ConsoleAlerts | null;
  monthlySchedule: string;
  /** Source ids a scan can be started for (the config's `sources`). */
  sources: readonly string[];
}

/** Reports the person history covers, newest first; scheduled runs looked through for the monthly report. */
const historyDepth = 12;
const scheduledRunsSearched = 100;
const runsForSourceStatus = 5;
const maxAccountsPerPerson = 500;
const runsPageSize = 25;


/** Report summaries kept in memory: a stored report never changes (a retried run is a new generatedAt). */
const summariesCached = 64;
/** Filtered counts kept in memory, each a few bytes. */
const countsCached = 2_000;

export function createHistoryConsoleData(options: HistoryConsoleDataOptions): ConsoleData {
  const { history } = options;
  const summaries = new Map<string, ReportSummary>();
  const runReports = new Map<string, ReportRecord>();
  const counts = new Map<string, number>();
  /** The last monthly report found, by its run and that run's finish time. */
  const monthlyPoints = new Map<string, ReportPoint>();

  /** A report's summary, read once per report: the stored row also holds the report's diff inputs, large at scale. */
  async function summaryOf(record: ReportRecord): Promise<ReportSummary | undefined> {
    const key = `${record.runId}\n${record.generatedAt}`;
    const cached = summaries.get(key);
    if (cached) return cached;
    const detail = await history.getReport(record.runId);
    if (!detail || detail.generatedAt !== record.generatedAt) return detail?.summary;
    remember(record, detail.summary);
    return detail.summary;
  }

  /**
   * The number of accounts a filter matches in a report, counted by the store once: a stored report never changes,
   * so every later page of the same filtered list (and every return to it) reuses the count.
   */
  async function countOnce(report: ReportRecord, filter: VerdictFilter): Promise<number> {
    const key = `${report.runId}\n${report.generatedAt}\n${JSON.stringify(Object.entries(filter).filter(([, value]) => value !== undefined).sort(([a], [b]) => a.localeCompare(b)))}`;
    const known = counts.get(key);
    if (known !== undefined) return known;
    const total = await history.countVerdicts(report.runId, filter);
    if (counts.size >= countsCached) {
      const oldest = counts.keys().next().value;
      if (oldest !== undefined) counts.delete(oldest);
    }
    counts.set(key, total);
    return total;
  }

  /** The report of a finished run, read once per run and finish time; none while it runs. */
  async function reportOfRun(run: RunRecord): Promise<ReportRecord | null> {
    if (run.status === 'queued' || run.status === 'running') return (await history.getReport(run.id)) ?? null;
    const key = `${run.id}\n${run.finishedAt ?? ''}`;
    const known = runReports.get(key);
    if (known) return known;
    const detail = await history.getReport(run.id);
    if (!detail) return null;
    const { summary, ...record } = detail;
    if (runReports.size >= summariesCached) {
      const oldest = runReports.keys().next().value;
      if (oldest !== undefined) runReports.delete(oldest);
    }
    runReports.set(key, record);
    remember(record, summary);
    return record;
  }

  function remember(record: ReportRecord, summary: ReportSummary): void {
    if (summaries.size >= summariesCached) {
      const oldest = summaries.keys().next().value;
      if (oldest !== undefined) summaries.delete(oldest);
    }
    summaries.set(`${record.runId}\n${record.generatedAt}`, summary);
  }

  async function point(record: ReportRecord | undefined): Promise<ReportPoint | null> {
    if (!record) return null;
    const summary = await summaryOf(record);
    if (!summary) return null;
    return { runId: record.runId, generatedAt: record.generatedAt, snapshotCreatedAt: record.snapshotCreatedAt, status: record.status, summary };
  }

  async function monthlyReport(): Promise<ReportPoint | null> {
    const scheduled = await history.listRuns({ trigger: 'schedule' }, { limit: scheduledRunsSearched });
    for (const run of scheduled.items) {
      if (run.scheduleName !== options.monthlySchedule || !['complete', 'partial'].includes(run.status)) continue;
      const key = `${run.id}\n${run.finishedAt ?? ''}`;
      const known = monthlyPoints.get(key);
      if (known) return known;
      const report = await history.getReport(run.id);
      if (!report) continue;
      const found: ReportPoint = { runId: report.runId, generatedAt: report.generatedAt, snapshotCreatedAt: report.snapshotCreatedAt, status: report.status, summary: report.summary };
      monthlyPoints.clear();
      monthlyPoints.set(key, found);
      return found;
    }
    return null;
  }

  async function sourceRows(latest: ReportPoint | null): Promise<SourceStatusRow[]> {
    const rows = new Map<string, SourceStatusRow>();
    const recent = await history.listRuns({}, { limit: runsForSourceStatus });
    const details = await Promise.all(recent.items.map((run) => history.getRun(run.id)));
    for (const [index, run] of recent.items.entries()) {
      for (const source of details[index]?.sources ?? []) {
        if (rows.has(source.sourceId)) continue;
        const counts = latest?.summary.bySource[source.sourceId];
        rows.set(source.sourceId, {
          sourceId: source.sourceId,
          connector: source.connector,
          tenant: source.tenant,
          status: source.status,
          runId: run.id,
          finishedAt: source.finishedAt,
          requests: source.requests,
          error: source.error,
          coveragePercent: counts?.coveragePercent ?? null,
          accounts: counts?.accounts ?? null,
        });
      }
    }
    return [...rows.values()].sort((a, b) => a.sourceId.localeCompare(b.sourceId));
  }

  async function artefactsOf(report: ReportRecord): Promise<{ manifest: EvidenceManifest | null; links: ArtefactLink[] }> {
    let manifest: EvidenceManifest | null = null;
    try {
      manifest = evidenceManifestSchema.parse(JSON.parse(await readFile(path.join(report.artefactsPath, evidenceManifestFile), 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { manifest: null, links: [] };
      // An unreadable manifest is shown through the evidence check, which names the problem; artefacts stay unlisted.
      return { manifest: null, links: [{ file: evidenceManifestFile, mediaType: 'application/json', bytes: null }] };
    }
    const links: ArtefactLink[] = manifest.artefacts.map((artefact) => ({ file: artefact.file, mediaType: artefact.mediaType, bytes: artefact.bytes }));
    links.push({ file: evidenceManifestFile, mediaType: 'application/json', bytes: await sizeOf(path.join(report.artefactsPath, evidenceManifestFile)) });
    return { manifest, links };
  }

  return {
    async home(): Promise<HomeView> {
      const reports = await history.listReports({ limit: 2 });
      const [latest, previous, monthly] = await Promise.all([point(reports.items[0]), point(reports.items[1]), monthlyReport()]);
      const [sources, schedules, running, queued, openAlerts] = await Promise.all([
        sourceRows(latest),
        history.listSchedules(),
        history.listRuns({ status: 'running' }, { limit: 10 }),
        history.listRuns({ status: 'queued' }, { limit: 10 }),
        options.alerts ? options.alerts.openBySeverity() : Promise.resolve(null),
      ]);
      return {
        latest,
        previous,
        monthly,
        monthlySchedule: options.monthlySchedule,
        openAlerts,
        sources,
        schedules: schedules
          .map((schedule) => ({ name: schedule.name, nextFireAt: schedule.nextFireAt, lastFiredAt: schedule.lastFiredAt, lastRunId: schedule.lastRunId }))
          .sort((a, b) => (a.nextFireAt ?? '9999').localeCompare(b.nextFireAt ?? '9999')),
        activeRuns: [...running.items, ...queued.items],
      };
    },

    async accounts(query) {
      const report = (await history.latestReport()) ?? null;
      if (!report) return { report, query, rows: [], total: 0, next: null, options: { idps: [], sources: [] } };
      const summary = await summaryOf(report);
      const [page, total] = await Promise.all([
        history.listVerdicts(report.runId, query.filter, { limit: query.pageSize, ...(query.after ? { after: query.after } : {}) }),
        countFromSummary(summary, query.filter) ?? countOnce(report, query.filter),
      ]);
      return {
        report,
        query,
        rows: page.items,
        total,
        next: page.next,
        options: { idps: Object.keys(summary?.byIdp ?? {}), sources: Object.keys(summary?.bySource ?? {}) },
      };
    },

    async person(personId) {
      const reports = await history.listReports({ limit: historyDepth });
      const perReport = await Promise.all(
        reports.items.map(async (report) => ({
          report,
          person: (await history.getPerson(report.runId, personId)) ?? null,
          accounts: (await history.listVerdicts(report.runId, { personId }, { limit: maxAccountsPerPerson })).items,
        })),
      );
      const latest = perReport[0];
      const historyPoints: PersonHistoryPoint[] = perReport
        .filter((entry) => entry.person !== null)
        .map(({ report, person, accounts }) => ({ runId: report.runId, snapshotCreatedAt: report.snapshotCreatedAt, covered: person?.covered ?? 'n/a', accounts: accounts.length }))
        .reverse();
      return { personId, person: latest?.person ?? null, report: latest?.report ?? null, accounts: latest?.accounts ?? [], history: historyPoints };
    },

    async runs(after) {
      const cursor = after === null ? undefined : parseRunCursor(after);
      const page = await history.listRuns({}, { limit: runsPageSize, ...(cursor ? { after: cursor } : {}) });
      return { runs: page.items, next: page.next ? `${page.next.createdAt}|${page.next.id}` : null, sources: [...options.sources] };
    },

    async run(runId, { verify }) {
      const run = await history.getRun(runId);
      if (!run) return undefined;
      const report = await reportOfRun(run);
      if (!report) return { run, report: null, artefacts: [], verification: null };
      const { links } = await artefactsOf(report);
      return { run, report, artefacts: links, verification: verify ? await verifyReportDirectory(report.artefactsPath) : null };
    },

    async artefact(runId, file) {
      const run = await history.getRun(runId);
      const report = run ? await reportOfRun(run) : null;
      if (!report) return undefined;
      const { manifest, links } = await artefactsOf(report);
      // Only files the manifest lists (and the manifest itself) are served: never a path built from the request.
      const listed = links.find((link) => link.file === file);
      if (!listed || (manifest === null && file !== evidenceManifestFile)) return undefined;
      return { path: path.join(report.artefactsPath, listed.file), mediaType: listed.mediaType };
    },

    async exceptions(state) {
      const report = (await history.latestReport()) ?? null;
      if (!report) return { report, state, rows: [], quietByGap: {}, byState: {} };
      const summary = await summaryOf(report);
      const rows = await exceptionRows(report);
      const byState: Record<string, number> = {};
      for (const row of rows) byState[row.state] = (byState[row.state] ?? 0) + 1;
      const quietByGap = Object.fromEntries(Object.entries(summary?.exemptionsByGap ?? {}).map(([gap, states]) => [gap, states.quiet]));
      return { report, state, rows: state === 'all' ? rows : rows.filter((row) => row.state === state), quietByGap, byState };
    },

    async exceptionsCsv() {
      const report = await history.latestReport();
      if (!report) return undefined;
      return { path: path.join(report.artefactsPath, exceptionsCsvFile), runId: report.runId };
    },
  };
}

/**
 * The number of accounts a filter matches, read from the report summary when the filter is one the summary already
 * counts (coverage alone, or with one IdP, source, tier or class: the same figures the report prints); undefined
 * otherwise, and the store counts.
 */
export function countFromSummary(summary: ReportSummary | undefined, filter: VerdictFilter): number | undefined {
  if (!summary) return undefined;
  const { covered, ...rest } = filter;
  const keys = Object.keys(rest).filter((key) => rest[key as keyof typeof rest] !== undefined);
  if (keys.length > 1) return undefined;
  const key = keys[0];
  const counts: CoverageCounts | undefined =
    key === undefined
      ? summary
      : key === 'idp'
        ? summary.byIdp[String(rest.idp)]
        : key === 'sourceId'
          ? summary.bySource[String(rest.sourceId)]
          : key === 'tier'
            ? summary.byTier[String(rest.tier)]
            : key === 'class'
              ? summary.byClass[String(rest.class)]
              : undefined;
  if (key !== undefined && !['idp', 'sourceId', 'tier', 'class'].includes(key)) return undefined;
  if (!counts) return 0;
  switch (covered) {
    case undefined:
      return counts.accounts;
    case 'yes':
      return counts.covered;
    case 'no':
      return counts.notCovered;
    case 'unknown':
      return counts.unknown;
    case 'n/a':
      return counts.notApplicable;
    default:
      return undefined;
  }
}

async function exceptionRows(report: ReportRecord): Promise<ExceptionRow[]> {
  try {
    return await readExceptionsCsv(path.join(report.artefactsPath, exceptionsCsvFile));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function parseRunCursor(text: string): { createdAt: string; id: string } {
  const separator = text.lastIndexOf('|');
  if (separator <= 0) throw new InputError(`"${text}" is not a runs page cursor.`);
  return { createdAt: text.slice(0, separator), id: text.slice(separator + 1) };
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}

