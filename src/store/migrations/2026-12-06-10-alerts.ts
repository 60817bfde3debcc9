/**
 * Alerts: the alerts themselves (the whole alert as JSON beside the columns the API filters on), every audit event
 * either detector recorded (which doubles as the seen-vendor-event-id set and the bulk rule's window), the
 * watchers' cursors, one delivery row per alert revision and channel (dead letters are the rows given up on),
 * acknowledgements and suppressions added through the API.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('alert_key', 'text', (column) => column.notNull())
    .addColumn('rule', 'text', (column) => column.notNull())
    .addColumn('severity', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('source_id', 'text', (column) => column.notNull())
    .addColumn('first_seen_at', 'text', (column) => column.notNull())
    .addColumn('last_seen_at', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addColumn('revision', 'integer', (column) => column.notNull())
    .addColumn('alert_json', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('alerts_created').on('alerts').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('alerts_source_seen').on('alerts').columns(['source_id', 'last_seen_at']).execute();

  await db.schema
    .createTable('alert_events')
    .addColumn('source_id', 'text', (column) => column.notNull())
    .addColumn('vendor_event_id', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('detector', 'text', (column) => column.notNull())
    .addColumn('occurred_at', 'text', (column) => column.notNull())
    .addColumn('recorded_at', 'text', (column) => column.notNull())
    .addColumn('event_json', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('alert_events_pk', ['source_id', 'vendor_event_id'])
    .execute();
  await db.schema.createIndex('alert_events_window').on('alert_events').columns(['source_id', 'kind', 'occurred_at']).execute();

  await db.schema
    .createTable('alert_watcher_cursors')
    .addColumn('source_id', 'text', (column) => column.primaryKey())
    .addColumn('cursor_json', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('alert_deliveries')
    .addColumn('alert_id', 'text', (column) => column.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (column) => column.notNull())
    .addColumn('revision', 'integer', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('alert_deliveries_pk', ['alert_id', 'channel_id', 'revision'])
    .execute();
  await db.schema.createIndex('alert_deliveries_status').on('alert_deliveries').columns(['status', 'updated_at']).execute();

  await db.schema
    .createTable('alert_acknowledgements')
    .addColumn('alert_id', 'text', (column) => column.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('acknowledged_by', 'text', (column) => column.notNull())
    .addColumn('acknowledged_at', 'text', (column) => column.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('alert_acknowledgements_alert').on('alert_acknowledgements').column('alert_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['alert_acknowledgements', 'alert_deliveries', 'alert_watcher_cursors', 'alert_events', 'alerts']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
