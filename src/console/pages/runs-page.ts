/**
 * Runs: the list with status and progress, the form that starts a scan (for `scans:run`), and one run with each
 * source's progress, its report's headline, every artefact and the evidence check (`verify`) of its directory.
 */
import { html, type SafeHtml } from '../../reports/safe-html.js';
import type { VerificationResult } from '../../reports/verify-report-directory.js';
import type { RunSourceRecord } from '../../store/history-store.js';
import { consoleRoot, csrfField } from '../console-layout.js';
import { count, formatTime, percent, toneOf } from '../console-format.js';
import type { RunsView, RunView } from '../console-views.js';

export function renderRunsPage(view: RunsView, options: { canStart: boolean; csrfToken: string }): SafeHtml {
  return html`<h1>Runs</h1>
${options.canStart ? startForm(view.sources, options.csrfToken) : html`<p class="empty">Starting a scan needs the scans:run scope.</p>`}
${view.runs.length === 0
  ? html`<p class="empty">No run yet.</p>`
  : html`<table id="runs"><thead><tr><th>Run</th><th>Trigger</th><th>Status</th><th>Created</th><th>Started</th><th>Finished</th></tr></thead><tbody>
${view.runs.map(
  (run) => html`<tr><td><a href="${consoleRoot}/runs/${encodeURIComponent(run.id)}">${run.id}</a></td><td>${run.trigger}${run.scheduleName ? html`<span class="login">${run.scheduleName}</span>` : ''}</td><td><span class="badge ${toneOf(run.status)}">${run.status}</span>${run.error ? html`<span class="login">${run.error}</span>` : ''}</td><td>${formatTime(run.createdAt)}</td><td>${formatTime(run.startedAt)}</td><td>${formatTime(run.finishedAt)}</td></tr>`,
)}
</tbody></table>`}
${view.next ? html`<nav class="pagination" aria-label="Pages"><a href="${consoleRoot}/runs">First page</a><a rel="next" href="${consoleRoot}/runs?after=${view.next}">Older runs</a></nav>` : ''}`;
}

function startForm(sources: readonly string[], csrfToken: string): SafeHtml {
  return html`<form class="action stacked" method="post" action="${consoleRoot}/runs" id="start-scan">${csrfField(csrfToken)}
<fieldset><legend>Start a scan</legend>
<p>Leave every box empty to scan every configured source.</p>
${sources.map((source, index) => html`<div><input type="checkbox" id="source-${index}" name="sources" value="${source}"> <label for="source-${index}">${source}</label></div>`)}
<p><button type="submit">Start scan</button></p>
</fieldset></form>`;
}

export function renderRunPage(view: RunView): SafeHtml {
  const { run } = view;
  const finished = run.sources.filter((source) => ['complete', 'partial', 'failed'].includes(source.status)).length;
  return html`<h1>Run ${run.id}</h1>
<dl class="meta">
<dt>Status</dt><dd><span class="badge ${toneOf(run.status)}" id="run-status">${run.status}</span>${run.error ? html` ${run.error}` : ''}</dd>
<dt>Trigger</dt><dd>${run.trigger}${run.scheduleName ? html` (${run.scheduleName})` : ''}</dd>
<dt>Created</dt><dd>${formatTime(run.createdAt)}</dd>
<dt>Started</dt><dd>${formatTime(run.startedAt)}</dd>
<dt>Finished</dt><dd>${formatTime(run.finishedAt)}</dd>
<dt>Sources</dt><dd>${run.sources.length === 0 ? 'not yet known' : html`<progress max="${run.sources.length}" value="${finished}" aria-label="Sources finished">${finished} of ${run.sources.length}</progress> ${finished} of ${run.sources.length} finished`}</dd>
</dl>
${run.sources.length === 0 ? '' : html`<table id="run-sources"><thead><tr><th>Source</th><th>Status</th><th class="number">Attempts</th><th class="number">Requests</th><th class="number">Pages</th><th class="number">Throttled</th><th>Finished</th></tr></thead><tbody>${run.sources.map(sourceRow)}</tbody></table>`}
${view.report
  ? html`<section id="report" aria-labelledby="report-title"><h2 id="report-title">Report</h2>
<p>Coverage <strong>${percent(view.report.coveragePercent)}</strong>: ${count(view.report.covered)} covered, ${count(view.report.notCovered)} not covered, ${count(view.report.unknown)} unknown of ${count(view.report.accounts)} accounts (<span class="badge ${toneOf(view.report.status)}">${view.report.status}</span>).</p>
<h3>Artefacts</h3>
<ul id="artefacts">${view.artefacts.map(
      (artefact) => html`<li><a href="${consoleRoot}/runs/${encodeURIComponent(run.id)}/artefacts/${encodeURIComponent(artefact.file)}">${artefact.file}</a> <span class="login">${artefact.mediaType}${artefact.bytes === null ? '' : `, ${count(artefact.bytes)} bytes`}</span></li>`,
    )}</ul>
<h3>Evidence check</h3>
${view.verification ? verification(view.verification) : html`<p><a href="${consoleRoot}/runs/${encodeURIComponent(run.id)}/verify" id="verify-link">Verify the artefacts and snapshot against the manifest</a> (hashes every file; takes a moment on a large report).</p>`}
</section>`
  : html`<p class="empty">No report for this run${['queued', 'running'].includes(run.status) ? ' yet: this page reloads until the run finishes' : ''}.</p>`}`;
}

function sourceRow(source: RunSourceRecord): SafeHtml {
  return html`<tr><td>${source.sourceId}<span class="login">${source.connector} ${source.tenant}</span></td><td><span class="badge ${toneOf(source.status)}">${source.status}</span>${source.error ? html`<span class="login">${source.error}</span>` : ''}</td><td class="number">${source.attempts}</td><td class="number">${count(source.requests)}</td><td class="number">${count(source.pages)}</td><td class="number">${count(source.throttled)}</td><td>${formatTime(source.finishedAt)}</td></tr>`;
}

function verification(result: VerificationResult): SafeHtml {
  const problems = result.files.filter((file) => file.status !== 'ok');
  return html`<p class="notice ${result.intact ? 'ok' : 'bad'}" id="verify-result" role="status">${result.intact ? 'Intact' : 'NOT intact'}: ${count(result.files.length - problems.length)} of ${count(result.files.length)} files match the manifest; signature ${result.signature.status} (${result.signature.detail}).</p>
${problems.length === 0 ? '' : html`<table><thead><tr><th>File</th><th>Group</th><th>Status</th><th>Detail</th></tr></thead><tbody>${problems.map((file) => html`<tr><td>${file.path}</td><td>${file.group}</td><td><span class="badge bad">${file.status}</span></td><td>${file.detail ?? ''}</td></tr>`)}</tbody></table>`}`;
}
