/** What every job processor of the service is given: nothing is a module-level singleton. */
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logger.js';
import type { HistoryStore } from '../store/history-store.js';
import type { TenantLeases } from './tenant-lease.js';

export interface ServiceDependencies {
  config: AppConfig;
  /** What relative roster and register paths are resolved against: the config file's folder. */
  configDirectory: string;
  history: HistoryStore;
  leases: TenantLeases;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** How long a source waits before asking again for a tenant another collection holds. */
  tenantRetryMs: number;
  /** Called once a run's report and verdicts are recorded: the alerts' scan diff (set by start-alert-service.ts). */
  onRunRecorded?: (runId: string) => Promise<void>;
}
