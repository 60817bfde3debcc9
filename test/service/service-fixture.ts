/**
 * A whole service for a test: the demo organisation (config/demo.yaml) generated small and served by the wire
 * simulators, a store of the given dialect, a queue prefix of its own on the real Redis, and the effective
 * config written as a file inside the tenant folder (so the roster and register resolve) for worker processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { appConfigSchema, parseAppConfig, type AppConfig } from '../../src/config/app-config.js';
import { startSimulatedSources } from '../../src/cli/simulated-sources.js';
import { deleteRedisKeys } from '../redis-keys.js';
import { openTestStore, type StoreKind, type TestStore } from '../store/test-stores.js';

const repository = path.resolve(new URL('../..', import.meta.url).pathname);

export interface ServiceFixture {
  config: AppConfig;
  configFile: string;
  configDirectory: string;
  env: NodeJS.ProcessEnv;
  store: TestStore;
  prefix: string;
  close(): Promise<void>;
}

export interface FixtureOptions {
  users?: number;
  /** Latency of each Okta simulator answer, to make a collection last long enough to interrupt. */
  oktaLatencyMs?: number;
  /** Entra answers the first N requests to `GET /users` with 429 (Retry-After 0). */
  entraThrottledUsersRequests?: number;
  queue?: Record<string, unknown>;
  schedules?: unknown[];
  /** Extra `sources:` blocks (a broken one, say). */
  extraSources?: Record<string, unknown>;
}

export async function startServiceFixture(kind: StoreKind, options: FixtureOptions = {}): Promise<ServiceFixture> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'mfa-service-'));
  const store = await openTestStore(kind);
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const demoFile = path.join(repository, 'config', 'demo.yaml');
  const demo = parseAppConfig(await readFile(demoFile, 'utf8'), demoFile);
  const raw = JSON.parse(JSON.stringify(demo)) as Record<string, unknown>;
  const tenantDirectory = path.join(root, 'tenant');
  Object.assign(raw, {
    store: { ...store.config, artefacts: path.join(root, 'runs') },
    queue: { prefix, lockDurationMs: 4000, stalledIntervalMs: 2000, concurrency: 2, shutdownTimeoutMs: 20_000, ...options.queue },
    schedules: options.schedules ?? [],
    simulate: { seed: 7, users: options.users ?? 60, directory: tenantDirectory },
    sources: { ...(raw.sources as Record<string, unknown>), ...options.extraSources },
  });
  const base = appConfigSchema.parse(raw);
  const simulated = await startSimulatedSources(base, base.simulate ?? { seed: 7, users: 60, directory: tenantDirectory }, new Date(), {
    beforeServe: async (directory) => {
      if (options.entraThrottledUsersRequests) {
        const throttle = [{ route: 'GET /users', firstRequests: options.entraThrottledUsersRequests, retryAfterSeconds: 0 }];
        await writeFile(path.join(directory, 'sources', 'demo-entra', 'simulator.json'), JSON.stringify({ throttle }));
      }
      if (options.oktaLatencyMs) await writeFile(path.join(directory, 'sources', 'demo-okta', 'simulator.json'), JSON.stringify({ latencyMs: options.oktaLatencyMs }));
    },
  });
  const { simulate: _ignored, ...effective } = simulated.config;
  const configFile = path.join(tenantDirectory, 'service.yaml');
  await writeFile(configFile, JSON.stringify(effective, null, 2));
  const config = appConfigSchema.parse(effective);
  return {
    config,
    configFile,
    configDirectory: tenantDirectory,
    env: simulated.env,
    store,
    prefix,
    close: async () => {
      await simulated.close();
      await store.dispose();
      await deleteRedisKeys(prefix);
      await rm(root, { recursive: true, force: true });
    },
  };
}


/** A worker process (`mfa-coverage worker`), its log lines parsed as they come. */
export interface WorkerProcess {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

export function spawnWorker(fixture: ServiceFixture, name: string): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repository, 'src', 'cli', 'main.ts'), 'worker', '--config', fixture.configFile], {
    cwd: repository,
    env: { ...fixture.env, LOG_LEVEL: 'info', WORKER_NAME: name },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let buffer = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ text: line });
      }
      newline = buffer.indexOf('\n');
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

/** Polls `check` until it returns a value, or fails after `timeoutMs` naming what was awaited. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let round = 0; Date.now() < deadline && round < 100_000; round += 1) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
