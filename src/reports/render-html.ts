/**
 * report.html: one self-contained page for a supervisor. It answers their two questions first (coverage per
 * class of account, and which accounts are not covered and why) after saying on the first screen whether every
 * source was read in full. No script, stylesheet, font or image is fetched from anywhere, and a Content
 * Security Policy forbids it even if a tenant string slipped through: every tenant-supplied value goes through
 * the `html` tag, which escapes it.
 */
import { accountKinds, enforcementValues, registrationValues, type Coverage } from '../model/account.js';
import { factorStrength, factorTypes, type FactorStrength } from '../model/factor.js';
import { severities, type Finding, type Severity } from '../model/finding.js';
import type { SourceStatus } from '../snapshot/snapshot-format.js';
import { reportStylesheet } from './html-report-style.js';
import type { CoverageCounts, Report, ReportAccount, ReportSource } from './report-model.js';
import { escapeHtml, html, type SafeHtml } from './safe-html.js';
import { svgBarChart, type ChartRow, type ChartTone } from './svg-bar-chart.js';

/** Errors listed per source on the first screen; the sources section lists them all. */
const firstScreenErrorsPerSource = 5;

type BadgeTone = 'ok' | 'bad' | 'warn' | 'muted';

const coverageBadges: Record<Coverage, { tone: BadgeTone; label: string }> = {
  yes: { tone: 'ok', label: 'covered' },
  no: { tone: 'bad', label: 'not covered' },
  unknown: { tone: 'warn', label: 'unknown' },
  'n/a': { tone: 'muted', label: 'n/a' },
};

const statusTones: Record<SourceStatus, BadgeTone> = { complete: 'ok', partial: 'warn', failed: 'bad' };

const strengthTones: Record<FactorStrength, ChartTone> = { 'phishing-resistant': 'strong', standard: 'standard', weak: 'weak' };

const severityTones: Record<Severity, BadgeTone> = { critical: 'bad', high: 'bad', medium: 'warn', low: 'muted', info: 'muted' };

