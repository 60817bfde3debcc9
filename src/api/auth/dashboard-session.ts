/**
 * The queue dashboard's cookies. bull-board's browser app cannot send a bearer header, so an `admin` token is
 * exchanged once (`POST /v1/session`) for a session cookie: HttpOnly, SameSite=Strict, Secure when the request
 * came over https, holding a random secret whose digest the store keeps. Its CSRF token is derived from that
 * secret (HMAC), handed over in a script-readable `XSRF-TOKEN` cookie that bull-board's HTTP client (axios)
 * echoes as `X-XSRF-TOKEN` on same-origin requests; another origin can neither read the cookie nor forge the
 * value, and needs no server-side key, so any number of `serve` instances agree on it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const sessionCookieName = 'mfac_session';
export const csrfCookieName = 'XSRF-TOKEN';
export const csrfHeaderName = 'x-xsrf-token';

/** The CSRF token of a session: HMAC-SHA256 of a fixed label keyed by the session secret. */
export function csrfTokenFor(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('mfa-coverage dashboard csrf v1').digest('base64url');
}

/** Whether a state-changing request carries the CSRF token of its session. */
export function csrfTokenMatches(sessionSecret: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfTokenFor(sessionSecret));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Whether a browser request comes from this server's own pages: an `Origin` header, when present, must name
 * this host. Clients that send none (curl, scripts) are not browsers acting for someone else.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    // Both through URL, so a default port written out (`:443`, `:80`) compares equal to one left implicit.
    return new URL(origin).host === new URL(`${request.protocol}://${request.host}`).host;
  } catch {
    return false;
  }
}

export function setSessionCookies(reply: FastifyReply, sessionSecret: string, expiresAt: Date): void {
  const common = { path: '/', sameSite: 'strict', secure: 'auto', expires: expiresAt } as const;
  reply.setCookie(sessionCookieName, sessionSecret, { ...common, httpOnly: true });
  reply.setCookie(csrfCookieName, csrfTokenFor(sessionSecret), { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply): void {
  const common = { path: '/', sameSite: 'strict', secure: 'auto' } as const;
  reply.clearCookie(sessionCookieName, { ...common, httpOnly: true });
  reply.clearCookie(csrfCookieName, { ...common, httpOnly: false });
}
