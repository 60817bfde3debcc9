/**
 * The OpenID Connect side of a simulated identity provider: discovery document, JWKS, an authorization endpoint
 * with a sign-in form (no password: the simulator stands in for the IdP's own sign-in, the point is the protocol)
 * and the authorization-code grant of the token endpoint, issuing RS256-signed ID tokens that carry the vendor's
 * group or role claims. Each vendor's simulator configures paths, issuer and claims (entra-oidc.ts, okta-oidc.ts)
 * and routes its requests here. Everything the relying party sends is checked as the vendors do: registered client
 * and redirect URI, `response_type=code`, the `openid` scope, PKCE S256 when a challenge was sent, single-use codes
 * that expire, client authentication by HTTP Basic or form post. A request it cannot honour is an OAuth error,
 * never a silent success.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, timingSafeEqual, type KeyObject } from 'node:crypto';
import { escapeHtml, html, joinHtml, type SafeHtml } from '../../reports/safe-html.js';

/** A user who can sign in, with the claims the vendor puts in the ID token besides the standard ones. */
export interface OidcUser {
  sub: string;
  login: string;
  name: string;
  email: string | null;
  enabled: boolean;
  /** Vendor claims (Entra `groups`, `wids`, `oid`, `tid`; Okta `groups`), added as given. */
  claims: Record<string, unknown>;
}

/** A registered relying party. Without `redirectUris`, any loopback http(s) URL is accepted (a local console). */
export interface OidcClientRegistration {
  clientId: string;
  clientSecret: string;
  redirectUris?: string[];
}

/** The client the simulators register when none is configured, so the demo console can sign in out of the box. */
export const defaultOidcClient: OidcClientRegistration = { clientId: 'mfa-coverage-console', clientSecret: 'simulated-console-secret' };

export interface OidcPaths {
  discovery: string;
  authorize: string;
  token: string;
  jwks: string;
}

export interface OidcProviderOptions {
  /** Shown on the sign-in form. */
  title: string;
  /** The issuer for a request: the origin plus the vendor's issuer path. */
  issuer(origin: string, pathname: string): string;
  /** Paths for a request (Entra's carry the tenant segment of the request). */
  paths(origin: string, pathname: string): OidcPaths;
  /** True when `pathname` is one of the provider's GET/POST endpoints other than the token endpoint. */
  owns(pathname: string): boolean;
  findUser(login: string): OidcUser | undefined;
  /** Claims of `user` for the granted scopes (Okta adds `groups` only for the `groups` scope). */
  claimsFor(user: OidcUser, scopes: ReadonlySet<string>): Record<string, unknown>;
  scopesSupported: string[];
  claimsSupported: string[];
  clients: readonly OidcClientRegistration[];
  idTokenLifetimeSeconds?: number;
  now?: () => number;
}

export interface OidcReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A token-endpoint answer, as JSON for the vendor simulator's own reply writer. */
export interface TokenReply {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  user: OidcUser;
  scopes: Set<string>;
  nonce: string | null;
  codeChallenge: string | null;
  issuer: string;
  expiresAt: number;
}

const codeLifetimeMs = 60_000;

export class SimulatedOidcProvider {
  /** Generated on first use: a scan that never signs anyone in does not pay for an RSA key. */
  private signingKey: { privateKey: KeyObject; publicJwk: Record<string, unknown>; kid: string } | undefined;
  private readonly codes = new Map<string, PendingCode>();
  private readonly now: () => number;
  /** ID tokens issued, for tests. */
  issued = 0;

  constructor(private readonly options: OidcProviderOptions) {
    this.now = options.now ?? Date.now;
  }

  private key(): { privateKey: KeyObject; publicJwk: Record<string, unknown>; kid: string } {
    if (!this.signingKey) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const kid = randomBytes(8).toString('base64url');
      this.signingKey = { privateKey, kid, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' } };
    }
    return this.signingKey;
  }

  owns(pathname: string): boolean {
    return this.options.owns(pathname);
  }

  /** Discovery, JWKS and the authorization endpoint; `body` is the form of a POST. */
  handle(method: string, url: URL, body: string): OidcReply {
    const paths = this.options.paths(url.origin, url.pathname);
    const pathname = url.pathname.replace(/\/+$/, '');
    if (pathname === new URL(paths.discovery).pathname && method === 'GET') return json(200, this.discovery(url.origin, url.pathname));
    if (pathname === new URL(paths.jwks).pathname && method === 'GET') return json(200, { keys: [this.key().publicJwk] });
    if (pathname === new URL(paths.authorize).pathname && (method === 'GET' || method === 'POST')) {
      return this.authorize(method === 'GET' ? url.searchParams : new URLSearchParams(body), method === 'POST', url);
    }
    return json(405, { error: 'invalid_request', error_description: `${method} ${pathname} is not supported by the simulated OpenID provider.` });
  }

