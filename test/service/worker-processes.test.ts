/**
 * Worker processes (`mfa-coverage worker`) on real Redis and both stores: two processes share one scan's
 * sources; a worker SIGKILLed mid-collection has its source collected again by the other and the report is
 * complete with nothing twice; SIGTERM lets the in-flight collection finish and exits cleanly.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { jest } from '@jest/globals';
import { silentLogger } from '../../src/logger.js';
import { openServiceRuntime, type ServiceRuntime } from '../../src/jobs/service-runtime.js';
import type { Report } from '../../src/reports/report-model.js';
import { storeKinds } from '../store/test-stores.js';
import { spawnWorker, startServiceFixture, waitFor, type ServiceFixture, type WorkerProcess } from './service-fixture.js';

jest.setTimeout(60_000);

const allSources = ['demo-aws.111111111111', 'demo-aws.222222222222', 'demo-aws.333333333333', 'demo-entra', 'demo-google', 'demo-okta'];

function collected(worker: WorkerProcess): string[] {
  return worker.lines.filter((line) => line.msg === 'collecting source').map((line) => String(line.sourceId));
}

async function expectCompleteReport(runtime: ServiceRuntime, runId: string): Promise<Report> {
  const stored = await waitFor('the run to be reported', async () => runtime.history.getReport(runId), 50_000);
  const run = await runtime.history.getRun(runId);
  expect(run?.status).toBe('complete');
  expect(run?.sources.filter((source) => source.status !== 'expanded').map((source) => [source.sourceId, source.status])).toEqual(allSources.map((id) => [id, 'complete']));
  const report = JSON.parse(await readFile(path.join(stored.artefactsPath, 'report.json'), 'utf8')) as Report;
  expect(report.sources.map((source) => [source.sourceId, source.status])).toEqual(allSources.map((id) => [id, 'complete']));
  const keys = new Set(report.accounts.map((account) => `${account.sourceId}\u0000${account.id}`));
  expect(await runtime.history.countVerdicts(runId, {})).toBe(keys.size);
  // Nothing of an interrupted attempt survives beside the committed run.
  expect((await readdir(stored.artefactsPath)).filter((entry) => entry.startsWith('.'))).toEqual([]);
  return report;
}

describe.each(storeKinds)('worker processes on %s', (kind) => {
  let fixture: ServiceFixture;
  let runtime: ServiceRuntime;
  const workers: WorkerProcess[] = [];

  function worker(name: string): WorkerProcess {
    const started = spawnWorker(fixture, name);
    workers.push(started);
    return started;
  }

  async function ready(process: WorkerProcess): Promise<void> {
    await waitFor('the worker to be ready', async () => process.lines.some((line) => line.msg === 'worker ready'), 30_000);
  }

  beforeAll(async () => {
    fixture = await startServiceFixture(kind, { users: 150, oktaLatencyMs: 25, queue: { concurrency: 1 } });
    runtime = await openServiceRuntime(fixture.config, { configDirectory: fixture.configDirectory, logger: silentLogger(), env: fixture.env });
  });
  afterEach(async () => {
    for (const process of workers.splice(0)) {
      if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill('SIGKILL');
      await process.exited;
    }
  });
  afterAll(async () => {
    await runtime?.close();
    await fixture?.close();
  });

  it('shares one scan between two worker processes, each source collected once', async () => {
    const first = worker('first');
    const second = worker('second');
    await Promise.all([ready(first), ready(second)]);
    const { runId } = await runtime.launcher.start({ trigger: 'manual' });
    await expectCompleteReport(runtime, runId);
    expect(collected(first).length).toBeGreaterThan(0);
    expect(collected(second).length).toBeGreaterThan(0);
    expect([...collected(first), ...collected(second)].sort()).toEqual(allSources);
    const run = await runtime.history.getRun(runId);
    expect(run?.sources.filter((source) => source.status !== 'expanded').every((source) => source.attempts === 1)).toBe(true);
  });

  it('collects a source again on the other worker when its worker is SIGKILLed mid-collection', async () => {
    const doomed = worker('doomed');
    await ready(doomed);
    const { runId } = await runtime.launcher.start({ trigger: 'manual', sources: ['demo-okta', 'demo-entra', 'demo-google', 'demo-aws'] });
    await waitFor('the Okta collection to be under way', async () => {
      const run = await runtime.history.getRun(runId);
      const okta = run?.sources.find((source) => source.sourceId === 'demo-okta');
      return okta?.status === 'running' && okta.requests > 5;
    });
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const rescuer = worker('rescuer');
    const report = await expectCompleteReport(runtime, runId);
    expect(collected(rescuer)).toContain('demo-okta');
    const okta = (await runtime.history.getRun(runId))?.sources.find((source) => source.sourceId === 'demo-okta');
    expect(okta?.attempts).toBeGreaterThanOrEqual(2);
    const oktaIds = report.accounts.filter((account) => account.sourceId === 'demo-okta').map((account) => account.id);
    expect(oktaIds.length).toBeGreaterThan(20);
    expect(new Set(oktaIds).size).toBe(oktaIds.length);
  });

  it('drains on SIGTERM: the in-flight collection finishes, the process exits 0, the rest waits for another worker', async () => {
    const leaving = worker('leaving');
    await ready(leaving);
    const { runId } = await runtime.launcher.start({ trigger: 'manual' });
    await waitFor('a collection to be under way', async () => collected(leaving).length > 0 && (await runtime.history.getRun(runId))?.sources.some((source) => source.status === 'running'));
    const inFlight = collected(leaving)[0];
    leaving.child.kill('SIGTERM');
    expect(await leaving.exited).toBe(0);
    expect(leaving.lines.some((line) => line.msg === 'worker stopped after finishing its jobs')).toBe(true);
    expect(leaving.lines.some((line) => line.msg === 'source collected' && line.sourceId === inFlight)).toBe(true);
    worker('staying');
    await expectCompleteReport(runtime, runId);
    const source = (await runtime.history.getRun(runId))?.sources.find((entry) => entry.sourceId === inFlight);
    expect(source?.attempts).toBe(1);
  });
});
