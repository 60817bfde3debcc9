/**
 * The bodies each channel posts, as pure functions: Slack Block Kit (with `text` as the notification fallback),
 * a Teams Workflows message carrying an Adaptive Card 1.4, an email's subject and text, and an OCSF 1.x Detection
 * Finding (class 2004) for SIEMs.
 */
import type { AlertNotification } from './alert-notification.js';
import { notificationFacts } from './alert-notification.js';
import type { AlertSeverity } from '../alert.js';
import { scannerVersion } from '../../version.js';

const slackTextLimit = 2900;

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function accountsLine(notification: AlertNotification, limit: number): string {
  const shown = notification.links.account.slice(0, limit).map((account) => account.login ?? account.id);
  const rest = notification.alert.accounts.length - shown.length;
  return shown.join(', ') + (rest > 0 ? ` and ${rest} more` : '');
}

export function slackBody(notification: AlertNotification): Record<string, unknown> {
  const { alert } = notification;
  const marker = alert.severity === 'critical' ? ':rotating_light:' : ':warning:';
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: clip(alert.title, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(`${marker} *${alert.severity.toUpperCase()}* ${alert.summary}`, slackTextLimit) } },
    { type: 'section', fields: notificationFacts(notification).slice(0, 10).map(([label, value]) => ({ type: 'mrkdwn', text: clip(`*${label}*\n${value}`, 2000) })) },
  ];
  if (alert.accounts.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`*Accounts:* ${accountsLine(notification, 20)}`, slackTextLimit) } });
  blocks.push({
    type: 'actions',
    elements: [
      { type: 'button', text: { type: 'plain_text', text: 'Open alert' }, url: notification.links.alert },
      { type: 'button', text: { type: 'plain_text', text: 'Affected accounts' }, url: notification.links.accounts },
    ],
  });
  return { text: clip(`[${alert.severity}] ${alert.title}`, slackTextLimit), blocks };
}

export function teamsBody(notification: AlertNotification): Record<string, unknown> {
  const { alert } = notification;
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      { type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, text: alert.title, color: alert.severity === 'critical' ? 'Attention' : 'Warning' },
      { type: 'TextBlock', wrap: true, text: alert.summary },
      { type: 'FactSet', facts: notificationFacts(notification).map(([title, value]) => ({ title, value })) },
      ...(alert.accounts.length > 0 ? [{ type: 'TextBlock', wrap: true, text: `Accounts: ${accountsLine(notification, 20)}` }] : []),
    ],
    actions: [
      { type: 'Action.OpenUrl', title: 'Open alert', url: notification.links.alert },
      { type: 'Action.OpenUrl', title: 'Affected accounts', url: notification.links.accounts },
    ],
  };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}

export function emailContent(notification: AlertNotification): { subject: string; text: string } {
  const { alert } = notification;
  const lines = [
    alert.summary,
    '',
    ...notificationFacts(notification).map(([label, value]) => `${label}: ${value}`),
    '',
    `Alert: ${notification.links.alert}`,
    `Affected accounts: ${notification.links.accounts}`,
    ...notification.links.account.map((account) => `  - ${account.login ?? account.id}: ${account.href}`),
  ];
  if (alert.storm) lines.push('', 'Collapsed alerts:', ...alert.storm.items.map((item) => `  - ${item}`));
  return { subject: `[mfa-coverage ${alert.severity}] ${alert.title}`.replace(/[\r\n]+/g, ' '), text: lines.join('\n') };
}

const ocsfSeverity: Record<AlertSeverity, { id: number; name: string }> = {
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

/** OCSF Detection Finding: class_uid 2004, category 2 (Findings), activity 1 Create / 2 Update. */
export function ocsfDetectionFinding(notification: AlertNotification): Record<string, unknown> {
  const { alert } = notification;
  const activityId = notification.type === 'alert.created' ? 1 : 2;
  const severity = ocsfSeverity[alert.severity];
  return {
    activity_id: activityId,
    activity_name: activityId === 1 ? 'Create' : 'Update',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2004,
    class_name: 'Detection Finding',
    type_uid: 2004 * 100 + activityId,
    time: Date.parse(alert.updatedAt),
    severity_id: severity.id,
    severity: severity.name,
    status_id: alert.status === 'acknowledged' ? 2 : 1,
    status: alert.status === 'acknowledged' ? 'In Progress' : 'New',
    is_alert: true,
    message: alert.summary,
    metadata: { version: '1.3.0', product: { name: 'mfa-coverage', vendor_name: 'mfa-coverage', version: scannerVersion }, uid: notification.id },
    finding_info: {
      uid: alert.id,
      title: alert.title,
      desc: alert.summary,
      types: [alert.rule],
      first_seen_time: Date.parse(alert.firstSeenAt),
      last_seen_time: Date.parse(alert.lastSeenAt),
      analytic: { name: alert.rule, type_id: 1, type: 'Rule', uid: alert.rule },
      src_url: notification.links.alert,
    },
    resources: alert.accounts.slice(0, 100).map((account) => ({ uid: account.id, name: account.login ?? account.id, type: `${alert.idp} account`, labels: account.privileged ? ['privileged'] : [] })),
    evidences: alert.actors.slice(0, 20).map((actor) => ({ actor: { user: { uid: actor.id, name: actor.login ?? actor.id } } })),
    unmapped: { source_id: alert.sourceId, event_count: alert.eventCount, event_names: alert.eventNames, detectors: alert.detectors, coverage_impact: alert.coverageImpact ?? null },
  };
}
