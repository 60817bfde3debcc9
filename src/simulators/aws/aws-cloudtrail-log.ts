/**
 * CloudTrail `LookupEvents` (JSON 1.1, `X-Amz-Target: CloudTrail_20131101.LookupEvents` as the SDK sends it)
 * per account, as the SDK calls it in us-east-1 for IAM events: `StartTime`/`EndTime` (epoch seconds), one
 * `LookupAttributes` item, `MaxResults` 1–50 (default 50), `NextToken`, newest first, and the documented 2 requests
 * per second per account and region answered with `ThrottlingException`. Injections append the event CloudTrail
 * records and change the account (the user's MFA device is gone from `ListMFADevices`).
 */
import { randomUUID } from 'node:crypto';
import { InputError } from '../../errors.js';
import { wrongInjection, type AuditInjection, type SimulatorAuditLog } from '../audit-injection.js';
import type { AwsAccountStore } from './aws-account-store.js';

type Json = Record<string, unknown>;

/** The SDK sends the short target; the service's model names the long one: both are LookupEvents. */
export function isLookupEventsTarget(target: unknown): boolean {
  return target === 'CloudTrail_20131101.LookupEvents' || target === 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents';
}
const requestsPerSecond = 2;
const attributeKeys = new Set(['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId']);

interface StoredEvent {
  visibleAt: number;
  accountId: string;
  event: Json;
}

export interface LookupReply {
  status: number;
  body: Json;
}

export class CloudTrailLog implements SimulatorAuditLog {
  private readonly events: StoredEvent[] = [];
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly accounts: ReadonlyMap<string, AwsAccountStore>,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.events.length;
  }

  lookup(accountId: string, input: Json): LookupReply {
    const now = this.now();
    const window = (this.recent.get(accountId) ?? []).filter((at) => at > now - 1000);
    if (window.length >= requestsPerSecond) return { status: 400, body: { __type: 'ThrottlingException', Message: 'Rate exceeded' } };
    window.push(now);
    this.recent.set(accountId, window);
    const attributes = Array.isArray(input.LookupAttributes) ? (input.LookupAttributes as Json[]) : [];
    if (attributes.length > 1) return { status: 400, body: { __type: 'InvalidLookupAttributesException', Message: 'You cannot specify more than one lookup attribute.' } };
    const attribute = attributes[0];
    if (attribute && !attributeKeys.has(String(attribute.AttributeKey))) return { status: 400, body: { __type: 'InvalidLookupAttributesException', Message: `Unknown AttributeKey ${String(attribute.AttributeKey)}` } };
    const maxResults = input.MaxResults === undefined ? 50 : Number(input.MaxResults);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) return { status: 400, body: { __type: 'InvalidMaxResultsException', Message: 'MaxResults must be 1–50.' } };
    const start = typeof input.StartTime === 'number' ? input.StartTime * 1000 : 0;
    const end = typeof input.EndTime === 'number' ? input.EndTime * 1000 : now;
    const matching = this.events
      .filter((entry) => entry.accountId === accountId && entry.visibleAt <= now)
      .map((entry) => entry.event)
      .filter((event) => {
        const at = Date.parse(String(event.EventTime));
        if (at < start || at > end) return false;
        if (!attribute) return true;
        const key = String(attribute.AttributeKey);
        return key === 'EventSource' ? event.EventSource === attribute.AttributeValue : key === 'EventName' ? event.EventName === attribute.AttributeValue : key === 'EventId' ? event.EventId === attribute.AttributeValue : key === 'Username' ? event.Username === attribute.AttributeValue : true;
      })
      .sort((a, b) => String(b.EventTime).localeCompare(String(a.EventTime)));
    const offset = typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64').toString('utf8').replace(/^offset:/, '')) || 0 : 0;
    const page = matching.slice(offset, offset + maxResults).map((event) => ({ ...event, EventTime: Date.parse(String(event.EventTime)) / 1000 }));
    const more = offset + maxResults < matching.length;
    return { status: 200, body: { Events: page, ...(more ? { NextToken: Buffer.from(`offset:${offset + maxResults}`).toString('base64') } : {}) } };
  }

  inject(injection: AuditInjection): void {
    const now = this.now();
    const [firstAccount] = this.accounts.keys();
    const accountId = /\.(\d{12})$/.exec(injection.source)?.[1] ?? firstAccount;
    if (injection.kind === 'raw') {
      for (const record of injection.records) this.events.push({ visibleAt: now, accountId: accountId ?? 'unknown', event: record });
      return;
    }
    if (injection.kind !== 'aws-mfa-deactivate') throw wrongInjection('AWS', injection);
    const account = accountId ? this.accounts.get(accountId) : undefined;
    if (!account) throw new InputError(`aws-mfa-deactivate: no account for source ${injection.source}`);
    const devices = account.mfaDevices.get(injection.userName) ?? [];
    const device = devices[0];
    if (!device) throw new InputError(`aws-mfa-deactivate: user ${injection.userName} has no MFA device in account ${account.accountId}`);
    account.mfaDevices.set(injection.userName, devices.slice(1));
    const eventId = randomUUID();
    const time = new Date(now - injection.lateBySeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const actorName = injection.actor.replace(/@.*$/, '');
    const inner = {
      eventVersion: '1.09',
      userIdentity: { type: 'IAMUser', principalId: 'AIDASIMULATEDADMIN', arn: `arn:aws:iam::${account.accountId}:user/${actorName}`, accountId: account.accountId, accessKeyId: 'ASIASIMULATED', userName: actorName },
      eventTime: time,
      eventSource: 'iam.amazonaws.com',
      eventName: 'DeactivateMFADevice',
      awsRegion: 'us-east-1',
      sourceIPAddress: '198.51.100.31',
      userAgent: 'aws-cli/2.15.0',
      requestParameters: { userName: injection.userName, serialNumber: String(device.SerialNumber ?? `arn:aws:iam::${account.accountId}:mfa/${injection.userName}`) },
      responseElements: null,
      requestID: randomUUID(),
      eventID: eventId,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: account.accountId,
      eventCategory: 'Management',
      tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'iam.amazonaws.com' },
    };
    this.events.push({
      visibleAt: now,
      accountId: account.accountId,
      event: {
        EventId: eventId,
        EventName: 'DeactivateMFADevice',
        ReadOnly: 'false',
        AccessKeyId: 'ASIASIMULATED',
        EventTime: time,
        EventSource: 'iam.amazonaws.com',
        Username: actorName,
        Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: injection.userName }],
        CloudTrailEvent: JSON.stringify(inner),
      },
    });
  }
}
