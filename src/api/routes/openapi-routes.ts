/**
 * `/openapi.json`: the OpenAPI 3.1 document generated from the routes' zod schemas. Any valid token may read it
 * (no scope needed); it is not anonymous because nothing but /health and /ready is.
 */
import type { ApiRouteModule } from '../api-dependencies.js';

export const openApiRoutes: ApiRouteModule = (app) => {
  app.get('/openapi.json', { config: { auth: { kind: 'bearer', scopes: [] } }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(JSON.stringify(app.swagger())),
  );
};
