/**
 * The HTTP API as a Fastify instance that is built but not listening: `serve` calls `listen` on it, tests call
 * `inject`. Order matters: cookies and form bodies, the OpenAPI collector and the rate limiter are registered
 * before any route (they hook route registration), then the authentication hook, the error handlers, the routes
 * of `api-routes.ts`, and the queue dashboard.
 */
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  createJsonSchemaTransform,
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { redactedPaths } from '../logger.js';
import { scannerVersion } from '../version.js';
import { ApiError, apiErrorCatalogue, type ApiErrorCode } from './api-errors.js';
import type { ApiApp, ApiDependencies } from './api-dependencies.js';
import { apiRouteModules } from './api-routes.js';
import { apiScopeDescriptions, apiScopes } from './auth/api-scopes.js';
import { createAuthenticateRequest } from './auth/authenticate-request.js';
import { sessionCookieName } from './auth/dashboard-session.js';
import { registerQueueDashboard } from './dashboard/queue-dashboard.js';
import { sendApiError } from './send-api-error.js';

/** Log paths the API adds to the logger's own: credentials as they appear in requests and responses. */
export const apiRedactedPaths = [
  ...redactedPaths,
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.cookie',
  '*.headers.cookie',
  'body.token',
  '*.body.token',
  'sessionSecret',
];

const requestIdPattern = /^[A-Za-z0-9._-]{8,64}$/;
const probePaths = new Set(['/health', '/ready']);

/** JSON bodies are small (a list of source ids, a token): anything larger is refused before parsing. */
const bodyLimitBytes = 64 * 1024;

export async function buildApp(deps: ApiDependencies): Promise<ApiApp> {
  const settings = deps.config.api;
  const logger = deps.logger.child({ component: 'api' }, { redact: { paths: apiRedactedPaths, censor: '[redacted]' } });
  const app = Fastify({
    loggerInstance: logger,
    trustProxy: settings.trustProxy,
    bodyLimit: bodyLimitBytes,
    requestIdHeader: false,
    // Probes every few seconds would drown the log; their failures still reach it through the error handler.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: (request) => probePaths.has(request.url) }),
    // A caller's X-Request-Id is kept when it is a plain token, so its logs and ours share an id; never echoed raw.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>() as unknown as ApiApp;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: bodyLimitBytes });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'mfa-coverage API',
        version: scannerVersion,
        description:
          'Scans, reports, per-account verdicts and the trend of the mfa-coverage service. Every route but /health and /ready needs ' +
          '`Authorization: Bearer mfac_…` (tokens from `mfa-coverage token create`). Scopes: ' +
          apiScopes.map((scope) => `\`${scope}\` ${apiScopeDescriptions[scope]}`).join('; ') +
          '. Every error has the body `{ error: { code, message, requestId } }`; the codes are listed in docs/api.md.',
      },
      components: {
        securitySchemes: {
          bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token (`mfac_` + 43 characters) from `mfa-coverage token create`.' },
          dashboardSession: { type: 'apiKey', in: 'cookie', name: sessionCookieName, description: 'The queue dashboard session set by POST /v1/session.' },
        },
      },
      security: [{ bearerToken: [] }],
    },
    transform: createJsonSchemaTransform({ skipList: ['/admin/queues', '/admin/queues/*'] }),
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifyRateLimit, {
    global: true,
    // After authentication, so the budget is the token's; anonymous routes count per client address.
    hook: 'preHandler',
    max: settings.rateLimit.max,
    timeWindow: settings.rateLimit.windowMs,
    keyGenerator: (request) => (request.principal ? `token:${request.principal.tokenId}` : `ip:${request.ip}`),
    // Shared through Redis when given; a Redis failure then lets the request through rather than failing it.
    ...(deps.rateLimitRedis ? { redis: deps.rateLimitRedis, nameSpace: `${deps.config.queue.prefix}:api-rate-limit:`, skipOnError: true } : {}),
    errorResponseBuilder: (request, context) =>
      new ApiError('RATE_LIMITED', `This ${request.principal ? 'token' : 'client'} made ${context.max} requests within ${Math.round(context.ttl / 1000) || 1} s; retry in ${context.after}.`),
  });

  app.addHook('onRequest', createAuthenticateRequest(deps.tokens));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
  });
  app.setErrorHandler((error: FastifyError, request, reply) => handleError(error, request, reply));
  app.setNotFoundHandler((request, reply) => sendApiError(request, reply, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`));

  for (const routeModule of apiRouteModules) routeModule(app, deps);
  await registerQueueDashboard(app, deps);
  return app;
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const [code, message] = classify(error);
  if (code === 'INTERNAL') request.log.error({ err: error }, 'request failed');
  else if (apiErrorCatalogue[code].status >= 500) request.log.warn({ err: error }, 'request refused');
  if (code === 'RATE_LIMITED' || code === 'NOT_READY' || code === 'QUEUE_UNAVAILABLE') {
    if (!reply.hasHeader('retry-after')) reply.header('retry-after', code === 'RATE_LIMITED' ? '60' : '5');
  }
  return sendApiError(request, reply, code, message);
}

function classify(error: FastifyError): [ApiErrorCode, string] {
  if (error instanceof ApiError) return [error.code, error.message];
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => {
      const field = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return `${error.validationContext ?? 'request'}${field ? ` field ${field}` : ''}: ${issue.message ?? 'invalid'}`;
    });
    return ['VALIDATION_FAILED', issues.join('; ')];
  }
  if (isResponseSerializationError(error)) return ['INTERNAL', 'The server built a response that does not match its own schema.'];
  if ((error as { code?: unknown }).code === 'QUEUE_UNAVAILABLE') return ['QUEUE_UNAVAILABLE', error.message];
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return ['UNSUPPORTED_MEDIA_TYPE', `Content type ${String(error.message).replace(/^Unsupported Media Type: ?/, '') || 'given'} is not accepted; send application/json.`];
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return ['PAYLOAD_TOO_LARGE', `The request body is larger than ${bodyLimitBytes} bytes.`];
    default:
      break;
  }
  if (error.statusCode === 429) return ['RATE_LIMITED', error.message];
  if (error.statusCode === 400 || error.statusCode === 413 || error.statusCode === 415) {
    return [error.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : error.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST', error.message];
  }
  return ['INTERNAL', 'An unexpected error occurred; the server log holds its details under this requestId.'];
}
