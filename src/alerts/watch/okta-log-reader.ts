/**
 * Okta System Log watcher. The first poll asks `GET /api/v1/logs?since=<now − look-back>&sortOrder=ASCENDING` with no
 * `until` (a polling request: filtered by persistence time, so late events are not skipped); every later poll follows
 * the stored `next` link, which Okta always returns. Pages are fetched one by one through the SDK's HTTP layer (its
 * auth and request executor) because the SDK's collection iterator follows `next` forever in polling mode. A poll
 * stops on an empty page or at the page cap.
 */
import { Client } from '@okta/okta-sdk-nodejs';
import { z } from 'zod';
import { resolveSecret } from '../../config/secret-reference.js';
import type { OktaConfig } from '../../connectors/okta/okta-config.js';
import { RateLimitedError, UpstreamError } from '../../errors.js';
import type { AuditEvent } from '../audit-event.js';
import { normaliseOktaLogEvent } from '../normalise/normalise-okta-log.js';
import type { AuditLogPoll, AuditLogReader } from './audit-log-reader.js';

const cursorSchema = z.object({ next: z.string().url() });

export const oktaLogPageSize = 1000;

// The SDK types its options as node-fetch's RequestInit, whose declarations are not installed; the shape is fetch's.
const pageRequest = { method: 'GET', headers: { Accept: 'application/json' } } as unknown as Parameters<Client['http']['http']>[1];

async function createClient(config: OktaConfig, env: NodeJS.ProcessEnv): Promise<Client> {
  const common = { orgUrl: config.orgUrl, cacheMiddleware: null, userAgent: 'mfa-coverage-watcher' };
  if (config.auth.type === 'api-token') {
    return new Client({ ...common, authorizationMode: 'SSWS', token: await resolveSecret(config.auth.token, 'auth.token', env), clientId: '', scopes: [], privateKey: '', keyId: '' });
  }
  return new Client({
    ...common,
    authorizationMode: 'PrivateKey',
    token: '',
    clientId: config.auth.clientId,
    scopes: config.auth.scopes,
    privateKey: await resolveSecret(config.auth.privateKey, 'auth.privateKey', env),
    keyId: config.auth.keyId ?? '',
  });
}

function nextLink(header: string | null): string | undefined {
  for (const part of (header ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (match) return match[1];
  }
  return undefined;
}

export async function createOktaLogReader(options: { sourceId: string; config: OktaConfig; env: NodeJS.ProcessEnv; lookBackMinutes: number; maxPagesPerPoll?: number }): Promise<AuditLogReader> {
  const client = await createClient(options.config, options.env);
  const maxPagesPerPoll = options.maxPagesPerPoll ?? 10;
  return {
    idp: 'okta',
    sourceId: options.sourceId,
    maxPagesPerPoll,
    async poll(cursor, now): Promise<AuditLogPoll> {
      const stored = cursorSchema.safeParse(cursor);
      let url = stored.success
        ? stored.data.next
        : `${options.config.orgUrl}/api/v1/logs?${new URLSearchParams({ since: new Date(now.getTime() - options.lookBackMinutes * 60_000).toISOString(), sortOrder: 'ASCENDING', limit: String(oktaLogPageSize) }).toString()}`;
      const events: AuditEvent[] = [];
      let records = 0;
      let requests = 0;
      let truncated = false;
      for (;;) {
        if (requests >= maxPagesPerPoll) {
          truncated = true;
          break;
        }
        requests += 1;
        const response = await client.http.http(url, pageRequest).catch((error: unknown) => {
          const status = (error as { status?: number }).status;
          if (status === 429) throw new RateLimitedError(`Okta System Log of ${options.sourceId} answered 429; the next poll tries again from the same cursor.`, undefined, { cause: error });
          throw new UpstreamError(`Okta System Log of ${options.sourceId}: ${(error as Error).message}`, status, { cause: error });
        });
        const page = (await response.json()) as unknown;
        if (!Array.isArray(page)) throw new UpstreamError(`Okta System Log of ${options.sourceId} answered a non-array page`, response.status);
        records += page.length;
        for (const record of page) {
          const event = normaliseOktaLogEvent(record, options.sourceId);
          if (event) events.push(event);
        }
        const next = nextLink(response.headers.get('link'));
        if (!next) throw new UpstreamError(`Okta System Log of ${options.sourceId} answered a polling request without a next link`, response.status);
        url = next;
        if (page.length === 0) break;
      }
      return { events, records, requests, cursor: { next: url }, truncated };
    },
  };
}
