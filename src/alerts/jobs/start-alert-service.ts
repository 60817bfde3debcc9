/**
 * Starts the alerts for `serve` and `worker` from the service runtime, when `alerts.enabled`: channels built from
 * their secret references, one audit-log reader per watched source, the coverage re-analysis from the store, and the
 * scan flow's "run recorded" hook pointed at the scan diff.
 */
import type { AppConfig } from '../../config/app-config.js';
import type { Logger } from '../../logger.js';
import type { HistoryStore } from '../../store/history-store.js';
import type { Store } from '../../store/create-store.js';
import { AlertRepository } from '../../store/alert-repository.js';
import { coverageImpactFromHistory } from '../coverage-impact.js';
import { createChannels } from '../delivery/create-channels.js';
import { SourceContexts } from '../source-context.js';
import { createAuditLogReader } from '../watch/create-audit-log-reader.js';
import { AlertService } from './alert-service.js';
import type { RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';
import { ConfigError } from '../../errors.js';

export interface AlertRuntime {
  store: Store;
  history: HistoryStore;
  redisSettings: { options: RedisOptions };
  prefix: string;
  deps: { config: AppConfig; onRunRecorded?: (runId: string) => Promise<void>; env: NodeJS.ProcessEnv; now: () => Date };
}

export async function startConfiguredAlerts(runtime: AlertRuntime, options: { workers: boolean; logger: Logger }): Promise<AlertService | undefined> {
  const { config } = runtime.deps;
  if (!config.alerts.enabled) return undefined;
  const env = runtime.deps.env;
  const service = await AlertService.start({
    alerts: config.alerts,
    sources: config.sources,
    // ioredis options as BullMQ takes them (its ConnectionOptions type names its own ioredis declarations).
    connection: { ...runtime.redisSettings.options, maxRetriesPerRequest: null } as ConnectionOptions,
    prefix: runtime.prefix,
    repository: new AlertRepository(runtime.store.db),
    history: runtime.history,
    contexts: new SourceContexts(runtime.history),
    channels: await createChannels(config.alerts, env),
    readerFor: (sourceId) => {
      const source = config.sources[sourceId];
      if (!source) throw new ConfigError(`alerts.watch: no source ${sourceId} is configured`);
      return createAuditLogReader(sourceId, source, config.alerts, env);
    },
    impactOf: coverageImpactFromHistory(runtime.history),
    logger: options.logger.child({ component: 'alerts' }),
    now: runtime.deps.now,
    workers: options.workers,
  });
  runtime.deps.onRunRecorded = (runId) => service.onRunRecorded(runId);
  return service;
}