  /** The token endpoint's authorization-code grant; undefined for any other grant, which the vendor simulator keeps. */
  tokenGrant(form: URLSearchParams, authorization: string | undefined): TokenReply | undefined {
    if (form.get('grant_type') !== 'authorization_code') return undefined;
    const client = this.authenticateClient(form, authorization);
    if (!client) return tokenJson(401, { error: 'invalid_client', error_description: 'Client authentication failed.' }, { 'WWW-Authenticate': 'Basic realm="token"' });
    const code = form.get('code') ?? '';
    const pending = this.codes.get(code);
    this.codes.delete(code);
    const invalidGrant = (description: string): TokenReply => tokenJson(400, { error: 'invalid_grant', error_description: description });
    if (!pending || pending.expiresAt < this.now()) return invalidGrant('The authorization code is invalid or has expired.');
    if (pending.clientId !== client.clientId) return invalidGrant('The authorization code was issued to another client.');
    if (form.get('redirect_uri') !== pending.redirectUri) return invalidGrant('The redirect_uri does not match the one of the authorization request.');
    if (pending.codeChallenge !== null) {
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== pending.codeChallenge) return invalidGrant('PKCE verification failed.');
    }
    const issuedAt = Math.floor(this.now() / 1000);
    const lifetime = this.options.idTokenLifetimeSeconds ?? 3600;
    const claims: Record<string, unknown> = {
      ...this.options.claimsFor(pending.user, pending.scopes),
      iss: pending.issuer,
      sub: pending.user.sub,
      aud: client.clientId,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + lifetime,
      ...(pending.nonce !== null ? { nonce: pending.nonce } : {}),
    };
    this.issued += 1;
    return tokenJson(
      200,
      { token_type: 'Bearer', expires_in: lifetime, scope: [...pending.scopes].join(' '), access_token: randomBytes(32).toString('base64url'), id_token: this.signJwt(claims) },
      { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    );
  }

  private discovery(origin: string, pathname: string): Record<string, unknown> {
    const paths = this.options.paths(origin, pathname);
    return {
      issuer: this.options.issuer(origin, pathname),
      authorization_endpoint: paths.authorize,
      token_endpoint: paths.token,
      jwks_uri: paths.jwks,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: this.options.scopesSupported,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      claims_supported: this.options.claimsSupported,
      code_challenge_methods_supported: ['S256'],
    };
  }

  private authorize(params: URLSearchParams, submitted: boolean, url: URL): OidcReply {
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    const client = this.options.clients.find((candidate) => candidate.clientId === clientId);
    // An unknown client or redirect URI must not redirect (RFC 6749 4.1.2.1): the error is shown to the user.
    if (!client) return page(400, this.options.title, html`<p role="alert">Unknown client_id <code>${clientId}</code>: the application is not registered.</p>`);
    if (!redirectAllowed(client, redirectUri)) return page(400, this.options.title, html`<p role="alert">The redirect_uri <code>${redirectUri}</code> is not registered for this application.</p>`);
    const state = params.get('state');
    const fail = (error: string, description: string): OidcReply => {
      const target = new URL(redirectUri);
      target.searchParams.set('error', error);
      target.searchParams.set('error_description', description);
      if (state !== null) target.searchParams.set('state', state);
      return { status: 302, headers: { Location: target.href, 'Cache-Control': 'no-store' }, body: '' };
    };
    if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported.');
    const scopes = new Set((params.get('scope') ?? '').split(' ').filter((scope) => scope !== ''));
    if (!scopes.has('openid')) return fail('invalid_scope', 'The openid scope is required.');
    const challenge = params.get('code_challenge');
    if (challenge !== null && params.get('code_challenge_method') !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256.');
    const login = (params.get('login') ?? '').trim();
    if (!submitted || login === '') return this.signInForm(params, url, submitted ? 'Enter a user name.' : null);
    const user = this.options.findUser(login);
    if (!user) return this.signInForm(params, url, 'That user does not exist in this tenant.');
    if (!user.enabled) return fail('access_denied', 'The user account is disabled.');
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, {
      clientId,
      redirectUri,
      user,
      scopes,
      nonce: params.get('nonce'),
      codeChallenge: challenge,
      issuer: this.options.issuer(url.origin, url.pathname),
      expiresAt: this.now() + codeLifetimeMs,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (state !== null) target.searchParams.set('state', state);
    return { status: 302, headers: { Location: target.href, 'Cache-Control': 'no-store' }, body: '' };
  }

  private signInForm(params: URLSearchParams, url: URL, problem: string | null): OidcReply {
    const hidden = [...params].filter(([name]) => name !== 'login').map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
    const hint = params.get('login') ?? params.get('login_hint') ?? '';
    return page(
      200,
      this.options.title,
      html`<form method="post" action="${url.pathname}">
${joinHtml(hidden, html`\n`)}
${problem !== null ? html`<p role="alert">${problem}</p>` : ''}
<label for="login">User name</label>
<input id="login" name="login" type="text" autocomplete="username" required value="${hint}">
<button type="submit">Sign in</button>
</form>`,
    );
  }

  private authenticateClient(form: URLSearchParams, authorization: string | undefined): OidcClientRegistration | undefined {
    let clientId = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (basic !== undefined) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      if (separator < 0) return undefined;
      // RFC 6749 2.3.1: both parts are form-urlencoded before being joined.
      clientId = decodeURIComponent(decoded.slice(0, separator).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(separator + 1).replace(/\+/g, ' '));
    }
    const client = this.options.clients.find((candidate) => candidate.clientId === clientId);
    if (!client || secret === null) return undefined;
    const expected = Buffer.from(client.clientSecret);
    const given = Buffer.from(secret);
    return expected.length === given.length && timingSafeEqual(expected, given) ? client : undefined;
  }

  private signJwt(claims: Record<string, unknown>): string {
    const { privateKey, kid } = this.key();
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url');
    return `${header}.${payload}.${signature}`;
  }
}

function redirectAllowed(client: OidcClientRegistration, redirectUri: string): boolean {
  if (client.redirectUris) return client.redirectUris.includes(redirectUri);
  try {
    const url = new URL(redirectUri);
    return (url.protocol === 'http:' || url.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

function tokenJson(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): TokenReply {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): OidcReply {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

function page(status: number, title: string, content: SafeHtml): OidcReply {
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
</head>
<body><h1>${escapeHtml(title)}</h1>
${content.toString()}
</body></html>`;
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'" }, body };
}
