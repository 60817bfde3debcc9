/**
 * What the report says, in the order a supervisor reads it (issue 7): cover, executive summary, accounts not
 * covered by reason, the exception register as applied, bypasses and policies, factor types, findings, trend
 * and diff, then the annexes. A pure function from the report to a document (report-document.ts) that both the
 * HTML and the PDF renderer lay out. Long lists are capped here, once, for both formats, so a 100,000-account
 * report stays readable; every capped table says that the full list is in report.csv and report.json.
 */
import { accountKinds, enforcementValues, registrationValues } from '../model/account.js';
import { factorStrength, factorTypes } from '../model/factor.js';
import { severities, type Finding, type Severity } from '../model/finding.js';
import type { GapKind } from '../reconcile/exception-register.js';
import type { ExemptionState } from '../reconcile/exemption-states.js';
import { accountClasses, tiers } from '../reconcile/reconcile-config.js';
import type { SourceStatus } from '../snapshot/snapshot-format.js';
import { findingRule } from './finding-catalogue.js';
import type { Block, Cell, Column, DocumentSection, ReportDocument, Rich, Span, Tone } from './report-document.js';
import type { CoverageCounts, ExceptionChange, GapChange, Report, ReportAccount, ReportException, ReportGap, ReportPerson, ReportSource, ResolvedGap } from './report-model.js';
import type { ChartRow, ChartTone } from './svg-bar-chart.js';

/** Rows shown per capped table on screen; the rest is in report.csv and report.json. */
export const rowCap = 200;
/** Rows of the account index annex on screen. */
export const accountIndexCap = 500;

/** How many rows the capped tables show: the page a browser scrolls can hold more than paper should. */
export interface ContentLimits {
  rowCap: number;
  accountIndexCap: number;
}

export const screenLimits: ContentLimits = { rowCap, accountIndexCap };
/** On paper: a third of the rows, so a 100,000-account report stays a document rather than a phone book. */
export const paperLimits: ContentLimits = { rowCap: 60, accountIndexCap: 150 };
/** Groups with at most this many rows are shown unfolded. */
const openGroupLimit = 50;
/** Errors listed per source on the cover; the sources annex lists them all. */
const coverErrorsPerSource = 5;

const statusTones: Record<SourceStatus, Tone> = { complete: 'ok', partial: 'warn', failed: 'bad' };
const severityTones: Record<Severity, Tone> = { critical: 'bad', high: 'bad', medium: 'warn', low: 'muted', info: 'muted' };
const exemptionTones: Record<ExemptionState | 'stale', Tone> = { documented: 'ok', expired: 'bad', incomplete: 'warn', quiet: 'bad', stale: 'muted' };
const strengthTones: Record<string, ChartTone> = { 'phishing-resistant': 'strong', standard: 'standard', weak: 'weak' };

/** The MFA gaps that make an account not covered, in the order the report groups them. */
const notCoveredReasons: ReadonlyArray<readonly [GapKind, string]> = [
  ['no-mfa', 'MFA not enforced or no second factor registered'],
  ['policy-exclusion', 'Excluded from an MFA policy'],
  ['trusted-location', 'Trusted location or device carve-out'],
  ['legacy-protocol', 'Legacy protocol open'],
  ['weak-method', "Method weaker than the tier's policy"],
];

/** What to do about a gap nobody documented. */
const quietRemedies: Record<GapKind, string> = {
  'no-mfa': 'Enforce MFA for the account and have its user register a second factor, or record an exception with a risk owner, controls and a review date.',
  'policy-exclusion': "Remove the account from the MFA policy's exclusion, or document the exclusion in the exception register.",
  'trusted-location': 'Require MFA from trusted locations and devices too, or document the carve-out in the exception register.',
  'legacy-protocol': 'Block legacy protocols (IMAP, POP, SMTP AUTH, app passwords) for the account.',
  'weak-method': "Enrol a factor that meets the tier's method policy (phishing-resistant for tier 1) and remove the weaker ones.",
  'shared-account': 'Replace the shared account with personal accounts, or record who answers for it and its controls in the register.',
  'service-account': 'Restrict the credential (network, rotation, monitoring) and record those controls in the exception register.',
  'break-glass': 'Record the emergency-access account in the register with monitoring among its controls.',
};

export function reportContent(report: Report, limits: ContentLimits = screenLimits): ReportDocument {
  const context = new ContentContext(report, limits);
  const sections: DocumentSection[] = [
    executiveSummary(context),
    notCoveredSection(context),
    unknownSection(context),
    exceptionsSection(context),
    bypassesSection(context),
    policiesSection(context),
    factorsSection(context),
    findingsSection(context),
    trendSection(context),
    sourcesSection(context),
    accountIndexSection(context),
  ];
  return {
    title: `MFA coverage report: ${report.organisation.name}`,
    heading: 'MFA coverage report',
    organisation: report.organisation.name,
    cover: cover(context),
    sections,
    footer: [
      `Coverage is judged as of ${report.snapshot.createdAt}, from the raw snapshot the scan stored; re-running the analysis on it gives the same figures. Percentages are rounded down, so 100.0% means every in-scope account is covered. Settings: dormant after ${report.settings.dormantAfterDays} days; service-account patterns ${report.settings.serviceAccountPatterns.join(', ') || 'none'}.`,
      'NIS2 Directive Art. 21(2)(j); Commission Implementing Regulation (EU) 2024/2690, points 11.5–11.7. The full data is in report.json (schema docs/report.schema.json) and the CSV exports beside this report.',
    ],
  };
}

/** Lookups the sections share, built once. */
class ContentContext {
  readonly people: Map<string, ReportPerson>;
  readonly exceptions: Map<string, ReportException>;
  readonly inScope: ReportAccount[];

  constructor(
    readonly report: Report,
    readonly limits: ContentLimits,
  ) {
    this.people = new Map(report.people.map((person) => [person.id, person]));
    this.exceptions = new Map(report.exceptions.map((entry) => [entry.id, entry]));
    this.inScope = report.accounts.filter((account) => account.effectiveCovered.value !== 'n/a');
  }
}

// ---- cover ----

