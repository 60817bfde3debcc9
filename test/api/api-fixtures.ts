/**
 * A store populated the way the service populates it: the seeded demo tenant analysed by the real pipeline
 * (analyseSnapshot, then writeReport with its evidence manifest) and recorded with the store's own API, once as
 * of a month earlier and once as of now, so the trend has two points and the latest report has people.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAppConfig, type AppConfig } from '../../src/config/app-config.js';
import { monthsBefore } from '../../src/demo/demo-history.js';
import { demoConfigFile } from '../../src/demo/run-demo.js';
import { analyseSnapshot } from '../../src/reconcile/analyse-snapshot.js';
import { loadReconcileInputs, reconcileSettingsOf } from '../../src/reconcile/load-reconcile-inputs.js';
import type { Report } from '../../src/reports/report-model.js';
import { writeReport } from '../../src/reports/write-report.js';
import { generateDemoTenant } from '../../src/simulators/demo/generate-demo-tenant.js';
import { openSnapshot, type Snapshot } from '../../src/snapshot/snapshot-reader.js';
import type { HistoryStore } from '../../src/store/history-store.js';

export const demoAsOf = new Date('2026-11-30T06:00:00.000Z');

export interface AnalysedRun {
  runId: string;
  report: Report;
  /** The folder holding report.json, the CSVs, HTML, PDF and manifest.json. */
  artefacts: string;
}

export interface DemoFixture {
  config: AppConfig;
  /** Oldest first: a month before `demoAsOf`, then `demoAsOf`. */
  runs: AnalysedRun[];
  root: string;
}

/** Generates and analyses the demo tenant (small), writing both runs' artefacts under a temporary folder. */
export async function buildDemoFixture(userCount = 60): Promise<DemoFixture> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'mfa-api-'));
  const tenantDirectory = path.join(root, 'tenant');
  await generateDemoTenant({ directory: tenantDirectory, seed: 2026, userCount, asOf: demoAsOf });
  const config = parseAppConfig(await readFile(demoConfigFile, 'utf8'), demoConfigFile.pathname);
  const tenant = await openSnapshot(tenantDirectory);
  const reconcile = await loadReconcileInputs(reconcileSettingsOf(config), tenantDirectory);
  const runs: AnalysedRun[] = [];
  for (const [runId, asOf] of [
    ['run-2026-10', monthsBefore(demoAsOf, 1)],
    ['run-2026-11', demoAsOf],
  ] as const) {
    const snapshot: Snapshot = { ...tenant, manifest: { ...tenant.manifest, createdAt: asOf.toISOString() } };
    const report = await analyseSnapshot(snapshot, { organisation: config.organisation, settings: config.analysis, generatedAt: asOf, reconcile });
    const artefacts = path.join(root, 'runs', runId);
    await writeReport(report, artefacts, { snapshot, configuration: { origin: 'config-file', value: config } });
    runs.push({ runId, report, artefacts });
  }
  return { config, runs, root };
}

/** Records the fixture's runs in a store, as the scan flow would: queued, running, then the report. */
export async function recordDemoRuns(history: HistoryStore, fixture: DemoFixture): Promise<void> {
  for (const run of fixture.runs) {
    const createdAt = run.report.snapshot.createdAt;
    await history.createRun({ id: run.runId, trigger: 'schedule', scheduleName: 'monthly', createdAt });
    await history.addRunSources(
      run.runId,
      run.report.sources.map((source) => ({ sourceId: source.sourceId, connector: source.connector, tenant: source.tenant })),
      createdAt,
    );
    for (const source of run.report.sources) {
      await history.startSourceAttempt(run.runId, source.sourceId, source.startedAt);
      const requests = Object.values(source.requests).reduce((sum, count) => sum + count, 0);
      await history.updateSourceProgress(
        run.runId,
        source.sourceId,
        {
          status: source.status,
          finishedAt: source.finishedAt,
          requests,
          pages: requests,
          throttled: 1,
          endpoints: Object.entries(source.requests).map(([endpoint, count]) => ({ endpoint, requests: count, pages: count, throttled: 0 })),
        },
        source.finishedAt,
      );
    }
    await history.updateRun(run.runId, { status: 'running', startedAt: createdAt });
    await history.recordReport(run.runId, run.report, run.artefacts, new Date(Date.parse(createdAt) + 90_000).toISOString());
  }
}
