/**
 * The ScanLauncher over BullMQ: records the run as queued with its sources, then adds the run's flow: a `scan`
 * parent with one `collect` child per source (an `expand` child for a source spanning many tenants). Ids derive
 * from the run id, so the same run added twice (two schedulers firing one instant) is queued once.
 */
import { randomBytes } from 'node:crypto';
import type { FlowJobNode, FlowProducer } from 'bullmq';
import type { AppConfig } from '../config/app-config.js';
import { connectorFor } from '../connectors/registry.js';
import { InputError } from '../errors.js';
import type { HistoryStore } from '../store/history-store.js';
import { jobNames, newRunId, queueNames, sourceJobId } from './queue-names.js';
import type { ScanLauncher, ScanRequest } from './scan-launcher.js';
import type { CollectJobData, ExpandJobData, RunJobData } from './scan-job-data.js';
import { sourceJobOptions } from './source-job-options.js';

const weekSeconds = 7 * 24 * 3600;

export class BullScanLauncher implements ScanLauncher {
  constructor(
    private readonly deps: {
      config: AppConfig;
      history: HistoryStore;
      flows: FlowProducer;
      prefix: string;
      now: () => Date;
    },
  ) {}

  /** `runId` fixes the id (a schedule's fire instant makes it); a run that already exists is not queued again. */
  async start(request: ScanRequest, options: { runId?: string } = {}): Promise<{ runId: string }> {
    const { config, history } = this.deps;
    const configured = Object.keys(config.sources);
    const requested = request.sources && request.sources.length > 0 ? [...new Set(request.sources)] : undefined;
    const unknown = (requested ?? []).filter((id) => !configured.includes(id));
    if (unknown.length > 0) throw new InputError(`Unknown source id(s): ${unknown.join(', ')}. Configured: ${configured.join(', ')}.`);
    const sourceIds = requested ?? configured;

    const runId = options.runId ?? newRunId(this.deps.now(), randomBytes(4).toString('hex'));
    if (options.runId !== undefined && (await history.getRun(runId))) return { runId };
    const at = this.deps.now().toISOString();
    await history.createRun({
      id: runId,
      trigger: request.trigger,
      scheduleName: request.scheduleName ?? null,
      requestedSources: requested ?? null,
      createdAt: at,
    });
    const planned = sourceIds.map((sourceId) => {
      const sourceConfig = config.sources[sourceId];
      if (!sourceConfig) throw new InputError(`Unknown source id ${sourceId}.`);
      const connector = connectorFor(sourceConfig.connector);
      return { sourceId, connector, sourceConfig, tenant: connector.tenantOf(sourceConfig) };
    });
    await history.addRunSources(
      runId,
      planned.map((source) => ({ sourceId: source.sourceId, connector: source.connector.id, tenant: source.tenant })),
      at,
    );

    const childOptions = sourceJobOptions(config.queue);
    const children: FlowJobNode[] = planned.map((source) => {
      if (source.connector.expand) {
        const data: ExpandJobData = { runId, sourceId: source.sourceId };
        return { name: jobNames.expand, queueName: queueNames.sources, data, opts: { ...childOptions, jobId: sourceJobId(runId, source.sourceId) } };
      }
      const data: CollectJobData = {
        runId,
        sourceId: source.sourceId,
        connector: source.connector.id,
        tenant: source.tenant,
        config: { ...source.sourceConfig },
      };
      return { name: jobNames.collect, queueName: queueNames.sources, data, opts: { ...childOptions, jobId: sourceJobId(runId, source.sourceId) } };
    });
    const runData: RunJobData = { runId };
    await this.deps.flows.add({
      name: jobNames.scan,
      queueName: queueNames.runs,
      data: runData,
      prefix: this.deps.prefix,
      opts: {
        jobId: runId,
        attempts: 2,
        backoff: { type: 'exponential', delay: 5000 },
        removeOnComplete: { age: weekSeconds, count: 1000 },
        removeOnFail: { age: weekSeconds, count: 1000 },
      },
      children: children.map((child) => ({ ...child, prefix: this.deps.prefix })),
    });
    return { runId };
  }
}
