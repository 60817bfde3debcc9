/**
 * Everything `serve` and `worker` share, opened once in order and closed in reverse: the Redis check (a clear
 * error naming the URL), the store (migrated), the queues, the flow producer and the launcher.
 */
import { FlowProducer, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logger.js';
import { createStore, type Store } from '../store/create-store.js';
import { createHistoryStore, type HistoryStore } from '../store/history-store.js';
import { BullScanLauncher } from './bull-scan-launcher.js';
import { queueNames } from './queue-names.js';
import { checkRedis, redisSettings, type RedisSettings } from './redis-connection.js';
import type { ServiceDependencies } from './service-dependencies.js';
import { TenantLeases } from './tenant-lease.js';

export interface ServiceRuntime {
  readonly deps: ServiceDependencies;
  readonly store: Store;
  readonly history: HistoryStore;
  readonly redis: Redis;
  readonly redisSettings: RedisSettings;
  readonly prefix: string;
  readonly queues: { runs: Queue; sources: Queue; service: Queue };
  readonly flows: FlowProducer;
  readonly launcher: BullScanLauncher;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  configDirectory: string;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  tenantRetryMs?: number;
}

export async function openServiceRuntime(config: AppConfig, options: RuntimeOptions): Promise<ServiceRuntime> {
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  const settings = redisSettings(config.queue, env);
  await checkRedis(settings);
  const store = await createStore(config.store, { env });
  const history = createHistoryStore(store.db);
  const prefix = config.queue.prefix;
  const redis = new Redis({ ...settings.options, maxRetriesPerRequest: 3 });
  redis.on('error', (error) => options.logger.warn({ err: error.message, redis: settings.location }, 'Redis connection error'));
  const connection = { ...settings.options };
  const queues = {
    runs: new Queue(queueNames.runs, { connection, prefix }),
    sources: new Queue(queueNames.sources, { connection, prefix }),
    service: new Queue(queueNames.service, { connection, prefix }),
  };
  for (const queue of Object.values(queues)) queue.on('error', (error) => options.logger.warn({ err: error.message, queue: queue.name }, 'queue error'));
  const flows = new FlowProducer({ connection, prefix });
  flows.on('error', (error) => options.logger.warn({ err: error.message }, 'flow producer error'));
  const deps: ServiceDependencies = {
    config,
    configDirectory: options.configDirectory,
    history,
    leases: new TenantLeases(redis, prefix, config.queue.lockDurationMs),
    logger: options.logger,
    env,
    now,
    tenantRetryMs: options.tenantRetryMs ?? 2000,
  };
  const launcher = new BullScanLauncher({ config, history, flows, prefix, now });
  let closed = false;
  return {
    deps,
    store,
    history,
    redis,
    redisSettings: settings,
    prefix,
    queues,
    flows,
    launcher,
    close: async () => {
      if (closed) return;
      closed = true;
      await flows.close();
      for (const queue of Object.values(queues)) await queue.close();
      redis.disconnect();
      await store.close();
    },
  };
}
