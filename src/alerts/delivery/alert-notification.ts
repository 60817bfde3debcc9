/**
 * What every channel says about an alert, built once: the event (`alert.created` or `alert.escalated`), the alert,
 * and the links into the API (the alert, and each affected account through `GET /v1/accounts`).
 */
import type { Alert } from '../alert.js';

export type NotificationType = 'alert.created' | 'alert.escalated';

export interface AlertNotification {
  type: NotificationType;
  /** Unique per alert revision: receivers de-duplicate on it (Standard Webhooks `webhook-id`). */
  id: string;
  alert: Alert;
  links: { alert: string; accounts: string; account: Array<{ id: string; login?: string; href: string }> };
}

/** Accounts linked one by one in a message; the rest are behind the `accounts` link. */
export const linkedAccountLimit = 50;

export function buildNotification(alert: Alert, apiBaseUrl: string): AlertNotification {
  const base = apiBaseUrl.replace(/\/+$/, '');
  const sourceQuery = `source=${encodeURIComponent(alert.sourceId)}`;
  return {
    type: alert.revision > 1 ? 'alert.escalated' : 'alert.created',
    id: `${alert.id}.${alert.revision}`,
    alert,
    links: {
      alert: `${base}/v1/alerts/${encodeURIComponent(alert.id)}`,
      accounts: `${base}/v1/accounts?${sourceQuery}`,
      account: alert.accounts.slice(0, linkedAccountLimit).map((account) => ({
        id: account.id,
        ...(account.login ? { login: account.login } : {}),
        href: `${base}/v1/accounts?${sourceQuery}&search=${encodeURIComponent(account.login ?? account.id)}`,
      })),
    },
  };
}

/** One line per fact, shared by the plain-text renderings (email, Slack fallback). */
export function notificationFacts(notification: AlertNotification): Array<[string, string]> {
  const { alert } = notification;
  const facts: Array<[string, string]> = [
    ['Severity', alert.severity],
    ['Rule', alert.rule],
    ['Source', `${alert.sourceId} (${alert.idp})`],
    ['Accounts', String(alert.accounts.length)],
    ['Events', String(alert.eventCount)],
    ['First seen', alert.firstSeenAt],
    ['Last seen', alert.lastSeenAt],
    ['Seen by', alert.detectors.join(', ')],
  ];
  if (alert.actors.length > 0) facts.push(['Actors', alert.actors.slice(0, 5).map((actor) => `${actor.login ?? actor.id} (${actor.accounts})`).join(', ')]);
  if (alert.coverageImpact) {
    facts.push(['Coverage lost', alert.coverageImpact.accountsLosingCoverage === null ? `unknown: ${alert.coverageImpact.detail}` : `${alert.coverageImpact.accountsLosingCoverage} account(s)`]);
  }
  if (alert.storm) facts.push(['Collapsed alerts', String(alert.storm.count)]);
  return facts;
}
