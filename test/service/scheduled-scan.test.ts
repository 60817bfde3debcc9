/**
 * The service end to end in one process, on real Redis and both stores: a schedule fires and its run reports the
 * demo organisation through the simulators; the service's report.json is byte-identical to `mfa-coverage
 * analyse` of the same snapshot, and with the store's history identical to `analyse --history` over the earlier
 * report's folder. Schedules are created once by two instances starting together, and removed with the config.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { jest } from '@jest/globals';
import os from 'node:os';
import path from 'node:path';
import { analyseCommand } from '../../src/cli/analyse-command.js';
import { silentLogger } from '../../src/logger.js';
import { startScanWorkers, type ScanWorkers } from '../../src/jobs/scan-workers.js';
import { openServiceRuntime, type ServiceRuntime } from '../../src/jobs/service-runtime.js';
import { syncSchedules } from '../../src/jobs/sync-schedules.js';
import type { Report } from '../../src/reports/report-model.js';
import { storeKinds } from '../store/test-stores.js';
import { startServiceFixture, waitFor, type ServiceFixture } from './service-fixture.js';

jest.setTimeout(90_000);

describe.each(storeKinds)('the scan service on %s', (kind) => {
  let fixture: ServiceFixture;
  let runtime: ServiceRuntime;
  let workers: ScanWorkers | undefined;
  let scratch: string;

  beforeAll(async () => {
    fixture = await startServiceFixture(kind, { schedules: [{ name: 'hourly', every: '1h' }] });
    runtime = await openServiceRuntime(fixture.config, { configDirectory: fixture.configDirectory, logger: silentLogger(), env: fixture.env });
    scratch = await mkdtemp(path.join(os.tmpdir(), 'mfa-service-cli-'));
  });
  afterAll(async () => {
    await workers?.close();
    await runtime?.close();
    await fixture?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('fires a schedule into a complete run whose report.json is the CLI analysis of its snapshot, byte for byte', async () => {
    const [first, second] = await Promise.all([
      syncSchedules({ queue: runtime.queues.service, redis: runtime.redis, prefix: runtime.prefix, history: runtime.history, schedules: fixture.config.schedules, now: () => new Date() }),
      syncSchedules({ queue: runtime.queues.service, redis: runtime.redis, prefix: runtime.prefix, history: runtime.history, schedules: fixture.config.schedules, now: () => new Date() }),
    ]);
    expect(first.upserted).toEqual(['hourly']);
    expect(second.upserted).toEqual(['hourly']);
    const schedulers = await runtime.queues.service.getJobSchedulers(0, -1, true);
    expect(schedulers.map((scheduler) => scheduler.key).sort()).toEqual(['hourly', 'retention']);
    expect(await runtime.queues.service.getJobCountByTypes('delayed', 'wait')).toBe(2);

    workers = await startScanWorkers(runtime);
    const report = await waitFor('the scheduled run to be reported', async () => (await runtime.history.listReports({ limit: 5 })).items[0]);
    const run = await runtime.history.getRun(report.runId);
    expect(run).toMatchObject({ trigger: 'schedule', scheduleName: 'hourly', status: 'complete' });
    expect(run?.sources.map((source) => [source.sourceId, source.status])).toEqual([
      ['demo-aws', 'expanded'],
      ['demo-aws.111111111111', 'complete'],
      ['demo-aws.222222222222', 'complete'],
      ['demo-aws.333333333333', 'complete'],
      ['demo-entra', 'complete'],
      ['demo-google', 'complete'],
      ['demo-okta', 'complete'],
    ]);
    for (const source of run?.sources.filter((entry) => entry.status === 'complete') ?? []) {
      expect(source.requests).toBeGreaterThan(0);
      expect(source.pages).toBeGreaterThan(0);
      expect(source.endpoints.reduce((sum, endpoint) => sum + endpoint.requests, 0)).toBe(source.requests);
    }
    const schedule = (await runtime.history.listSchedules()).find((entry) => entry.name === 'hourly');
    expect(schedule).toMatchObject({ lastRunId: report.runId });
    expect(Date.parse(schedule?.nextFireAt ?? '')).toBeGreaterThan(Date.parse(schedule?.lastFiredAt ?? ''));

    const serviceJson = await readFile(path.join(report.artefactsPath, 'report.json'), 'utf8');
    const serviceReport = JSON.parse(serviceJson) as Report;
    expect(serviceReport.summary.accounts).toBe(report.accounts);
    const accountKeys = new Set(serviceReport.accounts.map((account) => `${account.sourceId}\u0000${account.id}`));
    expect(await runtime.history.countVerdicts(report.runId, {})).toBe(accountKeys.size);
    const out = path.join(scratch, 'first');
    expect(await analyseCommand({ snapshot: path.join(report.artefactsPath, 'snapshot'), out, generatedAt: serviceReport.generatedAt })).toBe(0);
    expect(await readFile(path.join(out, 'report.json'), 'utf8')).toBe(serviceJson);
  });

  it('gives a later run the same trend and diff from the store as analyse --history from the earlier report', async () => {
    const earlier = (await runtime.history.listReports({ limit: 1 })).items[0];
    const { runId } = await runtime.launcher.start({ trigger: 'manual', sources: ['demo-okta', 'demo-entra', 'demo-google', 'demo-aws'] });
    const report = await waitFor('the manual run to be reported', async () => runtime.history.getReport(runId));
    const serviceJson = await readFile(path.join(report.artefactsPath, 'report.json'), 'utf8');
    const serviceReport = JSON.parse(serviceJson) as Report;
    expect(serviceReport.history.priorReports).toBe(1);
    expect(serviceReport.history.diff?.previous.generatedAt).toBe(earlier?.generatedAt);
    const out = path.join(scratch, 'second');
    const history = path.dirname(earlier?.artefactsPath ?? '');
    expect(await analyseCommand({ snapshot: path.join(report.artefactsPath, 'snapshot'), out, generatedAt: serviceReport.generatedAt, history })).toBe(0);
    expect(await readFile(path.join(out, 'report.json'), 'utf8')).toBe(serviceJson);
  });

  it('rejects unknown sources at launch, and removes a schedule dropped from the config', async () => {
    await expect(runtime.launcher.start({ trigger: 'manual', sources: ['nope'] })).rejects.toThrow(/Unknown source id\(s\): nope/);
    const result = await syncSchedules({ queue: runtime.queues.service, redis: runtime.redis, prefix: runtime.prefix, history: runtime.history, schedules: [], now: () => new Date() });
    expect(result.removed).toEqual(['hourly']);
    expect((await runtime.queues.service.getJobSchedulers(0, -1, true)).map((scheduler) => scheduler.key)).toEqual(['retention']);
    expect(await runtime.history.listSchedules()).toEqual([]);
  });
});