function cover({ report }: ContentContext): Block[] {
  const { summary } = report;
  const previous = report.history.diff?.previous;
  const period = previous
    ? `${day(previous.snapshotCreatedAt)} to ${day(report.snapshot.createdAt)} (since the previous report)`
    : `As of ${day(report.snapshot.createdAt)} (no earlier report in the history)`;
  const inScope = summary.covered + summary.notCovered + summary.unknown;
  return [
    {
      kind: 'facts',
      facts: [
        { term: 'Entity', value: report.organisation.name },
        { term: 'Period', value: period },
        { term: 'Data collected', value: report.snapshot.createdAt },
        { term: 'Report generated', value: report.generatedAt },
        { term: 'Scanner', value: `${report.scanner.name} ${report.scanner.version} (snapshot taken by ${report.snapshot.scannerVersion})` },
        { term: 'Scope', value: scopeLine(report) },
      ],
    },
    completenessPanel(report),
    {
      kind: 'figures',
      figures: [
        { value: percent(summary.coveragePercent), label: summary.dataComplete ? 'coverage of in-scope accounts' : 'coverage of the accounts that could be read' },
        { value: count(summary.notCovered), label: 'not covered' },
        { value: count(summary.unknown), label: 'unknown (never counted as covered)' },
        { value: count(inScope), label: 'in scope' },
        { value: count(summary.notApplicable), label: 'not applicable (disabled or non-interactive)' },
        { value: percent(summary.privileged.coveragePercent), label: `privileged coverage (${count(summary.privileged.accounts)} accounts)` },
      ],
    },
  ];
}

function scopeLine(report: Report): string {
  const idps = [...new Set(report.sources.map((source) => source.connector))];
  const tenants = new Set(report.sources.map((source) => `${source.connector}:${source.tenant}`)).size;
  return `${report.sources.length} source${plural(report.sources.length)} (${idps.join(', ') || 'none'}), ${tenants} tenant${plural(tenants)}, ${count(report.summary.accounts)} account${plural(report.summary.accounts)} read`;
}

function completenessPanel(report: Report): Block {
  const { summary } = report;
  if (report.sources.length === 0) {
    return { kind: 'panel', id: 'completeness', tone: 'bad', blocks: [{ kind: 'paragraph', text: [strong('No source was scanned:'), ' this report covers no account.'] }] };
  }
  const perSource: Block = { kind: 'list', items: report.sources.map((source) => sourceCompleteness(report, source)) };
  if (summary.dataComplete) {
    return { kind: 'panel', id: 'completeness', tone: 'ok', blocks: [{ kind: 'paragraph', text: [strong('Data complete:'), ` every source was read in full.`] }, perSource] };
  }
  const incomplete = report.sources.filter((source) => source.status !== 'complete');
  return {
    kind: 'panel',
    id: 'completeness',
    tone: incomplete.some((source) => source.status === 'failed') ? 'bad' : 'warn',
    blocks: [
      {
        kind: 'paragraph',
        text: [
          strong('Data incomplete:'),
          ` ${incomplete.length} of ${report.sources.length} source${plural(report.sources.length)} could not be read in full. The figures below speak only for the accounts and data that were read; accounts of a failed source are not counted at all.`,
        ],
      },
      perSource,
    ],
  };
}

function sourceCompleteness(report: Report, source: ReportSource): Rich {
  const accounts = report.summary.bySource[source.sourceId]?.accounts ?? 0;
  const head: Array<string | Span> = [badge(source.status, statusTones[source.status]), ' ', strong(source.sourceId), ` (${source.connector}, ${source.tenant}): `];
  if (source.status === 'complete') return [...head, `${count(accounts)} account${plural(accounts)} read in full.`];
  const consequence =
    source.status === 'failed'
      ? 'no account could be read; its accounts are missing from every figure.'
      : `${count(accounts)} account${plural(accounts)} read; the data below was missing, so affected verdicts are unknown.`;
  const shown = source.errors.slice(0, coverErrorsPerSource);
  const missing: Array<string | Span> = shown.length === 0 ? [' No error was recorded.'] : shown.flatMap((error, index) => [index === 0 ? ' Missing: ' : '; ', ...errorLine(error)]);
  const more = source.errors.length - shown.length;
  return [...head, consequence, ...missing, ...(more > 0 ? [` … and ${more} more (see Sources).`] : [])];
}

function errorLine(error: ReportSource['errors'][number]): Array<string | Span> {
  const status = error.httpStatus === undefined ? '' : ` (HTTP ${error.httpStatus})`;
  return [code(error.endpoint), `: ${error.code}${status}`, ...(error.permission ? [' — needs ', strong(error.permission)] : []), `: ${error.message}`];
}

// ---- 1. executive summary ----

function executiveSummary(context: ContentContext): DocumentSection {
  const { report } = context;
  const { summary } = report;
  const diff = report.history.diff;
  const inScope = summary.covered + summary.notCovered + summary.unknown;
  const enforced = summary.enforcement.yes ?? 0;
  const registered = summary.registration.yes ?? 0;
  const tier1 = summary.phishingResistantByTier['1'];
  let registeredNotEnforced = 0;
  let enforcedNotRegistered = 0;
  for (const account of context.inScope) {
    const isEnforced = account.mfaEnforced.value === 'yes';
    const isRegistered = account.mfaRegistered.value === 'yes';
    if (isRegistered && !isEnforced) registeredNotEnforced += 1;
    if (isEnforced && !isRegistered) enforcedNotRegistered += 1;
  }
  const change = diff ? changeText(diff.coverage.changePoints) : 'first report';

  const chartRows: ChartRow[] = [
    ...classRows(report).map(({ label, counts }) => ({ label, counts })),
    ...tiers.map((tier) => ({ label: `Tier ${tier}`, counts: summary.byTier[String(tier)] })),
    ...Object.entries(summary.byIdp).map(([idp, counts]) => ({ label: `IdP: ${idp}`, counts })),
  ]
    .filter((row): row is { label: string; counts: CoverageCounts } => row.counts !== undefined && inScopeOf(row.counts) > 0)
    .map(({ label, counts }) => coverageChartRow(label, counts));

  return {
    id: 'summary',
    title: 'Executive summary',
    blocks: [
      {
        kind: 'figures',
        figures: [
          { value: percent(summary.coveragePercent), label: `coverage of ${count(inScope)} in-scope accounts` },
          { value: change, label: diff ? `change since the report of ${day(diff.previous.snapshotCreatedAt)}` : 'no earlier report to compare with' },
          { value: `${count(enforced)} / ${count(registered)}`, label: 'MFA enforced / MFA registered (in-scope accounts)' },
          { value: count(summary.exemptions.quiet), label: 'quiet exemptions (gaps no register entry documents)' },
          { value: `Level ${summary.maturity.level} of 5`, label: `maturity: ${summary.maturity.label}` },
          { value: percent(tier1?.percent ?? null), label: `Tier 1 accounts with a phishing-resistant factor (${count(tier1?.accounts ?? 0)} in scope)` },
        ],
      },
      {
        kind: 'paragraph',
        text: 'Covered means the account cannot sign in without a second factor: MFA enforced for every sign-in, a method registered and legacy protocols blocked. Unknown accounts count as not covered in the percentage; disabled and non-interactive accounts are listed but not counted. Every figure is of effective coverage (after federation: the account that authenticates a delegated sign-in decides).',
      },
      { kind: 'heading', text: 'Coverage per user class' },
      coverageTable('Class', classRows(report)),
      { kind: 'heading', text: 'Coverage per tier' },
      coverageTable(
        'Tier',
        tiers.map((tier) => ({ label: `Tier ${tier}`, counts: summary.byTier[String(tier)] ?? emptyCounts() })),
      ),
      { kind: 'heading', text: 'Coverage per identity provider' },
      coverageTable('Identity provider', idpRows(report)),
      ...(Object.keys(summary.byDepartment).length > 0
        ? [
            { kind: 'heading' as const, text: 'People per department (each by their weakest account)' },
            coverageTable(
              'Department',
              Object.entries(summary.byDepartment).map(([department, counts]) => ({ label: department, counts })),
            ),
          ]
        : []),
      ...(chartRows.length > 0
        ? [
            {
              kind: 'chart' as const,
              chart: { id: 'coverage-chart', title: 'Share of in-scope accounts covered, not covered and unknown, per class, tier and identity provider', scale: 'share' as const, rows: chartRows },
              legend: coverageLegend,
            },
          ]
        : []),
      { kind: 'heading', text: 'Enforced versus registered' },
      {
        kind: 'table',
        columns: [{ header: 'In-scope accounts', weight: 3 }, { header: 'Accounts', numeric: true }],
        rows: [
          ['MFA enforced for every sign-in', count(enforced)],
          ['A second factor registered', count(registered)],
          ['Registered but not enforced (a password alone still signs in)', count(registeredNotEnforced)],
          ['Enforced but nothing registered (the first sign-in can enrol an attacker’s factor)', count(enforcedNotRegistered)],
        ],
        total: 4,
      },
      { kind: 'heading', text: `Maturity level ${summary.maturity.level}: ${summary.maturity.label}` },
      { kind: 'list', items: summary.maturity.evidence },
    ],
  };
}

