/**
 * The Prometheus metrics of the service. Scans run in worker processes, so nothing here is counted in the API
 * process as it happens: every scrape reads the store (runs, their sources and IdP requests, the latest report)
 * and the queues, and sets the metrics from that. Durations are histograms over the most recent finished runs
 * the store keeps, and request counters are sums over kept runs, so retention can lower them (Prometheus reads
 * that as a counter reset). Each app has its own registry: nothing leaks between instances or tests.
 */
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/database.js';
import { registerAlertMetrics } from '../../alerts/alert-metrics.js';
import type { HistoryStore } from '../../store/history-store.js';
import type { CoverageCounts, ReportSummary } from '../../reports/report-model.js';

/** Runs (and their sources) whose durations feed the histograms, newest first. */
const durationWindowRuns = 1000;
const durationBucketsSeconds = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200];
const queueStates = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

export interface ServiceMetricsSources {
  db: Kysely<Database>;
  history: HistoryStore;
  queues: readonly Queue[];
}

export interface ServiceMetrics {
  readonly registry: Registry;
  /** Reads the store and queues and returns the exposition text. */
  scrape(): Promise<string>;
}

export function createServiceMetrics(sources: ServiceMetricsSources): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mfa_coverage_api_' });
  const runs = new Gauge({ name: 'mfa_coverage_runs', help: 'Runs kept in the store, by status.', labelNames: ['status'], registers: [registry] });
  const runDuration = new Histogram({
    name: 'mfa_coverage_run_duration_seconds',
    help: `Wall time from start to finish of the latest ${durationWindowRuns} finished runs.`,
    labelNames: ['trigger', 'status'],
    buckets: durationBucketsSeconds,
    registers: [registry],
  });
  const sourceDuration = new Histogram({
    name: 'mfa_coverage_source_duration_seconds',
    help: `Collection time of each source of the latest ${durationWindowRuns} finished runs.`,
    labelNames: ['connector', 'status'],
    buckets: durationBucketsSeconds,
    registers: [registry],
  });
  const idpRequests = new Counter({
    name: 'mfa_coverage_idp_requests_total',
    help: 'Requests made to identity providers by the kept runs, by connector and endpoint.',
    labelNames: ['connector', 'endpoint'],
    registers: [registry],
  });
  const idpThrottled = new Counter({
    name: 'mfa_coverage_idp_throttled_total',
    help: 'Identity-provider answers that were 429 (or the vendor equivalent) in the kept runs, by connector and endpoint.',
    labelNames: ['connector', 'endpoint'],
    registers: [registry],
  });
  const coverageBySource = new Gauge({
    name: 'mfa_coverage_source_coverage_percent',
    help: 'Coverage after federation per source in the latest report (absent when nothing is in scope).',
    labelNames: ['source_id'],
    registers: [registry],
  });
  const coverageByTier = new Gauge({
    name: 'mfa_coverage_tier_coverage_percent',
    help: 'Coverage after federation per tier in the latest report (absent when nothing is in scope).',
    labelNames: ['tier'],
    registers: [registry],
  });
  const accounts = new Gauge({
    name: 'mfa_coverage_accounts',
    help: 'Accounts per source and effective coverage (yes, no, unknown, n/a) in the latest report.',
    labelNames: ['source_id', 'covered'],
    registers: [registry],
  });
  const latestReport = new Gauge({
    name: 'mfa_coverage_latest_report_timestamp_seconds',
    help: 'When the latest report was generated (Unix time); alert when it grows old.',
    registers: [registry],
  });
  const queueJobs = new Gauge({ name: 'mfa_coverage_queue_jobs', help: 'Jobs per queue and state (BullMQ).', labelNames: ['queue', 'state'], registers: [registry] });

  const alertMetrics = registerAlertMetrics(registry, sources.db);

  async function refresh(): Promise<void> {
    await alertMetrics.refresh();
    const [byStatus, finishedRuns, finishedSources, endpoints, latest] = await Promise.all([
      sources.history.runsByStatus(),
      recentRunDurations(sources.db),
      recentSourceDurations(sources.db),
      sources.history.endpointTotals(),
      latestSummary(sources.history),
    ]);
    runs.reset();
    for (const [status, count] of Object.entries(byStatus)) runs.set({ status }, count);
    runDuration.reset();
    for (const run of finishedRuns) runDuration.observe({ trigger: run.trigger, status: run.status }, run.seconds);
    sourceDuration.reset();
    for (const source of finishedSources) sourceDuration.observe({ connector: source.connector, status: source.status }, source.seconds);
    idpRequests.reset();
    idpThrottled.reset();
    for (const endpoint of endpoints) {
      idpRequests.inc({ connector: endpoint.connector, endpoint: endpoint.endpoint }, endpoint.requests);
      idpThrottled.inc({ connector: endpoint.connector, endpoint: endpoint.endpoint }, endpoint.throttled);
    }
    coverageBySource.reset();
    coverageByTier.reset();
    accounts.reset();
    latestReport.reset();
    if (latest !== undefined) {
      latestReport.set(Date.parse(latest.generatedAt) / 1000);
      for (const [sourceId, counts] of Object.entries(latest.summary.bySource)) {
        if (counts.coveragePercent !== null) coverageBySource.set({ source_id: sourceId }, counts.coveragePercent);
        for (const [covered, count] of coverageCountEntries(counts)) accounts.set({ source_id: sourceId, covered }, count);
      }
      for (const [tier, counts] of Object.entries(latest.summary.byTier)) {
        if (counts.coveragePercent !== null) coverageByTier.set({ tier }, counts.coveragePercent);
      }
    }
    queueJobs.reset();
    for (const queue of sources.queues) {
      const counts = await queue.getJobCounts(...queueStates);
      for (const state of queueStates) queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
    }
  }

  return {
    registry,
    async scrape() {
      await refresh();
      return registry.metrics();
    },
  };
}

