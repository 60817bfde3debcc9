/**
 * `GET /v1/trend`: coverage over time, one point per snapshot (the latest report of a snapshot speaks for it,
 * as the report's own trend does), oldest first.
 */
import { z } from 'zod';
import { authenticatedErrorResponses } from '../api-errors.js';
import type { ApiRouteModule } from '../api-dependencies.js';

const trendPointSchema = z
  .object({
    runId: z.string(),
    generatedAt: z.string(),
    snapshotCreatedAt: z.string(),
    coveragePercent: z.number().nullable(),
    covered: z.number().int(),
    inScope: z.number().int().describe('covered + notCovered + unknown'),
    notCovered: z.number().int(),
    unknown: z.number().int(),
    quietExemptions: z.number().int().describe('Gaps no register entry documents.'),
    maturityLevel: z.number().int().nullable(),
  })
  .meta({ id: 'TrendPoint' });

export const trendRoutes: ApiRouteModule = (app, deps) => {
  app.get(
    '/v1/trend',
    {
      config: { auth: { kind: 'bearer', scopes: ['reports:read'] } },
      schema: {
        summary: 'Coverage per snapshot over the kept reports, oldest first',
        tags: ['reports'],
        querystring: z
          .object({
            since: z.iso.datetime({ offset: true }).optional().describe('Only snapshots taken at or after this instant.'),
          })
          .strict(),
        response: { 200: z.object({ points: z.array(trendPointSchema) }), ...authenticatedErrorResponses },
      },
    },
    async (request) => {
      const since = request.query.since === undefined ? undefined : Date.parse(request.query.since);
      const bySnapshot = new Map<string, z.infer<typeof trendPointSchema>>();
      for (const { runId, generatedAt, point } of await deps.history.trendPoints()) {
        if (since !== undefined && Date.parse(point.snapshotCreatedAt) < since) continue;
        // Rows come ordered by snapshot then generation, so the last one of a snapshot wins.
        bySnapshot.set(point.snapshotCreatedAt, { runId, generatedAt, ...point });
      }
      return { points: [...bySnapshot.values()] };
    },
  );
};