interface CoverageRow {
  label: string;
  counts: CoverageCounts;
  /** Sources behind the row that were not read in full. */
  incomplete?: readonly ReportSource[];
}

function classRows(report: Report): CoverageRow[] {
  const { summary } = report;
  const rows: CoverageRow[] = [{ label: 'All accounts', counts: summary }];
  for (const value of accountClasses) {
    const counts = summary.byClass[value];
    if (counts && counts.accounts > 0) rows.push({ label: `Class: ${value}`, counts });
  }
  for (const kind of accountKinds) {
    const counts = summary.byKind[kind];
    if (counts && counts.accounts > 0) rows.push({ label: `Kind: ${kind}`, counts });
  }
  rows.push({ label: 'Privileged', counts: summary.privileged });
  if (summary.people.accounts > 0) rows.push({ label: 'People (weakest account)', counts: summary.people });
  return rows;
}

function idpRows(report: Report): CoverageRow[] {
  const { summary } = report;
  const rows: CoverageRow[] = Object.entries(summary.byIdp).map(([idp, counts]) => ({
    label: `IdP: ${idp}`,
    counts,
    incomplete: report.sources.filter((source) => source.connector === idp && source.status !== 'complete'),
  }));
  // Per-source rows only add information when an identity provider has several tenants.
  if (new Set(report.sources.map((source) => source.connector)).size < report.sources.length) {
    for (const source of report.sources) {
      const counts = summary.bySource[source.sourceId];
      if (counts) rows.push({ label: `Source: ${source.sourceId}`, counts, incomplete: source.status === 'complete' ? [] : [source] });
    }
  }
  return rows;
}

const coverageColumns = (first: string): Column[] => [
  { header: first, weight: 3 },
  { header: 'Accounts', numeric: true },
  { header: 'In scope', numeric: true },
  { header: 'Covered', numeric: true },
  { header: 'Not covered', numeric: true },
  { header: 'Unknown', numeric: true },
  { header: 'N/A', numeric: true },
  { header: 'Coverage', numeric: true },
];

function coverageTable(first: string, rows: readonly CoverageRow[]): Block {
  return {
    kind: 'table',
    columns: coverageColumns(first),
    rows: rows.map(({ label, counts, incomplete }) => [
      [label, ...(incomplete ?? []).flatMap((source) => [' ', badge(`${source.sourceId} ${source.status}`, statusTones[source.status])])],
      count(counts.accounts),
      count(inScopeOf(counts)),
      count(counts.covered),
      count(counts.notCovered),
      count(counts.unknown),
      count(counts.notApplicable),
      percent(counts.coveragePercent),
    ]),
    total: rows.length,
  };
}

const coverageLegend: ReadonlyArray<readonly [ChartTone, string]> = [
  ['good', 'covered'],
  ['bad', 'not covered'],
  ['warn', 'unknown'],
];

function coverageChartRow(label: string, counts: Pick<CoverageCounts, 'covered' | 'notCovered' | 'unknown' | 'coveragePercent'>): ChartRow {
  return {
    label,
    segments: [
      { value: counts.covered, tone: 'good' },
      { value: counts.notCovered, tone: 'bad' },
      { value: counts.unknown, tone: 'warn' },
    ],
    note: `${percent(counts.coveragePercent)} of ${count(inScopeOf(counts))}`,
  };
}

// ---- 2. accounts not covered, 3. unknown coverage ----

/** Privileged accounts first: they are what an attacker wants and what a supervisor asks about first. */
function privilegedFirst(accounts: readonly ReportAccount[]): ReportAccount[] {
  return [...accounts.filter((account) => account.privileged), ...accounts.filter((account) => !account.privileged)];
}

function notCoveredReason(account: ReportAccount): GapKind | 'other' {
  for (const [kind] of notCoveredReasons) if (account.gaps.some((gap) => gap.kind === kind)) return kind;
  return 'other';
}

function notCoveredSection(context: ContentContext): DocumentSection {
  const accounts = context.report.accounts.filter((account) => account.effectiveCovered.value === 'no');
  const groups = new Map<string, ReportAccount[]>();
  for (const account of accounts) {
    const reason = notCoveredReason(account);
    const list = groups.get(reason) ?? [];
    list.push(account);
    groups.set(reason, list);
  }
  const labels: ReadonlyArray<readonly [string, string]> = [...notCoveredReasons, ['other', 'Other reasons']];
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `Each of these ${count(accounts.length)} account${plural(accounts.length)} can sign in without a second factor. They are grouped by their first MFA gap; privileged accounts come first in each group. "What to do" follows the exemption state: a documented gap needs its review, a quiet one a fix or an exception.`,
    },
  ];
  if (accounts.length === 0) blocks.push({ kind: 'paragraph', text: 'Every in-scope account that could be read is covered or unknown.', muted: true });
  for (const [reason, label] of labels) {
    const members = groups.get(reason);
    if (!members) continue;
    blocks.push(accountGroup(context, `not-covered-${reason}`, `${label} (${count(members.length)})`, privilegedFirst(members)));
  }
  return { id: 'not-covered', title: `Accounts not covered (${count(accounts.length)})`, blocks };
}

