/**
 * The console in headless Chromium (Debian's, driven by playwright-core, as the report's browser test), walking the
 * demo service: the API app over a store holding two runs of the demo tenant, listening on a port, with the Entra
 * ID simulator as the organisation's identity provider and a launcher that scans the demo tenant through its
 * simulators. Signed out, a page leads to sign-in; a reports:read user sees the latest report.json's figures and
 * cannot start a scan or acknowledge; a SecOps user signs in through OpenID Connect, filters accounts, opens a
 * person (a hostile display name renders as text), acknowledges an alert, starts a scan, watches it finish and opens
 * its report. No page logs a console error (a CSP violation is one). Screenshots go to test-output/.
 */
import { access, mkdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { AppConfig } from '../../src/config/app-config.js';
import { count, percent } from '../../src/console/console-format.js';
import type { Report } from '../../src/reports/report-model.js';
import { loadGraphTenant } from '../../src/simulators/entra/graph-tenant-store.js';
import { entraSimulator } from '../../src/simulators/entra/entra-simulator-definition.js';
import type { RunningSimulator } from '../../src/simulators/simulator-registry.js';
import { defaultOidcClient } from '../../src/simulators/oidc/simulated-oidc-provider.js';
import { openRawSource, openSnapshot } from '../../src/snapshot/snapshot-reader.js';
import { buildDemoFixture, recordDemoRuns, type DemoFixture } from '../api/api-fixtures.js';
import { openApiHarness, type ApiHarness } from '../api/api-harness.js';
import { hostileDisplayName } from '../reports/report-fixtures.js';
import { recordBulkResetAlert } from './console-fixtures.js';
import { inProcessScanLauncher, type InProcessLauncher } from './in-process-scan-launcher.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const outputDirectory = new URL('../../test-output/', import.meta.url).pathname;
const secretEnv = 'MFA_COVERAGE_CONSOLE_TEST_OIDC_SECRET';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('the console in headless Chromium', () => {
  let fixture: DemoFixture;
  let harness: ApiHarness;
  let launcher: InProcessLauncher;
  let idp: RunningSimulator;
  let context: BrowserContext;
  let base: string;
  let latestJson: Report;
  let hostilePersonId: string;
  let oidcLogin: string;
  const errors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    await access(executablePath).catch((error: unknown) => {
      throw new Error(`${executablePath} is missing: install Debian's chromium (apt-get install -y chromium), or set CHROMIUM_PATH.`, { cause: error });
    });
    fixture = await buildDemoFixture(60);
    latestJson = JSON.parse(await readFile(path.join(fixture.runs[1]!.artefacts, 'report.json'), 'utf8')) as Report;
    const target = fixture.runs[1]!.report.accounts.find((account) => account.effectiveCovered.value === 'no' && account.personId !== null);
    if (!target?.personId) throw new Error('The demo report has no linked account that is not covered.');
    target.displayName = hostileDisplayName;
    hostilePersonId = target.personId;

    // The organisation's IdP: the Entra simulator over the demo tenant, a group of it mapped to every scope.
    const tenantDirectory = path.join(fixture.root, 'tenant');
    const entraSource = (await openSnapshot(tenantDirectory)).sources.find((source) => source.meta.connector === 'entra');
    if (!entraSource) throw new Error('The demo tenant has no Entra source.');
    idp = await entraSimulator.start(entraSource.directory, {});
    const graph = await loadGraphTenant(await openRawSource(entraSource.directory));
    const [groupId, members] = [...graph.groupMembers].find(([, entry]) => entry.items.some((member) => graph.usersById.get(String(member.id))?.accountEnabled !== false)) ?? [];
    const member = members?.items.map((item) => graph.usersById.get(String(item.id))).find((user) => user && user.accountEnabled !== false);
    if (!groupId || !member) throw new Error('The demo Entra tenant has no group with an enabled member.');
    oidcLogin = String(member.userPrincipalName);
    process.env[secretEnv] = defaultOidcClient.clientSecret;

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config: AppConfig = {
      ...fixture.config,
      console: {
        ...fixture.config.console,
        oidc: {
          label: 'Microsoft Entra ID',
          issuer: `${idp.url}/contoso-demo/v2.0`,
          clientId: defaultOidcClient.clientId,
          clientSecret: { env: secretEnv },
          redirectUri: `${base}/console/oidc/callback`,
          scopes: ['openid', 'profile', 'email'],
          claim: 'groups',
          scopesByClaimValue: { [groupId]: ['reports:read', 'scans:run', 'admin'] },
          allowHttp: true,
        },
      },
    };
    const holder: { launcher?: InProcessLauncher } = {};
    harness = await openApiHarness('sqlite', config, { launcher: () => ({ start: (request) => (holder.launcher as InProcessLauncher).start(request) }) });
    launcher = await inProcessScanLauncher(harness.history, tenantDirectory, path.join(fixture.root, 'service-runs'), () => new Date());
    holder.launcher = launcher;
    await recordDemoRuns(harness.history, fixture);
    await recordBulkResetAlert(harness.opened.store, new Date(), hostileDisplayName);
    await harness.app.listen({ port, host: '127.0.0.1' });

    await mkdir(outputDirectory, { recursive: true });
    context = await chromium.launchPersistentContext(path.join(fixture.root, 'profile'), { executablePath, headless: true, args: chromiumArgs, viewport: { width: 1366, height: 900 } });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await launcher?.close();
    await harness?.close();
    await idp?.close();
    delete process.env[secretEnv];
    if (fixture) await rm(fixture.root, { recursive: true, force: true });
  }, 120_000);

  async function open(url: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.setDefaultTimeout(15_000);
    await page.goto(url, { waitUntil: 'load' });
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(outputDirectory, `console-${name}.png`), fullPage: true });

  it('sends a signed-out visitor to sign-in; a reports:read user sees the latest report.json figures and cannot start a scan or acknowledge', async () => {
    const page = await open(`${base}/console/accounts?covered=no`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await shot(page, 'sign-in');
    await page.getByLabel('API token').fill(await harness.token(['reports:read'], 'auditor'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/console/accounts?covered=no`);
    await page.goto(`${base}/console`);

    const summary = latestJson.summary;
    const figure = (id: string) => page.locator(`[data-figure="${id}"]`).innerText();
    await expect(figure('coverage')).resolves.toBe(percent(summary.coveragePercent));
    await expect(figure('not-covered')).resolves.toBe(count(summary.notCovered));
    await expect(figure('unknown')).resolves.toBe(count(summary.unknown));
    await expect(figure('in-scope')).resolves.toBe(count(summary.covered + summary.notCovered + summary.unknown));
    await expect(figure('privileged')).resolves.toBe(percent(summary.privileged.coveragePercent));
    await expect(figure('quiet')).resolves.toBe(count(summary.exemptions.quiet));
    await shot(page, 'home');

    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement && document.activeElement.textContent')).resolves.toBe('Skip to content');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.console-nav').isVisible()).toBe(false);
    expect(await page.locator('#coverage-figures').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`${base}/console/runs`);
    expect(await page.locator('#start-scan').count()).toBe(0);
    await page.goto(`${base}/console/alerts/alr_console_test_0001`);
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/console/sign-in`);
    await page.close();
  }, 90_000);

  it('signs SecOps in through OpenID Connect, filters accounts and opens a person whose hostile name renders as text', async () => {
    const page = await open(`${base}/console`);
    await page.getByRole('link', { name: 'Sign in with Microsoft Entra ID' }).click();
    await page.waitForURL((url) => url.origin === idp.url);
    await shot(page, 'idp-sign-in');
    await page.getByLabel('User name').fill(oidcLogin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/console`);
    expect(await page.locator('.whoami').innerText()).toContain('admin');

    await page.getByRole('link', { name: 'Accounts not covered' }).click();
    await page.getByLabel('Identity provider').selectOption('entra');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/idp=entra/);
    const expected = latestJson.accounts.filter((account) => account.effectiveCovered.value === 'no' && account.idp === 'entra').length;
    expect(await page.locator('#account-count').innerText()).toContain(`${count(expected)} account`);
    await shot(page, 'accounts');

    await page.goto(`${base}/console/people/${encodeURIComponent(hostilePersonId)}`);
    const holder = page.locator('dd', { hasText: hostileDisplayName }).first();
    expect(await holder.innerText()).toContain(hostileDisplayName);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#history tbody tr').count()).toBe(2);
    await shot(page, 'person');
    await page.close();
  }, 90_000);

  it('acknowledges an alert', async () => {
    const page = await open(`${base}/console/alerts`);
    await page.getByRole('link', { name: /Bulk MFA unenrollment/ }).click();
    expect(await page.locator('#alert-status').innerText()).toBe('open');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.waitForURL(/acknowledged=1/);
    expect(await page.locator('#alert-status').innerText()).toBe('acknowledged');
    await shot(page, 'alert');
    await page.close();
  }, 90_000);

  it('starts a scan, watches it finish, opens its report and verifies it', async () => {
    const page = await open(`${base}/console/runs`);
    await page.getByRole('button', { name: 'Start scan' }).click();
    await page.waitForURL(/\/console\/runs\/console-/);
    await shot(page, 'run-started');
    // The page reloads itself every 2 s while the run is queued or running (no script: the CSP forbids any).
    const seen = new Set<string>();
    for (let attempt = 0; attempt < 360; attempt += 1) {
      const status = await page
        .locator('#run-status')
        .innerText({ timeout: 2_000 })
        .catch(() => 'reloading');
      seen.add(status);
      if (['complete', 'partial', 'failed'].includes(status)) break;
      await page.waitForTimeout(500);
    }
    expect([...seen].some((status) => status === 'queued' || status === 'running')).toBe(true);
    expect(await page.locator('#run-status').innerText()).toBe('complete');
    await shot(page, 'run-finished');
    await page.getByRole('link', { name: 'Verify the artefacts and snapshot against the manifest' }).click();
    expect(await page.locator('#verify-result').innerText()).toMatch(/^Intact/);

    const [report] = await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'report.html' }).click()]);
    void report;
    expect(await page.title()).toMatch(/^MFA coverage report/);
    await shot(page, 'run-report');
    await page.close();
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
  }, 240_000);
});
