/** `mfa-coverage worker --config FILE`: BullMQ workers for scans, until SIGTERM/SIGINT drains them. */
import path from 'node:path';
import { loadAppConfig } from '../config/app-config.js';
import { startConfiguredAlerts } from '../alerts/jobs/start-alert-service.js';
import { startScanWorkers } from '../jobs/scan-workers.js';
import { openServiceRuntime } from '../jobs/service-runtime.js';
import { createLogger } from '../logger.js';
import { shutdownSignal } from './shutdown-signal.js';

export async function workerCommand(options: { config: string }): Promise<number> {
  const config = await loadAppConfig(options.config);
  const logger = createLogger().child({ role: 'worker' });
  const runtime = await openServiceRuntime(config, { configDirectory: path.dirname(path.resolve(options.config)), logger });
  try {
    const alerts = await startConfiguredAlerts(runtime, { workers: true, logger });
    const workers = await startScanWorkers(runtime);
    logger.info({ redis: runtime.redisSettings.location, store: runtime.store.location, concurrency: config.queue.concurrency }, 'worker ready');
    const signal = await shutdownSignal();
    logger.info({ signal, timeoutMs: config.queue.shutdownTimeoutMs }, 'shutting down: no new jobs, draining in-flight ones');
    const { drained } = await workers.close();
    await alerts?.close(config.queue.shutdownTimeoutMs);
    logger.info({ drained }, drained ? 'worker stopped after finishing its jobs' : 'worker stopped; unfinished jobs were handed back to the queue');
    return 0;
  } finally {
    await runtime.close();
  }
}
