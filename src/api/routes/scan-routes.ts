/**
 * Scans: start one (`POST /v1/scans`, 202 with its run id; the workers do the rest), list them, and follow
 * one while it runs (per-source status, requests, pages and throttled answers).
 */
import { z } from 'zod';
import { MfaCoverageError } from '../../errors.js';
import type { RunDetail, RunRecord } from '../../store/history-store.js';
import { ApiError, apiErrorSchema, authenticatedErrorResponses } from '../api-errors.js';
import type { ApiRouteModule } from '../api-dependencies.js';
import { runDetailSchema, runIdSchema, runSchema, runStatusSchema } from '../api-schemas.js';
import { decodeCursor, encodeCursor, pageQuerySchema } from '../page-cursor.js';

const startScanBodySchema = z
  .object({
    sources: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(1000)
      .optional()
      .describe('Configured source ids to scan (an AWS organisation id scans all its member accounts); every source when absent.'),
  })
  .strict();

const runCursorSchema = z.object({ createdAt: z.string(), id: z.string() }).strict();

export const scanRoutes: ApiRouteModule = (app, deps) => {
  app.post(
    '/v1/scans',
    {
      config: { auth: { kind: 'bearer', scopes: ['scans:run'] } },
      schema: {
        summary: 'Start a scan',
        description: 'Queues a scan of every configured source, or of those listed, and answers at once with its run id; poll GET /v1/scans/{id}.',
        tags: ['scans'],
        body: startScanBodySchema.nullish(),
        response: { 202: z.object({ runId: z.string(), status: z.literal('queued'), links: z.object({ self: z.string() }) }), 503: apiErrorSchema, ...authenticatedErrorResponses },
      },
    },
    async (request, reply) => {
      const requested = request.body?.sources;
      if (requested !== undefined) {
        const configured = Object.keys(deps.config.sources);
        const unknown = requested.filter((id) => !configured.includes(id));
        if (unknown.length > 0) throw new ApiError('SOURCE_UNKNOWN', `No source ${unknown.join(', ')} is configured; the sources are ${configured.join(', ')}.`);
      }
      let runId: string;
      try {
        ({ runId } = await deps.scans.start({ trigger: 'manual', ...(requested !== undefined ? { sources: [...new Set(requested)] } : {}) }));
      } catch (error) {
        if (error instanceof MfaCoverageError && error.code === 'INPUT_INVALID') throw new ApiError('SOURCE_UNKNOWN', error.message, { cause: error });
        throw error;
      }
      request.log.info({ runId, tokenName: request.principal?.tokenName }, 'scan queued');
      const self = `/v1/scans/${runId}`;
      return reply.code(202).header('location', self).send({ runId, status: 'queued' as const, links: { self } });
    },
  );

  app.get(
    '/v1/scans',
    {
      config: { auth: { kind: 'bearer', scopes: ['reports:read', 'scans:run'] } },
      schema: {
        summary: 'List scans, newest first',
        tags: ['scans'],
        querystring: z.object({ status: runStatusSchema.optional(), trigger: z.enum(['manual', 'schedule']).optional(), ...pageQuerySchema }).strict(),
        response: { 200: z.object({ items: z.array(runSchema), nextCursor: z.string().nullable() }), ...authenticatedErrorResponses },
      },
    },
    async (request) => {
      const { status, trigger, limit, cursor } = request.query;
      const after = decodeCursor(cursor, runCursorSchema);
      const page = await deps.history.listRuns(
        { ...(status !== undefined ? { status } : {}), ...(trigger !== undefined ? { trigger } : {}) },
        { limit, ...(after !== undefined ? { after } : {}) },
      );
      // A run becomes complete or partial in the transaction that records its report, so the status says whether it has one.
      return { items: page.items.map((run) => runView(run, run.status === 'complete' || run.status === 'partial')), nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/v1/scans/:id',
    {
      config: { auth: { kind: 'bearer', scopes: ['reports:read', 'scans:run'] } },
      schema: {
        summary: 'A scan with per-source progress',
        tags: ['scans'],
        params: z.object({ id: runIdSchema }),
        response: { 200: runDetailSchema, 404: apiErrorSchema, ...authenticatedErrorResponses },
      },
    },
    async (request) => {
      const run = await deps.history.getRun(request.params.id);
      if (run === undefined) throw new ApiError('NOT_FOUND', `No scan ${request.params.id}.`);
      const report = await deps.history.getReport(run.id);
      return runDetailView(run, report !== undefined);
    },
  );
};

export function runView(run: RunRecord, hasReport: boolean): z.infer<typeof runSchema> {
  return {
    id: run.id,
    trigger: run.trigger,
    scheduleName: run.scheduleName,
    status: run.status,
    requestedSources: run.requestedSources,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    error: run.error,
    links: { self: `/v1/scans/${run.id}`, report: hasReport ? `/v1/reports/${run.id}` : null },
  };
}

function runDetailView(run: RunDetail, hasReport: boolean): z.infer<typeof runDetailSchema> {
  return { ...runView(run, hasReport), sources: run.sources };
}
