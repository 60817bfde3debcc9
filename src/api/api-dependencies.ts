/**
 * What the HTTP API needs from the rest of the service, handed to `buildApp` so tests can give a store over a
 * temporary database, a real queue on a unique name, and a fixed clock. Nothing here is a module-level singleton.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppConfig } from '../config/app-config.js';
import type { ScanLauncher } from '../jobs/scan-launcher.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/create-store.js';
import type { HistoryStore } from '../store/history-store.js';
import type { TokenRepository } from '../store/token-repository.js';

export interface ApiDependencies {
  /** The validated configuration: `api` for limits, `sources` to check scan requests against. */
  config: AppConfig;
  /** The store's connection, for /ready. */
  store: Store;
  history: HistoryStore;
  tokens: TokenRepository;
  scans: ScanLauncher;
  /** Every BullMQ queue of the service: their depth for /metrics, their jobs on the dashboard, Redis for /ready. */
  queues: readonly Queue[];
  logger: Logger;
  clock: () => Date;
  /**
   * A Redis connection for the per-token rate limit, so every `serve` instance behind one address shares each
   * token's budget; without it each process counts on its own. (A normal client, not BullMQ's blocking one.)
   */
  rateLimitRedis?: Redis;
}

/** The Fastify instance routes are registered on: zod schemas give both validation and the OpenAPI document. */
export type ApiApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** A group of routes; `api-routes.ts` lists every one. */
export type ApiRouteModule = (app: ApiApp, deps: ApiDependencies) => void;
