/**
 * OpenID Connect sign-in (authorization code flow with PKCE, state and nonce) against the organisation's identity
 * provider, with openid-client: discovery once, an authorization URL per attempt, and the callback's code exchanged
 * for an ID token whose signature, issuer, audience, expiry and nonce openid-client checks. The configured claim's
 * values become API scopes through `scopesByClaimValue`; a user holding no mapped value is refused.
 */
import * as client from 'openid-client';
import { apiScopes, type ApiScope } from '../api/auth/api-scopes.js';
import { AuthError } from '../errors.js';
import type { OidcSignInConfig } from './console-config.js';

/** What a sign-in attempt must remember until the callback (kept server-side, keyed by a cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The console path to return to. */
  next: string;
  expiresAt: number;
}

export interface SignedInIdentity {
  issuer: string;
  subject: string;
  name: string;
  scopes: ApiScope[];
}

export class OidcSignIn {
  private constructor(
    private readonly settings: OidcSignInConfig,
    private readonly configuration: client.Configuration,
  ) {}

  /** Fetches the issuer's discovery document; an unreachable or mismatching issuer is an AuthError naming it. */
  static async discover(settings: OidcSignInConfig, clientSecret: string): Promise<OidcSignIn> {
    try {
      const configuration = await client.discovery(
        new URL(settings.issuer),
        settings.clientId,
        undefined,
        client.ClientSecretBasic(clientSecret),
        settings.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      return new OidcSignIn(settings, configuration);
    } catch (error) {
      throw new AuthError(`console.oidc: discovery of ${settings.issuer} failed (${(error as Error).message}).`, { cause: error });
    }
  }

  get label(): string {
    return this.settings.label;
  }

  async begin(next: string, now: number): Promise<{ url: URL; pending: PendingSignIn }> {
    const pending: PendingSignIn = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), next, expiresAt: now + 10 * 60_000 };
    const url = client.buildAuthorizationUrl(this.configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes.join(' '),
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /** Completes the flow from the callback URL (as the browser requested it); throws an AuthError saying why it failed. */
  async complete(callbackUrl: URL, pending: PendingSignIn): Promise<SignedInIdentity> {
    const error = callbackUrl.searchParams.get('error');
    if (error !== null) {
      throw new AuthError(`The identity provider refused the sign-in: ${error}${callbackUrl.searchParams.get('error_description') ? ` (${callbackUrl.searchParams.get('error_description')})` : ''}.`);
    }
    // The callback is checked against the registered redirect URI, not the Host the request claims.
    const current = new URL(this.settings.redirectUri);
    current.search = callbackUrl.search;
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(this.configuration, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (failure) {
      throw new AuthError(`The sign-in could not be completed: ${describeFailure(failure)}.`, { cause: failure });
    }
    if (!claims) throw new AuthError('The identity provider returned no ID token.');
    const scopes = scopesForClaim(claims[this.settings.claim], this.settings.scopesByClaimValue);
    const name = [claims.name, claims.preferred_username, claims.email, claims.sub].find((value): value is string => typeof value === 'string' && value !== '') ?? claims.sub;
    if (scopes.length === 0) {
      throw new AuthError(`${name} holds no ${this.settings.claim} value that console.oidc.scopesByClaimValue maps to a scope; ask an administrator to grant access.`);
    }
    return { issuer: claims.iss, subject: claims.sub, name, scopes };
  }
}

/** The scopes a claim value (a string or an array of strings) grants, in the API's order, each once. */
export function scopesForClaim(value: unknown, map: Readonly<Record<string, readonly ApiScope[]>>): ApiScope[] {
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
  const granted = new Set<ApiScope>();
  for (const entry of values) for (const scope of Object.hasOwn(map, entry) ? (map[entry] ?? []) : []) granted.add(scope);
  return apiScopes.filter((scope) => granted.has(scope));
}

/** openid-client's errors carry the OAuth error code and HTTP status apart from a generic message. */
function describeFailure(failure: unknown): string {
  const details = failure as { message?: unknown; error?: unknown; error_description?: unknown; status?: unknown };
  const parts = [typeof details.message === 'string' ? details.message : String(failure)];
  if (typeof details.error === 'string') parts.push(`${details.error}${typeof details.error_description === 'string' ? `: ${details.error_description}` : ''}`);
  if (typeof details.status === 'number') parts.push(`HTTP ${details.status}`);
  return parts.join(' — ');
}
