/**
 * `mfa-coverage serve --config FILE [--with-worker]`: the HTTP API and the scheduler (schedules from the config
 * upserted, removed ones deleted), and with `--with-worker` the workers too, for a single machine. With
 * `simulate:` in the config (config/demo.yaml) every source is answered by the local simulators.
 */
import path from 'node:path';
import { buildApp } from '../api/build-app.js';
import { loadAppConfig } from '../config/app-config.js';
import type { AlertService } from '../alerts/jobs/alert-service.js';
import { startConfiguredAlerts } from '../alerts/jobs/start-alert-service.js';
import { startScanWorkers, type ScanWorkers } from '../jobs/scan-workers.js';
import { openServiceRuntime } from '../jobs/service-runtime.js';
import { syncSchedules } from '../jobs/sync-schedules.js';
import { createLogger } from '../logger.js';
import { createTokenRepository } from '../store/token-repository.js';
import { shutdownSignal } from './shutdown-signal.js';
import { startSimulatedSources, type SimulatedSources } from './simulated-sources.js';

export async function serveCommand(options: { config: string; withWorker: boolean }): Promise<number> {
  const loaded = await loadAppConfig(options.config);
  const logger = createLogger().child({ role: options.withWorker ? 'serve+worker' : 'serve' });
  const now = () => new Date();
  let simulated: SimulatedSources | undefined;
  if (loaded.simulate) {
    simulated = await startSimulatedSources(loaded, loaded.simulate, now());
    logger.info({ tenant: simulated.configDirectory }, 'serving every source from the local simulators (simulate:)');
  }
  const config = simulated?.config ?? loaded;
  try {
    const runtime = await openServiceRuntime(config, {
      configDirectory: simulated?.configDirectory ?? path.dirname(path.resolve(options.config)),
      logger,
      ...(simulated ? { env: simulated.env } : {}),
      now,
    });
    let workers: ScanWorkers | undefined;
    let alerts: AlertService | undefined;
    try {
      const schedules = await syncSchedules({ queue: runtime.queues.service, redis: runtime.redis, prefix: runtime.prefix, history: runtime.history, schedules: config.schedules, now });
      logger.info(schedules, 'schedules synchronised with the config');
      alerts = await startConfiguredAlerts(runtime, { workers: options.withWorker, logger });
      if (options.withWorker) workers = await startScanWorkers(runtime);
      const app = await buildApp({
        config,
        store: runtime.store,
        history: runtime.history,
        tokens: createTokenRepository(runtime.store.db, now),
        scans: runtime.launcher,
        queues: [...Object.values(runtime.queues), ...(alerts?.allQueues ?? [])],
        logger,
        clock: now,
        rateLimitRedis: runtime.redis,
      });
      const address = await app.listen({ host: config.api.host, port: config.api.port });
      logger.info({ address, redis: runtime.redisSettings.location, store: runtime.store.location, withWorker: options.withWorker }, 'serving');
      const signal = await shutdownSignal();
      logger.info({ signal }, 'shutting down');
      await app.close();
      if (workers) {
        const { drained } = await workers.close();
        logger.info({ drained }, 'workers stopped');
      }
      return 0;
    } finally {
      await workers?.close();
      await alerts?.close(config.queue.shutdownTimeoutMs);
      await runtime.close();
    }
  } finally {
    await simulated?.close();
  }
}
