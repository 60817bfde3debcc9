/**
 * Google Workspace watcher: Admin SDK Reports `activities.list` through `@googleapis/admin` reports_v1, for the
 * `user_accounts` (2SV disabled by the user) and `admin` (2SV enforcement of an OU, allowed methods) applications,
 * `userKey=all`, `startTime = high-water − look-back`. Admin events arrive within minutes but user events can lag by
 * hours (published rules look back 130–190 min), so the default look-back is 60 min and the scan diff covers the rest.
 * One high-water mark per application; at most 5 pages per application a poll.
 */
import { createGoogleAuthClient, createGoogleClients } from '../../connectors/google/create-google-clients.js';
import type { GoogleConfig } from '../../connectors/google/google-config.js';
import { RateLimitedError, UpstreamError } from '../../errors.js';
import type { AuditEvent } from '../audit-event.js';
import { normaliseGoogleActivity } from '../normalise/normalise-google-activity.js';
import { laterOf, type AuditLogPoll, type AuditLogReader } from './audit-log-reader.js';

export const watchedGoogleApplications = ['user_accounts', 'admin'] as const;

function highWaterOf(cursor: unknown, application: string): string | undefined {
  const marks = typeof cursor === 'object' && cursor !== null ? (cursor as { highWater?: Record<string, unknown> }).highWater : undefined;
  const mark = typeof marks === 'object' && marks !== null ? marks[application] : undefined;
  return typeof mark === 'string' ? mark : undefined;
}

export async function createGoogleActivityReader(options: { sourceId: string; config: GoogleConfig; env: NodeJS.ProcessEnv; lookBackMinutes: number; maxPagesPerApplication?: number }): Promise<AuditLogReader> {
  const authClient = await createGoogleAuthClient(options.config, options.env);
  const { reports } = createGoogleClients(authClient, options.config.rootUrl);
  const maxPages = options.maxPagesPerApplication ?? 5;
  return {
    idp: 'google',
    sourceId: options.sourceId,
    maxPagesPerPoll: maxPages * watchedGoogleApplications.length,
    async poll(cursor, now): Promise<AuditLogPoll> {
      const events: AuditEvent[] = [];
      const marks: Record<string, string> = {};
      let records = 0;
      let requests = 0;
      let truncated = false;
      for (const application of watchedGoogleApplications) {
        const previous = highWaterOf(cursor, application);
        const from = previous ? Date.parse(previous) : now.getTime();
        const startTime = new Date(from - options.lookBackMinutes * 60_000).toISOString();
        let latest = previous;
        let pageToken: string | undefined;
        let pages = 0;
        do {
          if (pages >= maxPages) {
            truncated = true;
            latest = previous;
            break;
          }
          pages += 1;
          requests += 1;
          let data;
          try {
            ({ data } = await reports.activities.list({ userKey: 'all', applicationName: application, startTime, endTime: now.toISOString(), maxResults: 1000, ...(pageToken ? { pageToken } : {}) }));
          } catch (error) {
            const status = (error as { status?: number; code?: number }).status ?? (error as { code?: number }).code;
            if (status === 429) throw new RateLimitedError(`Google Reports ${application} of ${options.sourceId} answered 429; the next poll tries again`, undefined, { cause: error });
            throw new UpstreamError(`Google Reports ${application} of ${options.sourceId}: ${(error as Error).message}`, typeof status === 'number' ? status : undefined, { cause: error });
          }
          for (const activity of data.items ?? []) {
            records += 1;
            const time = activity.id?.time;
            if (typeof time === 'string') latest = laterOf(latest, new Date(time).toISOString());
            events.push(...normaliseGoogleActivity(activity, options.sourceId));
          }
          pageToken = data.nextPageToken ?? undefined;
        } while (pageToken);
        const capped = latest && latest > now.toISOString() ? now.toISOString() : latest;
        marks[application] = capped ?? now.toISOString();
      }
      events.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
      return { events, records, requests, cursor: { highWater: marks }, truncated };
    },
  };
}
