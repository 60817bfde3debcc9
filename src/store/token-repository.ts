/**
 * API tokens and queue-dashboard sessions. Only SHA-256 digests of token and session secrets are stored, so
 * the database contents never authenticate anyone: the plaintext exists once, in the `token create` output or
 * the session cookie. A token carries a name, its scopes, and its creation, last-use, expiry and revocation times.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { StoreError } from '../errors.js';
import { apiScopeSchema, type ApiScope } from '../api/auth/api-scopes.js';
import { generateApiToken, hashApiToken, isWellFormedApiToken, visibleTokenPrefix } from '../api/auth/api-token.js';
import type { Database } from './database.js';

/** A token as listed: everything but its secret. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  /** `mfac_` and the first four characters, to tell tokens apart in a list. */
  prefix: string;
  scopes: ApiScope[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** A dashboard session: which token signed in, and until when. `id` is the digest of the cookie's secret. */
export interface ApiSessionRecord {
  id: string;
  token: ApiTokenRecord;
  createdAt: string;
  expiresAt: string;
}

const scopesSchema = z.array(apiScopeSchema);

/** Last-use times are written at most this often per token, so a busy client does not write on every request. */
const lastUsedResolutionMs = 60_000;

export interface TokenRepository {
  /** Stores a new token and returns its plaintext (never stored) with its record. */
  create(input: { name: string; scopes: readonly ApiScope[]; expiresAt?: string }): Promise<{ token: string; record: ApiTokenRecord }>;
  list(): Promise<ApiTokenRecord[]>;
  /** The token with this plaintext if it exists, is not revoked and has not expired; its last use is updated. */
  authenticate(token: string): Promise<ApiTokenRecord | undefined>;
  /** Revokes the token with this id, or every active token with this name; returns the records revoked. */
  revoke(idOrName: string): Promise<ApiTokenRecord[]>;
  /** Opens a session for a token; the returned secret goes into the cookie and is not stored. */
  createSession(tokenId: string, ttlMs: number): Promise<{ secret: string; session: ApiSessionRecord }>;
  /** The session with this cookie secret, if it and its token are still valid. */
  findSession(secret: string): Promise<ApiSessionRecord | undefined>;
  deleteSession(secret: string): Promise<void>;
}

export function createTokenRepository(db: Kysely<Database>, clock: () => Date = () => new Date()): TokenRepository {
  const now = () => clock().toISOString();

  async function activeByHash(hash: string): Promise<ApiTokenRecord | undefined> {
    const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    if (row === undefined) return undefined;
    const record = toRecord(row);
    return isActive(record, now()) ? record : undefined;
  }

  return {
    async create({ name, scopes, expiresAt }) {
      const token = generateApiToken();
      const record: ApiTokenRecord = {
        id: randomUUID(),
        name,
        prefix: visibleTokenPrefix(token),
        scopes: [...scopes],
        createdAt: now(),
        lastUsedAt: null,
        expiresAt: expiresAt ?? null,
        revokedAt: null,
      };
      await guard('store the API token', () =>
        db
          .insertInto('api_tokens')
          .values({
            id: record.id,
            name: record.name,
            prefix: record.prefix,
            token_hash: hashApiToken(token),
            scopes_json: JSON.stringify(record.scopes),
            created_at: record.createdAt,
            last_used_at: null,
            expires_at: record.expiresAt,
            revoked_at: null,
          })
          .execute(),
      );
      return { token, record };
    },

    async list() {
      const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toRecord);
    },

    async authenticate(token) {
      if (!isWellFormedApiToken(token)) return undefined;
      const record = await activeByHash(hashApiToken(token));
      if (record === undefined) return undefined;
      const at = clock();
      if (record.lastUsedAt === null || at.getTime() - Date.parse(record.lastUsedAt) >= lastUsedResolutionMs) {
        record.lastUsedAt = at.toISOString();
        await db.updateTable('api_tokens').set({ last_used_at: record.lastUsedAt }).where('id', '=', record.id).execute();
      }
      return record;
    },

    async revoke(idOrName) {
      const at = now();
      const rows = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
        .where('revoked_at', 'is', null)
        .execute();
      if (rows.length === 0) return [];
      const ids = rows.map((row) => row.id);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('api_tokens').set({ revoked_at: at }).where('id', 'in', ids).execute();
        await trx.deleteFrom('api_sessions').where('token_id', 'in', ids).execute();
      });
      return rows.map((row) => ({ ...toRecord(row), revokedAt: at }));
    },

    async createSession(tokenId, ttlMs) {
      const secret = randomBytes(32).toString('base64url');
      const created = clock();
      const expiresAt = new Date(created.getTime() + ttlMs).toISOString();
      await db.deleteFrom('api_sessions').where('expires_at', '<=', created.toISOString()).execute();
      await db
        .insertInto('api_sessions')
        .values({ id: hashApiToken(secret), token_id: tokenId, created_at: created.toISOString(), expires_at: expiresAt })
        .execute();
      const session = await this.findSession(secret);
      if (session === undefined) throw new StoreError('The dashboard session was stored but its token is no longer active.');
      return { secret, session };
    },

    async findSession(secret) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
      const row = await db
        .selectFrom('api_sessions')
        .innerJoin('api_tokens', 'api_tokens.id', 'api_sessions.token_id')
        .selectAll('api_tokens')
        .select(['api_sessions.id as session_id', 'api_sessions.created_at as session_created_at', 'api_sessions.expires_at as session_expires_at'])
        .where('api_sessions.id', '=', hashApiToken(secret))
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const token = toRecord(row);
      const at = now();
      if (!isActive(token, at) || row.session_expires_at <= at) return undefined;
      return { id: row.session_id, token, createdAt: row.session_created_at, expiresAt: row.session_expires_at };
    },

    async deleteSession(secret) {
      await db.deleteFrom('api_sessions').where('id', '=', hashApiToken(secret)).execute();
    },
  };
}

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  scopes_json: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

function toRecord(row: TokenRow): ApiTokenRecord {
  const scopes = scopesSchema.safeParse(JSON.parse(row.scopes_json));
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    // A row whose scopes no longer parse (a scope since removed) grants nothing rather than failing every request.
    scopes: scopes.success ? scopes.data : [],
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

function isActive(record: ApiTokenRecord, at: string): boolean {
  return record.revokedAt === null && (record.expiresAt === null || record.expiresAt > at);
}

async function guard<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new StoreError(`Could not ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
