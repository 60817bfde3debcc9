/**
 * Entra directoryAudits watcher, through the Graph SDK: `activityDateTime ge <high-water − look-back>` in ascending
 * order, 1,000 a page, following `@odata.nextLink`. The look-back (default 10 min, twice the documented 5 min p99
 * delay) re-reads recent records so a late one is still seen; the repository's seen-ids drop the repeats. Identity
 * and access reports allow 5 requests per 10 s per app and tenant, so a poll reads at most 4 pages.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { createGraphClient } from '../../connectors/entra/create-graph-client.js';
import type { EntraConfig } from '../../connectors/entra/entra-config.js';
import { createAccessTokenSource } from '../../connectors/entra/graph-access-token.js';
import { RateLimitedError, UpstreamError } from '../../errors.js';
import type { AuditEvent } from '../audit-event.js';
import { normaliseEntraAudit } from '../normalise/normalise-entra-audit.js';
import { laterOf, lookBackStart, type AuditLogPoll, type AuditLogReader } from './audit-log-reader.js';

interface GraphPage {
  value?: unknown[];
  '@odata.nextLink'?: string;
}

export async function createEntraAuditReader(options: { sourceId: string; config: EntraConfig; env: NodeJS.ProcessEnv; lookBackMinutes: number; maxPagesPerPoll?: number }): Promise<AuditLogReader> {
  const tokens = await createAccessTokenSource(options.config, options.sourceId, options.env, { countRequest: () => undefined });
  const client: Client = createGraphClient({ graphBaseUrl: options.config.graphBaseUrl, accessToken: () => tokens.token() });
  const maxPagesPerPoll = options.maxPagesPerPoll ?? 4;
  const get = async (request: () => Promise<GraphPage>): Promise<GraphPage> => {
    try {
      return await request();
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 429) {
        const retryAfter = Number((error as { headers?: Headers }).headers?.get?.('retry-after'));
        throw new RateLimitedError(`Entra directoryAudits of ${options.sourceId} answered 429; the next poll tries again`, Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined, { cause: error });
      }
      throw new UpstreamError(`Entra directoryAudits of ${options.sourceId}: ${(error as Error).message}`, status, { cause: error });
    }
  };
  return {
    idp: 'entra',
    sourceId: options.sourceId,
    maxPagesPerPoll,
    async poll(cursor, now): Promise<AuditLogPoll> {
      const { since, highWater } = lookBackStart(cursor, now, options.lookBackMinutes);
      let page = await get(() => client.api('/auditLogs/directoryAudits').filter(`activityDateTime ge ${since}`).orderby('activityDateTime asc').top(1000).get() as Promise<GraphPage>);
      let requests = 1;
      let records = 0;
      let latest = highWater;
      const events: AuditEvent[] = [];
      let truncated = false;
      for (;;) {
        for (const record of page.value ?? []) {
          records += 1;
          const at = (record as { activityDateTime?: unknown }).activityDateTime;
          if (typeof at === 'string') latest = laterOf(latest, new Date(at).toISOString());
          const event = normaliseEntraAudit(record, options.sourceId);
          if (event) events.push(event);
        }
        const next = page['@odata.nextLink'];
        if (!next) break;
        if (requests >= maxPagesPerPoll) {
          truncated = true;
          break;
        }
        requests += 1;
        page = await get(() => client.api(next).get() as Promise<GraphPage>);
      }
      // Never move the high-water mark past "now": a clock skew would otherwise skip what arrives meanwhile.
      const capped = latest && latest > now.toISOString() ? now.toISOString() : latest;
      return { events, records, requests, cursor: { highWater: capped ?? new Date(now.getTime()).toISOString() }, truncated };
    },
  };
}
