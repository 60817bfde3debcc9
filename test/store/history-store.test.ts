/** The history repository against both dialects: runs and progress, reports and verdict pages, trend, schedules, retention. */
import { buildReport } from '../../src/reports/build-report.js';
import { renderJson } from '../../src/reports/render-json.js';
import { parsePriorReport, withHistory } from '../../src/reports/report-history.js';
import type { Report } from '../../src/reports/report-model.js';
import { createHistoryStore, type HistoryStore } from '../../src/store/history-store.js';
import { fixtureInput } from '../reports/report-fixtures.js';
import { openTestStore, storeKinds, type TestStore } from './test-stores.js';

function reportAt(createdAt: string, generatedAt = createdAt): Report {
  return buildReport({ ...fixtureInput(), snapshot: { createdAt, scannerVersion: '0.1.0' }, generatedAt });
}

describe.each(storeKinds)('history store on %s', (kind) => {
  let opened: TestStore;
  let history: HistoryStore;

  beforeEach(async () => {
    opened = await openTestStore(kind);
    history = createHistoryStore(opened.store.db);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('tracks a run from queued to its report, with per-source and per-endpoint progress; a retried source starts from zero', async () => {
    await history.createRun({ id: 'run-1', trigger: 'manual', requestedSources: ['okta-prod'], createdAt: '2026-01-01T00:00:00.000Z' });
    await history.createRun({ id: 'run-1', trigger: 'manual', createdAt: '2026-01-01T00:00:09.000Z' });
    await history.addRunSources('run-1', [{ sourceId: 'okta-prod', connector: 'okta', tenant: 'https://acme.okta.com' }], '2026-01-01T00:00:01.000Z');
    expect(await history.startSourceAttempt('run-1', 'okta-prod', '2026-01-01T00:00:02.000Z')).toBe(1);
    await history.updateSourceProgress(
      'run-1',
      'okta-prod',
      { requests: 7, pages: 5, throttled: 2, endpoints: [{ endpoint: 'GET /api/v1/users', requests: 7, pages: 5, throttled: 2 }] },
      '2026-01-01T00:00:03.000Z',
    );
    let run = await history.getRun('run-1');
    expect(run).toMatchObject({ status: 'queued', requestedSources: ['okta-prod'], createdAt: '2026-01-01T00:00:00.000Z' });
    expect(run?.sources).toEqual([
      expect.objectContaining({ sourceId: 'okta-prod', status: 'running', attempts: 1, requests: 7, pages: 5, throttled: 2, endpoints: [{ endpoint: 'GET /api/v1/users', requests: 7, pages: 5, throttled: 2 }] }),
    ]);
    expect(await history.endpointTotals()).toEqual([{ connector: 'okta', endpoint: 'GET /api/v1/users', requests: 7, throttled: 2 }]);

    expect(await history.startSourceAttempt('run-1', 'okta-prod', '2026-01-01T00:00:04.000Z')).toBe(2);
    run = await history.getRun('run-1');
    expect(run?.sources[0]).toMatchObject({ attempts: 2, requests: 0, pages: 0, throttled: 0, endpoints: [] });

    const report = reportAt('2026-01-01T00:00:05.000Z');
    await history.recordReport('run-1', report, '/data/runs/run-1', '2026-01-01T00:01:00.000Z');
    await history.recordReport('run-1', report, '/data/runs/run-1', '2026-01-01T00:01:00.000Z');
    run = await history.getRun('run-1');
    expect(run).toMatchObject({ status: report.summary.dataComplete ? 'complete' : 'partial', finishedAt: '2026-01-01T00:01:00.000Z' });
    expect(run?.error).toContain('okta-prod partial');
    const stored = await history.getReport('run-1');
    expect(stored).toMatchObject({ runId: 'run-1', accounts: report.summary.accounts, covered: report.summary.covered, artefactsPath: '/data/runs/run-1' });
    expect(stored?.summary).toEqual(JSON.parse(JSON.stringify(report.summary)));
    expect(await history.countVerdicts('run-1', {})).toBe(report.accounts.length);
    expect(await history.runsByStatus()).toMatchObject({ [run?.status ?? 'failed']: 1 });
  });

  it('pages every verdict once in (source, account) order and filters by coverage, idp, tier, class, gap, exemption and person search', async () => {
    const report = reportAt('2026-02-01T00:00:00.000Z');
    await history.createRun({ id: 'run-2', trigger: 'schedule', scheduleName: 'monthly', createdAt: '2026-02-01T00:00:00.000Z' });
    await history.recordReport('run-2', report, '/r', '2026-02-01T00:01:00.000Z');

    const seen: string[] = [];
    let after;
    for (let page = 0; page < 20; page += 1) {
      const result = await history.listVerdicts('run-2', {}, { limit: 2, ...(after ? { after } : {}) });
      seen.push(...result.items.map((item) => `${item.sourceId}/${item.accountId}`));
      if (!result.next) break;
      after = result.next;
    }
    const expected = report.accounts.map((account) => `${account.sourceId}/${account.id}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(seen).toEqual(expected);

    const check = async (filter: Parameters<HistoryStore['listVerdicts']>[1], predicate: (account: Report['accounts'][number]) => boolean) => {
      const page = await history.listVerdicts('run-2', filter, { limit: 1000 });
      const want = report.accounts.filter(predicate).map((account) => `${account.sourceId}/${account.id}`).sort();
      expect(page.items.map((item) => `${item.sourceId}/${item.accountId}`).sort()).toEqual(want);
      expect(await history.countVerdicts('run-2', filter)).toBe(want.length);
      return want.length;
    };
    expect(await check({ covered: 'no' }, (account) => account.effectiveCovered.value === 'no')).toBeGreaterThan(0);
    expect(await check({ idp: 'okta' }, (account) => account.idp === 'okta')).toBeGreaterThan(0);
    await check({ tier: 1 }, (account) => account.tier === 1);
    await check({ class: 'human' }, (account) => account.class === 'human');
    await check({ privileged: true }, (account) => account.privileged);
    const gapKind = report.accounts.flatMap((account) => account.gaps)[0]?.kind;
    expect(gapKind).toBeDefined();
    expect(await check({ gap: gapKind }, (account) => account.gaps.some((gap) => gap.kind === gapKind))).toBeGreaterThan(0);
    await check({ exemption: 'quiet' }, (account) => account.gaps.some((gap) => gap.state === 'quiet'));
    await check({ covered: 'no', idp: 'entra' }, (account) => account.effectiveCovered.value === 'no' && account.idp === 'entra');
    const login = report.accounts[0]?.login ?? '';
    await check({ search: login.slice(0, 4).toUpperCase() }, (account) => [account.login, account.displayName, account.personId ?? ''].join('\n').toLowerCase().includes(login.slice(0, 4).toLowerCase()));
    await check({ search: '%' }, (account) => [account.login, account.displayName].join('').includes('%'));

    const [first] = (await history.listVerdicts('run-2', { search: login }, { limit: 1 })).items;
    const original = report.accounts.find((account) => account.login === login);
    expect(first).toMatchObject({ login, covered: original?.covered, effectiveCovered: original?.effectiveCovered.value, reasons: original?.reasons, tier: original?.tier });
  });

  it('hands earlier reports to the pure history functions with the same trend and diff as their report.json files', async () => {
    const times = ['2026-01-01T06:00:00.000Z', '2026-02-01T06:00:00.000Z', '2026-03-01T06:00:00.000Z'];
    const fileHistory = [];
    for (const [index, time] of times.entries()) {
      const report = reportAt(time);
      await history.createRun({ id: `run-${index}`, trigger: 'schedule', createdAt: time });
      await history.recordReport(`run-${index}`, report, `/r/${index}`, time);
      fileHistory.push(parsePriorReport(JSON.parse(renderJson(report)), `r${index}.json`));
    }
    // A re-analysis of the February snapshot generated later: one point per snapshot, the latest generated wins.
    const again = reportAt(times[1] as string, '2026-02-02T00:00:00.000Z');
    await history.createRun({ id: 'run-again', trigger: 'manual', createdAt: '2026-02-02T00:00:00.000Z' });
    await history.recordReport('run-again', again, '/r/again', '2026-02-02T00:00:00.000Z');
    fileHistory.push(parsePriorReport(JSON.parse(renderJson(again)), 'again.json'));

    const current = reportAt('2026-04-01T06:00:00.000Z');
    const fromStore = withHistory(current, await history.priorReports(current.snapshot.createdAt));
    const fromFiles = withHistory(current, fileHistory);
    expect(renderJson(fromStore)).toBe(renderJson(fromFiles));
    expect(fromStore.history.priorReports).toBe(3);
    expect(fromStore.history.diff?.previous.snapshotCreatedAt).toBe(times[2]);
  });

  it('keeps schedules with their last and next fire, and forgets those removed from config', async () => {
    await history.upsertSchedule('monthly', { cron: '0 6 1 * *' }, '2026-01-01T00:00:00.000Z');
    await history.upsertSchedule('daily', { every: 86400000 }, '2026-01-01T00:00:00.000Z');
    await history.upsertSchedule('monthly', { cron: '0 7 1 * *' }, '2026-01-02T00:00:00.000Z');
    await history.recordScheduleFire('monthly', { firedAt: '2026-02-01T06:00:00.000Z', runId: 'r', nextFireAt: '2026-03-01T06:00:00.000Z' });
    expect(await history.removeSchedulesExcept(['monthly'])).toEqual(['daily']);
    expect(await history.listSchedules()).toEqual([
      { name: 'monthly', spec: { cron: '0 7 1 * *' }, lastFiredAt: '2026-02-01T06:00:00.000Z', lastRunId: 'r', nextFireAt: '2026-03-01T06:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' },
    ]);
  });

  it('deletes finished runs older than the cutoff with their verdicts, and keeps running and newer ones', async () => {
    for (const [id, time] of [['old', '2024-01-01T00:00:00.000Z'], ['new', '2026-01-01T00:00:00.000Z']] as const) {
      await history.createRun({ id, trigger: 'schedule', createdAt: time });
      await history.addRunSources(id, [{ sourceId: 's', connector: 'okta', tenant: 't' }], time);
      await history.recordReport(id, reportAt(time), `/r/${id}`, time);
    }
    await history.createRun({ id: 'stuck', trigger: 'manual', createdAt: '2024-01-01T00:00:00.000Z' });
    expect(await history.deleteRunsBefore('2025-01-01T00:00:00.000Z')).toEqual([{ runId: 'old', artefactsPath: '/r/old' }]);
    expect(await history.getRun('old')).toBeUndefined();
    expect(await history.countVerdicts('old', {})).toBe(0);
    expect(await history.getRun('stuck')).toBeDefined();
    expect((await history.listReports({ limit: 10 })).items.map((item) => item.runId)).toEqual(['new']);
  });

  it('lists runs newest first in keyset pages, filtered by status', async () => {
    for (let index = 0; index < 5; index += 1) await history.createRun({ id: `r${index}`, trigger: 'manual', createdAt: `2026-01-0${index + 1}T00:00:00.000Z` });
    await history.updateRun('r2', { status: 'failed', error: 'boom' });
    const first = await history.listRuns({}, { limit: 2 });
    expect(first.items.map((run) => run.id)).toEqual(['r4', 'r3']);
    const second = await history.listRuns({}, { limit: 2, ...(first.next ? { after: first.next } : {}) });
    expect(second.items.map((run) => run.id)).toEqual(['r2', 'r1']);
    expect((await history.listRuns({ status: 'failed' }, { limit: 10 })).items).toEqual([expect.objectContaining({ id: 'r2', error: 'boom' })]);
  });
});
