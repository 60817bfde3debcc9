/**
 * Both store dialects for one suite: `describe.each(storeKinds)` runs the same tests against a fresh SQLite file
 * and a fresh PostgreSQL schema (CI's server on 127.0.0.1:5432, database `test`, trust auth; TEST_POSTGRES_URL
 * overrides it). Each opened store is its own file or schema, so parallel test files never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createStore, type Store } from '../../src/store/create-store.js';

export const storeKinds = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof storeKinds)[number];

export const testPostgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  store: Store;
  /** The `store:` config block that opens this same store again (for worker processes). */
  config: { path?: string; url?: string; schema?: string };
  /** Closes the store and deletes its file or schema. */
  dispose(): Promise<void>;
}

export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'sqlite') {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'mfa-store-'));
    const config = { path: path.join(directory, 'store.sqlite') };
    const store = await createStore(config);
    return {
      store,
      config,
      dispose: async () => {
        await store.close();
        await rm(directory, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const config = { url: testPostgresUrl, schema };
  const store = await createStore(config);
  return {
    store,
    config,
    dispose: async () => {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
      await store.close();
    },
  };
}
