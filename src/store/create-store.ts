/**
 * Opens the history store: an embedded SQLite file (better-sqlite3, WAL so readers never wait on the writer,
 * busy_timeout so a second process waits for the write lock instead of failing) or PostgreSQL (a pg pool). Both
 * give the same `Kysely<Database>`, so every repository is written once.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { StoreConfig } from '../config/service-config.js';
import { StoreError } from '../errors.js';
import type { Database } from './database.js';
import { migrateToLatest } from './migrate-to-latest.js';

export const defaultStorePath = 'data/store.sqlite';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  /** Where it is, for messages: the SQLite file or the PostgreSQL URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

export interface CreateStoreOptions {
  env?: NodeJS.ProcessEnv;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

export async function createStore(config: Pick<StoreConfig, 'path' | 'url' | 'passwordEnv'> & { schema?: string }, options: CreateStoreOptions = {}): Promise<Store> {
  const store = config.url !== undefined ? await openPostgres(config.url, config, options.env ?? process.env) : openSqlite(config.path ?? defaultStorePath);
  if (options.migrate ?? true) {
    try {
      await migrateToLatest(store.db, store.dialect === 'postgres' ? (config.schema ?? 'public') : undefined);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

function openSqlite(file: string): Store {
  let database: BetterSqlite3.Database;
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    database = new BetterSqlite3(file);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 10000');
    database.pragma('foreign_keys = ON');
    // WAL keeps readers consistent; NORMAL syncs at checkpoints, which WAL makes safe against corruption.
    database.pragma('synchronous = NORMAL');
  } catch (error) {
    throw new StoreError(`Cannot open the SQLite store ${file}: ${(error as Error).message}`, { cause: error });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

async function openPostgres(url: string, config: Pick<StoreConfig, 'passwordEnv'> & { schema?: string }, env: NodeJS.ProcessEnv): Promise<Store> {
  const location = redactUrl(url);
  const password = config.passwordEnv !== undefined ? env[config.passwordEnv] : undefined;
  if (config.passwordEnv !== undefined && (password === undefined || password === '')) {
    throw new StoreError(`store.passwordEnv: environment variable ${config.passwordEnv} is not set.`);
  }
  const schema = config.schema ?? 'public';
  const pool = new pg.Pool({
    connectionString: url,
    ...(password !== undefined ? { password } : {}),
    max: 10,
    connectionTimeoutMillis: 10_000,
    // Every connection resolves unqualified table names in the configured schema (migrations included).
    options: `-c search_path=${schema}`,
  });
  // An idle client losing its server must not crash the process; the next query reports the failure.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema !== 'public') await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    else await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new StoreError(`Cannot reach the PostgreSQL store at ${location}: ${(error as Error).message}`, { cause: error });
  }
  return { db, dialect: 'postgres', location, close: () => db.destroy() };
}

/** A URL as it may appear in messages: the password replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}