export function renderHtml(report: Report): string {
  const title = `MFA coverage report: ${report.organisation.name}`;
  const body = html`<body>
${cover(report)}
${navigation()}
<main>
${coverageByClassSection(report)}
${notCoveredSection(report)}
${unknownSection(report)}
${sourcesSection(report)}
${findingsSection(report)}
${policiesSection(report)}
${factorsSection(report)}
${allAccountsSection(report)}
</main>
${footer(report)}
</body>`;
  // The head is assembled as a string because the stylesheet is our own constant markup, not a value to escape.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${reportStylesheet}</style>
</head>
${body.toString()}
</html>
`;
}

function cover(report: Report): SafeHtml {
  const { summary } = report;
  const inScope = summary.covered + summary.notCovered + summary.unknown;
  return html`<header>
<h1>MFA coverage report</h1>
<p class="organisation">${report.organisation.name}</p>
<dl class="meta">
<dt>Data collected</dt><dd>${report.snapshot.createdAt}</dd>
<dt>Report generated</dt><dd>${report.generatedAt}</dd>
<dt>Scanner</dt><dd>${report.scanner.name} ${report.scanner.version} (snapshot taken by ${report.snapshot.scannerVersion})</dd>
<dt>Scope</dt><dd>${scopeLine(report)}</dd>
</dl>
${completenessPanel(report)}
<div class="headline">
${figure(percent(summary.coveragePercent), summary.dataComplete ? 'coverage of in-scope accounts' : 'coverage of the accounts that could be read')}
${figure(String(summary.notCovered), 'not covered')}
${figure(String(summary.unknown), 'unknown (never counted as covered)')}
${figure(String(inScope), 'in scope')}
${figure(String(summary.notApplicable), 'not applicable (disabled or non-interactive)')}
${figure(percent(summary.privileged.coveragePercent), `privileged coverage (${summary.privileged.accounts} accounts)`)}
</div>
</header>`;
}

function scopeLine(report: Report): string {
  const idps = [...new Set(report.sources.map((source) => source.connector))];
  const tenants = new Set(report.sources.map((source) => `${source.connector}:${source.tenant}`)).size;
  return `${report.sources.length} source${plural(report.sources.length)} (${idps.join(', ') || 'none'}), ${tenants} tenant${plural(tenants)}, ${report.summary.accounts} account${plural(report.summary.accounts)} read`;
}

function figure(value: string, label: string): SafeHtml {
  return html`<div class="figure"><span class="value">${value}</span><span class="label">${label}</span></div>`;
}

function completenessPanel(report: Report): SafeHtml {
  const { summary } = report;
  if (report.sources.length === 0) {
    return html`<section id="completeness" class="panel bad"><strong>No source was scanned:</strong> this report covers no account.</section>`;
  }
  if (summary.dataComplete) {
    return html`<section id="completeness" class="panel ok"><strong>Data complete:</strong> every source (${sourceList(report.sources)}) was read in full.</section>`;
  }
  const incomplete = report.sources.filter((source) => source.status !== 'complete');
  const tone = incomplete.some((source) => source.status === 'failed') ? 'bad' : 'warn';
  return html`<section id="completeness" class="panel ${tone}">
<p><strong>Data incomplete:</strong> ${incomplete.length} of ${report.sources.length} source${plural(report.sources.length)} could not be read in full. The figures below speak only for the accounts and data that were read; accounts of a failed source are not counted at all.</p>
<ul>${incomplete.map((source) => html`<li>${sourceCompleteness(report, source)}</li>`)}</ul>
</section>`;
}

function sourceList(sources: readonly ReportSource[]): string {
  return sources.map((source) => `${source.sourceId}: ${source.connector} ${source.tenant}`).join('; ');
}

function sourceCompleteness(report: Report, source: ReportSource): SafeHtml {
  const accounts = report.summary.bySource[source.sourceId]?.accounts ?? 0;
  const consequence =
    source.status === 'failed'
      ? 'no account could be read; its accounts are missing from every figure.'
      : `${accounts} account${plural(accounts)} read; the data below was missing, so affected verdicts are unknown.`;
  const shown = source.errors.slice(0, firstScreenErrorsPerSource);
  const more = source.errors.length - shown.length;
  return html`${statusBadge(source.status)} <strong>${source.sourceId}</strong> (${source.connector}, ${source.tenant}): ${consequence}
${shown.length > 0 ? html`<ul>${shown.map((error) => html`<li>${errorLine(error)}</li>`)}</ul>` : html`<span class="empty">No error was recorded.</span>`}
${more > 0 ? html`<p>… and ${more} more (see <a href="#sources">Sources</a>).</p>` : ''}`;
}

function errorLine(error: ReportSource['errors'][number]): SafeHtml {
  const permission = error.permission ? html` — needs <strong>${error.permission}</strong>` : '';
  const status = error.httpStatus === undefined ? '' : ` (HTTP ${error.httpStatus})`;
  return html`<code>${error.endpoint}</code>: ${error.code}${status}${permission}: ${error.message}`;
}

function navigation(): SafeHtml {
  return html`<nav aria-label="Contents"><ol>
<li><a href="#coverage-by-class">Coverage per user class</a></li>
<li><a href="#not-covered">Accounts not covered</a></li>
<li><a href="#unknown">Unknown coverage</a></li>
<li><a href="#sources">Sources</a></li>
<li><a href="#findings">Findings</a></li>
<li><a href="#policies">Policies</a></li>
<li><a href="#factors">Factor types</a></li>
<li><a href="#all-accounts">All accounts</a></li>
</ol></nav>`;
}

interface ClassRow {
  label: string;
  counts: CoverageCounts;
  /** Sources behind the row that were not read in full. */
  incomplete?: readonly ReportSource[];
}

function classRows(report: Report): ClassRow[] {
  const { summary } = report;
  const rows: ClassRow[] = [{ label: 'All accounts', counts: summary }];
  for (const kind of accountKinds) {
    const counts = summary.byKind[kind];
    if (counts && counts.accounts > 0) rows.push({ label: `Kind: ${kind}`, counts });
  }
  rows.push({ label: 'Privileged', counts: summary.privileged });
  for (const [idp, counts] of Object.entries(summary.byIdp)) {
    rows.push({ label: `IdP: ${idp}`, counts, incomplete: incompleteOf(report.sources.filter((source) => source.connector === idp)) });
  }
  // Per-source rows only add information when an identity provider has several tenants.
  if (new Set(report.sources.map((source) => source.connector)).size < report.sources.length) {
    for (const source of report.sources) {
      const counts = summary.bySource[source.sourceId];
      if (counts) rows.push({ label: `Source: ${source.sourceId}`, counts, incomplete: incompleteOf([source]) });
    }
  }
  return rows;
}

function incompleteOf(sources: readonly ReportSource[]): ReportSource[] {
  return sources.filter((source) => source.status !== 'complete');
}

function coverageByClassSection(report: Report): SafeHtml {
  const rows = classRows(report);
  const chartRows: ChartRow[] = rows
    .filter((row) => row.counts.covered + row.counts.notCovered + row.counts.unknown > 0)
    .map((row) => ({
      label: row.label,
      segments: [
        { value: row.counts.covered, tone: 'good' },
        { value: row.counts.notCovered, tone: 'bad' },
        { value: row.counts.unknown, tone: 'warn' },
      ],
      note: `${percent(row.counts.coveragePercent)} of ${row.counts.covered + row.counts.notCovered + row.counts.unknown}`,
    }));
  return html`<section id="coverage-by-class">
<h2>1. Coverage per user class</h2>
<p>Covered means the account cannot sign in without a second factor: MFA enforced for every sign-in, a method registered and legacy protocols blocked. Unknown accounts count as not covered in the percentage; disabled and non-interactive accounts are listed but not counted.</p>
<table>
<thead><tr><th>Class</th><th class="number">Accounts</th><th class="number">In scope</th><th class="number">Covered</th><th class="number">Not covered</th><th class="number">Unknown</th><th class="number">N/A</th><th class="number">Coverage</th></tr></thead>
<tbody>${rows.map(
    (row) => html`<tr><td>${row.label}${(row.incomplete ?? []).map((source) => html` <span class="badge ${statusTones[source.status]}">${source.sourceId} ${source.status}</span>`)}</td><td class="number">${row.counts.accounts}</td><td class="number">${row.counts.covered + row.counts.notCovered + row.counts.unknown}</td><td class="number">${row.counts.covered}</td><td class="number">${row.counts.notCovered}</td><td class="number">${row.counts.unknown}</td><td class="number">${row.counts.notApplicable}</td><td class="number">${percent(row.counts.coveragePercent)}</td></tr>`,
  )}</tbody>
</table>
${chartRows.length > 0 ? svgBarChart({ id: 'coverage-chart', title: 'Share of in-scope accounts covered, not covered and unknown, per class', scale: 'share', rows: chartRows }) : ''}
${legend([
  ['good', 'covered'],
  ['bad', 'not covered'],
  ['warn', 'unknown'],
])}
</section>`;
}

function legend(entries: ReadonlyArray<readonly [ChartTone, string]>): SafeHtml {
  return html`<ul class="legend">${entries.map(([tone, label]) => html`<li><span class="swatch tone-${tone}"></span>${label}</li>`)}</ul>`;
}

/** Privileged accounts first: they are what an attacker wants and what a supervisor asks about first. */
function privilegedFirst(accounts: readonly ReportAccount[]): ReportAccount[] {
  return [...accounts.filter((account) => account.privileged), ...accounts.filter((account) => !account.privileged)];
}

function notCoveredSection(report: Report): SafeHtml {
  const accounts = privilegedFirst(report.accounts.filter((account) => account.covered === 'no'));
  return html`<section id="not-covered">
<h2>2. Accounts not covered (${accounts.length})</h2>
<p>Each of these accounts can sign in without a second factor. Privileged accounts are listed first.</p>
${gapTable(accounts, 'Every in-scope account that could be read is covered or unknown.')}
</section>`;
}

function unknownSection(report: Report): SafeHtml {
  const accounts = privilegedFirst(report.accounts.filter((account) => account.covered === 'unknown'));
  return html`<section id="unknown">
<h2>3. Accounts with unknown coverage (${accounts.length})</h2>
<p>The scan could not read what it needed to decide; these accounts are not counted as covered.</p>
${gapTable(accounts, 'No account has unknown coverage.')}
</section>`;
}

function gapTable(accounts: readonly ReportAccount[], whenEmpty: string): SafeHtml {
  if (accounts.length === 0) return html`<p class="empty">${whenEmpty}</p>`;
  return html`<table>
<thead><tr><th>Account</th><th>IdP / tenant</th><th>Kind</th><th>Privileged</th><th>MFA enforced</th><th>Registered factors</th><th>Legacy auth</th><th>Why</th></tr></thead>
<tbody>${accounts.map(
    (account) =>
      html`<tr><td>${accountCell(account)}</td><td>${account.idp}<span class="login">${account.tenant}</span></td><td>${account.kind}</td><td>${account.privileged ? html`<strong>yes</strong>${account.roles.length > 0 ? html`<span class="login">${account.roles.join(', ')}</span>` : ''}` : 'no'}</td><td>${account.mfaEnforced.value}</td><td>${account.mfaRegistered.value}${factorList(account)}</td><td>${account.legacyAuth.value}</td><td>${bulletList(account.reasons)}</td></tr>`,
  )}</tbody>
</table>`;
}

function accountCell(account: ReportAccount): SafeHtml {
  return html`${account.displayName}<span class="login">${account.login}</span>`;
}

function factorList(account: ReportAccount): SafeHtml | string {
  const types = [...new Set(account.factors.map((factor) => factor.type))];
  return types.length > 0 ? html`<span class="login">${types.join(', ')}</span>` : '';
}

function bulletList(items: readonly string[]): SafeHtml {
  if (items.length === 0) return html`<span class="empty">none given</span>`;
  return html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`;
}

