/**
 * `mfa-coverage serve --config … --with-worker` as a user starts it (a child process running the real CLI), over
 * the demo organisation answered by the local simulators, a fresh SQLite store and a unique Redis prefix: the API
 * starts a scan, follows it to its report, serves the report's files and verdicts, and the process stops cleanly
 * on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { parseAppConfig } from '../../src/config/app-config.js';
import { createStore } from '../../src/store/create-store.js';
import { createTokenRepository } from '../../src/store/token-repository.js';
import { deleteRedisKeys } from '../redis-keys.js';

const demoConfig = new URL('../../config/demo.yaml', import.meta.url);

const prefix = `e2e-${randomBytes(5).toString('hex')}`;
let directory: string;
let server: ChildProcess | undefined;
let stderr = '';

afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  await rm(directory, { recursive: true, force: true });
  await deleteRedisKeys(prefix);
});

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms; serve wrote:\n${stderr.slice(-4000)}`);
}

it('serves the API end to end: a scan started over HTTP completes and its report, files and verdicts are served', async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'mfa-serve-'));
  const raw = parseDocument(await readFile(demoConfig, 'utf8')).toJS() as Record<string, unknown>;
  Object.assign(raw, {
    simulate: { seed: 2026, users: 120, directory: path.join(directory, 'tenant') },
    schedules: [],
    store: { path: path.join(directory, 'store.sqlite'), artefacts: path.join(directory, 'runs') },
    queue: { prefix },
    api: { host: '127.0.0.1', port: 0 },
  });
  const configFile = path.join(directory, 'service.yaml');
  await writeFile(configFile, stringify(raw));

  const config = parseAppConfig(await readFile(configFile, 'utf8'), configFile);
  const store = await createStore(config.store);
  const { token } = await createTokenRepository(store.db).create({ name: 'e2e', scopes: ['reports:read', 'scans:run', 'metrics:read'] });
  await store.close();
  const headers = { authorization: `Bearer ${token}` };

  server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--config', configFile, '--with-worker'], {
    env: { ...process.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  server.stderr?.setEncoding('utf8');
  server.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => server?.once('exit', (code) => resolve(code)));

  const base = await waitFor('serve listening', 120_000, async () => {
    const line = stderr.split('\n').find((text) => text.includes('"msg":"serving"'));
    return line ? (JSON.parse(line) as { address: string }).address : undefined;
  });
  await waitFor('/ready', 30_000, async () => ((await fetch(`${base}/ready`)).status === 200 ? true : undefined));
  expect((await fetch(`${base}/v1/scans`)).status).toBe(401);

  const started = await fetch(`${base}/v1/scans`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
  expect(started.status).toBe(202);
  const { runId } = (await started.json()) as { runId: string };

  const run = await waitFor('the run to finish', 240_000, async () => {
    const body = (await (await fetch(`${base}/v1/scans/${runId}`, { headers })).json()) as { status: string; sources: Array<{ sourceId: string; requests: number; status: string }> };
    return ['complete', 'partial', 'failed'].includes(body.status) ? body : undefined;
  });
  expect(run.status).toBe('complete');
  expect(run.sources.filter((source) => source.status === 'complete').every((source) => source.requests > 0)).toBe(true);

  const report = (await (await fetch(`${base}/v1/reports/${runId}`, { headers })).json()) as { accounts: number; artefacts: Array<{ name: string }> };
  expect(report.artefacts.map((artefact) => artefact.name)).toEqual(expect.arrayContaining(['report.json', 'report.html', 'report.pdf', 'report.csv', 'manifest.json']));
  const json = await fetch(`${base}/v1/reports/${runId}/artefacts/report.json`, { headers });
  expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  const document = (await json.json()) as { summary: { accounts: number; notCovered: number }; people: Array<{ id: string; name: string }> };
  expect(document.summary.accounts).toBe(report.accounts);

  const notCovered = (await (await fetch(`${base}/v1/accounts?covered=no&limit=1`, { headers })).json()) as { runId: string; total: number };
  expect(notCovered).toMatchObject({ runId, total: document.summary.notCovered });
  const person = document.people[0];
  expect(person).toBeDefined();
  const personView = (await (await fetch(`${base}/v1/people/${encodeURIComponent(person!.id)}`, { headers })).json()) as { person: { name: string } };
  expect(personView.person.name).toBe(person!.name);
  const metrics = await (await fetch(`${base}/metrics`, { headers })).text();
  expect(metrics).toContain('mfa_coverage_runs{status="complete"} 1');
  expect(metrics).toMatch(/mfa_coverage_idp_requests_total\{connector="okta",endpoint="[^"]+"\} [1-9]/);

  server.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(stderr).not.toContain(token);
}, 420_000);
