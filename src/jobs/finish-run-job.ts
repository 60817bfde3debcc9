/**
 * The `scan` job, parent of a run's flow: it runs once every source job has finished (or failed all attempts).
 * It commits the snapshot from the staging folder (a source with no finished folder is recorded failed with the
 * reason its job gave), then reports it with the very function `mfa-coverage scan` uses, with the trend taken
 * from the store, and records the report and every verdict. A retry after the commit re-reports the committed
 * snapshot; the store's record replaces any earlier one, so nothing is counted twice.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Job } from 'bullmq';
import { connectorFor } from '../connectors/registry.js';
import { UpstreamError } from '../errors.js';
import type { IdentityProviderId } from '../model/identity-provider.js';
import { loadSigningKey } from '../reports/sign-manifest.js';
import { reportCollectedSnapshot } from '../scan/run-scan.js';
import { snapshotManifestFile } from '../snapshot/snapshot-format.js';
import { SnapshotWriter } from '../snapshot/snapshot-writer.js';
import { scannerVersion } from '../version.js';
import { runFolder } from './run-folder.js';
import { parseJobData, runJobDataSchema } from './scan-job-data.js';
import type { ServiceDependencies } from './service-dependencies.js';

export async function processRunJob(job: Job, deps: ServiceDependencies): Promise<{ runId: string; status: string }> {
  const { runId } = parseJobData(runJobDataSchema, job.data, job.id);
  const { config, history } = deps;
  const log = deps.logger.child({ runId, jobId: job.id });
  const run = await history.getRun(runId);
  if (!run) throw new UpstreamError(`Run ${runId} is not in the store; it may have been deleted by retention.`);
  const folder = runFolder(config.store.artefacts, runId);
  const signingKey = config.evidence.signingKey ? await loadSigningKey(config.evidence.signingKey, deps.env) : undefined;

  if (!(await exists(path.join(folder.snapshot, snapshotManifestFile)))) {
    const writer = await SnapshotWriter.create(folder.snapshot, { now: deps.now, scannerVersion, staging: folder.staging });
    for (const source of run.sources) {
      if (source.status === 'expanded') continue;
      if (await exists(path.join(writer.sourceDirectory(source.sourceId), 'source.json'))) {
        await writer.adoptSource(source.sourceId);
        continue;
      }
      const reason = source.error ?? `the collection did not finish after ${source.attempts} attempt(s)`;
      log.warn({ sourceId: source.sourceId, reason }, 'source has no collected data; recorded as failed');
      await writer.recordSource({ sourceId: source.sourceId, connector: connectorFor(source.connector as IdentityProviderId).id, tenant: source.tenant }, async () => {
        throw new UpstreamError(`The source's collection job failed: ${reason}`);
      });
      await history.updateSourceProgress(runId, source.sourceId, { status: 'failed', error: reason }, deps.now().toISOString());
    }
    await writer.commit({ organisation: { ...config.organisation }, settings: { ...config.analysis } });
  }
  await rm(folder.attempts, { recursive: true, force: true });

  const result = await reportCollectedSnapshot(config, folder.snapshot, folder.root, {
    now: deps.now,
    configDirectory: deps.configDirectory,
    history: (snapshotCreatedAt) => history.priorReports(snapshotCreatedAt),
    ...(signingKey ? { signingKey } : {}),
  });
  await history.recordReport(runId, result.report, folder.root, deps.now().toISOString());
  await deps.onRunRecorded?.(runId);
  const status = result.report.summary.dataComplete ? 'complete' : 'partial';
  log.info({ status, accounts: result.report.summary.accounts, coveragePercent: result.report.summary.coveragePercent }, 'run reported');
  return { runId, status };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
