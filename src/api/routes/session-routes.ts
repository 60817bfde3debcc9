/**
 * Signing in to the queue dashboard, which a browser cannot reach with a bearer header: `POST /v1/session`
 * exchanges an admin token for a session cookie, `DELETE /v1/session` ends it, `/admin/login` is the form that
 * posts the token. The token travels in the body or the Authorization header, never in a URL (which logs keep).
 */
import { z } from 'zod';
import { ApiError, apiErrorSchema, authenticatedErrorResponses } from '../api-errors.js';
import type { ApiRouteModule } from '../api-dependencies.js';
import { scopesAdmit } from '../auth/api-scopes.js';
import { clearSessionCookies, isSameOrigin, sessionCookieName, setSessionCookies } from '../auth/dashboard-session.js';

const sessionBodySchema = z
  .object({ token: z.string().max(200).optional().describe('An admin API token; or send it as `Authorization: Bearer …`.') })
  .strict();

const sessionSchema = z.object({
  tokenName: z.string(),
  expiresAt: z.string().describe('When the session cookie stops working (ISO-8601).'),
  dashboard: z.literal('/admin/queues'),
});

export const sessionRoutes: ApiRouteModule = (app, deps) => {
  app.post(
    '/v1/session',
    {
      config: { auth: { kind: 'public' } },
      schema: {
        summary: 'Exchange an admin token for a queue-dashboard session cookie',
        description:
          'Sets `mfac_session` (HttpOnly, SameSite=Strict, Secure over https) and `XSRF-TOKEN` (read by the dashboard, sent back as `X-XSRF-TOKEN` on its actions). A form post (application/x-www-form-urlencoded) is answered with a redirect to the dashboard.',
        tags: ['session'],
        security: [],
        body: sessionBodySchema.nullish(),
        response: { 201: sessionSchema, 303: z.undefined().describe('Form post: redirect to /admin/queues'), ...authenticatedErrorResponses },
      },
    },
    async (request, reply) => {
      if (!isSameOrigin(request)) throw new ApiError('CSRF_INVALID', 'Sign-in posted from another origin.');
      const header = /^Bearer +([^ ]+) *$/i.exec(request.headers.authorization ?? '')?.[1];
      const presented = request.body?.token ?? header;
      if (presented === undefined || presented === '') throw new ApiError('UNAUTHENTICATED', 'Give an admin API token in the `token` field or the Authorization header.');
      const record = await deps.tokens.authenticate(presented);
      if (record === undefined) throw new ApiError('UNAUTHENTICATED', 'The API token is unknown, revoked or expired.');
      if (!scopesAdmit(record.scopes, ['admin'])) throw new ApiError('FORBIDDEN', `The queue dashboard needs an admin token; token "${record.name}" holds ${record.scopes.join(', ')}.`);
      const { secret, session } = await deps.tokens.createSession(record.id, deps.config.api.session.ttlMinutes * 60_000);
      setSessionCookies(reply, secret, new Date(session.expiresAt));
      request.log.info({ tokenId: record.id, tokenName: record.name }, 'dashboard session opened');
      if ((request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return reply.redirect('/admin/queues/', 303);
      return reply.code(201).send({ tokenName: record.name, expiresAt: session.expiresAt, dashboard: '/admin/queues' as const });
    },
  );

  app.delete(
    '/v1/session',
    {
      config: { auth: { kind: 'public' } },
      schema: {
        summary: 'End the queue-dashboard session of this browser',
        tags: ['session'],
        security: [{ dashboardSession: [] }],
        response: { 204: z.undefined(), 403: apiErrorSchema },
      },
    },
    async (request, reply) => {
      if (!isSameOrigin(request)) throw new ApiError('CSRF_INVALID', 'Sign-out posted from another origin.');
      const secret = request.cookies[sessionCookieName];
      if (secret !== undefined) await deps.tokens.deleteSession(secret);
      clearSessionCookies(reply);
      return reply.code(204).send();
    },
  );

  app.get(
    '/admin/login',
    { config: { auth: { kind: 'public' } }, schema: { hide: true } },
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
        .send(loginPage),
  );
};

const loginPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mfa-coverage: queue dashboard sign-in</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}input{width:100%;padding:.5rem;font-family:monospace}button{margin-top:1rem;padding:.5rem 1rem}</style>
</head><body><h1>Queue dashboard</h1>
<p>Paste an API token with the <code>admin</code> scope (<code>mfa-coverage token create --name you --scopes admin</code>).</p>
<form method="post" action="/v1/session"><label>Token <input type="password" name="token" autocomplete="off" required></label>
<button type="submit">Sign in</button></form></body></html>
`;
