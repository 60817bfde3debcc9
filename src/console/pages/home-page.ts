/**
 * Home: coverage now, with the figures and labels of the report's executive summary taken from the stored summary
 * of the latest report (never recomputed), the change since the previous run and since the last monthly report,
 * open alerts by severity, each source's last run and completeness, runs in progress and the next scheduled runs.
 */
import type { CoverageCounts, ReportSummary } from '../../reports/report-model.js';
import { html, type SafeHtml } from '../../reports/safe-html.js';
import { consoleRoot } from '../console-layout.js';
import { count, formatPointChange, formatTime, percent, toneOf } from '../console-format.js';
import type { HomeView, ReportPoint } from '../console-views.js';

const severityOrder = ['critical', 'high', 'medium', 'low', 'info'];

export function renderHomePage(view: HomeView): SafeHtml {
  return html`<h1>Coverage now</h1>
${view.latest ? coverageNow(view.latest) : html`<p class="notice">No report has been stored yet. Start a scan on the <a href="${consoleRoot}/runs">Runs</a> page.</p>`}
${view.activeRuns.length > 0 ? html`<p class="notice" id="active-runs">${view.activeRuns.length === 1 ? 'A scan is' : `${view.activeRuns.length} scans are`} in progress: ${view.activeRuns.map((run, index) => html`${index > 0 ? ', ' : ''}<a href="${consoleRoot}/runs/${encodeURIComponent(run.id)}">${run.id}</a> (${run.status})`)}.</p>` : ''}
<section id="changes" aria-labelledby="changes-title"><h2 id="changes-title">Change</h2>
${changeTable(view)}
</section>
<section id="alerts-summary" aria-labelledby="alerts-title"><h2 id="alerts-title">Open alerts</h2>
${openAlerts(view.openAlerts)}
</section>
<section id="sources" aria-labelledby="sources-title"><h2 id="sources-title">Sources</h2>
${sourcesTable(view)}
</section>
<section id="schedules" aria-labelledby="schedules-title"><h2 id="schedules-title">Next scheduled runs</h2>
${view.schedules.length === 0
  ? html`<p class="empty">No schedule is configured (<code>schedules:</code> in the config).</p>`
  : html`<table><thead><tr><th>Schedule</th><th>Next run</th><th>Last run</th></tr></thead><tbody>${view.schedules.map(
      (schedule) => html`<tr><td>${schedule.name}</td><td>${formatTime(schedule.nextFireAt)}</td><td>${schedule.lastRunId ? html`<a href="${consoleRoot}/runs/${encodeURIComponent(schedule.lastRunId)}">${formatTime(schedule.lastFiredAt)}</a>` : formatTime(schedule.lastFiredAt)}</td></tr>`,
    )}</tbody></table>`}
</section>`;
}

function coverageNow(latest: ReportPoint): SafeHtml {
  const summary = latest.summary;
  const inScope = summary.covered + summary.notCovered + summary.unknown;
  return html`<p>Latest report: <a href="${consoleRoot}/runs/${encodeURIComponent(latest.runId)}">run ${latest.runId}</a>, data collected ${formatTime(latest.snapshotCreatedAt)}.</p>
${summary.dataComplete ? '' : html`<p class="notice bad" role="status">Data incomplete: ${incompleteSources(summary)}. The figures speak only for the accounts and data that could be read.</p>`}
<div class="headline" id="coverage-figures">
${figure('coverage', percent(summary.coveragePercent), summary.dataComplete ? 'coverage of in-scope accounts' : 'coverage of the accounts that could be read')}
${figure('not-covered', count(summary.notCovered), 'not covered', `${consoleRoot}/accounts?covered=no`)}
${figure('unknown', count(summary.unknown), 'unknown (never counted as covered)', `${consoleRoot}/accounts?covered=unknown`)}
${figure('in-scope', count(inScope), 'in scope')}
${figure('not-applicable', count(summary.notApplicable), 'not applicable (disabled or non-interactive)')}
${figure('privileged', percent(summary.privileged.coveragePercent), `privileged coverage (${count(summary.privileged.accounts)} accounts)`)}
${figure('quiet', count(summary.exemptions.quiet), 'quiet exemptions (gaps no register entry documents)', `${consoleRoot}/accounts?exemption=quiet`)}
${figure('maturity', `Level ${summary.maturity.level} of 5`, `maturity: ${summary.maturity.label}`)}
</div>
<table id="coverage-by-idp"><caption>Coverage by identity provider and tier</caption><thead><tr><th>Group</th><th class="number">Coverage</th><th class="number">Covered</th><th class="number">Not covered</th><th class="number">Unknown</th><th class="number">In scope</th></tr></thead><tbody>
${[...Object.entries(summary.byIdp).map(([idp, counts]) => [`IdP: ${idp}`, counts, `idp=${encodeURIComponent(idp)}`] as const), ...Object.entries(summary.byTier).map(([tier, counts]) => [`Tier ${tier}`, counts, `tier=${tier}`] as const)]
  .filter(([, counts]) => counts.accounts > 0)
  .map(([label, counts, query]) => coverageRow(label, counts, query))}
</tbody></table>`;
}

