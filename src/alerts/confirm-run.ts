/**
 * The scan-diff detector's I/O: when a run is recorded, each of its sources is compared with the same source in the
 * latest earlier report (verdicts from the store, policies from that run's report.json), and the losses go through
 * the same detection as the watcher's events, dated after the earlier snapshot, so an alert the watcher raised in
 * between is updated (confirmed) rather than raised again.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AlertsConfig } from '../config/alerts-config.js';
import { identityProviderIds, type IdentityProviderId } from '../model/identity-provider.js';
import type { AlertRepository, DeliveryRecord } from '../store/alert-repository.js';
import type { HistoryStore, ReportRecord } from '../store/history-store.js';
import { recordDetection } from './record-detection.js';
import { diffRuns, type DiffPolicy, type DiffVerdict } from './scan-diff.js';
import type { SourceContexts } from './source-context.js';

const reportPoliciesSchema = z.looseObject({
  policies: z.array(z.looseObject({ sourceId: z.string(), id: z.string(), name: z.string(), state: z.string(), requiresMfa: z.boolean(), scope: z.array(z.string()) })),
});

export interface ConfirmRunDependencies {
  history: HistoryStore;
  repository: AlertRepository;
  contexts: SourceContexts;
  config: AlertsConfig;
  now: () => Date;
}

export interface SourceDiffOutcome {
  sourceId: string;
  previousRunId: string | null;
  events: number;
  alertsCreated: number;
  alertsUpdated: number;
}

async function policiesOf(report: ReportRecord): Promise<Map<string, DiffPolicy[]>> {
  const bySource = new Map<string, DiffPolicy[]>();
  let text: string;
  try {
    text = await readFile(path.join(report.artefactsPath, 'report.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return bySource;
    throw error;
  }
  const parsed = reportPoliciesSchema.safeParse(JSON.parse(text));
  for (const policy of parsed.success ? parsed.data.policies : []) {
    const list = bySource.get(policy.sourceId) ?? [];
    list.push(policy);
    bySource.set(policy.sourceId, list);
  }
  return bySource;
}

async function verdictsOf(history: HistoryStore, runId: string, sourceId: string): Promise<DiffVerdict[]> {
  const result: DiffVerdict[] = [];
  let after: { sourceId: string; accountId: string } | undefined;
  for (;;) {
    const page = await history.listVerdicts(runId, { sourceId }, { limit: 1000, ...(after ? { after } : {}) });
    for (const verdict of page.items) {
      result.push({ accountId: verdict.accountId, login: verdict.login, privileged: verdict.privileged, enabled: verdict.enabled, mfaRegistered: verdict.mfaRegistered, mfaEnforced: verdict.mfaEnforced, covered: verdict.covered });
    }
    if (!page.next) return result;
    after = page.next;
  }
}

/** The newest report older than `current` that holds verdicts of `sourceId`. */
async function previousReport(history: HistoryStore, current: ReportRecord, sourceId: string): Promise<ReportRecord | undefined> {
  let after: { createdAt: string; id: string } | undefined;
  for (let pages = 0; pages < 100; pages += 1) {
    const page = await history.listReports({ limit: 50, ...(after ? { after } : {}) });
    for (const report of page.items) {
      if (report.runId === current.runId || report.snapshotCreatedAt >= current.snapshotCreatedAt) continue;
      if ((await history.countVerdicts(report.runId, { sourceId })) > 0) return report;
    }
    if (!page.next) return undefined;
    after = page.next;
  }
  return undefined;
}

export async function confirmRun(runId: string, deps: ConfirmRunDependencies): Promise<{ outcomes: SourceDiffOutcome[]; deliveries: DeliveryRecord[] }> {
  const current = await deps.history.getReport(runId);
  const run = await deps.history.getRun(runId);
  if (!current || !run) return { outcomes: [], deliveries: [] };
  const currentPolicies = await policiesOf(current);
  const outcomes: SourceDiffOutcome[] = [];
  const deliveries: DeliveryRecord[] = [];
  for (const source of run.sources) {
    if (!identityProviderIds.includes(source.connector as IdentityProviderId)) continue;
    if (source.status === 'failed') continue;
    const previous = await previousReport(deps.history, current, source.sourceId);
    if (!previous) {
      outcomes.push({ sourceId: source.sourceId, previousRunId: null, events: 0, alertsCreated: 0, alertsUpdated: 0 });
      continue;
    }
    const previousPolicies = await policiesOf(previous);
    const diff = diffRuns({
      sourceId: source.sourceId,
      idp: source.connector as IdentityProviderId,
      previous: { runId: previous.runId, at: previous.snapshotCreatedAt, verdicts: await verdictsOf(deps.history, previous.runId, source.sourceId), policies: previousPolicies.get(source.sourceId) ?? [] },
      current: { runId, at: current.snapshotCreatedAt, verdicts: await verdictsOf(deps.history, runId, source.sourceId), policies: currentPolicies.get(source.sourceId) ?? [] },
    });
    const recorded = await recordDetection({
      idp: source.connector as IdentityProviderId,
      source: await deps.contexts.forSource(source.sourceId),
      events: diff.events,
      confirmSince: previous.snapshotCreatedAt,
      config: deps.config,
      repository: deps.repository,
      now: deps.now(),
    });
    deliveries.push(...recorded.deliveries);
    outcomes.push({
      sourceId: source.sourceId,
      previousRunId: previous.runId,
      events: recorded.fresh.length,
      alertsCreated: recorded.changes.filter((change) => change.change === 'created').length,
      alertsUpdated: recorded.changes.filter((change) => change.change === 'updated').length,
    });
  }
  return { outcomes, deliveries };
}
