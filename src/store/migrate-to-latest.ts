/** Brings a store's schema to the latest migration; the same migrations serve SQLite and PostgreSQL. */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { StoreError } from '../errors.js';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

/** The explicit, ordered migration list: no folder scanning, so it works the same from src (tsx) and dist. */
export const staticMigrationProvider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => Object.fromEntries(migrations),
};

/**
 * Applies every pending migration; concurrent callers are serialised by Kysely's migration lock. On PostgreSQL the
 * store's schema must be named: Kysely looks for its migration tables by name across every schema of the database
 * unless told which, so a second store's schema in the same database would hide that this one has none yet.
 */
export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: staticMigrationProvider, ...(schema !== undefined ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new StoreError(`The store could not be migrated${failed ? ` (migration ${failed.migrationName})` : ''}: ${describe(error)}`, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