function sourcesSection(report: Report): SafeHtml {
  return html`<section id="sources">
<h2>4. Sources and data completeness</h2>
${report.sources.length === 0 ? html`<p class="empty">No source was scanned.</p>` : ''}
${report.sources.map((source) => {
  const counts = report.summary.bySource[source.sourceId];
  const requests = Object.entries(source.requests);
  const total = requests.reduce((sum, [, count]) => sum + count, 0);
  return html`<h3>${statusBadge(source.status)} ${source.sourceId}</h3>
<dl class="meta">
<dt>Identity provider</dt><dd>${source.connector}</dd>
<dt>Tenant</dt><dd>${source.tenant}</dd>
<dt>Collected</dt><dd>${source.startedAt} – ${source.finishedAt}</dd>
<dt>Accounts read</dt><dd>${counts?.accounts ?? 0}</dd>
<dt>Permissions used</dt><dd>${source.permissions.length > 0 ? source.permissions.join(', ') : 'none recorded'}</dd>
<dt>API requests</dt><dd>${total}</dd>
</dl>
${source.errors.length > 0 ? html`<p><strong>Missing or incomplete data (${source.errors.length}):</strong></p><ul>${source.errors.map((error) => html`<li>${errorLine(error)}</li>`)}</ul>` : html`<p class="empty">No error was recorded for this source.</p>`}
${requests.length > 0 ? html`<details><summary>Requests per endpoint</summary><table><thead><tr><th>Request</th><th class="number">Count</th></tr></thead><tbody>${requests.map(([label, count]) => html`<tr><td><code>${label}</code></td><td class="number">${count}</td></tr>`)}</tbody></table></details>` : ''}`;
})}
</section>`;
}

