/**
 * The `expand` job: a source spanning many tenants (an AWS organisation) becomes one `collect` job per member
 * account, added as children of the run's parent job while this job still holds the parent back, so the run
 * waits for them too. Member job ids derive from run and member id, so a retried expansion adds nothing twice.
 * An expansion that fails records the source as failed in the staging folder, as the CLI does.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Job, Queue } from 'bullmq';
import { connectorFor } from '../connectors/registry.js';
import { describeError, InputError } from '../errors.js';
import { SnapshotWriter } from '../snapshot/snapshot-writer.js';
import { scannerVersion } from '../version.js';
import { jobNames, sourceJobId } from './queue-names.js';
import { runFolder } from './run-folder.js';
import { expandJobDataSchema, parseJobData, type CollectJobData } from './scan-job-data.js';
import type { ServiceDependencies } from './service-dependencies.js';
import type { SourceJobOptions } from './source-job-options.js';

export async function processExpandJob(
  job: Job,
  deps: ServiceDependencies,
  sources: Queue,
  sourceJobOptions: SourceJobOptions,
): Promise<{ sourceId: string; members: number }> {
  const data = parseJobData(expandJobDataSchema, job.data, job.id);
  const sourceConfig = deps.config.sources[data.sourceId];
  if (!sourceConfig) throw new InputError(`Source ${data.sourceId} is no longer configured.`);
  const connector = connectorFor(sourceConfig.connector);
  const log = deps.logger.child({ runId: data.runId, sourceId: data.sourceId, jobId: job.id });
  const parent = job.parent;
  if (!parent?.id) throw new InputError(`Expansion job ${job.id ?? ''} has no parent run job.`);
  const parentId = parent.id;
  const at = deps.now().toISOString();
  await deps.history.markRunStarted(data.runId, at);

  let members: Array<{ key: string; tenant: string; config: unknown }>;
  const expansionRequests: Record<string, number> = {};
  const countRequest = (label: string): void => {
    expansionRequests[label] = (expansionRequests[label] ?? 0) + 1;
  };
  try {
    if (!connector.expand) throw new InputError(`Connector ${connector.id} does not expand into several tenants.`);
    members = await connector.expand(sourceConfig, { logger: log, now: deps.now, progress: { pageFetched: () => undefined }, env: deps.env }, countRequest);
  } catch (error) {
    log.error({ err: describeError(error) }, 'could not list the tenants of this source');
    await recordFailedSource(deps, data.runId, data.sourceId, connector.id, connector.tenantOf(sourceConfig), error);
    return { sourceId: data.sourceId, members: 0 };
  }

  const children = members.map((member) => ({ sourceId: `${data.sourceId}.${member.key}`, tenant: member.tenant, config: member.config }));
  // The expansion's requests go to the source of the config's own tenant (the management account), else the first.
  const home = members.find((member) => member.key === connector.tenantOf(sourceConfig)) ?? members[0];
  await deps.history.addRunSources(
    data.runId,
    children.map((child) => ({ sourceId: child.sourceId, connector: connector.id, tenant: child.tenant })),
    at,
  );
  for (const child of children) {
    const childData: CollectJobData = {
      runId: data.runId,
      sourceId: child.sourceId,
      connector: connector.id,
      tenant: child.tenant,
      config: child.config as Record<string, unknown>,
      ...(home && child.sourceId === `${data.sourceId}.${home.key}` ? { expansionRequests } : {}),
    };
    await sources.add(jobNames.collect, childData, {
      ...sourceJobOptions,
      jobId: sourceJobId(data.runId, child.sourceId),
      parent: { id: parentId, queue: parent.queueKey },
    });
  }
  await deps.history.updateSourceProgress(data.runId, data.sourceId, { status: 'expanded', finishedAt: deps.now().toISOString() }, deps.now().toISOString());
  log.info({ members: children.length }, 'source expanded into member tenants');
  return { sourceId: data.sourceId, members: children.length };
}

/** Writes a failed source (its reason in source.json) into the run's staging folder through an attempt folder. */
export async function recordFailedSource(deps: ServiceDependencies, runId: string, sourceId: string, connector: ReturnType<typeof connectorFor>['id'], tenant: string, error: unknown): Promise<void> {
  const folder = runFolder(deps.config.store.artefacts, runId);
  const attemptDirectory = path.join(folder.attempts, `${sourceId}@${Date.now()}-${process.pid}`);
  const writer = await SnapshotWriter.create(path.join(attemptDirectory, 'unused'), { now: deps.now, scannerVersion, staging: attemptDirectory });
  try {
    const meta = await writer.recordSource({ sourceId, connector, tenant }, async () => {
      throw error;
    });
    const finished = path.join(folder.staging, 'sources', sourceId);
    await rm(finished, { recursive: true, force: true });
    await mkdir(path.dirname(finished), { recursive: true });
    await rename(writer.sourceDirectory(sourceId), finished);
    await deps.history.updateSourceProgress(runId, sourceId, { status: 'failed', finishedAt: meta.finishedAt, error: describeError(error) }, deps.now().toISOString());
  } finally {
    await writer.discard();
  }
}
