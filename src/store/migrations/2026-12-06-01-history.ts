/** Runs, their sources and per-endpoint counts, reports, per-account verdicts and gaps, schedules. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('runs')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('trigger', 'text', (column) => column.notNull())
    .addColumn('schedule_name', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('requested_sources', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('runs_created_at').on('runs').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('runs_status').on('runs').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('run_sources')
    .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('source_id', 'text', (column) => column.notNull())
    .addColumn('connector', 'text', (column) => column.notNull())
    .addColumn('tenant', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('requests', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('pages', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('throttled', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('run_sources_pk', ['run_id', 'source_id'])
    .execute();

  await db.schema
    .createTable('run_source_endpoints')
    .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('source_id', 'text', (column) => column.notNull())
    .addColumn('endpoint', 'text', (column) => column.notNull())
    .addColumn('requests', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('pages', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('throttled', 'integer', (column) => column.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('run_source_endpoints_pk', ['run_id', 'source_id', 'endpoint'])
    .execute();

  await db.schema
    .createTable('reports')
    .addColumn('run_id', 'text', (column) => column.primaryKey().references('runs.id').onDelete('cascade'))
    .addColumn('generated_at', 'text', (column) => column.notNull())
    .addColumn('snapshot_created_at', 'text', (column) => column.notNull())
    .addColumn('schema_version', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('accounts', 'integer', (column) => column.notNull())
    .addColumn('covered', 'integer', (column) => column.notNull())
    .addColumn('not_covered', 'integer', (column) => column.notNull())
    .addColumn('unknown', 'integer', (column) => column.notNull())
    .addColumn('coverage_percent', 'real')
    .addColumn('summary_json', 'text', (column) => column.notNull())
    .addColumn('point_json', 'text', (column) => column.notNull())
    .addColumn('prior_json', 'text', (column) => column.notNull())
    .addColumn('artefacts_path', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('reports_generated_at').on('reports').columns(['generated_at', 'run_id']).execute();

  await db.schema
    .createTable('verdicts')
    .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('source_id', 'text', (column) => column.notNull())
    .addColumn('account_id', 'text', (column) => column.notNull())
    .addColumn('idp', 'text', (column) => column.notNull())
    .addColumn('tenant', 'text', (column) => column.notNull())
    .addColumn('login', 'text', (column) => column.notNull())
    .addColumn('display_name', 'text', (column) => column.notNull())
    .addColumn('person_id', 'text')
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('enabled', 'integer', (column) => column.notNull())
    .addColumn('privileged', 'integer', (column) => column.notNull())
    .addColumn('tier', 'integer', (column) => column.notNull())
    .addColumn('class', 'text', (column) => column.notNull())
    .addColumn('covered', 'text', (column) => column.notNull())
    .addColumn('effective_covered', 'text', (column) => column.notNull())
    .addColumn('mfa_enforced', 'text', (column) => column.notNull())
    .addColumn('mfa_registered', 'text', (column) => column.notNull())
    .addColumn('legacy_auth', 'text', (column) => column.notNull())
    .addColumn('method_policy', 'text', (column) => column.notNull())
    .addColumn('gap_count', 'integer', (column) => column.notNull())
    .addColumn('search_text', 'text', (column) => column.notNull())
    .addColumn('reasons_json', 'text', (column) => column.notNull())
    .addColumn('gaps_json', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('verdicts_pk', ['run_id', 'source_id', 'account_id'])
    .execute();
  // Each filter narrows one run; the primary key then gives the keyset order (source id, account id) pages follow.
  for (const column of ['effective_covered', 'idp', 'tier', 'class', 'covered']) {
    await db.schema.createIndex(`verdicts_${column}`).on('verdicts').columns(['run_id', column, 'source_id', 'account_id']).execute();
  }
  await db.schema.createIndex('verdicts_person').on('verdicts').columns(['run_id', 'person_id']).execute();

  await db.schema
    .createTable('verdict_gaps')
    .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('source_id', 'text', (column) => column.notNull())
    .addColumn('account_id', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('exception_id', 'text')
    .addPrimaryKeyConstraint('verdict_gaps_pk', ['run_id', 'source_id', 'account_id', 'kind'])
    .execute();
  await db.schema.createIndex('verdict_gaps_state').on('verdict_gaps').columns(['run_id', 'state', 'kind']).execute();
  await db.schema.createIndex('verdict_gaps_kind').on('verdict_gaps').columns(['run_id', 'kind', 'state']).execute();

  await db.schema
    .createTable('schedules')
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('spec_json', 'text', (column) => column.notNull())
    .addColumn('last_fired_at', 'text')
    .addColumn('last_run_id', 'text')
    .addColumn('next_fire_at', 'text')
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['schedules', 'verdict_gaps', 'verdicts', 'reports', 'run_source_endpoints', 'run_sources', 'runs']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
