/**
 * Entra `GET /auditLogs/directoryAudits` records → audit events. Activity names follow Microsoft's audit activity
 * reference and are compared case-insensitively (one revision writes "Conditional Access policy"). A CA policy's
 * state and exclusions are read from the policy JSON Entra records in `modifiedProperties` old/new values.
 */
import { z } from 'zod';
import type { AuditActor, AuditEvent, AuditEventKind } from '../audit-event.js';
import { parseVendorRecord } from './vendor-record-error.js';

const modifiedPropertySchema = z.looseObject({ displayName: z.string().nullish(), oldValue: z.string().nullish(), newValue: z.string().nullish() });

export const directoryAuditSchema = z.looseObject({
  id: z.string().min(1),
  category: z.string().nullish(),
  result: z.string().nullish(),
  activityDisplayName: z.string(),
  activityDateTime: z.string(),
  loggedByService: z.string().nullish(),
  operationType: z.string().nullish(),
  initiatedBy: z
    .looseObject({
      user: z.looseObject({ id: z.string().nullish(), userPrincipalName: z.string().nullish() }).nullish(),
      app: z.looseObject({ servicePrincipalId: z.string().nullish(), displayName: z.string().nullish() }).nullish(),
    })
    .nullish(),
  targetResources: z
    .array(
      z.looseObject({
        id: z.string().nullish(),
        displayName: z.string().nullish(),
        type: z.string().nullish(),
        userPrincipalName: z.string().nullish(),
        modifiedProperties: z.array(modifiedPropertySchema).nullish(),
      }),
    )
    .nullish(),
  additionalDetails: z.array(z.looseObject({ key: z.string().nullish(), value: z.string().nullish() })).nullish(),
});
export type DirectoryAudit = z.infer<typeof directoryAuditSchema>;

/** Every activity name this normaliser maps, lower-cased, with the kind it yields (docs/alerts.md lists them). */
export const entraMappedActivities = [
  'user deleted security info',
  'admin deleted security info',
  'user registered security info',
  'admin registered security info',
  'disable strong authentication',
  'update user',
  'update conditional access policy',
  'delete conditional access policy',
  'update security defaults',
  'authentication methods policy update',
] as const;

type Json = Record<string, unknown>;

/** The id the Entra connector's policy summary gives security defaults, so both detectors name the same policy. */
export const securityDefaultsPolicyId = 'identitySecurityDefaultsEnforcementPolicy';

function parseJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Entra writes some values as plain strings; those carry no structure to compare.
    return text;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function actorOf(record: DirectoryAudit): AuditActor {
  const user = record.initiatedBy?.user;
  if (user?.id) return { id: user.id, ...(user.userPrincipalName ? { login: user.userPrincipalName } : {}), type: 'user' };
  const app = record.initiatedBy?.app;
  if (app?.servicePrincipalId) return { id: app.servicePrincipalId, ...(app.displayName ? { login: app.displayName } : {}), type: 'app' };
  return { id: 'unknown', type: 'unknown' };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function path(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = isObject(current) ? current[key] : undefined;
  return current;
}

/** Exclusions of a CA policy: users, groups, roles, guests, applications, locations, platforms. */
function exclusionsOf(policy: unknown): Set<string> {
  const conditions = path(policy, 'conditions');
  const lists: Array<[string, unknown]> = [
    ['user', path(conditions, 'users', 'excludeUsers')],
    ['group', path(conditions, 'users', 'excludeGroups')],
    ['role', path(conditions, 'users', 'excludeRoles')],
    ['application', path(conditions, 'applications', 'excludeApplications')],
    ['location', path(conditions, 'locations', 'excludeLocations')],
    ['platform', path(conditions, 'platforms', 'excludePlatforms')],
  ];
  const result = new Set<string>();
  for (const [kind, list] of lists) for (const entry of stringList(list)) result.add(`${kind}:${entry}`);
  if (isObject(path(conditions, 'users', 'excludeGuestsOrExternalUsers'))) result.add('guests-or-external-users');
  return result;
}

function caPolicyKind(before: unknown, after: unknown): AuditEventKind {
  const oldState = path(before, 'state');
  const newState = path(after, 'state');
  if (newState !== oldState && newState === 'disabled') return 'policy-disabled';
  if (newState !== oldState && newState === 'enabledForReportingButNotEnforced') return 'policy-report-only';
  const oldExclusions = exclusionsOf(before);
  for (const exclusion of exclusionsOf(after)) if (!oldExclusions.has(exclusion)) return 'policy-exclusion-added';
  return 'policy-changed';
}

/** Security defaults: the recorded property is `IsEnabled` (or the policy JSON's `isEnabled`) going to false. */
function securityDefaultsTurnedOff(record: DirectoryAudit): boolean {
  for (const target of record.targetResources ?? []) {
    for (const property of target.modifiedProperties ?? []) {
      const value = parseJson(property.newValue);
      if (/isenabled/i.test(property.displayName ?? '') && (value === false || value === 'false' || (Array.isArray(value) && value[0] === false))) return true;
      if (isObject(value) && value.isEnabled === false) return true;
    }
  }
  return false;
}

/** Per-user MFA off through `Update user`: StrongAuthenticationRequirement emptied, or its State 0 per Sigma's rule. */
function strongAuthenticationRemoved(record: DirectoryAudit): boolean {
  for (const target of record.targetResources ?? []) {
    for (const property of target.modifiedProperties ?? []) {
      if (!/strongauthenticationrequirement/i.test(property.displayName ?? '')) continue;
      const oldValue = parseJson(property.oldValue);
      const newValue = parseJson(property.newValue);
      const hadRequirement = Array.isArray(oldValue) ? oldValue.length > 0 : Boolean(oldValue);
      const hasNone = newValue === undefined || (Array.isArray(newValue) && newValue.length === 0);
      if ((hadRequirement && hasNone) || (property.newValue ?? '').includes('State":0')) return true;
    }
  }
  return false;
}

/** Authentication methods policy: number matching off, or SMS / voice switched on. */
function methodsPolicyKind(record: DirectoryAudit): AuditEventKind {
  for (const target of record.targetResources ?? []) {
    for (const property of target.modifiedProperties ?? []) {
      const before = parseJson(property.oldValue);
      const after = parseJson(property.newValue);
      const configurations = (value: unknown): Json[] => {
        const list = path(value, 'authenticationMethodConfigurations');
        return Array.isArray(list) ? list.filter(isObject) : isObject(value) && typeof value.id === 'string' ? [value] : [];
      };
      const state = (list: Json[], id: string): unknown => list.find((entry) => String(entry.id).toLowerCase() === id)?.state;
      const matching = (list: Json[]): unknown =>
        path(list.find((entry) => String(entry.id).toLowerCase() === 'microsoftauthenticator'), 'featureSettings', 'numberMatchingRequiredState', 'state');
      const beforeList = configurations(before);
      const afterList = configurations(after);
      if (matching(afterList) === 'disabled' && matching(beforeList) !== 'disabled') return 'number-matching-off';
      for (const method of ['sms', 'voice']) {
        if (state(afterList, method) === 'enabled' && state(beforeList, method) !== 'enabled') return 'forbidden-factor-enabled';
      }
    }
  }
  return 'policy-changed';
}

function policyValues(record: DirectoryAudit): { before: unknown; after: unknown } {
  const property = record.targetResources?.[0]?.modifiedProperties?.[0];
  return { before: parseJson(property?.oldValue), after: parseJson(property?.newValue) };
}

function methodOf(record: DirectoryAudit): string | undefined {
  const detail = record.additionalDetails?.find((entry) => entry.key === 'AuthenticationMethod' || entry.key === 'Method');
  if (detail?.value) return detail.value;
  const property = record.targetResources?.[0]?.modifiedProperties?.find((entry) => /method/i.test(entry.displayName ?? ''));
  return property?.oldValue ?? undefined;
}

/** One directoryAudit record → an audit event, or `undefined` when the activity is not one the product maps or it failed. */
export function normaliseEntraAudit(value: unknown, sourceId: string): AuditEvent | undefined {
  const record = parseVendorRecord(directoryAuditSchema, value, `source ${sourceId} directoryAudit ${isObject(value) ? String(value.id) : '?'}`);
  if (record.result && record.result.toLowerCase() !== 'success') return undefined;
  const activity = record.activityDisplayName.toLowerCase();
  const actor = actorOf(record);
  const target = record.targetResources?.[0];
  const base = {
    detector: 'audit-log' as const,
    idp: 'entra' as const,
    sourceId,
    vendorEventId: record.id,
    vendorEventName: record.activityDisplayName,
    occurredAt: new Date(record.activityDateTime).toISOString(),
    actor,
  };
  const userTarget = {
    id: target?.id ?? 'unknown',
    ...(target?.userPrincipalName ? { login: target.userPrincipalName } : {}),
    type: 'user' as const,
  };
  const selfService = actor.type === 'user' && actor.id === userTarget.id;
  const who = actor.login ?? actor.id;
  switch (activity) {
    case 'user deleted security info':
    case 'admin deleted security info': {
      const method = methodOf(record);
      return {
        ...base,
        kind: 'factor-removed',
        target: userTarget,
        selfService: activity.startsWith('user') || selfService,
        ...(method ? { factorType: method } : {}),
        summary: `${who} removed ${method ?? 'an authentication method'} from ${userTarget.login ?? userTarget.id}`,
      };
    }
    case 'user registered security info':
    case 'admin registered security info':
      return { ...base, kind: 'factor-registered', target: userTarget, selfService, summary: `${who} registered security info for ${userTarget.login ?? userTarget.id}` };
    case 'disable strong authentication':
      return { ...base, kind: 'mfa-disabled-for-user', target: userTarget, selfService, summary: `${who} disabled per-user MFA for ${userTarget.login ?? userTarget.id}` };
    case 'update user':
      if (!strongAuthenticationRemoved(record)) return undefined;
      return { ...base, kind: 'mfa-disabled-for-user', target: userTarget, selfService, summary: `${who} removed the per-user MFA requirement of ${userTarget.login ?? userTarget.id}` };
    case 'update conditional access policy':
    case 'delete conditional access policy': {
      const { before, after } = policyValues(record);
      const kind = activity.startsWith('delete') ? 'policy-deleted' : caPolicyKind(before, after);
      const name = target?.displayName ?? (path(after ?? before, 'displayName') as string | undefined) ?? target?.id ?? 'unknown policy';
      const verb: Record<string, string> = {
        'policy-deleted': 'deleted',
        'policy-disabled': 'disabled',
        'policy-report-only': 'switched to report-only',
        'policy-exclusion-added': 'added an exclusion to',
        'policy-changed': 'changed',
      };
      return {
        ...base,
        kind,
        target: { id: target?.id ?? 'unknown', type: 'policy', name },
        selfService: false,
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
        summary: `${who} ${verb[kind] ?? 'changed'} conditional access policy "${name}"`,
      };
    }
    case 'update security defaults':
      if (!securityDefaultsTurnedOff(record)) return undefined;
      return { ...base, kind: 'enforcement-off', target: { id: securityDefaultsPolicyId, type: 'policy', name: 'Security defaults' }, selfService: false, summary: `${who} turned security defaults off` };
    case 'authentication methods policy update': {
      const kind = methodsPolicyKind(record);
      const { before, after } = policyValues(record);
      return {
        ...base,
        kind,
        target: { id: target?.id ?? 'authenticationMethodsPolicy', type: 'policy', name: 'Authentication methods policy' },
        selfService: false,
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
        summary:
          kind === 'number-matching-off'
            ? `${who} turned number matching off for Microsoft Authenticator`
            : kind === 'forbidden-factor-enabled'
              ? `${who} enabled SMS or voice in the authentication methods policy`
              : `${who} updated the authentication methods policy`,
      };
    }
    default:
      return undefined;
  }
}
