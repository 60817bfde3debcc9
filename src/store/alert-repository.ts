/**
 * The alerts' part of the store. `recordDetection` is the one write the watchers and the scan diff make: the batch's
 * events (which become "seen"), the new or updated alerts, a pending delivery per notified alert and channel, and the
 * watcher's cursor, in one transaction. A watcher that dies before it commits polls the same events again and finds
 * them unseen; one that dies after finds them seen: nothing is lost and nothing is sent twice.
 */
import type { Kysely } from 'kysely';
import type { Alert, AlertStatus } from '../alerts/alert.js';
import type { AuditEvent } from '../alerts/audit-event.js';
import type { AlertChange } from '../alerts/detect-alerts.js';
import type { Database } from './database.js';

type AlertTable = {
  id: string;
  alert_key: string;
  rule: string;
  severity: string;
  status: string;
  source_id: string;
  first_seen_at: string;
  last_seen_at: string;
  created_at: string;
  updated_at: string;
  revision: number;
  alert_json: string;
};

type AlertEventTable = {
  source_id: string;
  vendor_event_id: string;
  kind: string;
  detector: string;
  occurred_at: string;
  recorded_at: string;
  event_json: string;
};

type AlertWatcherCursorTable = {
  source_id: string;
  cursor_json: string;
  updated_at: string;
};

export type DeliveryStatus = 'pending' | 'sent' | 'dead';

type AlertDeliveryTable = {
  alert_id: string;
  channel_id: string;
  revision: number;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
};

type AlertAcknowledgementTable = {
  alert_id: string;
  acknowledged_by: string;
  acknowledged_at: string;
  note: string | null;
};

/** A type alias, not an interface: Kysely's `withTables` needs an indexable record. */
export type AlertTables = {
  alerts: AlertTable;
  alert_events: AlertEventTable;
  alert_watcher_cursors: AlertWatcherCursorTable;
  alert_deliveries: AlertDeliveryTable;
  alert_acknowledgements: AlertAcknowledgementTable;
};

export interface DeliveryRecord {
  alertId: string;
  channelId: string;
  revision: number;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AlertFilter {
  status?: AlertStatus;
  rule?: string;
  sourceId?: string;
  severity?: string;
}

export interface AlertCursor {
  createdAt: string;
  id: string;
}

export interface DetectionBatch {
  sourceId: string;
  /** Every new event of the batch, mapped or not to an alert: they become seen. */
  events: readonly AuditEvent[];
  changes: readonly AlertChange[];
  /** Channel ids each notified alert goes to. */
  channelsFor(alert: Alert): readonly string[];
  /** The watcher's cursor after this batch (absent for the scan diff). */
  cursor?: unknown;
  at: string;
}

/** Vendor ids are unique per source; SQLite and PostgreSQL both cap bound parameters, so large lists go in chunks. */
const chunkSize = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += chunkSize) result.push(items.slice(index, index + chunkSize));
  return result;
}