function unknownReason(account: ReportAccount): string {
  if (account.mfaEnforced.value === 'delegated') return 'Sign-in delegated to another identity provider';
  if (account.mfaEnforced.value === 'unknown') return 'Enforcement could not be read';
  if (account.mfaRegistered.value === 'unknown') return 'Registered factors could not be read';
  if (account.legacyAuth.value === 'unknown') return 'Legacy protocol exposure could not be read';
  return 'Other missing data';
}

function unknownSection(context: ContentContext): DocumentSection {
  const accounts = context.report.accounts.filter((account) => account.effectiveCovered.value === 'unknown');
  const groups = new Map<string, ReportAccount[]>();
  for (const account of accounts) {
    const reason = unknownReason(account);
    const list = groups.get(reason) ?? [];
    list.push(account);
    groups.set(reason, list);
  }
  const blocks: Block[] = [
    { kind: 'paragraph', text: 'The scan could not read what it needed to decide; these accounts are not counted as covered. Restore the missing permission or data and scan again.' },
  ];
  if (accounts.length === 0) blocks.push({ kind: 'paragraph', text: 'No account has unknown coverage.', muted: true });
  [...groups].forEach(([reason, members], index) => blocks.push(accountGroup(context, `unknown-${index + 1}`, `${reason} (${count(members.length)})`, privilegedFirst(members))));
  return { id: 'unknown', title: `Accounts with unknown coverage (${count(accounts.length)})`, blocks };
}

function accountGroup(context: ContentContext, id: string, title: string, accounts: readonly ReportAccount[]): Block {
  const shown = accounts.slice(0, context.limits.rowCap);
  return {
    kind: 'group',
    id,
    title,
    open: accounts.length <= openGroupLimit,
    blocks: [
      {
        kind: 'table',
        columns: [
          { header: 'Account', weight: 2 },
          { header: 'Person', weight: 1.5 },
          { header: 'IdP / tenant', weight: 1.3 },
          { header: 'Tier', numeric: true, weight: 0.5 },
          { header: 'Gap and exemption', weight: 1.6 },
          { header: 'Why', weight: 3 },
          { header: 'What to do', weight: 3 },
        ],
        rows: shown.map((account) => gapRow(context, account)),
        total: accounts.length,
        ...omitted(shown.length, accounts.length),
      },
    ],
  };
}

function gapRow(context: ContentContext, account: ReportAccount): Cell[] {
  const person = account.personId === null ? undefined : context.people.get(account.personId);
  const mfaGaps = account.gaps.filter((gap) => notCoveredReasons.some(([kind]) => kind === gap.kind));
  const shownGaps = mfaGaps.length > 0 ? mfaGaps : account.gaps;
  return [
    { text: account.displayName, detail: [account.login, ...(account.privileged ? [`privileged${account.roles.length > 0 ? `: ${account.roles.join(', ')}` : ''}`] : [])] },
    person ? { text: person.name, detail: [person.id, ...(person.leaver ? ['leaver'] : [])] } : { text: account.personId ?? 'not linked', detail: account.link ? [account.link.detail] : [] },
    { text: account.idp, detail: [account.tenant] },
    String(account.tier),
    shownGaps.length > 0
      ? { text: gapSummary(shownGaps[0] as ReportGap), bullets: shownGaps.slice(1).map((gap) => plainGap(gap)) }
      : { text: 'no recorded gap', detail: [`enforced ${account.mfaEnforced.value}, registered ${account.mfaRegistered.value}, legacy ${account.legacyAuth.value}`] },
    { text: '', bullets: account.effectiveCovered.reasons.slice(0, 3) },
    { text: '', bullets: remedies(context, account, shownGaps) },
  ];
}

function gapSummary(gap: ReportGap): Rich {
  return [`${gap.kind} `, badge(gap.state, exemptionTones[gap.state]), ...(gap.exceptionId ? [` ${gap.exceptionId}`] : [])];
}

function plainGap(gap: ReportGap): string {
  return `${gap.kind}: ${gap.state}${gap.exceptionId ? ` (${gap.exceptionId})` : ''}`;
}

function remedies(context: ContentContext, account: ReportAccount, gaps: readonly ReportGap[]): string[] {
  if (account.effectiveCovered.value === 'unknown') {
    if (account.mfaEnforced.value === 'delegated') return ['Check the identity provider the sign-in is delegated to: link the person to an account there, or confirm that account is covered.'];
    return ['Grant the permission or restore the data the source lacked (see Sources), then scan again.'];
  }
  if (gaps.length === 0) return ['Review the verdict reasons and enforce MFA for every sign-in of the account.'];
  return [...new Set(gaps.map((gap) => remedy(context, gap)))];
}

function remedy(context: ContentContext, gap: ReportGap): string {
  const entry = gap.exceptionId === null ? undefined : context.exceptions.get(gap.exceptionId);
  const id = gap.exceptionId ?? 'the exception';
  switch (gap.state) {
    case 'documented':
      return `Documented by ${id}${entry?.expires ? ` until ${entry.expires}` : ''}: review it by then${entry?.riskOwner ? ` with ${entry.riskOwner}` : ''}.`;
    case 'expired':
      return `${id} expired${entry?.expires ? ` on ${entry.expires}` : ''}: close the gap, or renew the exception with a new review date. ${quietRemedies[gap.kind]}`;
    case 'incomplete':
      return `${id} is incomplete (${(entry?.reasons ?? []).join(' ') || 'owner, controls or date missing'}): complete it, or close the gap.`;
    case 'quiet':
      return quietRemedies[gap.kind];
  }
}

// ---- 4. exceptions ----

