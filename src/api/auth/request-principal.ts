/**
 * Who a request acts for, once authenticated, and the per-route auth settings routes declare in `config`.
 * The Fastify type augmentation lives here so every route module sees the same shape.
 */
import type { ApiScope } from './api-scopes.js';

export interface RequestPrincipal {
  tokenId: string;
  tokenName: string;
  scopes: readonly ApiScope[];
  /** `session` only on the queue dashboard, which a browser reaches with the cookie of `POST /v1/session`. */
  via: 'bearer' | 'session';
  /** The digest of the session secret, when `via` is `session`. */
  sessionId?: string;
}

/** How a route is reached: declared in `config.auth` of the route options. */
export type RouteAuth =
  /** No credential needed (`/health`, `/ready`, the login form and `POST /v1/session`). */
  | { kind: 'public' }
  /** A bearer token holding any one of `scopes` (or `admin`). */
  | { kind: 'bearer'; scopes: readonly ApiScope[] }
  /** The dashboard session cookie of an `admin` token; state-changing methods also need the CSRF header. */
  | { kind: 'session' };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Absent means `admin` bearer only, so a route nobody annotated fails closed. */
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    principal: RequestPrincipal | null;
  }
}
