/**
 * CloudTrail `LookupEvents` events (IAM, us-east-1) → audit events. The outer event gives id, name and time; the
 * `CloudTrailEvent` JSON string gives who (`userIdentity`) and whose device (`requestParameters`). Failed calls
 * (`errorCode` set) changed nothing and are dropped.
 */
import { z } from 'zod';
import type { AuditEvent, AuditEventKind } from '../audit-event.js';
import { InputError } from '../../errors.js';
import { parseVendorRecord } from './vendor-record-error.js';

export const lookupEventSchema = z.looseObject({
  EventId: z.string().min(1),
  EventName: z.string(),
  EventTime: z.union([z.date(), z.string(), z.number()]),
  EventSource: z.string().nullish(),
  Username: z.string().nullish(),
  CloudTrailEvent: z.string(),
});

const cloudTrailRecordSchema = z.looseObject({
  userIdentity: z.looseObject({ type: z.string().nullish(), arn: z.string().nullish(), userName: z.string().nullish(), principalId: z.string().nullish() }).nullish(),
  requestParameters: z.looseObject({ userName: z.string().nullish(), serialNumber: z.string().nullish() }).nullish(),
  errorCode: z.string().nullish(),
  recipientAccountId: z.string().nullish(),
});

/** Every IAM event name this normaliser maps. */
export const cloudTrailMappedEvents: Readonly<Record<string, AuditEventKind>> = {
  DeactivateMFADevice: 'factor-removed',
  DeleteVirtualMFADevice: 'factor-removed',
  EnableMFADevice: 'factor-registered',
  CreateVirtualMFADevice: 'factor-registered',
};

/** `arn:aws:iam::123456789012:mfa/alice` → `alice`; the root's device is `…:mfa/root-account-mfa-device` or `…:root`. */
function userOfSerial(serial: string | null | undefined): string | undefined {
  if (!serial) return undefined;
  const name = /:mfa\/(?:.*\/)?([^/]+)$/.exec(serial)?.[1];
  return name;
}

export function normaliseCloudTrailEvent(value: unknown, sourceId: string): AuditEvent | undefined {
  const where = `source ${sourceId} CloudTrail event ${typeof value === 'object' && value !== null ? String((value as { EventId?: unknown }).EventId) : '?'}`;
  const event = parseVendorRecord(lookupEventSchema, value, where);
  const kind = cloudTrailMappedEvents[event.EventName];
  if (!kind) return undefined;
  let inner: unknown;
  try {
    inner = JSON.parse(event.CloudTrailEvent);
  } catch (error) {
    throw new InputError(`${where}: CloudTrailEvent is not JSON`, { cause: error });
  }
  const record = parseVendorRecord(cloudTrailRecordSchema, inner, `${where} CloudTrailEvent`);
  if (record.errorCode) return undefined;
  const identity = record.userIdentity;
  const isRoot = identity?.type === 'Root';
  const actor = {
    id: identity?.arn ?? identity?.principalId ?? 'unknown',
    ...(identity?.userName ? { login: identity.userName } : isRoot ? { login: 'root' } : {}),
    type: isRoot ? ('root' as const) : identity?.type === 'AWSService' ? ('system' as const) : ('user' as const),
  };
  const serial = record.requestParameters?.serialNumber;
  const serialUser = userOfSerial(serial);
  // Without `userName`, the call acts on the caller's own device; a root-account device belongs to root.
  const userName = record.requestParameters?.userName ?? (serialUser === 'root-account-mfa-device' || isRoot ? 'root' : (serialUser ?? identity?.userName ?? 'unknown'));
  const account = record.recipientAccountId ?? /::(\d{12}):/.exec(serial ?? identity?.arn ?? '')?.[1];
  const targetId = userName === 'root' ? `arn:aws:iam::${account ?? 'unknown'}:root` : `arn:aws:iam::${account ?? 'unknown'}:user/${userName}`;
  const who = actor.login ?? actor.id;
  const verb = event.EventName === 'DeactivateMFADevice' ? 'deactivated' : event.EventName === 'DeleteVirtualMFADevice' ? 'deleted' : 'enabled';
  return {
    detector: 'audit-log',
    idp: 'aws',
    sourceId,
    vendorEventId: event.EventId,
    vendorEventName: event.EventName,
    kind,
    occurredAt: new Date(event.EventTime).toISOString(),
    actor,
    target: { id: targetId, login: userName, type: 'user' },
    selfService: actor.login === userName,
    ...(serial ? { factorType: serial } : {}),
    summary: `${who} ${verb} MFA device ${serial ?? ''} of ${userName === 'root' ? 'the root user' : userName}`.replace('  ', ' '),
  };
}