function toDelivery(row: AlertDeliveryTable): DeliveryRecord {
  return {
    alertId: row.alert_id,
    channelId: row.channel_id,
    revision: Number(row.revision),
    status: row.status,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class AlertRepository {
  private readonly db: Kysely<Database & AlertTables>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<AlertTables>();
  }

  /** The ids of `vendorEventIds` not recorded yet for the source. */
  async unseen(sourceId: string, vendorEventIds: readonly string[]): Promise<Set<string>> {
    const result = new Set(vendorEventIds);
    for (const part of chunks([...result])) {
      const rows = await this.db.selectFrom('alert_events').select('vendor_event_id').where('source_id', '=', sourceId).where('vendor_event_id', 'in', part).execute();
      for (const row of rows) result.delete(row.vendor_event_id);
    }
    return result;
  }

  async recentEvents(sourceId: string, kinds: readonly string[], since: string): Promise<AuditEvent[]> {
    if (kinds.length === 0) return [];
    const rows = await this.db
      .selectFrom('alert_events')
      .select('event_json')
      .where('source_id', '=', sourceId)
      .where('kind', 'in', [...kinds])
      .where('occurred_at', '>=', since)
      .orderBy('occurred_at')
      .execute();
    return rows.map((row) => JSON.parse(row.event_json) as AuditEvent);
  }

  async recentAlerts(sourceId: string, since: string): Promise<Alert[]> {
    const rows = await this.db.selectFrom('alerts').select('alert_json').where('source_id', '=', sourceId).where('last_seen_at', '>=', since).execute();
    return rows.map((row) => JSON.parse(row.alert_json) as Alert);
  }

  async getCursor(sourceId: string): Promise<unknown> {
    const row = await this.db.selectFrom('alert_watcher_cursors').select('cursor_json').where('source_id', '=', sourceId).executeTakeFirst();
    return row ? (JSON.parse(row.cursor_json) as unknown) : undefined;
  }

  async recordDetection(batch: DetectionBatch): Promise<DeliveryRecord[]> {
    const deliveries: DeliveryRecord[] = [];
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks(batch.events)) {
        await trx
          .insertInto('alert_events')
          .values(
            part.map((event) => ({
              source_id: batch.sourceId,
              vendor_event_id: event.vendorEventId,
              kind: event.kind,
              detector: event.detector,
              occurred_at: event.occurredAt,
              recorded_at: batch.at,
              event_json: JSON.stringify(event),
            })),
          )
          .onConflict((conflict) => conflict.columns(['source_id', 'vendor_event_id']).doNothing())
          .execute();
      }
      for (const { alert, notify } of batch.changes) {
        const row = {
          id: alert.id,
          alert_key: alert.key,
          rule: alert.rule,
          severity: alert.severity,
          status: alert.status,
          source_id: alert.sourceId,
          first_seen_at: alert.firstSeenAt,
          last_seen_at: alert.lastSeenAt,
          created_at: alert.createdAt,
          updated_at: alert.updatedAt,
          revision: alert.revision,
          alert_json: JSON.stringify(alert),
        };
        const { id: _id, created_at: _created, ...update } = row;
        await trx
          .insertInto('alerts')
          .values(row)
          .onConflict((conflict) => conflict.column('id').doUpdateSet(update))
          .execute();
        if (!notify) continue;
        for (const channelId of batch.channelsFor(alert)) {
          const delivery: AlertDeliveryTable = { alert_id: alert.id, channel_id: channelId, revision: alert.revision, status: 'pending', attempts: 0, last_error: null, created_at: batch.at, updated_at: batch.at };
          await trx
            .insertInto('alert_deliveries')
            .values(delivery)
            .onConflict((conflict) => conflict.columns(['alert_id', 'channel_id', 'revision']).doNothing())
            .execute();
          deliveries.push(toDelivery(delivery));
        }
      }
      if (batch.cursor !== undefined) {
        const cursor = { source_id: batch.sourceId, cursor_json: JSON.stringify(batch.cursor), updated_at: batch.at };
        await trx
          .insertInto('alert_watcher_cursors')
          .values(cursor)
          .onConflict((conflict) => conflict.column('source_id').doUpdateSet({ cursor_json: cursor.cursor_json, updated_at: cursor.updated_at }))
          .execute();
      }
    });
    return deliveries;
  }

  async getAlert(id: string): Promise<Alert | undefined> {
    const row = await this.db.selectFrom('alerts').select('alert_json').where('id', '=', id).executeTakeFirst();
    return row ? (JSON.parse(row.alert_json) as Alert) : undefined;
  }

  /** Newest first, keyset-paged on (created_at, id). */
  async listAlerts(filter: AlertFilter, page: { limit: number; after?: AlertCursor }): Promise<{ items: Alert[]; next: AlertCursor | null }> {
    let query = this.db.selectFrom('alerts').select(['alert_json', 'created_at', 'id']);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.rule) query = query.where('rule', '=', filter.rule);
    if (filter.sourceId) query = query.where('source_id', '=', filter.sourceId);
    if (filter.severity) query = query.where('severity', '=', filter.severity);
    const after = page.after;
    if (after) query = query.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]));
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    return { items: items.map((row) => JSON.parse(row.alert_json) as Alert), next: rows.length > page.limit && last ? { createdAt: last.created_at, id: last.id } : null };
  }

  /** Marks the alert acknowledged (once; a second call returns it unchanged) and records who did it. */
  async acknowledge(id: string, by: string, note: string | undefined, at: string): Promise<Alert | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('alerts').select('alert_json').where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const alert = JSON.parse(row.alert_json) as Alert;
      if (alert.status === 'acknowledged') return alert;
      const updated: Alert = { ...alert, status: 'acknowledged', acknowledgement: { by, at, ...(note ? { note } : {}) }, updatedAt: at, revision: alert.revision + 1 };
      await trx
        .updateTable('alerts')
        .set({ status: updated.status, updated_at: at, revision: updated.revision, alert_json: JSON.stringify(updated) })
        .where('id', '=', id)
        .execute();
      await trx.insertInto('alert_acknowledgements').values({ alert_id: id, acknowledged_by: by, acknowledged_at: at, note: note ?? null }).execute();
      return updated;
    });
  }

  async deliveriesByStatus(status: DeliveryStatus, limit = 1000): Promise<DeliveryRecord[]> {
    const rows = await this.db.selectFrom('alert_deliveries').selectAll().where('status', '=', status).orderBy('updated_at').limit(limit).execute();
    return rows.map(toDelivery);
  }

  async deliveriesOf(alertId: string): Promise<DeliveryRecord[]> {
    const rows = await this.db.selectFrom('alert_deliveries').selectAll().where('alert_id', '=', alertId).orderBy('channel_id').orderBy('revision').execute();
    return rows.map(toDelivery);
  }

  async getDelivery(alertId: string, channelId: string, revision: number): Promise<DeliveryRecord | undefined> {
    const row = await this.db.selectFrom('alert_deliveries').selectAll().where('alert_id', '=', alertId).where('channel_id', '=', channelId).where('revision', '=', revision).executeTakeFirst();
    return row ? toDelivery(row) : undefined;
  }

  async markDelivery(key: { alertId: string; channelId: string; revision: number }, change: { status: DeliveryStatus; attempts: number; error?: string | null }, at: string): Promise<void> {
    await this.db
      .updateTable('alert_deliveries')
      .set({ status: change.status, attempts: change.attempts, last_error: change.error ?? null, updated_at: at })
      .where('alert_id', '=', key.alertId)
      .where('channel_id', '=', key.channelId)
      .where('revision', '=', key.revision)
      .execute();
  }

  /** Alerts stored per rule, source, severity and status, for /metrics. */
  async alertCounts(): Promise<Array<{ rule: string; sourceId: string; severity: string; status: string; count: number }>> {
    const rows = await this.db
      .selectFrom('alerts')
      .select(['rule', 'source_id', 'severity', 'status', (eb) => eb.fn.countAll<string | number>().as('count')])
      .groupBy(['rule', 'source_id', 'severity', 'status'])
      .execute();
    return rows.map((row) => ({ rule: row.rule, sourceId: row.source_id, severity: row.severity, status: row.status, count: Number(row.count) }));
  }

  /** Deliveries per channel, rule and status (pending, sent, dead), for /metrics. */
  async deliveryCounts(): Promise<Array<{ channelId: string; rule: string; status: DeliveryStatus; count: number }>> {
    const rows = await this.db
      .selectFrom('alert_deliveries')
      .innerJoin('alerts', 'alerts.id', 'alert_deliveries.alert_id')
      .select(['alert_deliveries.channel_id as channel_id', 'alerts.rule as rule', 'alert_deliveries.status as status', (eb) => eb.fn.countAll<string | number>().as('count')])
      .groupBy(['alert_deliveries.channel_id', 'alerts.rule', 'alert_deliveries.status'])
      .execute();
    return rows.map((row) => ({ channelId: row.channel_id, rule: row.rule, status: row.status, count: Number(row.count) }));
  }

  /** Forgets events older than `before` (their ids can no longer come back within any watcher's look-back). */
  async pruneEvents(before: string): Promise<number> {
    const result = await this.db.deleteFrom('alert_events').where('recorded_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
