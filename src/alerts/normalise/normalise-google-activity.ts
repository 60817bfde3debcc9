/**
 * Google Admin Reports `activities.list` items (applications `user_accounts`, `login`, `admin`) → audit events. One
 * activity holds several `events[]`; each mapped one becomes an audit event whose id is the activity's
 * `id.uniqueQualifier` with the event's index (Google documents no id per event).
 */
import { z } from 'zod';
import type { AuditEvent, AuditEventKind } from '../audit-event.js';
import { parseVendorRecord } from './vendor-record-error.js';

const parameterSchema = z.looseObject({
  name: z.string(),
  value: z.string().nullish(),
  boolValue: z.boolean().nullish(),
  intValue: z.string().nullish(),
  multiValue: z.array(z.string()).nullish(),
});

export const googleActivitySchema = z.looseObject({
  kind: z.string().nullish(),
  id: z.looseObject({ time: z.string(), uniqueQualifier: z.string(), applicationName: z.string(), customerId: z.string().nullish() }),
  actor: z.looseObject({ email: z.string().nullish(), profileId: z.string().nullish(), callerType: z.string().nullish() }).nullish(),
  events: z.array(z.looseObject({ type: z.string().nullish(), name: z.string(), parameters: z.array(parameterSchema).nullish() })).nullish(),
});

/** Event names this normaliser maps, per application. */
export const googleMappedEvents: Readonly<Record<string, AuditEventKind>> = {
  'user_accounts/2sv_disable': 'mfa-disabled-for-user',
  'user_accounts/2sv_enroll': 'factor-registered',
  'login/2sv_disable': 'mfa-disabled-for-user',
  'login/2sv_enroll': 'factor-registered',
  'admin/ENFORCE_STRONG_AUTHENTICATION': 'enforcement-off',
  'admin/ALLOW_STRONG_AUTHENTICATION': 'enforcement-off',
  'admin/CHANGE_ALLOWED_TWO_STEP_VERIFICATION_METHODS': 'forbidden-factor-enabled',
  'admin/UNENROLL_USER_FROM_STRONG_AUTHENTICATION': 'mfa-disabled-for-user',
};

type Parameter = z.infer<typeof parameterSchema>;

function parameter(parameters: readonly Parameter[], name: string): string | undefined {
  const found = parameters.find((entry) => entry.name === name);
  if (!found) return undefined;
  if (found.value !== undefined && found.value !== null) return found.value;
  if (found.boolValue !== undefined && found.boolValue !== null) return String(found.boolValue);
  return found.intValue ?? found.multiValue?.join(',') ?? undefined;
}

/** Every mapped event of one activity (zero or more). */
export function normaliseGoogleActivity(value: unknown, sourceId: string): AuditEvent[] {
  const where = `source ${sourceId} Google activity ${typeof value === 'object' && value !== null ? JSON.stringify((value as { id?: unknown }).id ?? '?') : '?'}`;
  const activity = parseVendorRecord(googleActivitySchema, value, where);
  const application = activity.id.applicationName;
  const actor = {
    id: activity.actor?.profileId ?? activity.actor?.email ?? 'unknown',
    ...(activity.actor?.email ? { login: activity.actor.email } : {}),
    type: activity.actor?.callerType === 'KEY' ? ('app' as const) : ('user' as const),
  };
  const who = actor.login ?? actor.id;
  const result: AuditEvent[] = [];
  (activity.events ?? []).forEach((event, index) => {
    const kind = googleMappedEvents[`${application}/${event.name}`];
    if (!kind) return;
    const parameters = event.parameters ?? [];
    const base = {
      detector: 'audit-log' as const,
      idp: 'google' as const,
      sourceId,
      vendorEventId: `${activity.id.uniqueQualifier}:${index}`,
      vendorEventName: `${application}/${event.name}`,
      occurredAt: new Date(activity.id.time).toISOString(),
      actor,
    };
    if (kind === 'enforcement-off') {
      // Only a change to false takes enforcement away; turning it on is not an alert.
      if (parameter(parameters, 'NEW_VALUE')?.toLowerCase() !== 'false') return;
      const orgUnit = parameter(parameters, 'ORG_UNIT_NAME') ?? '/';
      const what = event.name === 'ENFORCE_STRONG_AUTHENTICATION' ? '2-step verification enforcement' : '2-step verification';
      result.push({
        ...base,
        kind,
        target: { id: orgUnit, type: 'org-unit', name: orgUnit },
        selfService: false,
        before: parameter(parameters, 'OLD_VALUE'),
        after: 'false',
        summary: `${who} turned ${what} off for org unit ${orgUnit}`,
      });
      return;
    }
    if (kind === 'forbidden-factor-enabled') {
      const newValue = parameter(parameters, 'NEW_VALUE') ?? '';
      const orgUnit = parameter(parameters, 'ORG_UNIT_NAME') ?? '/';
      // "ANY" admits SMS and voice codes; the narrower values do not.
      const kindHere: AuditEventKind = /any/i.test(newValue) ? 'forbidden-factor-enabled' : 'policy-changed';
      result.push({
        ...base,
        kind: kindHere,
        target: { id: orgUnit, type: 'org-unit', name: orgUnit },
        selfService: false,
        before: parameter(parameters, 'OLD_VALUE'),
        after: newValue,
        summary: `${who} set the allowed 2-step verification methods of ${orgUnit} to ${newValue || 'an unknown value'}`,
      });
      return;
    }
    const userEmail = parameter(parameters, 'USER_EMAIL') ?? (kind === 'mfa-disabled-for-user' && application !== 'admin' ? activity.actor?.email : undefined) ?? actor.login;
    const target = {
      id: application === 'admin' ? (userEmail ?? 'unknown') : (activity.actor?.profileId ?? userEmail ?? 'unknown'),
      ...(userEmail ? { login: userEmail } : {}),
      type: 'user' as const,
    };
    result.push({
      ...base,
      kind,
      target,
      selfService: application !== 'admin',
      summary: kind === 'factor-registered' ? `${target.login ?? target.id} enrolled in 2-step verification` : `${who} turned 2-step verification off for ${target.login ?? target.id}`,
    });
  });
  return result;
}
