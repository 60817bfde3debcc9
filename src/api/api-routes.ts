/**
 * Every route module of the API, in one explicit list: add a module here to serve it. Each route declares how
 * it is reached in `config.auth` (api-scopes.ts, request-principal.ts) and its failures with the schemas of
 * api-errors.ts, so the OpenAPI document and the error catalogue cover it.
 */
import type { ApiRouteModule } from './api-dependencies.js';
import { consoleRoutes } from '../console/console-route-module.js';
import { accountRoutes } from './routes/account-routes.js';
import { alertsRoutes } from './routes/alerts-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { openApiRoutes } from './routes/openapi-routes.js';
import { peopleRoutes } from './routes/people-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { scanRoutes } from './routes/scan-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { trendRoutes } from './routes/trend-routes.js';

export const apiRouteModules: readonly ApiRouteModule[] = [
  healthRoutes,
  openApiRoutes,
  sessionRoutes,
  scanRoutes,
  reportRoutes,
  accountRoutes,
  peopleRoutes,
  trendRoutes,
  metricsRoutes,
  alertsRoutes,
  consoleRoutes,
];