function figure(id: string, value: string, label: string, href?: string): SafeHtml {
  const content = html`<span class="value" data-figure="${id}">${value}</span><span class="label">${label}</span>`;
  return href ? html`<div class="figure"><a href="${href}">${content}</a></div>` : html`<div class="figure">${content}</div>`;
}

function coverageRow(label: string, counts: CoverageCounts, query: string): SafeHtml {
  const inScope = counts.covered + counts.notCovered + counts.unknown;
  return html`<tr><td>${label}</td><td class="number">${percent(counts.coveragePercent)}</td><td class="number">${count(counts.covered)}</td><td class="number"><a href="${consoleRoot}/accounts?covered=no&amp;${query}">${count(counts.notCovered)}</a></td><td class="number">${count(counts.unknown)}</td><td class="number">${count(inScope)}</td></tr>`;
}

function incompleteSources(summary: ReportSummary): string {
  const statuses = Object.entries(summary.sourcesByStatus).filter(([status, number]) => status !== 'complete' && number > 0);
  return statuses.map(([status, number]) => `${number} source${number === 1 ? '' : 's'} ${status}`).join(', ');
}

function changeTable(view: HomeView): SafeHtml {
  if (!view.latest) return html`<p class="empty">Nothing to compare yet.</p>`;
  const latest = view.latest.summary;
  const rows: Array<[string, ReportPoint | null, string]> = [
    ['previous-run', view.previous, 'Since the previous run'],
    ['monthly', view.monthly && view.monthly.runId !== view.latest.runId ? view.monthly : null, `Since the last monthly report (${view.monthlySchedule})`],
  ];
  return html`<table><thead><tr><th>Compared with</th><th>Report of</th><th class="number">Coverage then</th><th class="number">Change</th><th class="number">Not covered then</th><th class="number">Not covered now</th></tr></thead><tbody>
${rows.map(([id, point, label]) =>
  point
    ? html`<tr id="change-${id}"><td>${label}</td><td><a href="${consoleRoot}/runs/${encodeURIComponent(point.runId)}">${formatTime(point.snapshotCreatedAt)}</a></td><td class="number">${percent(point.summary.coveragePercent)}</td><td class="number">${formatPointChange(latest.coveragePercent, point.summary.coveragePercent)}</td><td class="number">${count(point.summary.notCovered)}</td><td class="number">${count(latest.notCovered)}</td></tr>`
    : html`<tr id="change-${id}"><td>${label}</td><td colspan="5" class="empty">no such report yet</td></tr>`,
)}
</tbody></table>`;
}

function openAlerts(counts: Record<string, number> | null): SafeHtml {
  if (counts === null) return html`<p class="empty">Alerts are not configured on this service.</p>`;
  const total = Object.values(counts).reduce((sum, value) => sum + value, 0);
  if (total === 0) return html`<p>No open alert. <a href="${consoleRoot}/alerts">All alerts</a></p>`;
  const severities = [...severityOrder.filter((severity) => severity in counts), ...Object.keys(counts).filter((severity) => !severityOrder.includes(severity))];
  return html`<div class="headline">${severities.map(
    (severity) => html`<div class="figure"><a href="${consoleRoot}/alerts?status=open"><span class="value" data-alerts="${severity}">${count(counts[severity] ?? 0)}</span><span class="label"><span class="badge ${toneOf(severity)}">${severity}</span></span></a></div>`,
  )}</div>`;
}

function sourcesTable(view: HomeView): SafeHtml {
  if (view.sources.length === 0) return html`<p class="empty">No run has recorded a source yet.</p>`;
  return html`<table><thead><tr><th>Source</th><th>IdP</th><th>Tenant</th><th>Last run</th><th>Status</th><th class="number">Requests</th><th class="number">Coverage</th></tr></thead><tbody>
${view.sources.map(
  (source) => html`<tr><td>${source.sourceId}</td><td>${source.connector}</td><td>${source.tenant}</td><td><a href="${consoleRoot}/runs/${encodeURIComponent(source.runId)}">${formatTime(source.finishedAt)}</a></td><td><span class="badge ${toneOf(source.status)}">${source.status}</span>${source.error ? html`<span class="login">${source.error}</span>` : ''}</td><td class="number">${count(source.requests)}</td><td class="number">${source.coveragePercent === null ? '—' : percent(source.coveragePercent)}</td></tr>`,
)}
</tbody></table>`;
}
