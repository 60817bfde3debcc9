/**
 * Console sessions, on the API's session mechanism: the same `mfac_session` cookie (HttpOnly, SameSite=Strict),
 * the same store of session digests for a token login (`TokenRepository.createSession`), and the same CSRF token
 * derived from the session secret (dashboard-session.ts), which every console form carries. A sign-in through the
 * organisation's identity provider has no API token behind it, so its session is held here, in memory, by digest;
 * such a session lasts until it expires, the user signs out or the process restarts (with several `serve`
 * instances behind a load balancer, make it sticky for the console).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiScope } from '../api/auth/api-scopes.js';
import type { TokenRepository } from '../store/token-repository.js';
import type { ConsoleUser } from './console-views.js';

export interface ConsoleSession {
  user: ConsoleUser;
  /** The API token's id for a token login, `oidc:<issuer>#<sub>` otherwise: the rate limiter's key. */
  principalId: string;
  expiresAt: Date;
}

/** Identity-provider sessions kept at most; the oldest go first. */
const maxOidcSessions = 10_000;
const oidcSecretPrefix = 'oidc.';

export class ConsoleSessions {
  private readonly oidcSessions = new Map<string, ConsoleSession>();

  constructor(
    private readonly tokens: TokenRepository,
    private readonly ttlMs: number,
    private readonly clock: () => Date,
  ) {}

  /** Signs in with an API token; undefined when the token is unknown, revoked or expired. */
  async openWithToken(token: string): Promise<{ secret: string; session: ConsoleSession } | undefined> {
    const record = await this.tokens.authenticate(token);
    if (!record) return undefined;
    const { secret, session } = await this.tokens.createSession(record.id, this.ttlMs);
    return { secret, session: { user: { name: record.name, scopes: record.scopes, via: 'token' }, principalId: record.id, expiresAt: new Date(session.expiresAt) } };
  }

  openWithIdentity(identity: { issuer: string; subject: string; name: string; scopes: readonly ApiScope[] }): { secret: string; session: ConsoleSession } {
    this.sweep();
    const secret = `${oidcSecretPrefix}${randomBytes(32).toString('base64url')}`;
    const session: ConsoleSession = {
      user: { name: identity.name, scopes: identity.scopes, via: 'oidc' },
      principalId: `oidc:${identity.issuer}#${identity.subject}`,
      expiresAt: new Date(this.clock().getTime() + this.ttlMs),
    };
    while (this.oidcSessions.size >= maxOidcSessions) {
      const oldest = this.oidcSessions.keys().next().value;
      if (oldest === undefined) break;
      this.oidcSessions.delete(oldest);
    }
    this.oidcSessions.set(digest(secret), session);
    return { secret, session };
  }

  async find(secret: string | undefined): Promise<ConsoleSession | undefined> {
    if (secret === undefined || secret === '') return undefined;
    if (secret.startsWith(oidcSecretPrefix)) {
      const session = this.oidcSessions.get(digest(secret));
      if (!session) return undefined;
      if (session.expiresAt.getTime() <= this.clock().getTime()) {
        this.oidcSessions.delete(digest(secret));
        return undefined;
      }
      return session;
    }
    const record = await this.tokens.findSession(secret);
    if (!record) return undefined;
    return { user: { name: record.token.name, scopes: record.token.scopes, via: 'token' }, principalId: record.token.id, expiresAt: new Date(record.expiresAt) };
  }

  async close(secret: string | undefined): Promise<void> {
    if (secret === undefined || secret === '') return;
    if (secret.startsWith(oidcSecretPrefix)) this.oidcSessions.delete(digest(secret));
    else await this.tokens.deleteSession(secret);
  }

  private sweep(): void {
    const now = this.clock().getTime();
    for (const [key, session] of this.oidcSessions) if (session.expiresAt.getTime() <= now) this.oidcSessions.delete(key);
  }
}

function digest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
