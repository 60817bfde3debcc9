/**
 * Service benchmark: four identity providers served by the wire simulators (Entra, Okta and Google Workspace with
 * `--users` accounts each, and the demo AWS organisation of three accounts), scanned by the service with one
 * worker process and then with two. Prints the wall time of each run (queued to report recorded), the ratio,
 * the peak RSS of each worker process and of this (launching) process, the Redis memory held by the run's keys
 * (peak of periodic samples), and the store's size on disk. The simulators' rate limits are set far above what
 * the scan uses, so the figures measure the service and not the vendors' budgets.
 *
 *   npx tsx bench/service.bench.ts [--users 25000] [--concurrency 4]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { appConfigSchema, type AppConfig } from '../src/config/app-config.js';
import { openServiceRuntime } from '../src/jobs/service-runtime.js';
import { silentLogger } from '../src/logger.js';
import { writeDemoAwsOrganisation } from '../src/simulators/aws/demo-aws-organisation.js';
import { writeDemoEntraTenant } from '../src/simulators/entra/demo-entra-tenant.js';
import { writeDemoGoogleTenant } from '../src/simulators/google/demo-google-tenant.js';
import { writeDemoOktaOrg } from '../src/simulators/okta/demo-okta-org.js';
import { simulatorBuckets } from '../src/simulators/okta/okta-rate-limiter.js';
import { closeServedSources, serveSources } from '../src/simulators/serve-sources.js';
import { openSnapshot } from '../src/snapshot/snapshot-reader.js';
import { SnapshotWriter } from '../src/snapshot/snapshot-writer.js';
import { scannerVersion } from '../src/version.js';

const { values } = parseArgs({ options: { users: { type: 'string', default: '25000' }, concurrency: { type: 'string', default: '4' } } });
const users = Number(values.users);
const concurrency = Number(values.concurrency);
const tokenEnv = 'MFA_COVERAGE_SIMULATOR_TOKEN';
const repository = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

interface ModeResult {
  workers: number;
  wallMs: number;
  /** Run queued → last source collected, and last source collected → report recorded. */
  collectMs: number;
  reportMs: number;
  accounts: number;
  workerPeakRssMiB: number[];
  redisPeakKiB: number;
  storeMiB: number;
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'mfa-service-bench-'));
  try {
    const asOf = new Date();
    const tenantDirectory = path.join(root, 'tenant');
    const started = Date.now();
    const writer = await SnapshotWriter.create(tenantDirectory, { now: () => asOf, scannerVersion });
    await writeDemoEntraTenant(writer, { seed: 11, userCount: users, asOf });
    await writeDemoOktaOrg(writer, { seed: 11, userCount: users, asOf });
    await writeDemoGoogleTenant(writer, { seed: 11, userCount: users, asOf });
    await writeDemoAwsOrganisation(writer, { seed: 11, asOf });
    await writer.commit();
    const generous = Object.fromEntries(simulatorBuckets.map((bucket) => [bucket, 1_000_000]));
    await writeFile(path.join(tenantDirectory, 'sources', 'demo-okta', 'simulator.json'), JSON.stringify({ limits: generous, concurrencyLimit: 10_000 }));
    console.log(`tenant generated in ${((Date.now() - started) / 1000).toFixed(1)} s: Entra, Okta, Google ${users} users each; AWS demo organisation (3 accounts)`);

    const tenant = await openSnapshot(tenantDirectory);
    const token = randomBytes(16).toString('hex');
    const served = await serveSources(tenant.sources, { token, portFor: () => 0 });
    try {
      const sources = Object.fromEntries(
        served.map((entry) => {
          const base: Record<string, Record<string, unknown>> = {
            'demo-entra': { connector: 'entra', tenantId: 'contoso-demo.onmicrosoft.com' },
            'demo-okta': { connector: 'okta', orgUrl: 'https://contoso-demo.okta.com' },
            'demo-google': { connector: 'google', domain: 'contoso-demo.example' },
            'demo-aws': {
              connector: 'aws',
              accountId: '111111111111',
              organisation: { roleName: 'MfaCoverageReadOnly' },
              credentialReport: { pollIntervalMs: 50 },
            },
          };
          return [entry.configSourceId, { ...base[entry.configSourceId], ...entry.definition.connectionFor(entry.server, tokenEnv) }];
        }),
      );
      const env = { ...process.env, [tokenEnv]: token, LOG_LEVEL: 'warn' };
      const results: ModeResult[] = [];
      for (const workers of [1, 2]) results.push(await runMode(root, sources, env, workers));
      const [one, two] = results as [ModeResult, ModeResult];
      console.log('\nworkers  wall (s)  collect (s)  report (s)  accounts  worker peak RSS (MiB)  Redis peak (KiB)  store (MiB)');
      for (const result of results) {
        console.log(
          `${String(result.workers).padEnd(8)} ${(result.wallMs / 1000).toFixed(1).padStart(8)}  ${(result.collectMs / 1000).toFixed(1).padStart(11)}  ${(result.reportMs / 1000).toFixed(1).padStart(10)}  ${String(result.accounts).padStart(8)}  ${result.workerPeakRssMiB.map((value) => value.toFixed(0)).join(' / ').padStart(21)}  ${result.redisPeakKiB.toFixed(0).padStart(16)}  ${result.storeMiB.toFixed(1).padStart(11)}`,
        );
      }
      console.log(`speed-up with two workers: ${(one.wallMs / two.wallMs).toFixed(2)}x (collection ${(one.collectMs / two.collectMs).toFixed(2)}x); launching process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
    } finally {
      await closeServedSources(served);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function runMode(root: string, sources: Record<string, unknown>, env: NodeJS.ProcessEnv, workerCount: number): Promise<ModeResult> {
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const directory = path.join(root, `mode-${workerCount}`);
  const config: AppConfig = appConfigSchema.parse({
    organisation: { name: 'Service benchmark' },
    sources,
    queue: { prefix, concurrency, shutdownTimeoutMs: 10_000 },
    store: { path: path.join(directory, 'store.sqlite'), artefacts: path.join(directory, 'runs') },
  });
  const configFile = path.join(root, `service-${workerCount}.yaml`);
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const runtime = await openServiceRuntime(config, { configDirectory: root, logger: silentLogger(), env });
  const redis = new Redis({ host: '127.0.0.1', port: 6379 });
  const children: ChildProcess[] = [];
  try {
    for (let index = 0; index < workerCount; index += 1) {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(repository, 'src', 'cli', 'main.ts'), 'worker', '--config', configFile], {
        cwd: repository,
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
    }
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const startedAt = Date.now();
    const { runId } = await runtime.launcher.start({ trigger: 'manual' });
    let redisPeak = 0;
    let report;
    for (let round = 0; round < 3600; round += 1) {
      report = await runtime.history.getReport(runId);
      if (report) break;
      const run = await runtime.history.getRun(runId);
      if (run?.status === 'failed') throw new Error(`run failed: ${run.error ?? ''}`);
      if (round % 4 === 0) redisPeak = Math.max(redisPeak, await prefixMemory(redis, prefix));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (!report) throw new Error('the run did not finish within 30 minutes');
    const wallMs = Date.now() - startedAt;
    const run = await runtime.history.getRun(runId);
    const lastCollected = Math.max(...(run?.sources ?? []).map((source) => Date.parse(source.finishedAt ?? '') || 0));
    const collectMs = lastCollected - startedAt;
    const reportMs = Date.parse(run?.finishedAt ?? '') - lastCollected;
    const rss = await Promise.all(children.map((child) => peakRssMiB(child.pid)));
    // Checkpointed first: the WAL's size depends on when SQLite last checkpointed, not on what the store holds.
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(runtime.store.db);
    const storeBytes = (await sizeOf(path.join(directory, 'store.sqlite'))) + (await sizeOf(path.join(directory, 'store.sqlite-wal')));
    console.log(`${workerCount} worker(s): run ${runId} ${report.status}, ${report.accounts} accounts in ${(wallMs / 1000).toFixed(1)} s`);
    return { workers: workerCount, wallMs, collectMs, reportMs, accounts: report.accounts, workerPeakRssMiB: rss, redisPeakKiB: redisPeak / 1024, storeMiB: storeBytes / 1024 / 1024 };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.on('exit', resolve)))));
    await runtime.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  }
}

/** Bytes Redis holds for the keys of one prefix (MEMORY USAGE summed). */
async function prefixMemory(redis: Redis, prefix: string): Promise<number> {
  let total = 0;
  let cursor = '0';
  for (let round = 0; round < 10_000; round += 1) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    for (const key of keys) total += Number((await redis.memory('USAGE', key)) ?? 0);
    cursor = next;
    if (cursor === '0') break;
  }
  return total;
}

async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  for (let round = 0; round < 10_000; round += 1) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
}

/** The peak resident set of a live process (VmHWM), from /proc. */
async function peakRssMiB(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

await main();
