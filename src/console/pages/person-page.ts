/**
 * One person: every account the latest report linked to them across identity providers, each verdict (coverage,
 * enforcement, registration, legacy protocols, method policy) with the reasons behind it and the account's gaps with
 * their exemption state, and the person's coverage in each stored report.
 */
import { html, type SafeHtml } from '../../reports/safe-html.js';
import type { VerdictRecord } from '../../store/history-store.js';
import { consoleRoot } from '../console-layout.js';
import { formatTime, toneOf } from '../console-format.js';
import type { PersonView } from '../console-views.js';

export function renderPersonPage(view: PersonView): SafeHtml {
  const person = view.person;
  const name = person?.name ?? view.accounts[0]?.displayName ?? view.personId;
  return html`<h1>${name}</h1>
<dl class="meta"><dt>Person id</dt><dd><code>${view.personId}</code></dd>
${person
  ? html`<dt>Coverage</dt><dd><span class="badge ${toneOf(person.covered)}" id="person-coverage">${person.covered}</span> ${person.reasons.join(' ')}</dd>
<dt>Email</dt><dd>${person.email ?? '—'}</dd>
<dt>Department</dt><dd>${person.department ?? '—'}</dd>
<dt>Status</dt><dd>${person.status}${person.leaver ? html` <span class="badge bad">leaver</span>` : ''} (${person.employmentType})</dd>
<dt>Tier</dt><dd>${person.tier === null ? '—' : `Tier ${person.tier}`}</dd>`
  : ''}
<dt>Accounts</dt><dd>${view.accounts.length}</dd>
${view.report ? html`<dt>Report</dt><dd><a href="${consoleRoot}/runs/${encodeURIComponent(view.report.runId)}">run ${view.report.runId}</a>, data collected ${formatTime(view.report.snapshotCreatedAt)}</dd>` : ''}</dl>
${view.accounts.length === 0 ? html`<p class="notice">The latest report links no account to this person.</p>` : view.accounts.map(accountSection)}
<section id="history" aria-labelledby="history-title"><h2 id="history-title">Coverage history</h2>
${view.history.length === 0
  ? html`<p class="empty">No stored report.</p>`
  : html`<table><thead><tr><th>Report (data collected)</th><th>Coverage (the weakest interactive account decides)</th><th class="number">Accounts</th></tr></thead><tbody>${view.history.map(
      (point) => html`<tr><td><a href="${consoleRoot}/runs/${encodeURIComponent(point.runId)}">${formatTime(point.snapshotCreatedAt)}</a></td><td><span class="badge ${toneOf(point.covered)}">${point.covered}</span></td><td class="number">${point.accounts}</td></tr>`,
    )}</tbody></table>`}
</section>`;
}

function accountSection(account: VerdictRecord): SafeHtml {
  return html`<section class="panel ${account.effectiveCovered === 'yes' ? 'ok' : account.effectiveCovered === 'no' ? 'bad' : 'warn'}" aria-label="${account.login}">
<h2>${account.login} <span class="badge ${toneOf(account.effectiveCovered)}">covered: ${account.effectiveCovered}</span></h2>
<dl class="meta">
<dt>Display name</dt><dd>${account.displayName}</dd>
<dt>Source</dt><dd>${account.sourceId} (${account.idp}, tenant ${account.tenant})</dd>
<dt>Account id</dt><dd><code>${account.accountId}</code></dd>
<dt>Kind / class / tier</dt><dd>${account.kind} / ${account.class} / tier ${account.tier}${account.privileged ? html` <span class="badge bad">privileged</span>` : ''}${account.enabled ? '' : html` <span class="badge muted">disabled</span>`}</dd>
<dt>Coverage (own)</dt><dd><span class="badge ${toneOf(account.covered)}">${account.covered}</span></dd>
<dt>MFA enforced</dt><dd>${account.mfaEnforced}</dd>
<dt>MFA registered</dt><dd>${account.mfaRegistered}</dd>
<dt>Legacy protocols</dt><dd>${account.legacyAuth}</dd>
<dt>Method policy</dt><dd>${account.methodPolicy}</dd>
</dl>
<h3>Why</h3>
${account.reasons.length === 0 ? html`<p class="empty">No reason recorded.</p>` : html`<ul>${account.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>`}
<h3>Gaps</h3>
${account.gaps.length === 0
  ? html`<p class="empty">None.</p>`
  : html`<ul>${account.gaps.map(
      (gap) => html`<li><strong>${gap.kind}</strong> <span class="badge ${toneOf(gap.state)}">${gap.state}</span>${gap.exceptionId ? html` under entry <code>${gap.exceptionId}</code>` : ''}${gap.reasons.length > 0 ? html`<ul>${gap.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>` : ''}</li>`,
    )}</ul>`}
</section>`;
}