function findingsSection(report: Report): SafeHtml {
  const bySeverity = new Map<Severity, Finding[]>();
  for (const finding of report.findings) {
    const list = bySeverity.get(finding.severity) ?? [];
    list.push(finding);
    bySeverity.set(finding.severity, list);
  }
  const counts = severities.map((severity) => `${severity} ${report.summary.findingsBySeverity[severity] ?? 0}`).join(', ');
  return html`<section id="findings">
<h2>5. Findings by severity</h2>
<p>${report.findings.length} finding${plural(report.findings.length)}: ${counts}.</p>
${severities.map((severity) => {
  const findings = bySeverity.get(severity);
  if (!findings) return '';
  return html`<h3><span class="badge ${severityTones[severity]}">${severity}</span> ${findings.length}</h3>
<table><thead><tr><th>Rule</th><th>Subject</th><th>IdP / tenant</th><th>Finding</th></tr></thead>
<tbody>${findings.map((finding) => html`<tr><td><code>${finding.ruleId}</code></td><td>${finding.subject.name}<span class="login">${finding.subject.type} ${finding.subject.id}</span></td><td>${finding.subject.idp}<span class="login">${finding.subject.tenant}</span></td><td>${finding.message}</td></tr>`)}</tbody></table>`;
})}
</section>`;
}

