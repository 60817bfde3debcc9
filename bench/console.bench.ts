/**
 * Console page benchmark: a 100,000-account report (bench/synthetic-report.ts) recorded in the history store twice
 * (the previous and the latest run, as the service records them), then each console page requested through the
 * console's routes on a Fastify app, signed in, as a browser would: home, the not-covered list (first page, a later
 * page, filtered by IdP/tier/class/gap/exemption, a person search), a person, runs, a run with its artefacts, alerts
 * and the exception register. Server time is measured around `inject` (routing, session lookup, store queries and
 * rendering; no network). Each page is requested once (`first`: nothing cached yet, the figure a user opening a
 * new filter sees), then `--repeat` times: median, p95 and max (what paging through and returning to a list costs,
 * with the report's summary and the filter's count already read).
 * Aim: every page under 200 ms.
 *
 *   npx tsx bench/console.bench.ts [--accounts 100000] [--repeat 20] [--store sqlite|postgres] [--seed 2026]
 *   npm run bench -- console --accounts 100000
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify from 'fastify';
import { sql } from 'kysely';
import type { ApiApp } from '../src/api/api-dependencies.js';
import { ConsoleSessions } from '../src/console/console-sessions.js';
import { registerConsole } from '../src/console/console-routes.js';
import { createHistoryConsoleData } from '../src/console/history-console-data.js';
import { repositoryConsoleAlerts } from '../src/console/repository-console-alerts.js';
import { exceptionsCsvChunks } from '../src/reports/render-csv.js';
import { AlertRepository } from '../src/store/alert-repository.js';
import { createStore, type Store } from '../src/store/create-store.js';
import { createHistoryStore } from '../src/store/history-store.js';
import { createTokenRepository } from '../src/store/token-repository.js';
import { configureSyntheticReport, syntheticAsOf, syntheticReport } from './synthetic-report.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    repeat: { type: 'string', default: '20' },
    store: { type: 'string', default: 'sqlite' },
    seed: { type: 'string', default: '2026' },
  },
});
const accountCount = Number(values.accounts);
const repeat = Number(values.repeat);
if (!Number.isInteger(accountCount) || accountCount < 100) throw new Error(`--accounts must be an integer ≥ 100 (got ${values.accounts})`);
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000) throw new Error(`--repeat must be an integer from 1 to 1000 (got ${values.repeat})`);
if (values.store !== 'sqlite' && values.store !== 'postgres') throw new Error(`--store must be sqlite or postgres (got ${values.store})`);
const aimMs = 200;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const lines: string[] = [];
configureSyntheticReport({ accounts: accountCount, seed: Number(values.seed) });
const report = syntheticReport(lines);

const work = await mkdtemp(path.join(tmpdir(), 'console-bench-'));
const schema = `bench_${randomBytes(6).toString('hex')}`;
const store: Store =
  values.store === 'sqlite'
    ? await createStore({ path: path.join(work, 'store.sqlite') })
    : await createStore({ url: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema });
const history = createHistoryStore(store.db);
const tokens = createTokenRepository(store.db);

try {
  // Two runs of the same report a month apart: the home page compares them, the person page shows both.
  for (const [runId, monthsAgo] of [
    ['run-previous', 1],
    ['run-latest', 0],
  ] as const) {
    const createdAt = new Date(syntheticAsOf.getTime() - monthsAgo * 30 * 86_400_000).toISOString();
    const artefacts = path.join(work, runId);
    await mkdir(artefacts, { recursive: true });
    let csv = '';
    for (const chunk of exceptionsCsvChunks(report)) csv += chunk;
    await writeFile(path.join(artefacts, 'report.exceptions.csv'), csv);
    await history.createRun({ id: runId, trigger: 'schedule', scheduleName: 'monthly-report', createdAt });
    await history.addRunSources(runId, report.sources.map((source) => ({ sourceId: source.sourceId, connector: source.connector, tenant: source.tenant })), createdAt);
    await history.updateRun(runId, { status: 'running', startedAt: createdAt });
    const started = performance.now();
    await history.recordReport(runId, { ...report, snapshot: { ...report.snapshot, createdAt } }, artefacts, createdAt);
    lines.push(`  ${`record ${runId}`.padEnd(28)} ${seconds(performance.now() - started)}`);
  }

  const app = Fastify({ logger: false }) as unknown as ApiApp;
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  const clock = () => new Date();
  const alerts = repositoryConsoleAlerts(new AlertRepository(store.db), clock);
  registerConsole(app, {
    data: createHistoryConsoleData({ history, alerts, monthlySchedule: 'monthly-report', sources: report.sources.map((source) => source.sourceId) }),
    alerts,
    sessions: new ConsoleSessions(tokens, 3_600_000, clock),
    scans: { start: () => Promise.reject(new Error('the benchmark starts no scan')) },
    oidc: null,
    clock,
  });
  await app.ready();
  const { token } = await tokens.create({ name: 'bench', scopes: ['reports:read'] });
  const { secret } = await tokens.createSession((await tokens.authenticate(token))!.id, 3_600_000);

  const notCovered = report.accounts.filter((account) => account.effectiveCovered.value === 'no');
  const middle = notCovered[Math.floor(notCovered.length / 2)]!;
  const person = report.people.find((entry) => entry.accounts.length > 1) ?? report.people[0]!;
  const after = Buffer.from(JSON.stringify([middle.sourceId, middle.id])).toString('base64url');
  const pages: Array<[string, string]> = [
    ['home', '/console'],
    ['accounts: not covered, page 1', '/console/accounts?covered=no&size=50'],
    ['accounts: not covered, mid page', `/console/accounts?covered=no&size=50&after=${after}`],
    ['accounts: idp+tier+class', '/console/accounts?covered=no&idp=okta&tier=2&class=human&size=50'],
    ['accounts: gap + quiet', '/console/accounts?covered=any&gap=no-mfa&exemption=quiet&size=50'],
    ['accounts: 200 per page', '/console/accounts?covered=any&size=200'],
    ['accounts: person search', `/console/accounts?covered=any&q=${encodeURIComponent(person.name.split(' ')[0]!.toLowerCase())}&size=50`],
    ['person', `/console/people/${encodeURIComponent(person.id)}`],
    ['runs', '/console/runs'],
    ['run', '/console/runs/run-latest'],
    ['alerts', '/console/alerts'],
    ['exception register', '/console/exceptions'],
  ];
  const results: string[] = [];
  let worst = 0;
  let worstCold = 0;
  for (const [label, url] of pages) {
    const request = () => app.inject({ method: 'GET', url, cookies: { mfac_session: secret } });
    const coldStarted = performance.now();
    const warm = await request();
    const cold = performance.now() - coldStarted;
    if (warm.statusCode !== 200) throw new Error(`${url} answered ${warm.statusCode}: ${warm.body.slice(0, 300)}`);
    const times: number[] = [];
    for (let n = 0; n < repeat; n += 1) {
      const started = performance.now();
      const response = await request();
      times.push(performance.now() - started);
      if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const p95 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!;
    const max = times[times.length - 1]!;
    worst = Math.max(worst, p95);
    worstCold = Math.max(worstCold, cold);
    results.push(
      `  ${label.padEnd(34)} first ${cold.toFixed(1).padStart(7)} ms  median ${median.toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  max ${max.toFixed(1).padStart(7)} ms  ${(warm.body.length / 1024).toFixed(0).padStart(5)} KiB`,
    );
  }
  await app.close();

  console.log(`${accountCount.toLocaleString('en-GB')} accounts, ${report.people.length.toLocaleString('en-GB')} people, ${notCovered.length.toLocaleString('en-GB')} not covered; store ${values.store}; ${repeat} requests per page after one warm-up`);
  for (const line of lines) console.log(line);
  for (const line of results) console.log(line);
  console.log(`worst p95 ${worst.toFixed(1)} ms, worst first request ${worstCold.toFixed(1)} ms; aim (every page under ${aimMs} ms): ${worst < aimMs ? 'met' : 'NOT met'} repeated, ${worstCold < aimMs ? 'met' : 'NOT met'} first`);
} finally {
  if (values.store === 'postgres') await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
  await store.close();
  await rm(work, { recursive: true, force: true });
}
