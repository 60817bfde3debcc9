/**
 * Accounts not covered (or any coverage, by the filter): filters by IdP, source, tier, class, gap, exemption state
 * and privilege, a person search, and keyset pagination over the latest report's verdicts. The form is a plain GET,
 * so the page works without JavaScript and every filtered view has a URL to share.
 */
import { coverageValues } from '../../model/account.js';
import { gapKinds } from '../../reconcile/exception-register.js';
import { exemptionStates } from '../../reconcile/exemption-states.js';
import { accountClasses } from '../../reconcile/reconcile-config.js';
import { html, type SafeHtml } from '../../reports/safe-html.js';
import type { VerdictRecord } from '../../store/history-store.js';
import { accountQueryString } from '../account-query.js';
import { consoleRoot } from '../console-layout.js';
import { count, formatTime, toneOf } from '../console-format.js';
import { accountPageSizes, type AccountsView } from '../console-views.js';

export function renderAccountsPage(view: AccountsView): SafeHtml {
  const { filter } = view.query;
  const heading = filter.covered === 'no' ? 'Accounts not covered' : filter.covered === undefined ? 'All accounts' : `Accounts with coverage "${filter.covered}"`;
  if (!view.report) return html`<h1>${heading}</h1><p class="notice">No report has been stored yet.</p>`;
  const firstPage = `${consoleRoot}/accounts?${accountQueryString(view.query, null)}`;
  return html`<h1>${heading}</h1>
<p>From the report of run <a href="${consoleRoot}/runs/${encodeURIComponent(view.report.runId)}">${view.report.runId}</a>, data collected ${formatTime(view.report.snapshotCreatedAt)}. Coverage is after federation, as in the report.</p>
<form class="filters" method="get" action="${consoleRoot}/accounts" role="search" aria-label="Filter accounts">
${select('covered', 'Coverage', [['any', 'any'], ...coverageValues.map((value) => [value, value] as [string, string])], filter.covered ?? 'any')}
${select('idp', 'Identity provider', [['', 'all'], ...view.options.idps.map((value) => [value, value] as [string, string])], filter.idp ?? '')}
${select('source', 'Source', [['', 'all'], ...view.options.sources.map((value) => [value, value] as [string, string])], filter.sourceId ?? '')}
${select('tier', 'Tier', [['', 'all'], ['1', '1'], ['2', '2'], ['3', '3']], filter.tier === undefined ? '' : String(filter.tier))}
${select('class', 'Class', [['', 'all'], ...accountClasses.map((value) => [value, value] as [string, string])], filter.class ?? '')}
${select('gap', 'Gap', [['', 'any'], ...gapKinds.map((value) => [value, value] as [string, string])], filter.gap ?? '')}
${select('exemption', 'Exemption state', [['', 'any'], ...exemptionStates.map((value) => [value, value] as [string, string])], filter.exemption ?? '')}
${select('privileged', 'Privileged', [['', 'either'], ['yes', 'yes'], ['no', 'no']], filter.privileged === undefined ? '' : filter.privileged ? 'yes' : 'no')}
<div><label for="filter-q">Person, login or name</label><input id="filter-q" name="q" type="search" value="${filter.search ?? ''}"></div>
${select('size', 'Per page', accountPageSizes.map((size) => [String(size), String(size)] as [string, string]), String(view.query.pageSize))}
<div><button type="submit">Apply</button> <a href="${consoleRoot}/accounts">Reset</a></div>
</form>
<p id="account-count" role="status">${count(view.total)} account${view.total === 1 ? '' : 's'} match${view.total === 1 ? 'es' : ''}.${view.query.after ? ' Showing a later page.' : ''}</p>
${view.rows.length === 0
  ? html`<p class="empty">No account matches these filters.</p>`
  : html`<table id="accounts"><thead><tr><th>Account</th><th>Source</th><th>Tier / class</th><th>Coverage</th><th>Enforced / registered</th><th>Gaps</th><th>Why</th></tr></thead><tbody>
${view.rows.map(accountRow)}
</tbody></table>`}
<nav class="pagination" aria-label="Pages">${view.query.after ? html`<a href="${firstPage}">First page</a>` : ''}${view.next ? html`<a rel="next" href="${consoleRoot}/accounts?${accountQueryString(view.query, view.next)}">Next page</a>` : ''}</nav>`;
}

function accountRow(account: VerdictRecord): SafeHtml {
  const name = account.personId
    ? html`<a href="${consoleRoot}/people/${encodeURIComponent(account.personId)}">${account.displayName}</a>`
    : html`${account.displayName}`;
  return html`<tr><td>${name}<span class="login">${account.login}</span>${account.privileged ? html` <span class="badge bad">privileged</span>` : ''}${account.enabled ? '' : html` <span class="badge muted">disabled</span>`}</td>
<td>${account.sourceId}<span class="login">${account.idp}</span></td>
<td>Tier ${account.tier}<span class="login">${account.class}</span></td>
<td><span class="badge ${toneOf(account.effectiveCovered)}">${account.effectiveCovered}</span>${account.covered !== account.effectiveCovered ? html`<span class="login">own: ${account.covered}</span>` : ''}</td>
<td>${account.mfaEnforced} / ${account.mfaRegistered}</td>
<td>${account.gaps.length === 0 ? html`<span class="empty">none</span>` : html`<ul>${account.gaps.map((gap) => html`<li>${gap.kind} <span class="badge ${toneOf(gap.state)}">${gap.state}</span></li>`)}</ul>`}</td>
<td>${account.reasons[0] ?? ''}</td></tr>`;
}

function select(name: string, label: string, options: ReadonlyArray<[string, string]>, selected: string): SafeHtml {
  return html`<div><label for="filter-${name}">${label}</label><select id="filter-${name}" name="${name}">${options.map(([value, text]) =>
    value === selected ? html`<option value="${value}" selected>${text}</option>` : html`<option value="${value}">${text}</option>`,
  )}</select></div>`;
}
