/**
 * Two stores in two schemas of one PostgreSQL database, as parallel tests and side-by-side deployments have them:
 * the second must get its own migration tables even though the first's are visible database-wide.
 */
import { sql } from 'kysely';
import { openTestStore, type TestStore } from './test-stores.js';

it('migrates a new schema while another store schema already exists in the same database', async () => {
  const opened: TestStore[] = [];
  try {
    opened.push(await openTestStore('postgres'));
    opened.push(await openTestStore('postgres'));
    for (const { store } of opened) {
      const names = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
      expect(names.rows.map((row) => row.name)).toContain('2026-12-06-02-api-tokens');
    }
  } finally {
    for (const store of opened) await store.dispose();
  }
});
