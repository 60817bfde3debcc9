/** The audit-log reader of a configured source, by connector; sources without one are named in the error. */
import type { AlertsConfig } from '../../config/alerts-config.js';
import type { ConnectorConfig } from '../../connectors/registry.js';
import { ConfigError } from '../../errors.js';
import type { AuditLogReader } from './audit-log-reader.js';
import { createCloudTrailReader } from './cloudtrail-reader.js';
import { createEntraAuditReader } from './entra-audit-reader.js';
import { createOktaLogReader } from './okta-log-reader.js';

export async function createAuditLogReader(sourceId: string, source: ConnectorConfig, alerts: AlertsConfig, env: NodeJS.ProcessEnv): Promise<AuditLogReader> {
  const lookBack = alerts.watch.lookBackMinutes;
  switch (source.connector) {
    case 'okta':
      return createOktaLogReader({ sourceId, config: source, env, lookBackMinutes: lookBack.okta });
    case 'entra':
      return createEntraAuditReader({ sourceId, config: source, env, lookBackMinutes: lookBack.entra });
    case 'aws':
      return createCloudTrailReader({ sourceId, config: source, env, lookBackMinutes: lookBack.aws });
    default:
      throw new ConfigError(`alerts.watch: source ${sourceId} (${source.connector}) has no audit-log watcher in this version; remove it from alerts.watch.sources (the scan diff still covers it).`);
  }
}