function exceptionsSection(context: ContentContext): DocumentSection {
  const { report } = context;
  const { exemptions } = report.summary;
  const register = report.exceptionRegister;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: register
        ? `The register ${register.file} holds ${count(register.entries)} entr${register.entries === 1 ? 'y' : 'ies'}, each applied as of the snapshot: documented (complete and in date), expired, incomplete (no risk owner, control or review date) or stale (it matched no gap).`
        : 'No exception register is configured: every gap is quiet.',
    },
    {
      kind: 'figures',
      figures: [
        { value: count(exemptions.documented), label: 'gaps documented' },
        { value: count(exemptions.expired), label: 'gaps under an expired entry' },
        { value: count(exemptions.incomplete), label: 'gaps under an incomplete entry' },
        { value: count(exemptions.quiet), label: 'quiet gaps (no entry)' },
        { value: count(exemptions.stale), label: 'stale entries (matched nothing)' },
      ],
    },
  ];
  const gapRows = Object.entries(report.summary.exemptionsByGap).filter(([, states]) => states.documented + states.expired + states.incomplete + states.quiet > 0);
  if (gapRows.length > 0) {
    blocks.push({ kind: 'paragraph', text: 'Gaps per kind and exemption state: quiet MFA gaps apart from, say, service accounts awaiting their justification.' });
    blocks.push({
      kind: 'table',
      columns: [
        { header: 'Gap', weight: 1.6 },
        { header: 'Documented', numeric: true },
        { header: 'Expired', numeric: true },
        { header: 'Incomplete', numeric: true },
        { header: 'Quiet', numeric: true },
      ],
      rows: gapRows.map(([kind, states]) => [kind, count(states.documented), count(states.expired), count(states.incomplete), count(states.quiet)]),
      total: gapRows.length,
    });
  }
  const entries = report.exceptions;
  if (entries.length > 0) {
    const shown = entries.slice(0, context.limits.rowCap);
    blocks.push({
      kind: 'table',
      columns: [
        { header: 'Entry' },
        { header: 'Account or person', weight: 1.6 },
        { header: 'Gap' },
        { header: 'Reason', weight: 2 },
        { header: 'Risk owner', weight: 1.2 },
        { header: 'Controls', weight: 2 },
        { header: 'Approval', weight: 1.2 },
        { header: 'Review date' },
        { header: 'State', weight: 1.6 },
        { header: 'Gaps', numeric: true, weight: 0.6 },
      ],
      rows: shown.map((entry) => [
        { text: entry.id, detail: [entry.origin, ...(entry.ticket ? [entry.ticket] : [])] },
        { text: entry.account ?? entry.person ?? '', detail: entry.sourceId ? [entry.sourceId] : entry.person ? ['person'] : [] },
        { text: entry.gap, detail: entry.policy ? [entry.policy] : [] },
        entry.reason,
        entry.riskOwner ?? missing('none'),
        entry.compensatingControls.length > 0 ? { text: '', bullets: entry.compensatingControls } : missing('none'),
        entry.approvedBy || entry.approvedAt ? { text: entry.approvedBy ?? 'unnamed', detail: entry.approvedAt ? [entry.approvedAt] : [] } : missing('not approved'),
        entry.expires ?? missing('none'),
        { text: [badge(entry.state, exemptionTones[entry.state])], detail: entry.reasons },
        count(entry.gaps),
      ]),
      total: entries.length,
      ...omitted(shown.length, entries.length),
    });
  }
  for (const [state, label] of [
    ['expired', 'Expired entries'],
    ['incomplete', 'Incomplete entries'],
    ['stale', 'Stale entries (matched no gap)'],
  ] as const) {
    const matching = entries.filter((entry) => entry.state === state);
    if (matching.length === 0) continue;
    blocks.push({
      kind: 'group',
      title: `${label} (${count(matching.length)})`,
      open: matching.length <= openGroupLimit,
      blocks: [{ kind: 'list', items: matching.slice(0, context.limits.rowCap).map((entry) => [strong(entry.id), ` ${entry.account ?? entry.person ?? ''} (${entry.gap}): ${entry.reasons.join(' ')}`]) }],
    });
  }
  const quiet = report.accounts.flatMap((account) => account.gaps.filter((gap) => gap.state === 'quiet').map((gap) => ({ account, gap })));
  if (quiet.length > 0) {
    const shown = quiet.slice(0, context.limits.rowCap);
    blocks.push({
      kind: 'group',
      id: 'quiet-exemptions',
      title: `Quiet exemptions: gaps no entry documents (${count(quiet.length)})`,
      open: quiet.length <= openGroupLimit,
      blocks: [
        {
          kind: 'table',
          columns: [{ header: 'Account', weight: 2 }, { header: 'Source' }, { header: 'Gap' }, { header: 'Evidence', weight: 4 }],
          rows: shown.map(({ account, gap }) => [{ text: account.displayName, detail: [account.login] }, account.sourceId, gap.kind, { text: '', bullets: gap.evidence.slice(0, 2) }]),
          total: quiet.length,
          ...omitted(shown.length, quiet.length),
        },
      ],
    });
  }
  return { id: 'exceptions', title: 'Exceptions register as applied', blocks };
}

// ---- 5. bypasses, legacy protocols and policies ----

function bypassesSection(context: ContentContext): DocumentSection {
  const { report } = context;
  const idps = [...new Set(report.sources.map((source) => source.connector))];
  const tally = new Map(idps.map((idp) => [idp as string, { inScope: 0, legacyOpen: 0, legacyUnknown: 0, partial: 0, exclusion: 0, trusted: 0, delegated: 0 }]));
  const legacy: ReportAccount[] = [];
  const carveOuts: ReportAccount[] = [];
  for (const account of context.inScope) {
    let row = tally.get(account.idp);
    if (!row) tally.set(account.idp, (row = { inScope: 0, legacyOpen: 0, legacyUnknown: 0, partial: 0, exclusion: 0, trusted: 0, delegated: 0 }));
    row.inScope += 1;
    if (account.legacyAuth.value === 'open') {
      row.legacyOpen += 1;
      legacy.push(account);
    }
    if (account.legacyAuth.value === 'unknown') row.legacyUnknown += 1;
    if (account.mfaEnforced.value === 'partial') row.partial += 1;
    if (account.mfaEnforced.value === 'delegated') row.delegated += 1;
    const exclusion = account.gaps.some((gap) => gap.kind === 'policy-exclusion');
    const trusted = account.gaps.some((gap) => gap.kind === 'trusted-location');
    if (exclusion) row.exclusion += 1;
    if (trusted) row.trusted += 1;
    if (exclusion || trusted || account.mfaEnforced.value === 'partial') carveOuts.push(account);
  }
  const bypassTable = (accounts: readonly ReportAccount[], evidence: (account: ReportAccount) => string[]): Block => {
    const shown = privilegedFirst(accounts).slice(0, context.limits.rowCap);
    return {
      kind: 'table',
      columns: [{ header: 'Account', weight: 2 }, { header: 'IdP / tenant', weight: 1.3 }, { header: 'Tier', numeric: true, weight: 0.5 }, { header: 'Evidence', weight: 5 }],
      rows: shown.map((account) => [{ text: account.displayName, detail: [account.login] }, { text: account.idp, detail: [account.tenant] }, String(account.tier), { text: '', bullets: evidence(account) }]),
      total: accounts.length,
      ...omitted(shown.length, accounts.length),
    };
  };
  return {
    id: 'bypasses',
    title: 'Bypasses and legacy protocols',
    blocks: [
      { kind: 'paragraph', text: 'Ways past MFA per identity provider, among in-scope accounts: legacy protocols that take a password alone, policy exclusions, trusted-location or device carve-outs, and sign-ins delegated to another identity provider.' },
      {
        kind: 'table',
        columns: [
          { header: 'Identity provider', weight: 1.5 },
          { header: 'In scope', numeric: true },
          { header: 'Legacy open', numeric: true },
          { header: 'Legacy unknown', numeric: true },
          { header: 'MFA partial', numeric: true },
          { header: 'Policy exclusion', numeric: true },
          { header: 'Trusted location', numeric: true },
          { header: 'Delegated', numeric: true },
        ],
        rows: [...tally].map(([idp, row]) => [idp, count(row.inScope), count(row.legacyOpen), count(row.legacyUnknown), count(row.partial), count(row.exclusion), count(row.trusted), count(row.delegated)]),
        total: tally.size,
      },
      { kind: 'group', id: 'legacy-open', title: `Accounts with legacy protocols open (${count(legacy.length)})`, open: legacy.length <= openGroupLimit, blocks: [bypassTable(legacy, (account) => account.legacyAuth.reasons)] },
      {
        kind: 'group',
        id: 'carve-outs',
        title: `Accounts past MFA by exclusion or carve-out (${count(carveOuts.length)})`,
        open: carveOuts.length <= openGroupLimit,
        blocks: [
          bypassTable(carveOuts, (account) => [
            ...account.mfaEnforced.reasons.slice(0, 2),
            ...account.gaps.filter((gap) => gap.kind === 'policy-exclusion' || gap.kind === 'trusted-location').flatMap((gap) => gap.evidence.slice(0, 1)),
          ]),
        ],
      },
    ],
  };
}

