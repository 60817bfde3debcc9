/** The people of each report's directory, so the API can show one person without reading report.json. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_people')
    .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (column) => column.notNull())
    .addColumn('covered', 'text', (column) => column.notNull())
    .addColumn('person_json', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('report_people_pk', ['run_id', 'person_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('report_people').ifExists().execute();
}
