import { buildReport } from '../../src/reports/build-report.js';
import { renderHtml } from '../../src/reports/render-html.js';
import { escapeHtml, html } from '../../src/reports/safe-html.js';
import { fixtureInput, hostileDisplayName, hostilePolicyName, sourceMeta } from './report-fixtures.js';

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
  });

  it('answers the two questions first: coverage per class, then accounts not covered, before everything else', () => {
    const order = ['id="completeness"', 'id="coverage-by-class"', 'id="not-covered"', 'id="unknown"', 'id="sources"', 'id="findings"', 'id="policies"', 'id="factors"', 'id="all-accounts"'].map(
      (marker) => page.indexOf(marker),
    );
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page.indexOf('id="not-covered"')).toBeLessThan(page.indexOf('<details class="screen-only"><summary>Show all'));
  });

  it('lists every not-covered account with its reasons, privileged first', () => {
    const section = page.slice(page.indexOf('id="not-covered"'), page.indexOf('id="unknown"'));
    expect(section).toContain('Accounts not covered (3)');
    expect(section).toContain('MFA not enforced (partial): trusted location &quot;HQ&quot; excluded.');
    expect(section).toContain('No MFA method registered.');
    expect(section.indexOf('Adele@contoso.example')).toBeLessThan(section.indexOf('bob@contoso.example'));
    expect(section).not.toContain('zoe@contoso.example');
  });

  it('shows coverage per kind, privileged and IdP', () => {
    const section = page.slice(page.indexOf('id="coverage-by-class"'), page.indexOf('id="not-covered"'));
    for (const label of ['All accounts', 'Kind: human', 'Kind: guest', 'Privileged', 'IdP: entra', 'IdP: okta', 'IdP: aws']) expect(section).toContain(label);
    expect(section).not.toContain('Kind: root');
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

  it('puts every account in a collapsed table', () => {
    const details = page.slice(page.indexOf('<details class="screen-only">'));
    expect(details).not.toMatch(/<details[^>]*\sopen/);
    for (const entry of report.accounts) expect(details).toContain(escapeHtml(entry.login));
  });

  it('is deterministic', () => {
    expect(renderHtml(buildReport(fixtureInput()))).toBe(page);
  });
});
