/**
 * The exception register as the latest report applied it: each entry's state (documented, expired, incomplete,
 * stale), owner, approval and review dates, the gaps it matched, and the quiet gaps no entry documents; exported as
 * the report's own report.exceptions.csv.
 */
import { exceptionEntryStates } from '../../reconcile/exemption-states.js';
import { html, type SafeHtml } from '../../reports/safe-html.js';
import { consoleRoot } from '../console-layout.js';
import { count, formatTime, toneOf } from '../console-format.js';
import type { ExceptionsView } from '../console-views.js';

export function renderExceptionsPage(view: ExceptionsView): SafeHtml {
  if (!view.report) return html`<h1>Exception register</h1><p class="notice">No report has been stored yet.</p>`;
  const quietTotal = Object.values(view.quietByGap).reduce((sum, value) => sum + value, 0);
  return html`<h1>Exception register as applied</h1>
<p>As applied by the report of run <a href="${consoleRoot}/runs/${encodeURIComponent(view.report.runId)}">${view.report.runId}</a> (data collected ${formatTime(view.report.snapshotCreatedAt)}). <a href="${consoleRoot}/exceptions.csv" download>Export as CSV</a></p>
<div class="headline">${exceptionEntryStates.map(
    (state) => html`<div class="figure"><a href="${consoleRoot}/exceptions?state=${state}"><span class="value" data-state="${state}">${count(view.byState[state] ?? 0)}</span><span class="label">${state} entr${(view.byState[state] ?? 0) === 1 ? 'y' : 'ies'}</span></a></div>`,
  )}<div class="figure"><a href="${consoleRoot}/accounts?covered=any&amp;exemption=quiet"><span class="value" data-state="quiet">${count(quietTotal)}</span><span class="label">quiet gaps (no entry)</span></a></div></div>
<nav aria-label="Entry state"><ul class="legend">${['all', ...exceptionEntryStates].map((state) =>
    state === view.state ? html`<li><strong aria-current="page">${state}</strong></li>` : html`<li><a href="${consoleRoot}/exceptions?state=${state}">${state}</a></li>`,
  )}</ul></nav>
${view.rows.length === 0
  ? html`<p class="empty">No entry${view.state === 'all' ? '' : ` in state ${view.state}`}.</p>`
  : html`<table id="exceptions"><thead><tr><th>Entry</th><th>State</th><th>Gap</th><th>Subject</th><th>Owner</th><th>Approved</th><th>Review by</th><th class="number">Gaps matched</th><th>Why this state</th></tr></thead><tbody>
${view.rows.map(
  (entry) => html`<tr><td><code>${entry.id}</code>${entry.ticket ? html`<span class="login">${entry.ticket}</span>` : ''}</td><td><span class="badge ${toneOf(entry.state)}">${entry.state}</span></td><td>${entry.gap}</td><td>${entry.account || entry.person || entry.policy || '—'}${entry.sourceId ? html`<span class="login">${entry.sourceId}</span>` : ''}<span class="login">${entry.reason}</span></td><td>${entry.riskOwner || html`<span class="empty">none</span>`}</td><td>${entry.approvedBy || html`<span class="empty">not approved</span>`}${entry.approvedAt ? html`<span class="login">${entry.approvedAt}</span>` : ''}</td><td>${entry.expires || html`<span class="empty">no date</span>`}</td><td class="number">${count(entry.matchedGaps)}</td><td>${entry.reasons}</td></tr>`,
)}
</tbody></table>`}
<h2>Quiet gaps by kind</h2>
<table><thead><tr><th>Gap</th><th class="number">Quiet (undocumented)</th></tr></thead><tbody>${Object.entries(view.quietByGap).map(
    ([gap, number]) => html`<tr><td><a href="${consoleRoot}/accounts?covered=any&amp;gap=${gap}&amp;exemption=quiet">${gap}</a></td><td class="number">${count(number)}</td></tr>`,
  )}</tbody></table>`;
}
