import { buildReport } from '../../src/reports/build-report.js';
import { renderHtml } from '../../src/reports/render-html.js';
import { escapeHtml, html } from '../../src/reports/safe-html.js';
import { findingRule } from '../../src/reports/finding-catalogue.js';
import { rowCap } from '../../src/reports/report-content.js';
import { reconcile } from '../../src/reconcile/reconcile-accounts.js';
import { defaultReconcileConfig } from '../../src/reconcile/reconcile-config.js';
import { account, fixtureInput, hostileDisplayName, hostilePolicyName, sourceMeta } from './report-fixtures.js';

describe('escapeHtml and the html tag', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes interpolated strings, arrays and nested values, but not markup it built itself', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'" onmouseover="x'}">${inner}${['<', 1, null, undefined, [html`<br>`]]}</p>`.toString()).toBe(
      '<p title="&quot; onmouseover=&quot;x"><b>&lt;i&gt;</b>&lt;1<br></p>',
    );
  });
});

describe('renderHtml', () => {
  const report = buildReport(fixtureInput());
  const page = renderHtml(report);

  it('is one HTML document', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('escapes a hostile display name', () => {
    expect(page).not.toContain(hostileDisplayName);
    expect(page).toContain(escapeHtml(hostileDisplayName));
    expect(page).not.toMatch(/<img/i);
  });

  it('escapes a hostile policy name wherever it appears', () => {
    expect(page).not.toContain(hostilePolicyName);
    expect(page).toContain(escapeHtml(hostilePolicyName));
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain('<b>everyone</b>');
  });

  it('escapes the organisation name, error messages and tenant strings in the title too', () => {
    expect(page).toContain('<title>MFA coverage report: Contoso &amp; &lt;Partners&gt;</title>');
    expect(page).toContain('Forbidden &lt;script&gt;');
  });

  it('references no external asset', () => {
    // Every tenant string is escaped, so each remaining `<` opens one of our own tags.
    const tags = [...page.matchAll(/<[^>]*>/g)].map((match) => match[0]);
    const stylesheet = page.slice(page.indexOf('<style>'), page.indexOf('</style>'));
    expect(tags.filter((tag) => /^<(script|link|img|iframe|object|embed|video|audio|source|base|form)\b/i.test(tag))).toEqual([]);
    expect(tags.filter((tag) => /\s(src|srcset|xlink:href|action|style|on[a-z]+)\s*=/i.test(tag))).toEqual([]);
    expect(tags.filter((tag) => /https?:|\/\//i.test(tag))).toEqual([]);
    expect(tags.filter((tag) => /\shref\s*=/.test(tag) && !/\shref="#[a-z-]+"/.test(tag))).toEqual([]);
    expect(stylesheet).not.toMatch(/@import|url\(|https?:/i);
  });

  it('forbids any load through a Content Security Policy', () => {
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  });

  it('carries inline CSS with print rules and inline SVG charts', () => {
    expect(page).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
    expect(page).toContain('<svg class="chart" role="img" aria-labelledby="coverage-chart-title"');
    expect(page).toContain('aria-labelledby="factor-chart-title"');
    expect(page).toContain('aria-labelledby="trend-coverage-chart-title"');
    expect(page).toContain('aria-labelledby="trend-quiet-chart-title"');
  });

  it('follows issue 7: cover, summary, not covered, exceptions, bypasses, policies, factors, findings, trend, then the annexes', () => {
    const order = [
      'id="completeness"',
      'id="summary"',
      'id="not-covered"',
      'id="unknown"',
      'id="exceptions"',
      'id="bypasses"',
      'id="policies"',
      'id="factors"',
      'id="findings"',
      'id="trend"',
      'id="sources"',
      'id="all-accounts"',
    ].map((marker) => page.indexOf(marker));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('groups the accounts not covered by reason, each with its person, tier, gap, exemption state and what to do', () => {
    const section = page.slice(page.indexOf('id="not-covered"'), page.indexOf('id="unknown"'));
    expect(section).toContain('Accounts not covered (3)');
    const group = (reason: string) => section.slice(section.indexOf(`id="not-covered-${reason}"`), section.indexOf('</details>', section.indexOf(`id="not-covered-${reason}"`)));
    expect(group('policy-exclusion')).toContain('Adele@contoso.example');
    expect(group('policy-exclusion')).toContain('MFA not enforced (partial): trusted location &quot;HQ&quot; excluded.');
    expect(group('no-mfa')).toContain('bob@contoso.example');
    expect(group('no-mfa')).toContain('No MFA method registered.');
    expect(group('no-mfa')).toContain('Enforce MFA for the account and have its user register a second factor');
    expect(group('no-mfa')).toMatch(/no-mfa <span class="badge bad">quiet<\/span>/);
    expect(group('legacy-protocol')).toContain('carol@contoso.example');
    expect(group('legacy-protocol')).toContain('Block legacy protocols');
    for (const header of ['Person', 'IdP / tenant', 'Tier', 'Gap and exemption', 'What to do']) expect(section).toContain(`<th>${header}</th>`.replace('<th>Tier</th>', '<th class="number">Tier</th>'));
    expect(section).not.toContain('zoe@contoso.example');
  });

  it('lists privileged accounts first within a group', () => {
    const input = fixtureInput();
    const accounts = [
      account({ id: 'a-1', login: 'aaron@contoso.example', registered: 'no', covered: 'no' }),
      account({ id: 'a-2', login: 'zed-admin@contoso.example', privileged: true, roles: ['Global Administrator'], registered: 'no', covered: 'no' }),
    ];
    const rendered = renderHtml(buildReport({ ...input, sources: [{ meta: sourceMeta({ sourceId: 'entra-main', connector: 'entra', tenant: 't' }), analysis: { accounts, findings: [], policies: [] } }], extraFindings: [] }));
    const group = rendered.slice(rendered.indexOf('id="not-covered-no-mfa"'));
    expect(group.indexOf('zed-admin@contoso.example')).toBeGreaterThan(0);
    expect(group.indexOf('zed-admin@contoso.example')).toBeLessThan(group.indexOf('aaron@contoso.example'));
  });

  it('shows coverage per user class, kind, privileged, tier and IdP in the executive summary', () => {
    const section = page.slice(page.indexOf('id="summary"'), page.indexOf('id="not-covered"'));
    for (const label of ['All accounts', 'Class: human', 'Kind: human', 'Kind: guest', 'Privileged', 'Tier 1', 'Tier 2', 'IdP: entra', 'IdP: okta', 'IdP: aws']) expect(section).toContain(label);
    expect(section).not.toContain('Kind: root');
    expect(section).toContain('MFA enforced / MFA registered');
    expect(section).toContain('quiet exemptions');
    expect(section).toContain(`Level ${report.summary.maturity.level} of 5`);
    expect(section).toContain('first report');
  });

  it('says on the first screen which sources are incomplete and what is missing', () => {
    const firstScreen = page.slice(0, page.indexOf('id="coverage-by-class"'));
    expect(firstScreen).toContain('Data incomplete');
    expect(firstScreen).toContain('aws-root');
    expect(firstScreen).toMatch(/failed<\/span> <strong>aws-root<\/strong>/);
    expect(firstScreen).toContain('okta.users.read');
    expect(firstScreen).toContain('<code>factors</code>');
    expect(firstScreen).toContain('coverage of the accounts that could be read');
  });

  it('says the data is complete when it is', () => {
    const complete = buildReport({
      ...fixtureInput(),
      sources: [{ meta: sourceMeta({ sourceId: 'entra-main', connector: 'entra', tenant: 't' }), analysis: { accounts: [], findings: [], policies: [] } }],
    });
    const rendered = renderHtml(complete);
    expect(rendered).toContain('Data complete');
    expect(rendered).toContain('Accounts not covered (0)');
  });

  it('puts every account in a collapsed index', () => {
    const details = page.slice(page.indexOf('<details class="group" id="account-index"'));
    expect(details.startsWith('<details class="group" id="account-index"><summary>')).toBe(true);
    for (const entry of report.accounts) expect(details).toContain(escapeHtml(entry.login));
  });

  it('gives every finding rule its remediation and references', () => {
    const section = page.slice(page.indexOf('id="findings"'), page.indexOf('id="trend"'));
    const rule = findingRule('entra-admin-weak-factors-only');
    expect(rule).toBeDefined();
    expect(section).toContain(escapeHtml(rule?.remediation ?? ''));
    for (const reference of rule?.references ?? []) expect(section).toContain(escapeHtml(reference));
    expect(section).toContain('No catalogue entry for this rule.');
  });

  it('lists the exception register with owner, controls, approval and review date', () => {
    const register = {
      file: 'exceptions.yaml',
      entries: [
        { id: 'EX-1', origin: 'exceptions.yaml entry 1', account: 'bob@contoso.example', gap: 'no-mfa' as const, reason: 'Key on order', riskOwner: 'Dana (CISO)', compensatingControls: ['Office network only'], approvedBy: 'Board', approvedAt: '2025-01-10', expires: '2025-06-30' },
        { id: 'EX-2', origin: 'exceptions.yaml entry 2', account: 'nobody@contoso.example', gap: 'no-mfa' as const, reason: hostileDisplayName, compensatingControls: [] },
      ],
    };
    const reconciliation = reconcile({
      asOf: new Date('2025-02-01T10:00:00.000Z'),
      settings: fixtureInput().settings,
      accounts: fixtureInput().sources.flatMap(({ meta, analysis }) => analysis.accounts.map((entry) => ({ sourceId: meta.sourceId, account: entry }))),
      findings: [],
      directory: null,
      register,
      config: defaultReconcileConfig,
    });
    const rendered = renderHtml(buildReport({ ...fixtureInput(), reconciliation }));
    const section = rendered.slice(rendered.indexOf('id="exceptions"'), rendered.indexOf('id="bypasses"'));
    for (const text of ['EX-1', 'Dana (CISO)', 'Office network only', 'Board', '2025-01-10', '2025-06-30', 'documented', 'Stale entries (matched no gap) (1)']) expect(section).toContain(text);
    const report = buildReport({ ...fixtureInput(), reconciliation });
    const noMfa = report.summary.exemptionsByGap['no-mfa'];
    expect(noMfa?.documented).toBe(1);
    const byGapTotal = Object.values(report.summary.exemptionsByGap).reduce((sum, states) => sum + states.quiet, 0);
    expect(byGapTotal).toBe(report.summary.exemptions.quiet);
    expect(section).toContain('Gaps per kind and exemption state');
    expect(section).toContain(escapeHtml(hostileDisplayName));
    expect(section).not.toContain(hostileDisplayName);
    const notCovered = rendered.slice(rendered.indexOf('id="not-covered"'), rendered.indexOf('id="unknown"'));
    expect(notCovered).toContain('Documented by EX-1 until 2025-06-30');
  });

  it('shows the coverage of people per department of the directory', () => {
    const accounts = fixtureInput().sources.flatMap(({ meta, analysis }) => analysis.accounts.map((entry) => ({ sourceId: meta.sourceId, account: entry })));
    const person = (index: number, department: string) => ({
      id: `E${index}`,
      employeeId: `E${index}`,
      email: accounts[index]?.account.login.toLowerCase() ?? null,
      name: `Person ${index}`,
      status: 'active' as const,
      startDate: null,
      terminationDate: null,
      employmentType: 'employee' as const,
      department,
      manager: null,
      aliases: [],
      origin: `roster.csv:${index + 2}`,
    });
    const directory = { kind: 'roster' as const, file: 'roster.csv', people: [person(0, 'Finance & <Audit>'), person(1, 'Research')] };
    const reconciliation = reconcile({ asOf: new Date('2025-02-01T10:00:00.000Z'), settings: fixtureInput().settings, accounts, findings: [], directory, register: null, config: defaultReconcileConfig });
    const report = buildReport({ ...fixtureInput(), reconciliation });
    expect(Object.keys(report.summary.byDepartment).sort()).toEqual(['Finance & <Audit>', 'Research']);
    const rendered = renderHtml(report);
    const summary = rendered.slice(rendered.indexOf('id="summary"'), rendered.indexOf('id="not-covered"'));
    expect(summary).toContain('People per department');
    expect(summary).toContain(escapeHtml('Finance & <Audit>'));
    expect(summary).toContain('Research');
  });

  it('caps long lists and says where the full data is, so a large report stays light', () => {
    const many = Array.from({ length: rowCap + 30 }, (_, index) => account({ id: `u-${String(index).padStart(4, '0')}`, registered: 'no', covered: 'no' }));
    const rendered = renderHtml(buildReport({ ...fixtureInput(), sources: [{ meta: sourceMeta({ sourceId: 'entra-main', connector: 'entra', tenant: 't' }), analysis: { accounts: many, findings: [], policies: [] } }], extraFindings: [] }));
    const group = rendered.slice(rendered.indexOf('id="not-covered-no-mfa"'), rendered.indexOf('</details>', rendered.indexOf('id="not-covered-no-mfa"')));
    expect(group).not.toMatch(/id="not-covered-no-mfa" open/);
    expect(group.match(/<tr>/g)?.length).toBe(rowCap + 1);
    expect(group).toContain(`Showing ${rowCap} of ${rowCap + 30}; the full list is in report.csv and report.json.`);
  });

  it('is deterministic', () => {
    expect(renderHtml(buildReport(fixtureInput()))).toBe(page);
  });
});
