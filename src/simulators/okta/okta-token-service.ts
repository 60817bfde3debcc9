/**
 * The org authorization server's token endpoint for OAuth service apps (`POST /oauth2/v1/token`, client
 * credentials with private_key_jwt): verifies the client assertion's signature against the app's registered
 * public key, its issuer/subject/audience/expiry and that its `jti` is fresh, grants only scopes the app was
 * granted, and issues opaque access tokens that expire. The assertion's times are checked against the real clock
 * (the SDK stamps them with it); access-token lifetimes follow the simulator's clock.
 */
import { createPublicKey, randomBytes, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Clock } from '../../connectors/okta/okta-clock.js';

export interface OAuthClientRegistration {
  clientId: string;
  /** PEM (SPKI) or a public JWK. */
  publicKey: string | JsonWebKey;
  /** Scopes granted to the app in the Admin Console. */
  scopes: string[];
}

export interface AccessGrant {
  clientId: string;
  scopes: Set<string>;
  expiresAt: number;
}

export type TokenResult =
  | { status: 200; body: { token_type: 'Bearer'; expires_in: number; access_token: string; scope: string } }
  | { status: 400 | 401; body: { error: string; error_description: string } };

const assertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const clockSkewSeconds = 60;

export class OktaTokenService {
  private readonly clients = new Map<string, { key: KeyObject; scopes: Set<string> }>();
  private readonly tokens = new Map<string, AccessGrant>();
  private readonly usedJtis = new Set<string>();
  issued = 0;

  constructor(
    registrations: readonly OAuthClientRegistration[],
    private readonly clock: Clock,
    private readonly accessTokenTtlSeconds: number,
  ) {
    for (const registration of registrations) {
      const key =
        typeof registration.publicKey === 'string'
          ? createPublicKey(registration.publicKey)
          : createPublicKey({ key: registration.publicKey, format: 'jwk' });
      this.clients.set(registration.clientId, { key, scopes: new Set(registration.scopes) });
    }
  }

  /** Handles the form body of a token request sent to `tokenUrl`. */
  issue(form: URLSearchParams, tokenUrl: string): TokenResult {
    const fail = (status: 400 | 401, error: string, description: string): TokenResult => ({ status, body: { error, error_description: description } });
    if (form.get('grant_type') !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'Only client_credentials is supported for service apps.');
    if (form.get('client_assertion_type') !== assertionType) return fail(400, 'invalid_request', `client_assertion_type must be ${assertionType}.`);
    const assertion = form.get('client_assertion');
    if (!assertion) return fail(400, 'invalid_request', 'client_assertion is required.');

    const parts = assertion.split('.');
    if (parts.length !== 3) return fail(401, 'invalid_client', 'The client_assertion is not a JWT.');
    const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
    let header: { alg?: unknown };
    let claims: { iss?: unknown; sub?: unknown; aud?: unknown; exp?: unknown; iat?: unknown; jti?: unknown };
    try {
      header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return fail(401, 'invalid_client', 'The client_assertion header or payload is not JSON.');
    }
    const client = typeof claims.iss === 'string' ? this.clients.get(claims.iss) : undefined;
    if (!client) return fail(401, 'invalid_client', 'The client_assertion issuer is not a registered client.');
    if (claims.sub !== claims.iss) return fail(401, 'invalid_client', 'The client_assertion subject must equal its issuer (the client id).');
    if (claims.aud !== tokenUrl) return fail(401, 'invalid_client', `The audience claim must be ${tokenUrl}.`);

    const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`);
    const signature = Buffer.from(encodedSignature, 'base64url');
    let valid = false;
    if (header.alg === 'RS256') valid = verify('RSA-SHA256', signed, client.key, signature);
    else if (header.alg === 'ES256') valid = verify('sha256', signed, { key: client.key, dsaEncoding: 'ieee-p1363' }, signature);
    else return fail(401, 'invalid_client', `Unsupported signing algorithm ${String(header.alg)}.`);
    if (!valid) return fail(401, 'invalid_client', 'The client_assertion signature does not verify with the registered key.');

    const nowSeconds = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp + clockSkewSeconds < nowSeconds) return fail(401, 'invalid_client', 'The client_assertion has expired.');
    if (typeof claims.iat === 'number' && claims.iat - clockSkewSeconds > nowSeconds) return fail(401, 'invalid_client', 'The client_assertion is issued in the future.');
    if (typeof claims.exp === 'number' && typeof claims.iat === 'number' && claims.exp - claims.iat > 3600) {
      return fail(401, 'invalid_client', 'The client_assertion lives longer than an hour.');
    }
    if (typeof claims.jti === 'string') {
      if (this.usedJtis.has(claims.jti)) return fail(401, 'invalid_client', 'The client_assertion jti was already used.');
      this.usedJtis.add(claims.jti);
    }

    const requested = (form.get('scope') ?? '').split(' ').filter((scope) => scope !== '');
    if (requested.length === 0) return fail(400, 'invalid_scope', 'The request must name at least one scope.');
    const refused = requested.filter((scope) => !client.scopes.has(scope));
    if (refused.length > 0) return fail(400, 'invalid_scope', `The following scopes are not allowed: ${refused.join(', ')}`);

    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { clientId: claims.iss as string, scopes: new Set(requested), expiresAt: this.clock.now() + this.accessTokenTtlSeconds * 1000 });
    this.issued += 1;
    return { status: 200, body: { token_type: 'Bearer', expires_in: this.accessTokenTtlSeconds, access_token: token, scope: requested.join(' ') } };
  }

  /** The grant behind a bearer token, or undefined when unknown or expired. */
  grantFor(token: string): AccessGrant | undefined {
    const grant = this.tokens.get(token);
    if (!grant) return undefined;
    if (grant.expiresAt <= this.clock.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    return grant;
  }
}
