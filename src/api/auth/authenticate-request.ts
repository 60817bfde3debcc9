/**
 * The one authentication hook (onRequest, before any body is read). Each route says how it is reached in
 * `config.auth`; a route that says nothing needs an `admin` bearer token. Unknown URLs still need a valid token,
 * so the API's shape is not visible anonymously. Replies are sent from here rather than thrown, because the
 * queue dashboard's plugin installs an error handler of its own.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TokenRepository } from '../../store/token-repository.js';
import { sendApiError } from '../send-api-error.js';
import { scopesAdmit } from './api-scopes.js';
import { csrfHeaderName, csrfTokenMatches, isSameOrigin, sessionCookieName } from './dashboard-session.js';
import type { RouteAuth } from './request-principal.js';

const adminOnly: RouteAuth = { kind: 'bearer', scopes: ['admin'] };
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createAuthenticateRequest(tokens: TokenRepository) {
  return async function authenticateRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.principal = null;
    const auth = request.is404 ? { kind: 'bearer' as const, scopes: [] } : (request.routeOptions.config.auth ?? adminOnly);
    if (auth.kind === 'public') return;
    if (auth.kind === 'session') {
      await authenticateSession(request, reply);
      return;
    }
    const presented = bearerToken(request.headers.authorization);
    const record = presented === undefined ? undefined : await tokens.authenticate(presented);
    if (record === undefined) {
      reply.header('www-authenticate', 'Bearer realm="mfa-coverage"');
      sendApiError(request, reply, 'UNAUTHENTICATED', presented === undefined ? 'Send an API token as `Authorization: Bearer mfac_…`.' : 'The API token is unknown, revoked or expired.');
      return;
    }
    request.principal = { tokenId: record.id, tokenName: record.name, scopes: record.scopes, via: 'bearer' };
    if (!request.is404 && !scopesAdmit(record.scopes, auth.scopes)) {
      sendApiError(request, reply, 'FORBIDDEN', `This route needs a token with the scope ${auth.scopes.join(' or ')}; token "${record.name}" holds ${record.scopes.join(', ') || 'none'}.`);
    }
  };

  async function authenticateSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const secret = request.cookies[sessionCookieName];
    const session = secret === undefined ? undefined : await tokens.findSession(secret);
    if (secret === undefined || session === undefined) {
      if (request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
        reply.redirect('/admin/login', 303);
        return;
      }
      sendApiError(request, reply, 'UNAUTHENTICATED', 'Sign in at /admin/login (POST /v1/session with an admin token) to open the queue dashboard.');
      return;
    }
    request.principal = { tokenId: session.token.id, tokenName: session.token.name, scopes: session.token.scopes, via: 'session', sessionId: session.id };
    if (!scopesAdmit(session.token.scopes, ['admin'])) {
      sendApiError(request, reply, 'FORBIDDEN', `The queue dashboard needs an admin token; token "${session.token.name}" holds ${session.token.scopes.join(', ') || 'none'}.`);
      return;
    }
    if (!safeMethods.has(request.method)) {
      const header = request.headers[csrfHeaderName];
      if (!isSameOrigin(request) || !csrfTokenMatches(secret, typeof header === 'string' ? header : undefined)) {
        sendApiError(request, reply, 'CSRF_INVALID', `A dashboard action needs the ${csrfHeaderName} header holding the XSRF-TOKEN cookie's value, sent from this server's own pages.`);
      }
    }
  }
}

/** The token of an `Authorization: Bearer …` header, if the header has that form. */
function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer +([^ ]+) *$/i.exec(header);
  return match?.[1];
}
