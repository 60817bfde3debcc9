/**
 * Alerts: the list by status, and one alert with its events, the accounts it affects, the coverage it removed and
 * the acknowledge form (shown only to a user whose scopes allow it; the route checks again).
 */
import { html, type SafeHtml } from '../../reports/safe-html.js';
import { consoleRoot, csrfField } from '../console-layout.js';
import { count, formatTime, toneOf } from '../console-format.js';
import { alertStatuses, type AlertDetail, type AlertsView } from '../console-views.js';

export function renderAlertsPage(view: AlertsView): SafeHtml {
  return html`<h1>Alerts</h1>
<nav aria-label="Alert status"><ul class="legend">${[...alertStatuses, 'all' as const].map((status) =>
    status === view.status
      ? html`<li><a href="${consoleRoot}/alerts?status=${status}" aria-current="page"><strong>${status}</strong></a></li>`
      : html`<li><a href="${consoleRoot}/alerts?status=${status}">${status}</a></li>`,
  )}</ul></nav>
${view.rows.length === 0
  ? html`<p class="empty">No ${view.status === 'all' ? '' : `${view.status} `}alert.</p>`
  : html`<table id="alerts"><thead><tr><th>Severity</th><th>Alert</th><th>Source</th><th>Raised</th><th>Updated</th><th class="number">Accounts</th><th class="number">Coverage lost</th><th>Status</th></tr></thead><tbody>
${view.rows.map(
  (alert) => html`<tr><td><span class="badge ${toneOf(alert.severity)}">${alert.severity}</span></td><td><a href="${consoleRoot}/alerts/${encodeURIComponent(alert.id)}">${alert.title}</a><span class="login">${alert.rule}</span></td><td>${alert.sourceId ?? '—'}</td><td>${formatTime(alert.raisedAt)}</td><td>${formatTime(alert.updatedAt)}</td><td class="number">${count(alert.accountsAffected)}</td><td class="number">${alert.coverageLost === null ? '—' : count(alert.coverageLost)}</td><td><span class="badge ${toneOf(alert.status)}">${alert.status}</span></td></tr>`,
)}
</tbody></table>`}`;
}

export function renderAlertPage(alert: AlertDetail, options: { canAcknowledge: boolean; csrfToken: string; notice?: string }): SafeHtml {
  return html`<h1><span class="badge ${toneOf(alert.severity)}">${alert.severity}</span> ${alert.title}</h1>
${options.notice ? html`<p class="notice ok" role="status">${options.notice}</p>` : ''}
<dl class="meta">
<dt>Status</dt><dd><span class="badge ${toneOf(alert.status)}" id="alert-status">${alert.status}</span>${alert.acknowledgedBy ? html` by ${alert.acknowledgedBy} at ${formatTime(alert.acknowledgedAt)}` : ''}</dd>
<dt>Rule</dt><dd><code>${alert.rule}</code></dd>
<dt>Source</dt><dd>${alert.sourceId ?? '—'}</dd>
<dt>Raised</dt><dd>${formatTime(alert.raisedAt)}</dd>
<dt>Updated</dt><dd>${formatTime(alert.updatedAt)}</dd>
<dt>Accounts affected</dt><dd>${count(alert.accountsAffected)}</dd>
<dt>Coverage lost</dt><dd>${alert.coverageLost === null ? 'not known' : `${count(alert.coverageLost)} account${alert.coverageLost === 1 ? '' : 's'} no longer covered`}</dd>
</dl>
<p>${alert.description}</p>
${alert.status === 'open'
  ? options.canAcknowledge
    ? html`<form class="action" method="post" action="${consoleRoot}/alerts/${encodeURIComponent(alert.id)}/ack">${csrfField(options.csrfToken)}<button type="submit">Acknowledge</button></form>`
    : html`<p class="empty">Acknowledging needs the admin scope.</p>`
  : ''}
<h2>Events (${alert.events.length})</h2>
${alert.events.length === 0
  ? html`<p class="empty">None recorded.</p>`
  : html`<table><thead><tr><th>When</th><th>Kind</th><th>Actor</th><th>Target</th><th>What</th><th>Seen by</th></tr></thead><tbody>${alert.events.map(
      (event) => html`<tr><td>${formatTime(event.occurredAt)}</td><td>${event.kind}</td><td>${event.actor}</td><td>${event.target}</td><td>${event.summary}</td><td>${event.detector}</td></tr>`,
    )}</tbody></table>`}
<h2>Accounts affected (${alert.accounts.length})</h2>
${alert.accounts.length === 0
  ? html`<p class="empty">None listed.</p>`
  : html`<table><thead><tr><th>Account</th><th>Source</th></tr></thead><tbody>${alert.accounts.map(
      (account) => html`<tr><td>${account.personId ? html`<a href="${consoleRoot}/people/${encodeURIComponent(account.personId)}">${account.login}</a>` : account.login}</td><td>${account.sourceId}</td></tr>`,
    )}</tbody></table>`}`;
}
