/**
 * One source's audit log as the watcher reads it: `poll(cursor)` reads from the stored cursor (with the vendor's
 * look-back), normalises what it read, and returns the events with the cursor to store once they are recorded.
 * A reader reads at most `maxPagesPerPoll` pages so one poll stays inside the vendor's audit-log rate limit; a
 * backlog drains over the following polls.
 */
import type { AuditEvent } from '../audit-event.js';
import type { IdentityProviderId } from '../../model/identity-provider.js';

export interface AuditLogPoll {
  /** Mapped events, oldest first (unmapped records are read and dropped). */
  events: AuditEvent[];
  /** Raw records read. */
  records: number;
  /** HTTP requests made (token requests excluded). */
  requests: number;
  /** Where the next poll starts. */
  cursor: unknown;
  /** True when the page cap stopped the poll before the log's end. */
  truncated: boolean;
}

export interface AuditLogReader {
  readonly idp: IdentityProviderId;
  readonly sourceId: string;
  /** Pages one poll may read, within the vendor's audit-log limit at the default poll interval. */
  readonly maxPagesPerPoll: number;
  poll(cursor: unknown, now: Date, signal?: AbortSignal): Promise<AuditLogPoll>;
  close?(): Promise<void>;
}

/** The start of a time-based poll: the stored high-water mark minus the look-back, or now minus the look-back at first. */
export function lookBackStart(cursor: unknown, now: Date, lookBackMinutes: number): { since: string; highWater: string | undefined } {
  const highWater = typeof cursor === 'object' && cursor !== null && typeof (cursor as { highWater?: unknown }).highWater === 'string' ? (cursor as { highWater: string }).highWater : undefined;
  const from = highWater ? Date.parse(highWater) : now.getTime();
  return { since: new Date(from - lookBackMinutes * 60_000).toISOString(), highWater };
}

export function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}
