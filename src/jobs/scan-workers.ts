/**
 * The worker side: one BullMQ Worker per queue (sources collect in parallel up to `queue.concurrency`; run jobs
 * and service jobs one at a time, a report being memory-heavy). Shutdown is bounded: workers stop taking jobs
 * and in-flight ones get `queue.shutdownTimeoutMs` to finish; then collections are aborted and handed back to
 * the queue for another worker, and whatever still runs is abandoned to the stalled-job check.
 */
import { Worker, type Job } from 'bullmq';
import { jobNames, queueNames } from './queue-names.js';
import { processCollectJob } from './collect-source-job.js';
import { processExpandJob } from './expand-source-job.js';
import { processRunJob } from './finish-run-job.js';
import { processRetentionJob } from './retention-job.js';
import { processScheduledScanJob } from './scheduled-scan-job.js';
import type { ServiceRuntime } from './service-runtime.js';
import { shutdownAbortReason } from './shutdown-reason.js';
import { sourceJobOptions } from './source-job-options.js';
import { describeError } from '../errors.js';

const runLockDurationMs = 120_000;

export interface ScanWorkers {
  readonly workers: Worker[];
  /** Resolves once every worker is closed; `drained` is false when in-flight jobs had to be handed back or abandoned. */
  close(): Promise<{ drained: boolean }>;
}

export async function startScanWorkers(runtime: ServiceRuntime): Promise<ScanWorkers> {
  const { deps, prefix } = runtime;
  const { queue: queueConfig } = deps.config;
  const connection = { ...runtime.redisSettings.options, maxRetriesPerRequest: null };
  const common = {
    connection,
    prefix,
    lockDuration: queueConfig.lockDurationMs,
    stalledInterval: queueConfig.stalledIntervalMs,
    // A source stalled twice (two crashed workers) fails, and its run reports it failed rather than loop.
    maxStalledCount: 2,
    autorun: false,
  };
  const childOptions = sourceJobOptions(queueConfig);

  const sources = new Worker(
    queueNames.sources,
    async (job: Job, token?: string, signal?: AbortSignal) =>
      job.name === jobNames.expand ? processExpandJob(job, deps, runtime.queues.sources, childOptions) : processCollectJob(job, token, signal, deps),
    { ...common, concurrency: queueConfig.concurrency },
  );
  // Analysing and rendering a large report holds the event loop for long stretches, so the run job's lock is
  // longer than a collection's: a run job stalls (and is retried) only when its worker is really gone.
  const runs = new Worker(queueNames.runs, async (job: Job) => processRunJob(job, deps), {
    ...common,
    lockDuration: Math.max(queueConfig.lockDurationMs, runLockDurationMs),
    concurrency: 1,
  });
  const service = new Worker(
    queueNames.service,
    async (job: Job) => (job.name === jobNames.retention ? processRetentionJob(deps) : processScheduledScanJob(job, deps, runtime.launcher, runtime.queues.service)),
    { ...common, concurrency: 1 },
  );
  const workers = [sources, runs, service];

  for (const worker of workers) {
    worker.on('error', (error) => deps.logger.warn({ err: error.message, queue: worker.name }, 'worker error'));
  }
  sources.on('failed', (job, error) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const { runId, sourceId } = job.data as { runId?: string; sourceId?: string };
    if (!runId || !sourceId) return;
    deps.logger.error({ runId, sourceId, err: error.message }, 'source collection failed on its last attempt');
    void deps.history
      .updateSourceProgress(runId, sourceId, { status: 'failed', error: error.message, finishedAt: deps.now().toISOString() }, deps.now().toISOString())
      .catch((storeError: unknown) => deps.logger.error({ runId, sourceId, err: describeError(storeError) }, 'could not record the failed source'));
  });
  runs.on('failed', (job, error) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const { runId } = job.data as { runId?: string };
    if (!runId) return;
    deps.logger.error({ runId, err: error.message }, 'run failed');
    void deps.history
      .updateRun(runId, { status: 'failed', finishedAt: deps.now().toISOString(), error: error.message })
      .catch((storeError: unknown) => deps.logger.error({ runId, err: describeError(storeError) }, 'could not record the failed run'));
  });

  for (const worker of workers) void worker.run();
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));

  let closing: Promise<{ drained: boolean }> | undefined;
  return {
    workers,
    close: () => {
      closing ??= closeWorkers(workers, queueConfig.shutdownTimeoutMs, deps.logger);
      return closing;
    },
  };
}

async function closeWorkers(workers: Worker[], timeoutMs: number, logger: ServiceRuntime['deps']['logger']): Promise<{ drained: boolean }> {
  const closed = Promise.all(workers.map((worker) => worker.close()));
  if (await settlesWithin(closed, timeoutMs)) return { drained: true };
  logger.warn({ timeoutMs }, 'in-flight jobs did not finish in time; handing them back to the queue');
  for (const worker of workers) worker.cancelAllJobs(shutdownAbortReason);
  if (await settlesWithin(closed, 10_000)) return { drained: false };
  // worker.close() waits without limit; force-close so the process can exit. Locks lapse and another worker retries.
  await Promise.all(workers.map((worker) => worker.close(true)));
  return { drained: false };
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
