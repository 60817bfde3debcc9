/**
 * A scan launcher for the console's browser test that runs the real pipeline in this process: the demo tenant's
 * sources served by their simulators, `runScan` through the official SDKs, and the run recorded in the store as the
 * service's flow records it (queued, running with its sources, then the report and its artefacts folder). The
 * service's BullMQ launcher does the same across workers; the console only sees the store.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { appConfigSchema, type AppConfig } from '../../src/config/app-config.js';
import { silentProgress } from '../../src/connectors/connector.js';
import { demoConfigFile } from '../../src/demo/run-demo.js';
import type { ScanLauncher } from '../../src/jobs/scan-launcher.js';
import { createLogger } from '../../src/logger.js';
import { runScan } from '../../src/scan/run-scan.js';
import { closeServedSources, serveSources, type ServedSource } from '../../src/simulators/serve-sources.js';
import { openSnapshot } from '../../src/snapshot/snapshot-reader.js';
import type { HistoryStore } from '../../src/store/history-store.js';

const tokenEnv = 'MFA_COVERAGE_SIMULATOR_TOKEN';

export interface InProcessLauncher extends ScanLauncher {
  /** Resolves when every scan started so far has finished (or failed). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function inProcessScanLauncher(history: HistoryStore, tenantDirectory: string, runsDirectory: string, now: () => Date): Promise<InProcessLauncher> {
  const tenant = await openSnapshot(tenantDirectory);
  const token = randomBytes(16).toString('hex');
  const served: ServedSource[] = await serveSources(tenant.sources, { token, portFor: () => 0 });
  const text = await readFile(demoConfigFile, 'utf8');
  const raw = parseDocument(text).toJS() as { sources: Record<string, Record<string, unknown>> };
  for (const entry of served) Object.assign(raw.sources[entry.configSourceId] ?? {}, entry.definition.connectionFor(entry.server, tokenEnv));
  const config: AppConfig = appConfigSchema.parse(raw);
  const pending: Array<Promise<void>> = [];
  let runs = 0;

  const scan = async (runId: string): Promise<void> => {
    const startedAt = now().toISOString();
    await history.updateRun(runId, { status: 'running', startedAt });
    await history.addRunSources(runId, tenant.sources.map((source) => ({ sourceId: source.meta.sourceId, connector: source.meta.connector, tenant: source.meta.tenant })), startedAt);
    const out = path.join(runsDirectory, runId);
    try {
      const result = await runScan(config, out, { logger: createLogger({ level: 'silent' }), now, progress: silentProgress, env: { ...process.env, [tokenEnv]: token } }, { configDirectory: tenantDirectory });
      for (const source of result.report.sources) {
        const requests = Object.values(source.requests).reduce((sum, count) => sum + count, 0);
        await history.updateSourceProgress(runId, source.sourceId, { status: source.status, startedAt: source.startedAt, finishedAt: source.finishedAt, requests, pages: requests }, source.finishedAt);
      }
      await history.recordReport(runId, result.report, out, now().toISOString());
    } catch (error) {
      await history.updateRun(runId, { status: 'failed', finishedAt: now().toISOString(), error: (error as Error).message });
    }
  };

  return {
    async start(request) {
      runs += 1;
      const runId = `console-${runs}-${randomBytes(3).toString('hex')}`;
      await history.createRun({ id: runId, trigger: request.trigger, requestedSources: request.sources ?? null, createdAt: now().toISOString() });
      pending.push(scan(runId));
      return { runId };
    },
    async settled() {
      await Promise.all(pending);
    },
    async close() {
      await Promise.all(pending);
      await closeServedSources(served);
    },
  };
}
