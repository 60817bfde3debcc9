/**
 * The demo's report.html in a real browser: Debian's headless Chromium driven by playwright-core (.ci/run
 * installs it). The page must show the summary, the not-covered list and its charts, log no console error
 * (a Content Security Policy violation is one), and show a hostile display name as text, not as an element.
 * Screenshots go to test-output/.
 */
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { silentProgress } from '../../src/connectors/connector.js';
import { runDemo } from '../../src/demo/run-demo.js';
import { createLogger } from '../../src/logger.js';
import { renderHtml } from '../../src/reports/render-html.js';
import type { Report } from '../../src/reports/report-model.js';
import { hostileDisplayName } from './report-fixtures.js';

/** Debian's package by default; CHROMIUM_PATH points elsewhere (another distribution's or a Chrome build). */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const outputDirectory = new URL('../../test-output/', import.meta.url).pathname;

describe('report.html in headless Chromium', () => {
  let work: string;
  let context: BrowserContext;
  let report: Report;
  let reportFile: string;

  beforeAll(async () => {
    await access(executablePath).catch((error: unknown) => {
      throw new Error(`${executablePath} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does, or set CHROMIUM_PATH to a Chromium or Chrome binary.`, { cause: error });
    });
    work = await mkdtemp(path.join(tmpdir(), 'mfa-browser-'));
    const demo = await runDemo({ out: path.join(work, 'demo'), seed: 2026, userCount: 300, logger: createLogger({ level: 'silent' }), progress: silentProgress });
    report = demo.report;
    reportFile = path.join(work, 'demo', 'report.html');
    await mkdir(outputDirectory, { recursive: true });
    context = await chromium.launchPersistentContext(path.join(work, 'profile'), { executablePath, headless: true, args: chromiumArgs, viewport: { width: 1280, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Opens a file and collects what the page logged as an error, and any dialog it tried to open. */
  async function open(file: string): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, errors, dialogs };
  }

  it('shows the summary, the not-covered list and the charts, with no console error', async () => {
    const { page, errors } = await open(reportFile);
    await expect(page.title()).resolves.toBe(`MFA coverage report: ${report.organisation.name}`);

    const summary = page.locator('#summary');
    expect(await summary.isVisible()).toBe(true);
    expect(await summary.locator('h2').innerText()).toBe('1. Executive summary');
    expect(await summary.innerText()).toContain(`${report.summary.coveragePercent?.toFixed(1)}%`);

    const notCovered = page.locator('#not-covered');
    expect(await notCovered.locator('h2').innerText()).toContain(`Accounts not covered (${report.summary.notCovered})`);
    const rows = notCovered.locator('details[open] tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.first().isVisible()).toBe(true);

    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBeGreaterThanOrEqual(4);
    for (const id of ['coverage-chart', 'factor-chart', 'trend-coverage-chart', 'trend-quiet-chart']) {
      const chart = page.locator(`svg[aria-labelledby="${id}-title"]`);
      const box = await chart.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(300);
      expect(box?.height ?? 0).toBeGreaterThan(20);
      expect(await chart.locator('rect[class^="tone-"]').count()).toBeGreaterThan(0);
    }

    await page.screenshot({ path: path.join(outputDirectory, 'report-html.png') });
    await notCovered.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(outputDirectory, 'report-html-not-covered.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('unfolds folded groups and hides the navigation when printed', async () => {
    const { page, errors } = await open(reportFile);
    const folded = page.locator('details:not([open]) table').first();
    expect(await folded.count()).toBe(1);
    expect(await folded.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await folded.isVisible()).toBe(true);
    expect(await page.locator('nav').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders a hostile display name as text', async () => {
    const target = report.accounts.find((account) => account.covered === 'no');
    if (!target) throw new Error('The demo report has no account that is not covered.');
    const hostile: Report = { ...report, accounts: report.accounts.map((account) => (account === target ? { ...account, displayName: hostileDisplayName } : account)) };
    const file = path.join(work, 'hostile.html');
    await writeFile(file, renderHtml(hostile));
    const { page, errors, dialogs } = await open(file);

    expect(await page.locator('img').count()).toBe(0);
    const cell = page.locator('#not-covered td', { hasText: hostileDisplayName }).first();
    expect(await cell.count()).toBe(1);
    expect(await cell.innerText()).toContain(hostileDisplayName);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: path.join(outputDirectory, 'report-html-hostile.png') });
    await page.close();
    expect((await readFile(file, 'utf8')).includes(hostileDisplayName)).toBe(false);
  });
});
