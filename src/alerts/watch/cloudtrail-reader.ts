/**
 * AWS CloudTrail watcher for IAM MFA events, through `@aws-sdk/client-cloudtrail` `LookupEvents` in us-east-1 (IAM
 * is global and logs there), `LookupAttributes: EventSource = iam.amazonaws.com`, from the high-water event time
 * minus the look-back (default 30 min: CloudTrail documents an average delivery of about 5 minutes, not a bound),
 * newest first, 50 a page. LookupEvents allows 2 requests per second per account and region, so pages are spaced
 * 500 ms apart and a poll reads at most 20 pages. The configured account is watched; an organisation's member
 * accounts are covered by the scan diff.
 */
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import type { AwsConfig } from '../../connectors/aws/aws-config.js';
import { baseCredentials } from '../../connectors/aws/create-aws-clients.js';
import { RateLimitedError, UpstreamError } from '../../errors.js';
import type { AuditEvent } from '../audit-event.js';
import { normaliseCloudTrailEvent } from '../normalise/normalise-cloudtrail-event.js';
import { laterOf, lookBackStart, type AuditLogPoll, type AuditLogReader } from './audit-log-reader.js';

const pageSpacingMs = 500;

export async function createCloudTrailReader(options: { sourceId: string; config: AwsConfig; env: NodeJS.ProcessEnv; lookBackMinutes: number; maxPagesPerPoll?: number }): Promise<AuditLogReader> {
  const credentials = await baseCredentials(options.config, options.env);
  const client = new CloudTrailClient({
    region: 'us-east-1',
    maxAttempts: 1,
    ...(options.config.endpoint !== undefined ? { endpoint: options.config.endpoint } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
  });
  const maxPagesPerPoll = options.maxPagesPerPoll ?? 20;
  return {
    idp: 'aws',
    sourceId: options.sourceId,
    maxPagesPerPoll,
    async poll(cursor, now): Promise<AuditLogPoll> {
      const { since, highWater } = lookBackStart(cursor, now, options.lookBackMinutes);
      const events: AuditEvent[] = [];
      let latest = highWater;
      let records = 0;
      let requests = 0;
      let nextToken: string | undefined;
      let truncated = false;
      do {
        if (requests >= maxPagesPerPoll) {
          truncated = true;
          break;
        }
        if (requests > 0) await new Promise((resolve) => setTimeout(resolve, pageSpacingMs));
        requests += 1;
        let page: LookupEventsCommandOutput;
        try {
          page = await client.send(
            new LookupEventsCommand({
              StartTime: new Date(since),
              EndTime: now,
              LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'iam.amazonaws.com' }],
              MaxResults: 50,
              ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
            }),
          );
        } catch (error) {
          const name = (error as { name?: string }).name;
          if (name === 'ThrottlingException') throw new RateLimitedError(`CloudTrail LookupEvents of ${options.sourceId} throttled; the next poll tries again`, undefined, { cause: error });
          throw new UpstreamError(`CloudTrail LookupEvents of ${options.sourceId}: ${(error as Error).message}`, (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, { cause: error });
        }
        for (const record of page.Events ?? []) {
          records += 1;
          if (record.EventTime) latest = laterOf(latest, record.EventTime.toISOString());
          const event = normaliseCloudTrailEvent(record, options.sourceId);
          if (event) events.push(event);
        }
        nextToken = page.NextToken;
      } while (nextToken !== undefined);
      // A truncated poll keeps the old high-water mark: the next one re-reads the window (seen ids drop repeats).
      const mark = truncated ? highWater : latest;
      const capped = mark && mark > now.toISOString() ? now.toISOString() : mark;
      return { events: events.reverse(), records, requests, cursor: { highWater: capped ?? now.toISOString() }, truncated };
    },
    close: async () => client.destroy(),
  };
}
