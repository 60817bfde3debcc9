/**
 * Each route's happy path over a store holding two runs of the demo tenant analysed by the real pipeline,
 * against both store dialects: scans, reports and their files, accounts, people, trend, metrics, and the error
 * shape of refused input. Expected values come from the reports themselves, never from the API.
 */
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { storeKinds } from '../store/test-stores.js';
import { buildDemoFixture, recordDemoRuns, type DemoFixture } from './api-fixtures.js';
import { bearer, openApiHarness, type ApiHarness } from './api-harness.js';

let fixture: DemoFixture;

beforeAll(async () => {
  fixture = await buildDemoFixture();
}, 120_000);

afterAll(async () => {
  await rm(fixture.root, { recursive: true, force: true });
});

describe.each(storeKinds)('API routes on %s', (kind) => {
  let harness: ApiHarness;
  let reader: string;
  const latest = () => fixture.runs[1]!;

  beforeEach(async () => {
    harness = await openApiHarness(kind, fixture.config);
    await recordDemoRuns(harness.history, fixture);
    reader = await harness.token(['reports:read']);
  });
  afterEach(async () => {
    await harness.close();
  });

  const get = (url: string, token = reader) => harness.app.inject({ method: 'GET', url, headers: bearer(token) });

  it('starts a scan of chosen sources with 202 and its run id, and refuses an unknown source id', async () => {
    const runner = await harness.token(['scans:run']);
    const started = await harness.app.inject({ method: 'POST', url: '/v1/scans', headers: bearer(runner), payload: { sources: ['demo-okta', 'demo-entra'] } });
    expect(started.statusCode).toBe(202);
    const body = started.json<{ runId: string; status: string; links: { self: string } }>();
    expect(body).toEqual({ runId: 'manual-1', status: 'queued', links: { self: '/v1/scans/manual-1' } });
    expect(started.headers.location).toBe('/v1/scans/manual-1');
    expect(harness.scanRequests).toEqual([{ trigger: 'manual', sources: ['demo-okta', 'demo-entra'] }]);

    const all = await harness.app.inject({ method: 'POST', url: '/v1/scans', headers: bearer(runner) });
    expect(all.statusCode).toBe(202);
    expect(harness.scanRequests[1]).toEqual({ trigger: 'manual' });

    const unknown = await harness.app.inject({ method: 'POST', url: '/v1/scans', headers: bearer(runner), payload: { sources: ['demo-okta', 'nope'] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({ error: { code: 'SOURCE_UNKNOWN', message: expect.stringContaining('No source nope is configured'), requestId: unknown.headers['x-request-id'] } });
    expect(harness.scanRequests).toHaveLength(2);

    const polled = await get('/v1/scans/manual-1', runner);
    expect(polled.statusCode).toBe(200);
    expect(polled.json()).toMatchObject({ id: 'manual-1', status: 'queued', trigger: 'manual', requestedSources: ['demo-okta', 'demo-entra'], links: { report: null } });
  });

  it('lists scans newest first in cursor pages, filtered by status, and shows per-source progress', async () => {
    const first = await get('/v1/scans?limit=1');
    expect(first.statusCode).toBe(200);
    const page1 = first.json<{ items: Array<{ id: string }>; nextCursor: string | null }>();
    expect(page1.items.map((run) => run.id)).toEqual(['run-2026-11']);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = (await get(`/v1/scans?limit=1&cursor=${page1.nextCursor}`)).json<{ items: Array<{ id: string }>; nextCursor: string | null }>();
    expect(page2.items.map((run) => run.id)).toEqual(['run-2026-10']);
    expect(page2.nextCursor).toBeNull();
    const failed = (await get('/v1/scans?status=failed')).json<{ items: unknown[] }>();
    expect(failed.items).toEqual([]);

    const detail = (await get('/v1/scans/run-2026-11')).json<{ status: string; links: { report: string }; sources: Array<{ sourceId: string; status: string; attempts: number }> }>();
    const expectedStatus = latest().report.summary.dataComplete ? 'complete' : 'partial';
    expect(detail.status).toBe(expectedStatus);
    expect(detail.links.report).toBe('/v1/reports/run-2026-11');
    expect(detail.sources.map((source) => source.sourceId).sort()).toEqual(latest().report.sources.map((source) => source.sourceId).sort());
    expect(detail.sources.every((source) => source.attempts === 1)).toBe(true);
    expect((await get('/v1/scans/no-such-run')).json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('lists reports and gives one with its summary and the files it has', async () => {
    const list = (await get('/v1/reports')).json<{ items: Array<{ runId: string; accounts: number; coveragePercent: number | null }> }>();
    expect(list.items.map((report) => report.runId)).toEqual(['run-2026-11', 'run-2026-10']);
    expect(list.items[0]).toMatchObject({ accounts: latest().report.summary.accounts, coveragePercent: latest().report.summary.coveragePercent });

    const detail = await get('/v1/reports/run-2026-11');
    expect(detail.statusCode).toBe(200);
    const body = detail.json<{ summary: unknown; artefacts: Array<{ name: string; bytes: number; href: string }> }>();
    expect(body.summary).toEqual(JSON.parse(JSON.stringify(latest().report.summary)));
    expect(body.artefacts.map((artefact) => artefact.name)).toEqual([
      'report.json',
      'report.csv',
      'report.people.csv',
      'report.findings.csv',
      'report.exceptions.csv',
      'report.html',
      'report.pdf',
      'manifest.json',
    ]);
    const json = body.artefacts.find((artefact) => artefact.name === 'report.json');
    expect(json?.bytes).toBe((await readFile(path.join(latest().artefacts, 'report.json'))).length);
  });

  it('streams each file of a report byte for byte with its media type', async () => {
    const cases: Array<[string, RegExp]> = [
      ['report.json', /^application\/json/],
      ['report.csv', /^text\/csv; charset=utf-8/],
      ['report.html', /^text\/html; charset=utf-8/],
      ['report.pdf', /^application\/pdf/],
      ['manifest.json', /^application\/json/],
    ];
    for (const [name, mediaType] of cases) {
      const response = await get(`/v1/reports/run-2026-11/artefacts/${name}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(mediaType);
      expect(response.rawPayload.equals(await readFile(path.join(latest().artefacts, name)))).toBe(true);
      expect(response.headers['content-disposition']).toContain(`filename="run-2026-11-${name}"`);
    }
    const html = await get('/v1/reports/run-2026-11/artefacts/report.html');
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect((await get('/v1/reports/run-2026-11/artefacts/manifest.sig')).json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('never serves a file outside the run folder: traversal names are refused and planted links are not followed', async () => {
    for (const url of [
      '/v1/reports/run-2026-11/artefacts/..%2F..%2Ftenant%2Froster.csv',
      '/v1/reports/run-2026-11/artefacts/%2Fetc%2Fpasswd',
      '/v1/reports/..%2Frun-2026-11/artefacts/report.json',
      '/v1/reports/run-2026-11/artefacts/report.json%00.txt',
    ]) {
      const response = await get(url);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    // A run whose folder holds a link to a file elsewhere (as a tampered artefacts folder might).
    const planted = path.join(fixture.root, `planted-${kind}`);
    await mkdir(planted, { recursive: true });
    const secret = path.join(fixture.root, `secret-${kind}.txt`);
    await writeFile(secret, 'not for the API');
    await symlink(secret, path.join(planted, 'report.csv'));
    await harness.history.createRun({ id: 'run-planted', trigger: 'manual', createdAt: '2026-12-01T00:00:00.000Z' });
    await harness.history.recordReport('run-planted', latest().report, planted, '2026-12-01T00:01:00.000Z');
    const linked = await get('/v1/reports/run-planted/artefacts/report.csv');
    expect(linked.statusCode).toBe(404);
    expect(linked.body).not.toContain('not for the API');
    expect((await get('/v1/reports/run-planted')).json<{ artefacts: unknown[] }>().artefacts).toEqual([]);
  });

  it('pages every account of the latest report once and filters by coverage, identity provider and tier', async () => {
    const accounts = latest().report.accounts;
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = -1;
    for (let page = 0; page < 100; page += 1) {
      const response = await get(`/v1/accounts?limit=37${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const body = response.json<{ runId: string; total: number; items: Array<{ sourceId: string; accountId: string }>; nextCursor: string | null }>();
      expect(body.runId).toBe('run-2026-11');
      total = body.total;
      seen.push(...body.items.map((item) => `${item.sourceId}/${item.accountId}`));
      cursor = body.nextCursor;
      if (cursor === null) break;
    }
    expect(total).toBe(accounts.length);
    expect(seen).toHaveLength(accounts.length);
    expect(new Set(seen).size).toBe(accounts.length);

    const notCovered = accounts.filter((account) => account.effectiveCovered.value === 'no');
    expect(notCovered.length).toBeGreaterThan(0);
    const filtered = (await get('/v1/accounts?covered=no&limit=500')).json<{ total: number; items: Array<{ accountId: string; effectiveCovered: string }> }>();
    expect(filtered.total).toBe(notCovered.length);
    expect(filtered.items.map((item) => item.accountId).sort()).toEqual(notCovered.map((account) => account.id).sort());

    const entraTier1 = accounts.filter((account) => account.idp === 'entra' && account.tier === 1 && account.effectiveCovered.value === 'no');
    const narrow = (await get('/v1/accounts?covered=no&idp=entra&tier=1&limit=500')).json<{ total: number; items: Array<{ idp: string; tier: number }> }>();
    expect(narrow.total).toBe(entraTier1.length);
    expect(narrow.items.every((item) => item.idp === 'entra' && item.tier === 1)).toBe(true);

    const older = (await get('/v1/accounts?runId=run-2026-10&limit=1')).json<{ runId: string; total: number }>();
    expect(older).toMatchObject({ runId: 'run-2026-10', total: fixture.runs[0]!.report.accounts.length });
    expect((await get('/v1/accounts?cursor=bm90LWEtY3Vyc29y')).json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('cursor') } });
  });

  it('shows a person with the coverage the report gave them and every account linked to them', async () => {
    const report = latest().report;
    const person = report.people.find((candidate) => candidate.accounts.length >= 2 && candidate.covered !== 'n/a') ?? report.people.find((candidate) => candidate.accounts.length > 0);
    expect(person).toBeDefined();
    const response = await get(`/v1/people/${encodeURIComponent(person!.id)}`);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ runId: string; person: { id: string; name: string; covered: string; reasons: string[] }; accounts: Array<{ sourceId: string; accountId: string }> }>();
    expect(body.runId).toBe('run-2026-11');
    expect(body.person).toMatchObject({ id: person!.id, name: person!.name, covered: person!.covered, reasons: person!.reasons });
    expect(body.accounts.map((account) => `${account.sourceId}/${account.accountId}`).sort()).toEqual(person!.accounts.map((account) => `${account.sourceId}/${account.id}`).sort());
    expect((await get('/v1/people/nobody-here')).json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('gives the trend, one point per snapshot, oldest first', async () => {
    const body = (await get('/v1/trend')).json<{ points: Array<{ runId: string; snapshotCreatedAt: string; coveragePercent: number | null; inScope: number }> }>();
    expect(body.points.map((point) => point.runId)).toEqual(['run-2026-10', 'run-2026-11']);
    const summary = latest().report.summary;
    expect(body.points[1]).toMatchObject({ coveragePercent: summary.coveragePercent, inScope: summary.covered + summary.notCovered + summary.unknown });
    const since = (await get(`/v1/trend?since=${encodeURIComponent(latest().report.snapshot.createdAt)}`)).json<{ points: unknown[] }>();
    expect(since.points).toHaveLength(1);
  });

  it('reports metrics from the store and the queue at scrape time', async () => {
    await harness.queue.add('probe', {}, { delay: 60_000 });
    const scraper = await harness.token(['metrics:read']);
    const response = await get('/metrics', scraper);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    const statuses = fixture.runs.map((run) => (run.report.summary.dataComplete ? 'complete' : 'partial'));
    for (const status of new Set(statuses)) expect(text).toContain(`mfa_coverage_runs{status="${status}"} ${statuses.filter((s) => s === status).length}`);
    expect(text).toMatch(/mfa_coverage_run_duration_seconds_count\{trigger="schedule",status="(complete|partial)"\} \d/);
    expect(text).toContain(`mfa_coverage_queue_jobs{queue="${harness.queue.name}",state="delayed"} 1`);
    for (const [sourceId, counts] of Object.entries(latest().report.summary.bySource)) {
      if (counts.coveragePercent !== null) expect(text).toContain(`mfa_coverage_source_coverage_percent{source_id="${sourceId}"} ${counts.coveragePercent}`);
      expect(text).toContain(`mfa_coverage_accounts{source_id="${sourceId}",covered="no"} ${counts.notCovered}`);
    }
    expect(text).toMatch(/mfa_coverage_tier_coverage_percent\{tier="1"\}/);
  });

  it('answers refused input in the one error shape, with the request id of the response header', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/v1/accounts?covered=maybe&tier=7', headers: { ...bearer(reader), 'x-request-id': 'trace-0123456789' } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['x-request-id']).toBe('trace-0123456789');
    expect(response.json()).toEqual({ error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/covered.*tier|tier.*covered/s), requestId: 'trace-0123456789' } });
    const runner = await harness.token(['scans:run']);
    const malformed = await harness.app.inject({ method: 'POST', url: '/v1/scans', headers: { ...bearer(runner), 'content-type': 'application/json' }, payload: '{"sources": [' });
    expect(malformed.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    const extra = await harness.app.inject({ method: 'POST', url: '/v1/scans', headers: bearer(runner), payload: { sources: ['demo-okta'], everything: true } });
    expect(extra.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const unknownRoute = await get('/v1/nothing');
    expect(unknownRoute.statusCode).toBe(404);
    expect(unknownRoute.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
