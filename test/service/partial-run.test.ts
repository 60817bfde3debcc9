/**
 * A source that cannot be collected leaves the run and its report `partial` with the reason, as the CLI does; the
 * other sources are reported. The retention job then deletes runs older than the configured months, files too.
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { jest } from '@jest/globals';
import { silentLogger } from '../../src/logger.js';
import { processRetentionJob } from '../../src/jobs/retention-job.js';
import { startScanWorkers, type ScanWorkers } from '../../src/jobs/scan-workers.js';
import { openServiceRuntime, type ServiceRuntime } from '../../src/jobs/service-runtime.js';
import type { Report } from '../../src/reports/report-model.js';
import { storeKinds } from '../store/test-stores.js';
import { startServiceFixture, waitFor, type ServiceFixture } from './service-fixture.js';

jest.setTimeout(60_000);

describe.each(storeKinds)('a run with a broken source on %s', (kind) => {
  let fixture: ServiceFixture;
  let runtime: ServiceRuntime;
  let workers: ScanWorkers;

  beforeAll(async () => {
    fixture = await startServiceFixture(kind, {
      entraThrottledUsersRequests: 2,
      extraSources: {
        'broken-okta': { connector: 'okta', orgUrl: 'http://127.0.0.1:9', auth: { type: 'api-token', token: { env: 'MFA_COVERAGE_SIMULATOR_TOKEN' } } },
      },
    });
    runtime = await openServiceRuntime(fixture.config, { configDirectory: fixture.configDirectory, logger: silentLogger(), env: fixture.env });
    workers = await startScanWorkers(runtime);
  });
  afterAll(async () => {
    await workers?.close();
    await runtime?.close();
    await fixture?.close();
  });

  it('reports partial, naming the source that failed (its account list unreadable) and why, with the other sources complete', async () => {
    const { runId } = await runtime.launcher.start({ trigger: 'manual', sources: ['demo-okta', 'broken-okta'] });
    const stored = await waitFor('the run to be reported', async () => runtime.history.getReport(runId), 50_000);
    expect(stored.status).toBe('partial');
    const run = await runtime.history.getRun(runId);
    expect(run?.status).toBe('partial');
    expect(run?.error).toMatch(/^broken-okta failed: GET \/api\/v1\/.*fetch failed/);
    expect(run?.sources.map((source) => [source.sourceId, source.status])).toEqual([
      ['broken-okta', 'failed'],
      ['demo-okta', 'complete'],
    ]);
    const report = JSON.parse(await readFile(path.join(stored.artefactsPath, 'report.json'), 'utf8')) as Report;
    expect(report.summary.dataComplete).toBe(false);
    expect(report.sources.find((source) => source.sourceId === 'broken-okta')?.errors[0]?.message).toBeTruthy();

    // Throttled answers are counted per source and endpoint, for /metrics.
    const { runId: throttledRun } = await runtime.launcher.start({ trigger: 'manual', sources: ['demo-entra'] });
    await waitFor('the Entra run to be reported', async () => runtime.history.getReport(throttledRun), 50_000);
    const entra = (await runtime.history.getRun(throttledRun))?.sources.find((source) => source.sourceId === 'demo-entra');
    expect(entra).toMatchObject({ status: 'complete', throttled: 2 });
    expect(entra?.endpoints.find((endpoint) => endpoint.endpoint === 'GET /users')?.throttled).toBe(2);
    expect((await runtime.history.endpointTotals()).find((row) => row.connector === 'entra' && row.endpoint === 'GET /users')?.throttled).toBe(2);

    // Retention: a cutoff after this run deletes it with its folder.
    const deps = { ...runtime.deps, now: () => new Date(Date.now() + 40 * 31 * 86_400_000) };
    const result = await processRetentionJob(deps);
    expect(result.deleted).toBe(2);
    expect(await runtime.history.getRun(runId)).toBeUndefined();
    await expect(access(stored.artefactsPath)).rejects.toThrow();
  });
});
