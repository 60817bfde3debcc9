/**
 * The alerts' Prometheus metrics, read from the store at each scrape like the service's other metrics (watchers and
 * deliveries run in worker processes): alerts raised per rule, source, severity and status, and deliveries per
 * channel, rule and outcome, dead letters included.
 */
import type { Kysely } from 'kysely';
import { Counter, type Registry } from 'prom-client';
import type { Database } from '../store/database.js';
import { AlertRepository } from '../store/alert-repository.js';

export interface AlertMetrics {
  refresh(): Promise<void>;
}

export function registerAlertMetrics(registry: Registry, db: Kysely<Database>): AlertMetrics {
  const repository = new AlertRepository(db);
  const raised = new Counter({
    name: 'mfa_coverage_alerts_raised_total',
    help: 'Alerts raised (stored), by rule, source, severity and current status (open, acknowledged, suppressed).',
    labelNames: ['rule', 'source_id', 'severity', 'status'],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'mfa_coverage_alert_deliveries_total',
    help: 'Alert notifications by channel, rule and outcome: sent, pending (retrying) or dead (given up, listed at /v1/alerts/dead-letters).',
    labelNames: ['channel', 'rule', 'status'],
    registers: [registry],
  });
  return {
    async refresh() {
      const [alertRows, deliveryRows] = await Promise.all([repository.alertCounts(), repository.deliveryCounts()]);
      raised.reset();
      for (const row of alertRows) raised.inc({ rule: row.rule, source_id: row.sourceId, severity: row.severity, status: row.status }, row.count);
      deliveries.reset();
      for (const row of deliveryRows) deliveries.inc({ channel: row.channelId, rule: row.rule, status: row.status }, row.count);
    },
  };
}