function policiesSection(report: Report): SafeHtml {
  return html`<section id="policies">
<h2>6. Enforcement policies as evaluated (${report.policies.length})</h2>
${
  report.policies.length === 0
    ? html`<p class="empty">No policy was read.</p>`
    : html`<table><thead><tr><th>Policy</th><th>Source</th><th>State</th><th>Requires MFA</th><th>Scope</th></tr></thead>
<tbody>${report.policies.map((policy) => html`<tr><td>${policy.name}<span class="login">${policy.id}</span></td><td>${policy.sourceId}</td><td>${policy.state}</td><td>${policy.requiresMfa ? 'yes' : 'no'}</td><td>${bulletList(policy.scope)}</td></tr>`)}</tbody></table>`
}
</section>`;
}

function factorsSection(report: Report): SafeHtml {
  const { summary } = report;
  const chartRows: ChartRow[] = factorTypes
    .map((type) => ({ type, count: summary.factorTypes[type] ?? 0 }))
    .filter(({ count }) => count > 0)
    .map(({ type, count }) => ({ label: type, segments: [{ value: count, tone: strengthTones[factorStrength(type)] }], note: String(count) }));
  return html`<section id="factors">
<h2>7. Factor types and registration</h2>
<p>Enrolled factors of in-scope accounts, by type and strength class (CIR 2024/2690 11.7).</p>
${chartRows.length > 0 ? svgBarChart({ id: 'factor-chart', title: 'Enrolled factors per type', scale: 'count', rows: chartRows }) : html`<p class="empty">No enrolled factor was read.</p>`}
${legend([
  ['strong', 'phishing-resistant'],
  ['standard', 'standard'],
  ['weak', 'weak'],
])}
<h3>MFA enforcement (in-scope accounts)</h3>
${distributionTable('MFA enforced', enforcementValues, summary.enforcement)}
<h3>MFA registration (in-scope accounts)</h3>
${distributionTable('MFA registered', registrationValues, summary.registration)}
</section>`;
}

function distributionTable(heading: string, values: readonly string[], counts: Readonly<Record<string, number>>): SafeHtml {
  return html`<table><thead><tr><th>${heading}</th><th class="number">Accounts</th></tr></thead>
<tbody>${values.map((value) => html`<tr><td>${value}</td><td class="number">${counts[value] ?? 0}</td></tr>`)}</tbody></table>`;
}

function allAccountsSection(report: Report): SafeHtml {
  return html`<section id="all-accounts">
<h2>8. All accounts (${report.accounts.length})</h2>
<p class="print-only">The full list is in report.csv and report.json beside this file.</p>
<details class="screen-only"><summary>Show all ${report.accounts.length} account${plural(report.accounts.length)}</summary>
<table>
<thead><tr><th>Account</th><th>IdP / source</th><th>Tenant</th><th>Enabled</th><th>Kind</th><th>Privileged</th><th>Factors</th><th>Enforced</th><th>Registered</th><th>Legacy</th><th>Covered</th><th>Reasons</th></tr></thead>
<tbody>${report.accounts.map(accountRow)}</tbody>
</table>
</details>
</section>`;
}

function accountRow(account: ReportAccount): SafeHtml {
  const badge = coverageBadges[account.covered];
  const factors = [...new Set(account.factors.map((factor) => factor.type))].join(', ');
  return html`<tr><td>${accountCell(account)}</td><td>${account.idp}<span class="login">${account.sourceId}</span></td><td>${account.tenant}</td><td>${account.enabled ? 'yes' : 'no'}</td><td>${account.kind}</td><td>${account.privileged ? 'yes' : 'no'}</td><td>${factors}</td><td>${account.mfaEnforced.value}</td><td>${account.mfaRegistered.value}</td><td>${account.legacyAuth.value}</td><td><span class="badge ${badge.tone}">${badge.label}</span></td><td>${account.reasons.join('; ')}</td></tr>`;
}

function statusBadge(status: SourceStatus): SafeHtml {
  return html`<span class="badge ${statusTones[status]}">${status}</span>`;
}

function footer(report: Report): SafeHtml {
  return html`<footer>
<p>Coverage is judged as of ${report.snapshot.createdAt}, from the raw snapshot the scan stored; re-running the analysis on it gives the same figures. Percentages are rounded down, so 100.0% means every in-scope account is covered. Settings: dormant after ${report.settings.dormantAfterDays} days; service-account patterns ${report.settings.serviceAccountPatterns.join(', ') || 'none'}.</p>
<p>NIS2 Directive Art. 21(2)(j); Commission Implementing Regulation (EU) 2024/2690, points 11.5–11.7.</p>
</footer>`;
}

function percent(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)}%`;
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}
