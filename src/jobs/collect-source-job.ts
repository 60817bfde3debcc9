/**
 * The `collect` job: one source of one run, on whichever worker is free. It holds the tenant's lease while it
 * collects (another source of the same tenant waits, delayed, without spending an attempt), writes into an
 * attempt folder of its own, and moves the finished source into the run's staging folder in one rename. A retry
 * (after a crash or a stalled lock) first removes what any earlier attempt left, so it starts from clean.
 * On shutdown the collection is aborted and the job handed back to the queue for another worker.
 */
import { setMaxListeners } from 'node:events';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DelayedError, WaitingError, type Job } from 'bullmq';
import { connectorFor, type ConnectorConfig } from '../connectors/registry.js';
import type { IdentityProviderId } from '../model/identity-provider.js';
import type { SourceMeta } from '../snapshot/snapshot-format.js';
import { collectSource } from '../scan/collect-snapshot.js';
import { SnapshotWriter } from '../snapshot/snapshot-writer.js';
import { scannerVersion } from '../version.js';
import { runFolder } from './run-folder.js';
import { collectJobDataSchema, parseJobData } from './scan-job-data.js';
import type { ServiceDependencies } from './service-dependencies.js';
import { SourceProgressTracker } from './source-progress.js';
import { shutdownReason } from './shutdown-reason.js';

export interface CollectOutcome {
  sourceId: string;
  status: SourceMeta['status'];
}

export async function processCollectJob(job: Job, token: string | undefined, signal: AbortSignal | undefined, deps: ServiceDependencies): Promise<CollectOutcome> {
  const data = parseJobData(collectJobDataSchema, job.data, job.id);
  // Connectors listen on the signal once per request in flight; that is not a leak.
  if (signal) setMaxListeners(0, signal);
  const connector = connectorFor(data.connector as IdentityProviderId);
  const sourceConfig = connector.configSchema.parse(data.config);
  const log = deps.logger.child({ runId: data.runId, sourceId: data.sourceId, jobId: job.id });

  const lease = await deps.leases.acquire(connector.id, data.tenant, job.id ?? `${data.runId}--${data.sourceId}`);
  if (!lease) {
    log.info({ tenant: data.tenant }, 'another collection holds this tenant; waiting');
    await job.moveToDelayed(Date.now() + deps.tenantRetryMs + Math.floor(Math.random() * deps.tenantRetryMs), token);
    throw new DelayedError();
  }

  const folder = runFolder(deps.config.store.artefacts, data.runId);
  const attemptDirectory = path.join(folder.attempts, `${data.sourceId}@${Date.now()}-${process.pid}`);
  const finishedDirectory = path.join(folder.staging, 'sources', data.sourceId);
  const tracker = new SourceProgressTracker(async (counts) => {
    await deps.history.updateSourceProgress(data.runId, data.sourceId, counts, deps.now().toISOString());
    await job.updateProgress({ sourceId: data.sourceId, requests: counts.requests, pages: counts.pages });
  });
  let writer: SnapshotWriter | undefined;
  try {
    await removeEarlierAttempts(folder.attempts, data.sourceId);
    await rm(finishedDirectory, { recursive: true, force: true });
    const started = deps.now().toISOString();
    await deps.history.markRunStarted(data.runId, started);
    const attempt = await deps.history.startSourceAttempt(data.runId, data.sourceId, started);
    log.info({ attempt }, 'source attempt started');
    tracker.start();

    writer = await SnapshotWriter.create(path.join(attemptDirectory, 'unused'), { now: deps.now, scannerVersion, staging: attemptDirectory });
    const handBack = async (attemptWriter: SnapshotWriter): Promise<never> => {
      // Not a failure of the source: another worker collects it again from scratch.
      await attemptWriter.discard();
      await deps.history.updateSourceProgress(data.runId, data.sourceId, { status: 'queued', error: null }, deps.now().toISOString());
      await job.moveToWait(token);
      log.info('collection handed back to the queue at shutdown');
      throw new WaitingError();
    };
    let meta: SourceMeta;
    try {
      // The CLI's own source collection: the same deadline, failure semantics and expansion request counts.
      meta = await collectSource(
        {
          sourceId: data.sourceId,
          connector,
          config: sourceConfig as ConnectorConfig,
          tenant: data.tenant,
          ...(data.expansionRequests ? { expansionRequests: data.expansionRequests } : {}),
        },
        writer,
        { logger: deps.logger.child({ runId: data.runId, jobId: job.id }), now: deps.now, progress: tracker.sink, env: deps.env, ...(signal ? { signal } : {}) },
        undefined,
        (recorder) => tracker.wrap(recorder),
      );
    } catch (error) {
      await tracker.stop();
      if (signal?.aborted && shutdownReason(signal)) await handBack(writer);
      throw error;
    }
    await tracker.stop();
    if (signal?.aborted && shutdownReason(signal)) await handBack(writer);
    if (lease.lost) throw new Error(`The lease on tenant ${data.tenant} lapsed during the collection; collecting again.`);

    await mkdir(path.dirname(finishedDirectory), { recursive: true });
    await rename(writer.sourceDirectory(data.sourceId), finishedDirectory);
    await writer.discard();
    const counts = tracker.counts();
    await deps.history.updateSourceProgress(
      data.runId,
      data.sourceId,
      {
        status: meta.status,
        finishedAt: meta.finishedAt,
        error: meta.errors.length > 0 ? meta.errors.map((error) => `${error.endpoint}: ${error.message}`).join('; ') : null,
        requests: Object.values(meta.requests).reduce((sum, value) => sum + value, 0),
        pages: counts.pages,
        throttled: counts.throttled,
        endpoints: [...new Set([...Object.keys(meta.requests), ...counts.endpoints.map((entry) => entry.endpoint)])].map((endpoint) => ({
          endpoint,
          requests: meta.requests[endpoint] ?? 0,
          pages: 0,
          throttled: counts.endpoints.find((entry) => entry.endpoint === endpoint)?.throttled ?? 0,
        })),
      },
      deps.now().toISOString(),
    );
    log.info({ status: meta.status, errors: meta.errors.length }, 'source collected');
    return { sourceId: data.sourceId, status: meta.status };
  } catch (error) {
    await tracker.stop();
    if (writer) await writer.discard();
    throw error;
  } finally {
    await lease.release();
  }
}

/** Attempt folders of this source left by a crashed or cancelled attempt. */
async function removeEarlierAttempts(attempts: string, sourceId: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(attempts);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) if (entry.startsWith(`${sourceId}@`)) await rm(path.join(attempts, entry), { recursive: true, force: true });
}