function coverageCountEntries(counts: CoverageCounts): Array<[string, number]> {
  return [
    ['yes', counts.covered],
    ['no', counts.notCovered],
    ['unknown', counts.unknown],
    ['n/a', counts.notApplicable],
  ];
}

async function latestSummary(history: HistoryStore): Promise<{ generatedAt: string; summary: ReportSummary } | undefined> {
  const latest = await history.latestReport();
  if (latest === undefined) return undefined;
  const detail = await history.getReport(latest.runId);
  return detail === undefined ? undefined : { generatedAt: detail.generatedAt, summary: detail.summary };
}

async function recentRunDurations(db: Kysely<Database>): Promise<Array<{ trigger: string; status: string; seconds: number }>> {
  const rows = await db
    .selectFrom('runs')
    .select(['trigger', 'status', 'started_at', 'finished_at'])
    .where('started_at', 'is not', null)
    .where('finished_at', 'is not', null)
    .orderBy('finished_at', 'desc')
    .limit(durationWindowRuns)
    .execute();
  return rows.flatMap((row) => {
    const seconds = secondsBetween(row.started_at, row.finished_at);
    return seconds === undefined ? [] : [{ trigger: row.trigger, status: row.status, seconds }];
  });
}

async function recentSourceDurations(db: Kysely<Database>): Promise<Array<{ connector: string; status: string; seconds: number }>> {
  const recent = db.selectFrom('runs').select('id').where('finished_at', 'is not', null).orderBy('finished_at', 'desc').limit(durationWindowRuns);
  const rows = await db
    .selectFrom('run_sources')
    .select(['connector', 'status', 'started_at', 'finished_at'])
    .where('run_id', 'in', recent)
    .where('started_at', 'is not', null)
    .where('finished_at', 'is not', null)
    .execute();
  return rows.flatMap((row) => {
    const seconds = secondsBetween(row.started_at, row.finished_at);
    return seconds === undefined ? [] : [{ connector: row.connector, status: row.status, seconds }];
  });
}

function secondsBetween(start: string | null, end: string | null): number | undefined {
  if (start === null || end === null) return undefined;
  const seconds = (Date.parse(end) - Date.parse(start)) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}
