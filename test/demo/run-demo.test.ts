/**
 * The demo end to end, as `npm run demo` runs it: a generated tenant served by every simulator, scanned through
 * the real SDKs, analysed and written, with two earlier months of history. Then the offline re-analysis of its
 * snapshot and history through the CLI, which must reproduce report.json byte for byte with the generation time fixed.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { silentProgress } from '../../src/connectors/connector.js';
import { parseAppConfig } from '../../src/config/app-config.js';
import { demoConfigFile, runDemo, type DemoResult } from '../../src/demo/run-demo.js';
import { demoBreakGlassAccounts } from '../../src/simulators/demo/demo-reconcile-inputs.js';
import { createLogger } from '../../src/logger.js';
import { connectors } from '../../src/connectors/registry.js';
import { simulatorFor } from '../../src/simulators/simulator-registry.js';
import { verifyReportDirectory } from '../../src/reports/verify-report-directory.js';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
const run = promisify(execFile);

describe('npm run demo', () => {
  let out: string;
  let result: DemoResult;
  let elapsedMs: number;

  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'mfa-demo-'));
    const started = Date.now();
    result = await runDemo({ out, seed: 2026, userCount: 1500, logger: createLogger({ level: 'silent' }), progress: silentProgress });
    elapsedMs = Date.now() - started;
  }, 120_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('scans one source per identity provider that has a simulator, each complete, in under a minute', () => {
    const served = connectors.filter((connector) => simulatorFor(connector.id) !== undefined).map((connector) => connector.id);
    expect(new Set(result.report.sources.map((source) => source.connector))).toEqual(new Set(served));
    for (const source of result.report.sources) expect({ source: source.sourceId, status: source.status }).toEqual({ source: source.sourceId, status: 'complete' });
    expect(elapsedMs).toBeLessThan(60_000);
  });

  it('labels each source as a scan of the real tenant would, never with a simulator URL', () => {
    const tenants = result.report.sources.map((source) => source.tenant);
    expect(tenants.filter((tenant) => /127\.0\.0\.1|localhost/.test(tenant))).toEqual([]);
    expect(result.report.sources.find((source) => source.connector === 'okta')?.tenant).toBe('contoso-demo.okta.com');
  });

  it('counts the AWS organisation expansion (caller identity, account listing) in the management account source', () => {
    const aws = result.report.sources.filter((source) => source.connector === 'aws');
    const management = aws.find((source) => source.requests['organizations:ListAccounts'] !== undefined);
    expect(management?.requests['organizations:ListAccounts']).toBe(1);
    expect(aws.filter((source) => source.requests['organizations:ListAccounts'] !== undefined)).toHaveLength(1);
    // Each account's collection checks its caller identity once; the expansion's own check adds one to the management's.
    const member = aws.find((source) => source !== management);
    expect(management?.requests['sts:GetCallerIdentity']).toBe((member?.requests['sts:GetCallerIdentity'] ?? 0) + 1);
    // Members are read through the assumed role, itself counted in each member's source.
    expect(aws.filter((source) => source.requests['sts:AssumeRole'] === 1).length).toBe(aws.length - 1);
  });

  it('finds every planted problem, by account, in every identity provider', () => {
    expect(result.plantedProblems.length).toBeGreaterThanOrEqual(8);
    const connectorOf = new Map(result.report.sources.map((source) => [source.sourceId, source.connector]));
    const plantedIn = new Set(result.plantedProblems.map((outcome) => connectorOf.get(outcome.problem.sourceId)).filter((id) => id !== undefined));
    expect([...plantedIn].sort()).toEqual(['aws', 'entra', 'google', 'okta']);
    const missed = result.plantedProblems.filter((outcome) => outcome.failures.length > 0).map((outcome) => `${outcome.problem.sourceId}/${outcome.problem.id}: ${outcome.failures.join('; ')}`);
    expect(missed).toEqual([]);
  });

  it('writes report.json valid against docs/report.schema.json, the CSVs, a self-contained report.html and the evidence manifest', async () => {
    expect(result.reportFiles.map((file) => path.basename(file))).toEqual(
      expect.arrayContaining(['report.json', 'report.csv', 'report.people.csv', 'report.findings.csv', 'report.exceptions.csv', 'report.html', 'report.pdf', 'manifest.json']),
    );
    const verification = await verifyReportDirectory(out);
    expect(verification.files.filter((check) => check.status !== 'ok')).toEqual([]);
    expect(verification.intact).toBe(true);
    const schema = JSON.parse(await readFile(new URL('../../docs/report.schema.json', import.meta.url), 'utf8')) as object;
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as unknown;
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    const csv = await readFile(path.join(out, 'report.csv'), 'utf8');
    expect(csv.trimEnd().split('\n')).toHaveLength(result.report.accounts.length + 1);
    const html = await readFile(path.join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']https?:/i);
  });

  it('declares in config/demo.yaml exactly the break-glass accounts the generated register is written for', async () => {
    const config = parseAppConfig(await readFile(demoConfigFile, 'utf8'), demoConfigFile.pathname);
    expect(config.breakGlass).toEqual(demoBreakGlassAccounts.map((account) => ({ ...account })));
  });

  it("judges each Workspace sign-in delegated to Okta by the same person's Okta account", () => {
    const delegated = result.report.accounts.filter((account) => account.idp === 'google' && account.mfaEnforced.value === 'delegated');
    expect(delegated.length).toBeGreaterThanOrEqual(20);
    const resolved = delegated.filter((account) => {
      const okta = result.report.accounts.find((other) => other.idp === 'okta' && other.personId !== null && other.personId === account.personId && other.covered !== 'n/a');
      return okta !== undefined && account.effectiveCovered.value === okta.covered;
    });
    // Only a person whose Okta account is suspended or deprovisioned has nothing to take the verdict from.
    expect(resolved.length).toBeGreaterThanOrEqual(delegated.length * 0.9);
    expect(resolved.some((account) => account.effectiveCovered.value === 'yes') && resolved.some((account) => account.effectiveCovered.value === 'no')).toBe(true);
  });

  it('links IAM users to the people behind the directory through the correlation rule', () => {
    const iamUsers = result.report.accounts.filter((account) => account.idp === 'aws' && account.kind === 'human');
    const linkedByRule = iamUsers.filter((account) => account.link?.method === 'rule' && account.personId !== null);
    expect(linkedByRule.length).toBeGreaterThanOrEqual(10);
  });

  it('shows two months of history: a trend of three reports and a diff against last month', async () => {
    const files = (await readdir(path.join(out, 'history'))).sort();
    expect(files).toHaveLength(2);
    const { trend, diff, priorReports } = result.report.history;
    expect(priorReports).toBe(2);
    expect(trend.map((point) => point.current)).toEqual([false, false, true]);
    expect(trend.map((point) => `${point.snapshotCreatedAt.slice(0, 10)}.json`).slice(0, 2)).toEqual(files);
    expect(trend.at(-1)?.coveragePercent).toBe(result.report.summary.coveragePercent);
    expect(diff?.previous.snapshotCreatedAt).toBe(trend[1]?.snapshotCreatedAt);
    // The register's expired entry was still in date a month ago; judging a month later closes some gaps.
    expect(diff?.expiredExceptions.map((entry) => entry.state)).toEqual(expect.arrayContaining(['expired']));
    expect((diff?.expiredExceptions.length ?? 0) + (diff?.newGaps.length ?? 0) + (diff?.resolvedGaps.length ?? 0)).toBeGreaterThan(0);
    expect(trend.map((point) => point.quietExemptions)).not.toEqual([trend[2]?.quietExemptions, trend[2]?.quietExemptions, trend[2]?.quietExemptions]);
    const html = await readFile(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain(`Changes since the report of ${diff?.previous.snapshotCreatedAt.slice(0, 10)}`);
    expect(html).toContain('aria-labelledby="trend-coverage-chart-title"');
    expect(html).toContain(`Coverage and quiet exemptions over the last 3 reports (2 earlier reports in the history)`);
  });

  it('re-derives report.json byte for byte from the snapshot alone (mfa-coverage analyse)', async () => {
    const generatedAt = result.report.generatedAt;
    const again = path.join(out, 'again');
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'analyse', '--snapshot', result.snapshotDirectory, '--out', again, '--generated-at', generatedAt, '--history', path.join(out, 'history')],
      { env: { ...process.env, LOG_LEVEL: 'silent' } },
    );
    expect(stdout).toContain('MFA coverage for Contoso Demo Ltd');
    const original = await readFile(path.join(out, 'report.json'), 'utf8');
    const rederived = await readFile(path.join(again, 'report.json'), 'utf8');
    expect(rederived).toBe(original);
  }, 60_000);
});