function policiesSection({ report, limits }: ContentContext): DocumentSection {
  const blocks: Block[] = [{ kind: 'paragraph', text: 'Every enforcement policy read, as evaluated: whether it requires MFA and whom it includes and excludes.' }];
  if (report.policies.length === 0) blocks.push({ kind: 'paragraph', text: 'No policy was read.', muted: true });
  for (const source of report.sources) {
    const policies = report.policies.filter((policy) => policy.sourceId === source.sourceId);
    if (policies.length === 0) continue;
    const shown = policies.slice(0, limits.rowCap);
    blocks.push({ kind: 'heading', text: `${source.sourceId} (${source.connector}, ${source.tenant})` });
    blocks.push({
      kind: 'table',
      columns: [{ header: 'Policy', weight: 2.5 }, { header: 'State', weight: 1.2 }, { header: 'Requires MFA', weight: 0.8 }, { header: 'Scope', weight: 4 }],
      rows: shown.map((policy) => [{ text: policy.name, detail: [policy.id] }, policy.state, policy.requiresMfa ? 'yes' : [badge('no', 'bad')], { text: '', bullets: policy.scope }]),
      total: policies.length,
      ...omitted(shown.length, policies.length),
    });
  }
  return { id: 'policies', title: `Enforcement policies as evaluated (${count(report.policies.length)})`, blocks };
}

// ---- 6. factor types ----

function factorsSection({ report }: ContentContext): DocumentSection {
  const { summary } = report;
  const chartRows: ChartRow[] = factorTypes
    .map((type) => ({ type, value: summary.factorTypes[type] ?? 0 }))
    .filter(({ value }) => value > 0)
    .map(({ type, value }) => ({ label: type, segments: [{ value, tone: strengthTones[factorStrength(type)] ?? 'standard' }], note: count(value) }));
  const used = factorTypes.filter((type) => (summary.factorTypes[type] ?? 0) > 0);
  const tier1 = summary.phishingResistantByTier['1'];
  return {
    id: 'factors',
    title: 'Factor types',
    blocks: [
      {
        kind: 'paragraph',
        text: `Enrolled factors of in-scope accounts, by type and strength class (CIR 2024/2690 11.7). Tier 1 phishing-resistant share: ${percent(tier1?.percent ?? null)} (${count(tier1?.phishingResistant ?? 0)} of ${count(tier1?.accounts ?? 0)} in-scope Tier 1 accounts have a phishing-resistant factor).`,
      },
      chartRows.length > 0
        ? {
            kind: 'chart',
            chart: { id: 'factor-chart', title: 'Enrolled factors per type', scale: 'count', rows: chartRows },
            legend: [
              ['strong', 'phishing-resistant'],
              ['standard', 'standard'],
              ['weak', 'weak'],
            ],
          }
        : { kind: 'paragraph', text: 'No enrolled factor was read.', muted: true },
      { kind: 'heading', text: 'Per tier and for privileged accounts' },
      {
        kind: 'table',
        columns: [{ header: 'Factor type', weight: 2 }, { header: 'Strength', weight: 1.5 }, { header: 'All', numeric: true }, ...tiers.map((tier) => ({ header: `Tier ${tier}`, numeric: true })), { header: 'Privileged', numeric: true }],
        rows: used.map((type) => [
          type,
          factorStrength(type),
          count(summary.factorTypes[type] ?? 0),
          ...tiers.map((tier) => count(summary.factorTypesByTier[String(tier)]?.[type] ?? 0)),
          count(summary.privilegedFactorTypes[type] ?? 0),
        ]),
        total: used.length,
      },
      { kind: 'heading', text: 'Phishing-resistant share per tier' },
      {
        kind: 'table',
        columns: [{ header: 'Tier', weight: 2 }, { header: 'In-scope accounts', numeric: true }, { header: 'With a phishing-resistant factor', numeric: true }, { header: 'Share', numeric: true }],
        rows: tiers.map((tier) => {
          const share = summary.phishingResistantByTier[String(tier)];
          return [`Tier ${tier}`, count(share?.accounts ?? 0), count(share?.phishingResistant ?? 0), percent(share?.percent ?? null)];
        }),
        total: tiers.length,
      },
      { kind: 'heading', text: 'MFA enforcement and registration (in-scope accounts)' },
      {
        kind: 'table',
        columns: [{ header: 'MFA enforced', weight: 2 }, { header: 'Accounts', numeric: true }],
        rows: enforcementValues.map((value) => [value, count(summary.enforcement[value] ?? 0)]),
        total: enforcementValues.length,
      },
      {
        kind: 'table',
        columns: [{ header: 'MFA registered', weight: 2 }, { header: 'Accounts', numeric: true }],
        rows: registrationValues.map((value) => [value, count(summary.registration[value] ?? 0)]),
        total: registrationValues.length,
      },
    ],
  };
}

// ---- 7. findings ----

