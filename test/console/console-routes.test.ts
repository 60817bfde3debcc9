/**
 * The console over the API's app, a real store holding two runs of the demo tenant analysed by the real pipeline,
 * and the alert repository: sign-in and its CSRF, every page's redirect without a session, scopes (a reports:read user
 * cannot start a scan or acknowledge), figures equal to the stored report, filters and pages, a person, alerts,
 * runs with artefacts and their verification, the exception register and its export, escaping, headers.
 */
import { rm } from 'node:fs/promises';
import type { Report } from '../../src/reports/report-model.js';
import { consoleContentSecurityPolicy, consoleStyleHash, consoleStylesheet } from '../../src/console/console-style.js';
import { count, percent } from '../../src/console/console-format.js';
import { countFromSummary } from '../../src/console/history-console-data.js';
import type { VerdictFilter } from '../../src/store/history-store.js';
import { createHash } from 'node:crypto';
import { buildDemoFixture, recordDemoRuns, type DemoFixture } from '../api/api-fixtures.js';
import { openApiHarness, type ApiHarness } from '../api/api-harness.js';
import { storeKinds } from '../store/test-stores.js';
import { hostileDisplayName } from '../reports/report-fixtures.js';
import { cookiesOf, csrfOf, postForm, recordBulkResetAlert, signIn, type ConsoleCookies } from './console-fixtures.js';

let fixture: DemoFixture;
let hostileAccount: Report['accounts'][number];

beforeAll(async () => {
  fixture = await buildDemoFixture();
  const latest = fixture.runs[1]!.report;
  const target = latest.accounts.find((account) => account.effectiveCovered.value === 'no' && account.personId !== null);
  if (!target) throw new Error('The demo report has no linked account that is not covered.');
  target.displayName = hostileDisplayName;
  hostileAccount = target;
}, 180_000);

afterAll(async () => {
  if (fixture) await rm(fixture.root, { recursive: true, force: true });
});

