/** The audit-log reader of a configured source, by connector. */
import type { AlertsConfig } from '../../config/alerts-config.js';
import type { ConnectorConfig } from '../../connectors/registry.js';
import type { AuditLogReader } from './audit-log-reader.js';
import { createCloudTrailReader } from './cloudtrail-reader.js';
import { createEntraAuditReader } from './entra-audit-reader.js';
import { createGoogleActivityReader } from './google-activity-reader.js';
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
    case 'google':
      return createGoogleActivityReader({ sourceId, config: source, env, lookBackMinutes: lookBack.google });
  }
}
