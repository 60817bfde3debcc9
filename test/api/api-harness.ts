/**
 * The API under test: `buildApp` over a real store (SQLite file or PostgreSQL schema), a real BullMQ queue on a
 * unique name in the local Redis, a logger whose every line is kept for inspection, and a scan launcher that
 * records the run in the store the way the real one does before it queues the flow.
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ApiApp, ApiDependencies } from '../../src/api/api-dependencies.js';
import type { ApiScope } from '../../src/api/auth/api-scopes.js';
import { buildApp } from '../../src/api/build-app.js';
import type { AppConfig } from '../../src/config/app-config.js';
import type { ScanLauncher, ScanRequest } from '../../src/jobs/scan-launcher.js';
import { createLogger } from '../../src/logger.js';
import { createHistoryStore, type HistoryStore } from '../../src/store/history-store.js';
import { createTokenRepository, type TokenRepository } from '../../src/store/token-repository.js';
import { openTestStore, type StoreKind, type TestStore } from '../store/test-stores.js';
import { deleteRedisKeys } from '../redis-keys.js';

export interface ApiHarness {
  app: ApiApp;
  /** What the app was built with, to build a second instance over the same store and queue. */
  deps: ApiDependencies;
  opened: TestStore;
  history: HistoryStore;
  tokens: TokenRepository;
  queue: Queue;
  /** Every scan request the API handed to the launcher. */
  scanRequests: ScanRequest[];
  /** Every log line the app wrote, as emitted (JSON text). */
  logLines: string[];
  /** A new token holding these scopes. */
  token(scopes: readonly ApiScope[], name?: string): Promise<string>;
  close(): Promise<void>;
}

export interface ApiHarnessOptions {
  launcher?: (history: HistoryStore) => ScanLauncher;
  /** Where the queue's Redis is (default the local one). */
  redis?: { host: string; port: number };
  /** Shared rate-limit counters (ApiDependencies.rateLimitRedis). */
  rateLimitRedis?: Redis;
}

export async function openApiHarness(kind: StoreKind, config: AppConfig, options: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const opened = await openTestStore(kind);
  const history = createHistoryStore(opened.store.db);
  const tokens = createTokenRepository(opened.store.db);
  const redis = options.redis ?? { host: '127.0.0.1', port: 6379 };
  const reachable = options.redis === undefined;
  // Producer settings as the service uses them: fail at once when Redis is away rather than queue commands.
  const queue = new Queue(`api-test-${randomBytes(6).toString('hex')}`, {
    connection: { ...redis, ...(reachable ? {} : { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null }) },
  });
  queue.on('error', () => undefined);
  const scanRequests: ScanRequest[] = [];
  const logLines: string[] = [];
  let runs = 0;
  const recordingLauncher: ScanLauncher = {
    async start(request) {
      scanRequests.push(request);
      runs += 1;
      const runId = `manual-${runs}`;
      await history.createRun({ id: runId, trigger: request.trigger, requestedSources: request.sources ?? null, createdAt: new Date().toISOString() });
      return { runId };
    },
  };
  const deps: ApiDependencies = {
    config,
    store: opened.store,
    history,
    tokens,
    scans: options.launcher ? options.launcher(history) : recordingLauncher,
    queues: [queue],
    logger: createLogger({ level: 'trace', destination: { write: (line: string) => void logLines.push(line) } }),
    clock: () => new Date(),
    ...(options.rateLimitRedis ? { rateLimitRedis: options.rateLimitRedis } : {}),
  };
  const app = await buildApp(deps);
  await app.ready();
  let names = 0;
  return {
    app,
    deps,
    opened,
    history,
    tokens,
    queue,
    scanRequests,
    logLines,
    async token(scopes, name) {
      names += 1;
      return (await tokens.create({ name: name ?? `test-${names}`, scopes })).token;
    },
    async close() {
      await app.close();
      if (reachable) await queue.obliterate({ force: true });
      await queue.close();
      if (reachable) {
        // Closing writes the queue's meta key again; nothing of this test may stay in the shared Redis.
        await deleteRedisKeys(`bull:${queue.name}`);
      }
      await opened.dispose();
    },
  };
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
