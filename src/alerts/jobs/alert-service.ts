/**
 * The alerts at run time, on BullMQ: a job scheduler per watched source produces `watch` jobs every poll interval;
 * a `confirm` job runs the scan diff of each recorded run; one delivery queue per channel sends each notification
 * with retries and exponential backoff, at most the channel's rate (Slack: one a second), and marks a delivery dead
 * after its last attempt or a permanent refusal. At start-up, deliveries a crash left pending are enqueued again
 * under their derived job ids, so none is lost and none is sent twice.
 */
import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { AlertsConfig } from '../../config/alerts-config.js';
import type { ConnectorConfig } from '../../connectors/registry.js';
import { describeError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { AlertRepository, DeliveryRecord } from '../../store/alert-repository.js';
import type { HistoryStore } from '../../store/history-store.js';
import type { AlertChannel } from '../delivery/alert-channel.js';
import { DeliveryRefusedError } from '../delivery/alert-channel.js';
import { buildNotification } from '../delivery/alert-notification.js';
import { confirmRun } from '../confirm-run.js';
import { recordDetection } from '../record-detection.js';
import type { SourceContexts } from '../source-context.js';
import type { AuditLogReader } from '../watch/audit-log-reader.js';
import { z } from 'zod';
import { alertQueueNames, confirmJobId, deliveryJobId, deliveryQueueName, watchSchedulerId, type DeliveryJobData } from './alert-queues.js';

const watchDataSchema = z.object({ sourceId: z.string().min(1) });
const confirmDataSchema = z.object({ runId: z.string().min(1) });
const deliveryDataSchema = z.object({ alertId: z.string().min(1), channelId: z.string().min(1), revision: z.number().int().min(1) });
import type { AuditEvent } from '../audit-event.js';
import type { CoverageImpact } from '../alert.js';

export interface AlertServiceOptions {
  alerts: AlertsConfig;
  sources: Readonly<Record<string, ConnectorConfig>>;
  /** Redis settings for queues and workers (`maxRetriesPerRequest: null`, as BullMQ workers need). */
  connection: ConnectionOptions;
  prefix: string;
  repository: AlertRepository;
  history: HistoryStore;
  contexts: SourceContexts;
  channels: readonly AlertChannel[];
  readerFor: (sourceId: string) => Promise<AuditLogReader>;
  impactOf?: (sourceId: string, events: readonly AuditEvent[]) => Promise<ReadonlyMap<string, CoverageImpact>>;
  logger: Logger;
  now: () => Date;
  /** Run the workers in this process (`worker` / `serve --with-worker`); false: only schedule and enqueue. */
  workers: boolean;
  /** Called after each poll, for benchmarks and metrics. */
  onPoll?: (sourceId: string, poll: { startedAt: Date; requests: number; records: number; events: number; alerts: number }) => void;
}

export class AlertService {
  private readonly queues: Queue[] = [];
  private readonly workerList: Worker[] = [];
  private readonly readers = new Map<string, AuditLogReader>();
  private watchQueue!: Queue;
  private confirmQueue!: Queue;
  private readonly deliveryQueues = new Map<string, Queue>();

  private constructor(private readonly options: AlertServiceOptions) {}

  static async start(options: AlertServiceOptions): Promise<AlertService> {
    const service = new AlertService(options);
    await service.open();
    return service;
  }

  /** Every queue, for the API's metrics and the dashboard. */
  get allQueues(): readonly Queue[] {
    return this.queues;
  }

  watchedSources(): string[] {
    const listed = this.options.alerts.watch.sources ?? Object.keys(this.options.sources);
    return listed.filter((id) => this.options.sources[id] !== undefined);
  }

  private queueOptions(): { connection: ConnectionOptions; prefix: string } {
    return { connection: this.options.connection, prefix: this.options.prefix };
  }

  private async open(): Promise<void> {
    const { alerts } = this.options;
    this.watchQueue = new Queue(alertQueueNames.watch, { ...this.queueOptions(), defaultJobOptions: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } });
    this.confirmQueue = new Queue(alertQueueNames.confirm, { ...this.queueOptions(), defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } });
    this.queues.push(this.watchQueue, this.confirmQueue);
    for (const channel of this.options.channels) {
      const queue = new Queue(deliveryQueueName(channel.id), {
        ...this.queueOptions(),
        defaultJobOptions: { attempts: alerts.delivery.attempts, backoff: { type: 'exponential', delay: alerts.delivery.backoffMs, jitter: 0.2 }, removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } },
      });
      this.deliveryQueues.set(channel.id, queue);
      this.queues.push(queue);
    }
    const watched = this.watchedSources();
    for (const sourceId of watched) {
      await this.watchQueue.upsertJobScheduler(watchSchedulerId(sourceId), { every: alerts.watch.pollIntervalSeconds * 1000 }, { name: 'watch', data: { sourceId } });
    }
    for (const scheduler of await this.watchQueue.getJobSchedulers()) {
      const id = scheduler.key;
      if (id.startsWith('watch-') && !watched.includes(id.slice('watch-'.length))) await this.watchQueue.removeJobScheduler(id);
    }
    if (this.options.workers) this.startWorkers();
    await this.enqueueDeliveries(await this.options.repository.deliveriesByStatus('pending'));
  }

  private startWorkers(): void {
    const connection = this.options.connection;
    const base = { connection, prefix: this.options.prefix };
    this.workerList.push(new Worker(alertQueueNames.watch, (job) => this.watch(job), { ...base, concurrency: 4 }));
    this.workerList.push(new Worker(alertQueueNames.confirm, (job) => this.confirm(job), { ...base, concurrency: 1 }));
    for (const channel of this.options.channels) {
      const worker: Worker = new Worker(deliveryQueueName(channel.id), (job) => this.deliver(job, channel, worker), {
        ...base,
        concurrency: 1,
        ...(channel.ratePerSecond !== undefined ? { limiter: { max: channel.ratePerSecond, duration: 1000 } } : {}),
      });
      worker.on('failed', (job, error) => {
        if (!job) return;
        const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
        if (!final) return;
        const data = deliveryDataSchema.safeParse(job.data);
        if (!data.success) return;
        this.options.repository
          .markDelivery(data.data, { status: 'dead', attempts: job.attemptsMade, error: describeError(error) }, this.options.now().toISOString())
          .catch((markError: unknown) => this.options.logger.error({ err: describeError(markError), channel: channel.id }, 'could not record a dead delivery'));
        this.options.logger.error({ alertId: data.data.alertId, channel: channel.id, attempts: job.attemptsMade, reason: describeError(error) }, 'alert delivery given up');
      });
      this.workerList.push(worker);
    }
    for (const worker of this.workerList) worker.on('error', (error) => this.options.logger.error({ err: describeError(error) }, 'alert worker error'));
  }

  /** Enqueues delivery jobs; job ids are derived from (alert, channel, revision), so a repeat is ignored. */
  async enqueueDeliveries(deliveries: readonly DeliveryRecord[]): Promise<void> {
    for (const delivery of deliveries) {
      const queue = this.deliveryQueues.get(delivery.channelId);
      if (!queue) continue;
      const data: DeliveryJobData = { alertId: delivery.alertId, channelId: delivery.channelId, revision: delivery.revision };
      await queue.add('deliver', data, { jobId: deliveryJobId(data) });
    }
  }

  /** The hook the scan flow calls once a run's report and verdicts are recorded. */
  async onRunRecorded(runId: string): Promise<void> {
    await this.confirmQueue.add('confirm', { runId }, { jobId: confirmJobId(runId) });
  }

  private async readerFor(sourceId: string): Promise<AuditLogReader> {
    let reader = this.readers.get(sourceId);
    if (!reader) {
      reader = await this.options.readerFor(sourceId);
      this.readers.set(sourceId, reader);
    }
    return reader;
  }

  /** One poll of one source: read from the stored cursor, detect, record with the new cursor, enqueue deliveries. */
  async pollSource(sourceId: string, signal?: AbortSignal): Promise<{ requests: number; records: number; events: number; alerts: number }> {
    const reader = await this.readerFor(sourceId);
    const now = this.options.now();
    const cursor = await this.options.repository.getCursor(sourceId);
    const poll = await reader.poll(cursor, now, signal);
    const impactOf = this.options.impactOf;
    const recorded = await recordDetection({
      idp: reader.idp,
      source: await this.options.contexts.forSource(sourceId),
      events: poll.events,
      cursor: poll.cursor,
      config: this.options.alerts,
      repository: this.options.repository,
      now,
      ...(impactOf ? { impactOf: (events: readonly AuditEvent[]) => impactOf(sourceId, events) } : {}),
    });
    await this.enqueueDeliveries(recorded.deliveries);
    const outcome = { requests: poll.requests, records: poll.records, events: recorded.fresh.length, alerts: recorded.changes.filter((change) => change.change === 'created').length };
    this.options.onPoll?.(sourceId, { startedAt: now, ...outcome });
    return outcome;
  }

  private async watch(job: Job): Promise<unknown> {
    return this.pollSource(watchDataSchema.parse(job.data).sourceId);
  }

  private async confirm(job: Job): Promise<unknown> {
    const result = await confirmRun(confirmDataSchema.parse(job.data).runId, {
      history: this.options.history,
      repository: this.options.repository,
      contexts: this.options.contexts,
      config: this.options.alerts,
      now: this.options.now,
    });
    await this.enqueueDeliveries(result.deliveries);
    return result.outcomes;
  }

  private async deliver(job: Job, channel: AlertChannel, worker: Worker): Promise<void> {
    const { repository } = this.options;
    const data = deliveryDataSchema.parse(job.data);
    const delivery = await repository.getDelivery(data.alertId, data.channelId, data.revision);
    // Already sent (a job replayed after its completion was recorded): sending again would be a duplicate.
    if (!delivery || delivery.status === 'sent') return;
    const alert = await repository.getAlert(data.alertId);
    if (!alert) throw new UnrecoverableError(`alert ${data.alertId} is no longer stored`);
    const notification = buildNotification({ ...alert, revision: data.revision }, this.options.alerts.apiBaseUrl);
    try {
      await channel.send(notification);
    } catch (error) {
      if (error instanceof DeliveryRefusedError && error.permanent) throw new UnrecoverableError(error.message);
      if (error instanceof DeliveryRefusedError && error.retryAfterMs !== undefined) {
        // The receiver asked for a pause: hold the channel's queue, and do not spend an attempt.
        await worker.rateLimit(error.retryAfterMs);
        throw Worker.RateLimitError();
      }
      await repository.markDelivery(data, { status: 'pending', attempts: job.attemptsMade + 1, error: describeError(error) }, this.options.now().toISOString());
      throw error;
    }
    await repository.markDelivery(data, { status: 'sent', attempts: job.attemptsMade + 1 }, this.options.now().toISOString());
  }

  /** Stops taking jobs, waits for active ones up to `timeoutMs`, then closes queues, readers and channels. */
  async close(timeoutMs = 10_000): Promise<void> {
    const closing = Promise.all(this.workerList.map((worker) => worker.close()));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closing, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    if (timer) clearTimeout(timer);
    await Promise.all(this.workerList.map((worker) => worker.close(true)));
    await Promise.all(this.queues.map((queue) => queue.close()));
    await Promise.all([...this.readers.values()].map((reader) => reader.close?.()));
    await Promise.all(this.options.channels.map((channel) => channel.close?.()));
  }
}