function findingsSection({ report, limits }: ContentContext): DocumentSection {
  const bySeverity = new Map<Severity, Finding[]>();
  for (const finding of report.findings) {
    const list = bySeverity.get(finding.severity) ?? [];
    list.push(finding);
    bySeverity.set(finding.severity, list);
  }
  const counts = severities.map((severity) => `${severity} ${count(report.summary.findingsBySeverity[severity] ?? 0)}`).join(', ');
  const blocks: Block[] = [{ kind: 'paragraph', text: `${count(report.findings.length)} finding${plural(report.findings.length)}: ${counts}. Each rule names the NIS2 Art. 21(2)(j) and CIR 2024/2690 provisions it answers to and what to do.` }];
  for (const severity of severities) {
    const findings = bySeverity.get(severity);
    if (!findings) continue;
    const byRule = new Map<string, number>();
    for (const finding of findings) byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
    const shown = findings.slice(0, limits.rowCap);
    blocks.push({ kind: 'heading', text: [badge(severity, severityTones[severity]), ` ${count(findings.length)} finding${plural(findings.length)}`] });
    blocks.push({
      kind: 'table',
      columns: [{ header: 'Rule', weight: 2.2 }, { header: 'Findings', numeric: true, weight: 0.7 }, { header: 'Remediation', weight: 4 }, { header: 'References', weight: 1.8 }],
      rows: [...byRule].map(([ruleId, total]) => {
        const rule = findingRule(ruleId);
        return [
          { text: rule?.title ?? ruleId, detail: [ruleId] },
          count(total),
          rule ? rule.remediation : missing('No catalogue entry for this rule.'),
          { text: '', bullets: rule?.references ?? [] },
        ];
      }),
      total: byRule.size,
    });
    blocks.push({
      kind: 'group',
      id: `findings-${severity}`,
      title: `The ${count(findings.length)} ${severity} finding${plural(findings.length)}`,
      open: findings.length <= 20,
      blocks: [
        {
          kind: 'table',
          columns: [{ header: 'Rule', weight: 1.6 }, { header: 'Subject', weight: 2 }, { header: 'IdP / tenant', weight: 1.3 }, { header: 'Finding', weight: 4 }],
          rows: shown.map((finding) => [
            [code(finding.ruleId)],
            { text: finding.subject.name, detail: [`${finding.subject.type} ${finding.subject.id}`] },
            { text: finding.subject.idp, detail: [finding.subject.tenant] },
            finding.message,
          ]),
          total: findings.length,
          ...omitted(shown.length, findings.length),
        },
      ],
    });
  }
  return { id: 'findings', title: 'Findings by severity', blocks };
}

// ---- 8. trend and diff ----

function trendSection({ report, limits }: ContentContext): DocumentSection {
  const { trend, diff, priorReports } = report.history;
  const pointLabel = (point: (typeof trend)[number]) => `${day(point.snapshotCreatedAt)}${point.current ? ' (this report)' : ''}`;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text:
        priorReports === 0
          ? 'No earlier report was in the history: the trend starts with this report and there is nothing to compare with yet. Pass earlier report.json files with --history to see the trend and the changes.'
          : `Coverage and quiet exemptions over the last ${trend.length} reports (${priorReports} earlier report${plural(priorReports)} in the history), oldest first.`,
    },
    {
      kind: 'chart',
      chart: { id: 'trend-coverage-chart', title: 'Coverage of in-scope accounts per report', scale: 'share', rows: trend.map((point) => coverageChartRow(pointLabel(point), point)) },
      legend: coverageLegend,
    },
    {
      kind: 'chart',
      chart: {
        id: 'trend-quiet-chart',
        title: 'Quiet exemptions per report',
        scale: 'count',
        rows: trend.map((point) => ({ label: pointLabel(point), segments: [{ value: point.quietExemptions, tone: 'warn' }], note: count(point.quietExemptions) })),
      },
      legend: [['warn', 'quiet exemptions']],
    },
    {
      kind: 'table',
      columns: [
        { header: 'Snapshot', weight: 2 },
        { header: 'Coverage', numeric: true },
        { header: 'In scope', numeric: true },
        { header: 'Not covered', numeric: true },
        { header: 'Unknown', numeric: true },
        { header: 'Quiet exemptions', numeric: true },
        { header: 'Maturity', numeric: true },
      ],
      rows: trend.map((point) => [
        pointLabel(point),
        percent(point.coveragePercent),
        count(point.inScope),
        count(point.notCovered),
        count(point.unknown),
        count(point.quietExemptions),
        point.maturityLevel === null ? '—' : String(point.maturityLevel),
      ]),
      total: trend.length,
    },
  ];
  if (diff) {
    blocks.push({ kind: 'heading', text: `Changes since the report of ${day(diff.previous.snapshotCreatedAt)}` });
    blocks.push({
      kind: 'paragraph',
      text: `Coverage ${percent(diff.coverage.previousPercent)} → ${percent(diff.coverage.currentPercent)} (${changeText(diff.coverage.changePoints)}); quiet exemptions ${count(diff.quietExemptions.previous)} → ${count(diff.quietExemptions.current)}.`,
    });
    blocks.push({
      kind: 'figures',
      figures: [
        { value: count(diff.newGaps.length), label: 'new gaps' },
        { value: count(diff.resolvedGaps.length), label: 'resolved gaps' },
        { value: count(diff.newExceptions.length), label: 'new exceptions' },
        { value: count(diff.expiredExceptions.length), label: 'exceptions expired since' },
        { value: count(diff.removedExceptions.length), label: 'exceptions removed' },
      ],
    });
    blocks.push(gapChangeGroup('diff-new-gaps', 'New gaps', diff.newGaps, limits.rowCap));
    blocks.push(gapChangeGroup('diff-resolved-gaps', 'Resolved gaps', diff.resolvedGaps, limits.rowCap));
    blocks.push(exceptionChangeGroup('diff-new-exceptions', 'New exceptions', diff.newExceptions, limits.rowCap));
    blocks.push(exceptionChangeGroup('diff-expired-exceptions', 'Expired exceptions', diff.expiredExceptions, limits.rowCap));
    blocks.push(exceptionChangeGroup('diff-removed-exceptions', 'Removed exceptions', diff.removedExceptions, limits.rowCap));
  }
  return { id: 'trend', title: 'Trend and changes since the previous report', blocks };
}

function gapChangeGroup(id: string, label: string, gaps: ReadonlyArray<GapChange | ResolvedGap>, cap: number): Block {
  const shown = gaps.slice(0, cap);
  return {
    kind: 'group',
    id,
    title: `${label} (${count(gaps.length)})`,
    open: gaps.length > 0 && gaps.length <= openGroupLimit,
    blocks:
      gaps.length === 0
        ? [{ kind: 'paragraph', text: 'None.', muted: true }]
        : [
            {
              kind: 'table',
              columns: [{ header: 'Account', weight: 2.5 }, { header: 'Source', weight: 1.2 }, { header: 'Gap' }, { header: 'Exemption', weight: 1.2 }],
              rows: shown.map((gap) => [
                { text: gap.login, detail: 'resolution' in gap ? [gap.resolution === 'closed' ? 'gap closed' : 'account removed'] : [] },
                { text: gap.sourceId, detail: [gap.idp] },
                gap.kind,
                [badge(gap.state, exemptionTones[gap.state]), ...(gap.exceptionId ? [` ${gap.exceptionId}`] : [])],
              ]),
              total: gaps.length,
              ...omitted(shown.length, gaps.length),
            },
          ],
  };
}

