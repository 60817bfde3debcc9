/** `/metrics` for Prometheus: a token with `metrics:read` (or `admin`); see service-metrics.ts for what it reports. */
import { z } from 'zod';
import { authenticatedErrorResponses } from '../api-errors.js';
import type { ApiRouteModule } from '../api-dependencies.js';
import { createServiceMetrics } from '../metrics/service-metrics.js';

export const metricsRoutes: ApiRouteModule = (app, deps) => {
  const metrics = createServiceMetrics({ db: deps.store.db, history: deps.history, queues: deps.queues });
  app.get(
    '/metrics',
    {
      config: { auth: { kind: 'bearer', scopes: ['metrics:read'] } },
      schema: {
        summary: 'Prometheus metrics, computed from the store and the queues at each scrape',
        tags: ['service'],
        response: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: z.string() } } }, ...authenticatedErrorResponses },
      },
    },
    async (_request, reply) => {
      const text = await metrics.scrape();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
};
