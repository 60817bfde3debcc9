/**
 * The console of the real demo service in headless Chromium: `mfa-coverage serve --with-worker` on config/demo.yaml
 * (its `simulate:` block answers every source from the simulators; BullMQ on the local Redis under a unique prefix,
 * the store and artefacts in a temporary folder, a smaller tenant and no start-up scan). A SecOps user signs in with a
 * token, starts a scan, watches the worker finish it, sees the home figures equal that run's report.json, opens its
 * report; no page logs a console error. Screenshots go to test-output/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { parseDocument, stringify } from 'yaml';
import { count, percent } from '../../src/console/console-format.js';
import { demoConfigFile } from '../../src/demo/run-demo.js';
import type { Report } from '../../src/reports/report-model.js';
import { createStore, type Store } from '../../src/store/create-store.js';
import { createHistoryStore } from '../../src/store/history-store.js';
import { createTokenRepository } from '../../src/store/token-repository.js';
import { deleteRedisKeys } from '../redis-keys.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const outputDirectory = new URL('../../test-output/', import.meta.url).pathname;
const repository = fileURLToPath(new URL('../../', import.meta.url));

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

describe('the console of `serve --with-worker` on the demo config, in headless Chromium', () => {
  const prefix = `console-test-${randomBytes(4).toString('hex')}`;
  let work: string;
  let serve: ChildProcess;
  let output = '';
  let store: Store;
  let context: BrowserContext;
  let base: string;
  const errors: string[] = [];

  beforeAll(async () => {
    await access(executablePath);
    work = await mkdtemp(path.join(tmpdir(), 'mfa-console-service-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const raw = parseDocument(await readFile(demoConfigFile, 'utf8')).toJS() as Record<string, unknown>;
    const config = {
      ...raw,
      simulate: { seed: 2026, users: 120, directory: path.join(work, 'tenant') },
      schedules: (raw.schedules as Array<{ name: string }>).filter((schedule) => schedule.name === 'monthly-report'),
      store: { path: path.join(work, 'store.sqlite'), artefacts: path.join(work, 'runs') },
      queue: { prefix },
      api: { host: '127.0.0.1', port },
    };
    const configFile = path.join(work, 'service.yaml');
    await writeFile(configFile, stringify(config));
    serve = spawn(process.execPath, ['--import', 'tsx', path.join(repository, 'src/cli/main.ts'), 'serve', '--config', configFile, '--with-worker'], { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] });
    serve.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    serve.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    for (let attempt = 0; ; attempt += 1) {
      if (serve.exitCode !== null) throw new Error(`serve exited with ${serve.exitCode}:\n${output}`);
      const ready = await fetch(`${base}/health`).then((response) => response.ok, () => false);
      if (ready) break;
      if (attempt >= 240) throw new Error(`serve did not answer /health within 120 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    store = await createStore({ path: path.join(work, 'store.sqlite') });
    await mkdir(outputDirectory, { recursive: true });
    context = await chromium.launchPersistentContext(path.join(work, 'profile'), { executablePath, headless: true, args: chromiumArgs, viewport: { width: 1366, height: 900 } });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await store?.close();
    if (serve && serve.exitCode === null) {
      const exited = new Promise((resolve) => serve.once('exit', resolve));
      serve.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      if (serve.exitCode === null) serve.kill('SIGKILL');
    }
    if (work) await rm(work, { recursive: true, force: true });
    await deleteRedisKeys(prefix);
  }, 60_000);

  async function open(url: string): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
    await page.goto(url, { waitUntil: 'load' });
    return page;
  }

  it('starts a scan on the workers, watches it finish, and shows the figures of its report.json', async () => {
    const { token } = await createTokenRepository(store.db).create({ name: 'secops', scopes: ['reports:read', 'scans:run', 'admin'] });
    const page = await open(`${base}/console/runs`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/console/runs`);
    await page.getByRole('button', { name: 'Start scan' }).click();
    await page.waitForURL(/\/console\/runs\/[^/]+$/);
    const runId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const seen = new Set<string>();
    for (let attempt = 0; attempt < 480; attempt += 1) {
      const status = await page
        .locator('#run-status')
        .innerText({ timeout: 2_000 })
        .catch(() => 'reloading');
      seen.add(status);
      if (['complete', 'partial', 'failed'].includes(status)) break;
      await page.waitForTimeout(500);
    }
    expect([runId, await page.locator('#run-status').innerText()]).toEqual([runId, 'complete']);
    expect(await page.locator('#run-sources tbody tr').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: path.join(outputDirectory, 'console-service-run.png'), fullPage: true });

    const recorded = await createHistoryStore(store.db).getReport(runId);
    if (!recorded) throw new Error(`run ${runId} has no stored report`);
    const reportJson = JSON.parse(await readFile(path.join(recorded.artefactsPath, 'report.json'), 'utf8')) as Report;
    await page.goto(`${base}/console`);
    const figure = (id: string) => page.locator(`[data-figure="${id}"]`).innerText();
    await expect(figure('coverage')).resolves.toBe(percent(reportJson.summary.coveragePercent));
    await expect(figure('not-covered')).resolves.toBe(count(reportJson.summary.notCovered));
    await expect(figure('unknown')).resolves.toBe(count(reportJson.summary.unknown));
    await expect(figure('privileged')).resolves.toBe(percent(reportJson.summary.privileged.coveragePercent));
    await page.screenshot({ path: path.join(outputDirectory, 'console-service-home.png'), fullPage: true });

    await page.goto(`${base}/console/runs/${encodeURIComponent(runId)}`);
    await page.getByRole('link', { name: 'report.html' }).click();
    await page.waitForLoadState('load');
    expect(await page.title()).toBe(`MFA coverage report: ${reportJson.organisation.name}`);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
