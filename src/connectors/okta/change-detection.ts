/**
 * What an incremental scan may carry forward. Okta has no change feed for factors (a factor enrolment does not
 * touch the user's `lastUpdated`), so the System Log is the witness: events are grouped by what they can change,
 * and anything the log shows changed since the previous scan is fetched again. Pure functions.
 */
import type { OktaLogEvent } from './okta-payloads.js';

/** Event-type prefixes per kind of data they can change. */
export const changeEventPrefixes = {
  /** A user's own factors. */
  userFactors: ['user.mfa.', 'user.authenticator.', 'user.authentication.authenticator.'],
  /** Every user's factors at once (an authenticator or factor type switched off org-wide). */
  allFactors: ['system.mfa.factor.', 'security.authenticator.lifecycle.'],
  policies: ['policy.', 'application.policy.', 'application.lifecycle.'],
  zones: ['zone.', 'network_zone.'],
  authenticators: ['security.authenticator.', 'system.mfa.factor.'],
  roles: ['user.account.privilege.', 'group.privilege.', 'iam.'],
  groupMembership: ['group.user_membership.', 'group.lifecycle.', 'group.profile.'],
  appMembership: ['application.user_membership.'],
} as const;

/** The System Log filter: every event type an incremental scan needs, and the factor/policy changes a full scan keeps. */
export const systemLogFilter = [...new Set(Object.values(changeEventPrefixes).flat())]
  .map((prefix) => `eventType sw "${prefix}"`)
  .join(' or ');

/**
 * How far before the previous log window's end the next one starts: Okta indexes events with a delay, so an event
 * published just before one scan's `until` may only be visible to the next.
 */
export const systemLogOverlapMs = 15 * 60_000;

export interface ChangeSummary {
  /** Users (targets or actors) of factor events. */
  factorUsers: Set<string>;
  allFactors: boolean;
  policies: boolean;
  zones: boolean;
  authenticators: boolean;
  roles: boolean;
  /** Groups named as targets of membership or group events. */
  groups: Set<string>;
  groupEvents: boolean;
  apps: Set<string>;
}

export function noChanges(): ChangeSummary {
  return {
    factorUsers: new Set(),
    allFactors: false,
    policies: false,
    zones: false,
    authenticators: false,
    roles: false,
    groups: new Set(),
    groupEvents: false,
    apps: new Set(),
  };
}

function matches(eventType: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => eventType.startsWith(prefix));
}

export function addChange(summary: ChangeSummary, event: OktaLogEvent): void {
  const type = event.eventType;
  const targets = event.target ?? [];
  if (matches(type, changeEventPrefixes.userFactors)) {
    for (const target of targets) if (target.type === 'User') summary.factorUsers.add(target.id);
    if (event.actor?.type === 'User') summary.factorUsers.add(event.actor.id);
  }
  if (matches(type, changeEventPrefixes.allFactors)) summary.allFactors = true;
  if (matches(type, changeEventPrefixes.policies)) summary.policies = true;
  if (matches(type, changeEventPrefixes.zones)) summary.zones = true;
  if (matches(type, changeEventPrefixes.authenticators)) summary.authenticators = true;
  if (matches(type, changeEventPrefixes.roles)) summary.roles = true;
  if (matches(type, changeEventPrefixes.groupMembership)) {
    summary.groupEvents = true;
    for (const target of targets) if (target.type === 'UserGroup') summary.groups.add(target.id);
  }
  if (matches(type, changeEventPrefixes.appMembership)) {
    for (const target of targets) if (target.type === 'AppInstance') summary.apps.add(target.id);
  }
}

export interface UserVersion {
  lastUpdated: string | null;
  status: string;
}

/** Whether a user's factors must be fetched again rather than carried forward from the previous scan. */
export function factorsNeedRefetch(
  userId: string,
  current: UserVersion,
  previous: UserVersion | undefined,
  previousFactorStatus: number | undefined,
  changes: ChangeSummary,
): boolean {
  if (previous === undefined || previousFactorStatus === undefined || previousFactorStatus !== 200) return true;
  if (changes.allFactors || changes.factorUsers.has(userId)) return true;
  return previous.lastUpdated !== current.lastUpdated || previous.status !== current.status;
}
