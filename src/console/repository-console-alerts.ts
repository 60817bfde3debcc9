/**
 * The alert store as the console reads it: the alerts engineer's AlertRepository (alerts, the audit events behind
 * them, acknowledgements), reduced to the console's view models. Acknowledging goes through the repository's own
 * `acknowledge`, so the API and the console record it the same way, once.
 */
import { auditEventKinds } from '../alerts/audit-event.js';
import type { Alert } from '../alerts/alert.js';
import type { AlertRepository } from '../store/alert-repository.js';
import type { ConsoleAlerts } from './console-data.js';
import type { AlertDetail, AlertSummaryRow } from './console-views.js';

/** Open alerts counted for the home page; more than this many open alerts is itself the news. */
const openAlertsCounted = 5_000;
/** How far before an alert's first event its audit events are looked for (delivery delays, the bulk window). */
const eventLookBackMs = 24 * 3_600_000;

export function repositoryConsoleAlerts(repository: AlertRepository, clock: () => Date): ConsoleAlerts {
  return {
    async list(status, limit) {
      const page = await repository.listAlerts(status === 'all' ? {} : { status }, { limit });
      return page.items.map(summaryOf);
    },
    async get(id) {
      const alert = await repository.getAlert(id);
      return alert ? detailOf(alert, repository) : undefined;
    },
    async acknowledge(id, by) {
      const alert = await repository.acknowledge(id, by, 'from the console', clock().toISOString());
      return alert ? detailOf(alert, repository) : undefined;
    },
    async openBySeverity() {
      const page = await repository.listAlerts({ status: 'open' }, { limit: openAlertsCounted });
      const counts: Record<string, number> = { critical: 0, high: 0, medium: 0 };
      for (const alert of page.items) counts[alert.severity] = (counts[alert.severity] ?? 0) + 1;
      return counts;
    },
  };
}

function summaryOf(alert: Alert): AlertSummaryRow {
  return {
    id: alert.id,
    rule: alert.rule,
    severity: alert.severity,
    status: alert.status,
    title: alert.title,
    sourceId: alert.sourceId,
    raisedAt: alert.createdAt,
    updatedAt: alert.updatedAt,
    accountsAffected: alert.accounts.length,
    coverageLost: alert.coverageImpact?.accountsLosingCoverage ?? null,
  };
}

async function detailOf(alert: Alert, repository: AlertRepository): Promise<AlertDetail> {
  const since = new Date(new Date(alert.firstSeenAt).getTime() - eventLookBackMs).toISOString();
  const wanted = new Set(alert.eventIds);
  const events = (await repository.recentEvents(alert.sourceId, auditEventKinds, since)).filter((event) => wanted.has(event.vendorEventId));
  const impact = alert.coverageImpact;
  return {
    ...summaryOf(alert),
    description: [alert.summary, impact ? `Coverage: ${impact.detail}` : '', alert.storm ? `An alert storm of ${alert.storm.count} alerts collapsed into this one: ${alert.storm.items.join('; ')}` : '', alert.suppressedBy ? `Suppressed: ${alert.suppressedBy}.` : '']
      .filter((part) => part !== '')
      .join(' '),
    acknowledgedBy: alert.acknowledgement?.by ?? null,
    acknowledgedAt: alert.acknowledgement?.at ?? null,
    events: events.map((event) => ({
      occurredAt: event.occurredAt,
      kind: event.kind,
      actor: event.actor.login ?? event.actor.id,
      target: event.target.login ?? event.target.name ?? event.target.id,
      summary: event.summary,
      detector: event.detector,
    })),
    accounts: alert.accounts.map((account) => ({ sourceId: alert.sourceId, accountId: account.id, login: account.login ?? account.id, personId: null })),
  };
}