describe.each(storeKinds)('the console on %s', (kind) => {
  let harness: ApiHarness;
  let reader: ConsoleCookies;
  const latest = () => fixture.runs[1]!;
  const page = (url: string, cookies: ConsoleCookies | Record<string, string> = reader) => harness.app.inject({ method: 'GET', url, cookies: { ...cookies } });

  beforeAll(async () => {
    harness = await openApiHarness(kind, fixture.config);
    await recordDemoRuns(harness.history, fixture);
    await recordBulkResetAlert(harness.opened.store, new Date(), hostileDisplayName);
    reader = await signIn(harness.app, await harness.token(['reports:read'], 'reader'));
  }, 60_000);
  afterAll(async () => harness?.close());

  it('redirects every page to the sign-in page without a session, and refuses a form post', async () => {
    for (const url of ['/console', '/console/accounts?covered=no', '/console/people/p1', '/console/alerts', '/console/alerts/x', '/console/runs', '/console/runs/run-2026-11', '/console/runs/run-2026-11/verify', '/console/runs/run-2026-11/artefacts/report.html', '/console/exceptions', '/console/exceptions.csv']) {
      for (const cookies of [{}, { mfac_session: 'not-a-session' }] as Array<Record<string, string>>) {
        const response = await page(url, cookies);
        expect([url, response.statusCode]).toEqual([url, 303]);
        expect(response.headers.location).toBe(`/console/sign-in?next=${encodeURIComponent(url)}`);
      }
    }
    const post = await postForm(harness.app, '/console/runs', {}, { _csrf: 'x' });
    expect(post.statusCode).toBe(401);
    expect(harness.scanRequests).toHaveLength(0);
  });

  it('signs in with a token through a CSRF-protected form into an HttpOnly SameSite=Strict session, and signs out', async () => {
    const form = await page('/console/sign-in?next=%2Fconsole%2Fruns', {});
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-security-policy']).toBe(consoleContentSecurityPolicy);
    const preSession = cookiesOf(form).mfac_console_signin!;
    const token = await harness.token(['reports:read'], 'signer');
    const noCsrf = await postForm(harness.app, '/console/sign-in', { mfac_console_signin: preSession }, { token, next: '/console/runs' });
    expect(noCsrf.statusCode).toBe(403);
    expect(cookiesOf(noCsrf).mfac_session).toBeUndefined();
    const wrong = await postForm(harness.app, '/console/sign-in', { mfac_console_signin: preSession }, { _csrf: csrfOf(form.body), token: 'mfac_wrong', next: '/console/runs' });
    expect(wrong.statusCode).toBe(401);
    const offsite = await postForm(harness.app, '/console/sign-in', { mfac_console_signin: preSession }, { _csrf: csrfOf(form.body), token, next: 'https://evil.example/' });
    expect(offsite.statusCode).toBe(303);
    expect(offsite.headers.location).toBe('/console');
    const response = await postForm(harness.app, '/console/sign-in', { mfac_console_signin: preSession }, { _csrf: csrfOf(form.body), token, next: '/console/runs' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/console/runs');
    const cookie = response.cookies.find((entry) => entry.name === 'mfac_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(response.body).not.toContain(token);
    const session = { mfac_session: cookie!.value };
    const runs = await page('/console/runs', session);
    expect(runs.statusCode).toBe(200);
    expect(runs.body).toContain('Signed in as <strong>signer</strong>');

    const signOut = await postForm(harness.app, '/console/sign-out', session, { _csrf: csrfOf(runs.body) });
    expect(signOut.statusCode).toBe(303);
    expect((await page('/console/runs', session)).statusCode).toBe(303);
  });

  it('refuses a token without reports:read, and a form posted from another origin', async () => {
    const runnerOnly = await harness.token(['scans:run'], 'runner-only');
    await expect(signIn(harness.app, runnerOnly)).rejects.toThrow(/403/);
    const home = await page('/console');
    const crossSite = await harness.app.inject({
      method: 'POST',
      url: '/console/runs',
      cookies: { ...reader },
      payload: `_csrf=${encodeURIComponent(csrfOf(home.body))}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    });
    expect(crossSite.statusCode).toBe(403);
  });

  it('shows on the home page the figures of the latest stored report, the change since the previous one and open alerts', async () => {
    const response = await page('/console');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(consoleContentSecurityPolicy);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(consoleStyleHash).toBe(`'sha256-${createHash('sha256').update(consoleStylesheet).digest('base64')}'`);
    expect(response.body).toContain(`<style>${consoleStylesheet}</style>`);
    const summary = latest().report.summary;
    const figure = (id: string) => new RegExp(`data-figure="${id}">([^<]*)<`).exec(response.body)?.[1];
    expect(figure('coverage')).toBe(percent(summary.coveragePercent));
    expect(figure('not-covered')).toBe(count(summary.notCovered));
    expect(figure('unknown')).toBe(count(summary.unknown));
    expect(figure('in-scope')).toBe(count(summary.covered + summary.notCovered + summary.unknown));
    expect(figure('privileged')).toBe(percent(summary.privileged.coveragePercent));
    expect(figure('quiet')).toBe(count(summary.exemptions.quiet));
    expect(response.body).toMatch(/id="change-previous-run"><td>Since the previous run/);
    expect(response.body).toContain(percent(fixture.runs[0]!.report.summary.coveragePercent));
    expect(/data-alerts="critical">(\d+)</.exec(response.body)?.[1]).toBe('1');
    for (const source of latest().report.sources) expect(response.body).toContain(`<td>${source.sourceId}</td>`);
    expect(response.body).not.toContain(hostileDisplayName);
  });

  it('filters accounts by coverage, IdP, tier and person, pages them, and shows a hostile name as text', async () => {
    const accounts = latest().report.accounts;
    const expected = accounts.filter((account) => account.effectiveCovered.value === 'no' && account.idp === 'entra').length;
    const response = await page('/console/accounts?covered=no&idp=entra&size=25');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`${count(expected)} account${expected === 1 ? '' : 's'} match`);
    const rows = response.body.match(/<tr><td>/g) ?? [];
    expect(rows.length).toBe(Math.min(25, expected));

    const all = accounts.filter((account) => account.effectiveCovered.value === 'no');
    const first = await page('/console/accounts?covered=no&size=25');
    const next = /rel="next" href="([^"]+)"/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    const second = await page(next!);
    expect(second.statusCode).toBe(200);
    expect((second.body.match(/<tr><td>/g) ?? []).length).toBe(Math.min(25, all.length - 25));
    expect(second.body).toContain('First page');

    const found = await page(`/console/accounts?covered=any&q=${encodeURIComponent(hostileAccount.login)}`);
    expect(found.body).toContain('&lt;img src=x onerror=alert(1)&gt;'.slice(0, 8));
    expect(found.body).not.toContain(hostileDisplayName);

    const bad = await page('/console/accounts?tier=9');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('tier');
  });

  it("opens a person's page with every account, its reasons and the coverage history", async () => {
    const personId = hostileAccount.personId!;
    const response = await page(`/console/people/${encodeURIComponent(personId)}`);
    expect(response.statusCode).toBe(200);
    const mine = latest().report.accounts.filter((account) => account.personId === personId);
    for (const account of mine) {
      expect(response.body).toContain(account.sourceId);
      for (const reason of account.reasons.slice(0, 1)) expect(response.body).toContain(reason.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;'));
    }
    const person = latest().report.people.find((entry) => entry.id === personId)!;
    expect(/id="person-coverage">([^<]+)</.exec(response.body)?.[1]).toBe(person.covered);
    expect((response.body.match(/<tr><td><a href="\/console\/runs\//g) ?? []).length).toBe(2);
    expect(response.body).not.toContain(hostileDisplayName);
    expect((await page('/console/people/nobody-at-all')).statusCode).toBe(404);
  });

  it('lists and shows alerts; a reports:read user cannot acknowledge, an admin can, once', async () => {
    const list = await page('/console/alerts');
    expect(list.body).toContain('Bulk MFA unenrollment in demo-okta');
    const detail = await page('/console/alerts/alr_console_test_0001');
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Acknowledging needs the admin scope');
    expect(detail.body).not.toContain('/ack"');
    expect(detail.body).toContain('rogue.admin@demo.example');
    expect(detail.body).not.toContain(hostileDisplayName);
    const refused = await postForm(harness.app, '/console/alerts/alr_console_test_0001/ack', reader, { _csrf: csrfOf(detail.body) });
    expect(refused.statusCode).toBe(403);
    expect((await page('/console/alerts/alr_console_test_0001')).body).toContain('id="alert-status">open<');

    const admin = await signIn(harness.app, await harness.token(['admin'], 'secops-admin'));
    const adminView = await page('/console/alerts/alr_console_test_0001', admin);
    const withoutCsrf = await postForm(harness.app, '/console/alerts/alr_console_test_0001/ack', admin, {});
    expect(withoutCsrf.statusCode).toBe(403);
    const acknowledged = await postForm(harness.app, '/console/alerts/alr_console_test_0001/ack', admin, { _csrf: csrfOf(adminView.body.slice(adminView.body.indexOf('/ack"') - 200)) });
    expect(acknowledged.statusCode).toBe(303);
    const after = await page(acknowledged.headers.location as string, admin);
    expect(after.body).toContain('id="alert-status">acknowledged<');
    expect(after.body).toContain('by secops-admin');
    expect((await page('/console')).body).not.toContain('data-alerts="critical">1<');
  });

  it('lets only scans:run start a scan, of chosen sources', async () => {
    const runs = await page('/console/runs');
    expect(runs.body).toContain('Starting a scan needs the scans:run scope');
    const refused = await postForm(harness.app, '/console/runs', reader, { _csrf: csrfOf(runs.body), sources: 'demo-okta' });
    expect(refused.statusCode).toBe(403);
    expect(harness.scanRequests).toHaveLength(0);

    const runner = await signIn(harness.app, await harness.token(['reports:read', 'scans:run'], 'runner'));
    const form = await page('/console/runs', runner);
    expect(form.body).toContain('id="start-scan"');
    const started = await postForm(harness.app, '/console/runs', runner, { _csrf: csrfOf(form.body), sources: ['demo-okta', 'demo-entra'] });
    expect(started.statusCode).toBe(303);
    expect(harness.scanRequests).toEqual([{ trigger: 'manual', sources: ['demo-okta', 'demo-entra'] }]);
    const run = await page(started.headers.location as string, runner);
    expect(run.statusCode).toBe(200);
    expect(run.body).toContain('id="run-status">queued<');
    expect(run.body).toMatch(/<meta http-equiv="refresh" content="2">/);
  });

  it("opens a run's artefacts (only those its manifest lists) and verifies them", async () => {
    const run = await page('/console/runs/run-2026-11');
    expect(run.statusCode).toBe(200);
    for (const file of ['report.html', 'report.pdf', 'report.json', 'report.csv', 'manifest.json']) expect(run.body).toContain(`/console/runs/run-2026-11/artefacts/${file}"`);
    const html = await page('/console/runs/run-2026-11/artefacts/report.html');
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect(html.body).toContain('MFA coverage report');
    for (const file of ['..%2F..%2Fetc%2Fpasswd', 'store.sqlite', 'snapshot']) expect((await page(`/console/runs/run-2026-11/artefacts/${file}`)).statusCode).toBe(404);
    const verified = await page('/console/runs/run-2026-11/verify');
    expect(verified.body).toMatch(/id="verify-result" role="status">Intact:/);
  });

  it('shows the exception register as applied and exports it', async () => {
    const response = await page('/console/exceptions');
    expect(response.statusCode).toBe(200);
    const register = latest().report.exceptions;
    for (const state of ['documented', 'expired', 'incomplete', 'stale']) {
      expect(new RegExp(`data-state="${state}">([^<]*)<`).exec(response.body)?.[1]).toBe(count(register.filter((entry) => entry.state === state).length));
    }
    for (const entry of register) expect(response.body).toContain(`<code>${entry.id}</code>`);
    const expired = await page('/console/exceptions?state=expired');
    expect((expired.body.match(/<code>/g) ?? []).length).toBe(register.filter((entry) => entry.state === 'expired').length);
    const csv = await page('/console/exceptions.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="exceptions-run-2026-11.csv"');
    expect(csv.body.split('\r\n')[0]).toContain('id,state,gap');
  });

  it('takes the count of a filter the report summary already counts from the summary, equal to counting the accounts', () => {
    const report = latest().report;
    const filters: VerdictFilter[] = [];
    for (const covered of [undefined, 'yes', 'no', 'unknown', 'n/a']) {
      const base: VerdictFilter = covered === undefined ? {} : { covered };
      filters.push(base, { ...base, idp: 'okta' }, { ...base, idp: 'nope' }, { ...base, tier: 1 }, { ...base, class: 'service' }, { ...base, sourceId: 'demo-entra' });
    }
    for (const filter of filters) {
      const expected = report.accounts.filter(
        (account) =>
          (filter.covered === undefined || account.effectiveCovered.value === filter.covered) &&
          (filter.idp === undefined || account.idp === filter.idp) &&
          (filter.tier === undefined || account.tier === filter.tier) &&
          (filter.class === undefined || account.class === filter.class) &&
          (filter.sourceId === undefined || account.sourceId === filter.sourceId),
      ).length;
      expect([filter, countFromSummary(report.summary, filter)]).toEqual([filter, expected]);
    }
    expect(countFromSummary(report.summary, { covered: 'no', idp: 'okta', tier: 2 })).toBeUndefined();
    expect(countFromSummary(report.summary, { covered: 'no', search: 'ana' })).toBeUndefined();
    expect(countFromSummary(report.summary, { gap: 'no-mfa' })).toBeUndefined();
  });
});