function exceptionChangeGroup(id: string, label: string, entries: readonly ExceptionChange[], cap: number): Block {
  const shown = entries.slice(0, cap);
  return {
    kind: 'group',
    id,
    title: `${label} (${count(entries.length)})`,
    open: entries.length > 0 && entries.length <= openGroupLimit,
    blocks:
      entries.length === 0
        ? [{ kind: 'paragraph', text: 'None.', muted: true }]
        : [
            {
              kind: 'table',
              columns: [{ header: 'Entry' }, { header: 'Account or person', weight: 2.5 }, { header: 'Gap' }, { header: 'State' }, { header: 'Review date' }],
              rows: shown.map((entry) => [entry.id, entry.subject, entry.gap, [badge(entry.state, exemptionTones[entry.state])], entry.expires ?? missing('none')]),
              total: entries.length,
              ...omitted(shown.length, entries.length),
            },
          ],
  };
}

// ---- annexes ----

function sourcesSection({ report }: ContentContext): DocumentSection {
  const blocks: Block[] = [];
  if (report.sources.length === 0) blocks.push({ kind: 'paragraph', text: 'No source was scanned.', muted: true });
  for (const source of report.sources) {
    const requests = Object.entries(source.requests);
    const total = requests.reduce((sum, [, value]) => sum + value, 0);
    blocks.push({ kind: 'heading', text: [badge(source.status, statusTones[source.status]), ' ', source.sourceId] });
    blocks.push({
      kind: 'facts',
      facts: [
        { term: 'Identity provider', value: source.connector },
        { term: 'Tenant', value: source.tenant },
        { term: 'Collected', value: `${source.startedAt} – ${source.finishedAt}` },
        { term: 'Accounts read', value: count(report.summary.bySource[source.sourceId]?.accounts ?? 0) },
        { term: 'Permissions used', value: source.permissions.length > 0 ? source.permissions.join(', ') : 'none recorded' },
        { term: 'API requests', value: count(total) },
      ],
    });
    blocks.push(
      source.errors.length > 0
        ? { kind: 'group', title: `Missing or incomplete data (${count(source.errors.length)})`, open: true, blocks: [{ kind: 'list', items: source.errors.map(errorLine) }] }
        : { kind: 'paragraph', text: 'No error was recorded for this source.', muted: true },
    );
    if (requests.length > 0) {
      blocks.push({
        kind: 'group',
        title: 'Requests per endpoint',
        open: false,
        blocks: [{ kind: 'table', columns: [{ header: 'Request', weight: 4 }, { header: 'Count', numeric: true }], rows: requests.map(([label, value]) => [[code(label)], count(value)]), total: requests.length }],
      });
    }
  }
  return { id: 'sources', title: 'Annex: sources and data completeness', blocks };
}

function accountIndexSection({ report, limits }: ContentContext): DocumentSection {
  const shown = report.accounts.slice(0, limits.accountIndexCap);
  const coverageTones = { yes: 'ok', no: 'bad', unknown: 'warn', 'n/a': 'muted' } as const;
  const coverageLabels = { yes: 'covered', no: 'not covered', unknown: 'unknown', 'n/a': 'n/a' } as const;
  return {
    id: 'all-accounts',
    title: `Annex: all accounts (${count(report.accounts.length)})`,
    blocks: [
      { kind: 'paragraph', text: 'Every account with its verdicts; the full list with every reason is in report.csv and report.json beside this report.' },
      {
        kind: 'group',
        id: 'account-index',
        title: `Show ${shown.length < report.accounts.length ? `the first ${count(shown.length)} of ` : 'all '}${count(report.accounts.length)} account${plural(report.accounts.length)}`,
        open: false,
        blocks: [
          {
            kind: 'table',
            columns: [
              { header: 'Account', weight: 2.2 },
              { header: 'IdP / source', weight: 1.3 },
              { header: 'Kind' },
              { header: 'Tier', numeric: true, weight: 0.5 },
              { header: 'Factors', weight: 1.5 },
              { header: 'Enforced' },
              { header: 'Registered' },
              { header: 'Legacy' },
              { header: 'Covered' },
              { header: 'Reasons', weight: 3 },
            ],
            rows: shown.map((account) => [
              { text: account.displayName, detail: [account.login, ...(account.privileged ? ['privileged'] : []), ...(account.enabled ? [] : ['disabled'])] },
              { text: account.idp, detail: [account.sourceId] },
              account.kind,
              String(account.tier),
              [...new Set(account.factors.map((factor) => factor.type))].join(', '),
              account.mfaEnforced.value,
              account.mfaRegistered.value,
              account.legacyAuth.value,
              [badge(coverageLabels[account.effectiveCovered.value], coverageTones[account.effectiveCovered.value])],
              account.effectiveCovered.reasons.join('; '),
            ]),
            total: report.accounts.length,
            ...omitted(shown.length, report.accounts.length),
          },
        ],
      },
    ],
  };
}

// ---- text ----

function strong(text: string): Span {
  return { text, style: 'strong' };
}

function code(text: string): Span {
  return { text, style: 'code' };
}

function badge(text: string, tone: Tone): Span {
  return { text, style: 'badge', tone };
}

function missing(text: string): Rich {
  return [{ text, style: 'muted' }];
}

function omitted(shown: number, total: number): { omitted?: string } {
  return shown < total ? { omitted: `Showing ${count(shown)} of ${count(total)}; the full list is in report.csv and report.json.` } : {};
}

function inScopeOf(counts: Pick<CoverageCounts, 'covered' | 'notCovered' | 'unknown'>): number {
  return counts.covered + counts.notCovered + counts.unknown;
}

function emptyCounts(): CoverageCounts {
  return { accounts: 0, covered: 0, notCovered: 0, unknown: 0, notApplicable: 0, coveragePercent: null };
}

export function percent(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)}%`;
}

/** Thousands separated by commas, independent of the machine's locale. */
export function count(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function changeText(points: number | null): string {
  if (points === null) return '—';
  return `${points > 0 ? '+' : points < 0 ? '−' : '±'}${Math.abs(points).toFixed(1)} pts`;
}

function day(isoDateTime: string): string {
  return isoDateTime.slice(0, 10);
}

function plural(value: number): string {
  return value === 1 ? '' : 's';
}
