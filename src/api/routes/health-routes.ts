/**
 * `/health` (the process answers) and `/ready` (it can do its job: the store answers a query and Redis answers
 * the queue), both anonymous for orchestrators' probes, and neither rate limited. `/ready` waits a bounded time
 * for each, so a hung dependency makes it fail rather than hang the probe.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { ApiError, apiErrorSchema } from '../api-errors.js';
import type { ApiDependencies, ApiRouteModule } from '../api-dependencies.js';

const probeTimeoutMs = 3000;

const readySchema = z.object({
  status: z.literal('ready'),
  checks: z.object({ store: z.literal('ok'), queue: z.literal('ok') }),
});

export const healthRoutes: ApiRouteModule = (app, deps) => {
  app.get(
    '/health',
    {
      config: { auth: { kind: 'public' }, rateLimit: false },
      schema: { summary: 'Liveness: the process answers', tags: ['service'], security: [], response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { auth: { kind: 'public' }, rateLimit: false },
      schema: {
        summary: 'Readiness: the store and the queue (Redis) can be reached',
        tags: ['service'],
        security: [],
        response: { 200: readySchema, 503: apiErrorSchema },
      },
    },
    async () => {
      const failures = (await Promise.all([probe('store', () => storeAnswers(deps)), probe('queue', () => queueAnswers(deps))])).filter(
        (failure): failure is string => failure !== undefined,
      );
      if (failures.length > 0) throw new ApiError('NOT_READY', failures.join('; '));
      return { status: 'ready' as const, checks: { store: 'ok' as const, queue: 'ok' as const } };
    },
  );
};

async function storeAnswers(deps: ApiDependencies): Promise<void> {
  await sql`select 1`.execute(deps.store.db);
}

async function queueAnswers(deps: ApiDependencies): Promise<void> {
  for (const queue of deps.queues) await queue.getJobCounts('waiting');
}

/** Undefined when `check` settles in time, else a sentence naming the dependency (never its credentials). */
async function probe(name: 'store' | 'queue', check: () => Promise<void>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the ${name} did not answer within ${probeTimeoutMs} ms`), probeTimeoutMs);
  });
  try {
    return await Promise.race([
      check().then(
        () => undefined,
        (error: unknown) => `the ${name} cannot be reached (${name === 'store' ? describeStoreError(error) : 'Redis refused or dropped the connection'})`,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function describeStoreError(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? 'error' : 'error';
}
