/**
 * Whether a conditional-access policy's user condition takes in one account: included by `All`, by name, through a
 * group (transitive members), a directory role or a guest type, and not excluded by any of the same. Group
 * memberships or roles that could not be read make the answer `unknown`, with the reason.
 */
import type { ConditionalAccessPolicy } from './graph-payloads.js';
import type { GroupMembership } from './entra-tenant.js';
import { parseGuestTypes, type ExternalUserClass } from './external-user-type.js';

export type Tri = 'yes' | 'no' | 'unknown';

export interface AudienceSubject {
  id: string;
  /** Which guest or external user types the account is (none for an internal member). */
  external: ExternalUserClass;
  /** Template ids of the directory roles the account holds (directly or through a group). */
  roles: ReadonlySet<string>;
  /** Why the account's roles may be incomplete, when they may be. */
  rolesDoubt: string | undefined;
}

export interface AudienceDirectory {
  membership(groupId: string): GroupMembership | undefined;
  membershipMissingReason: string;
  groupLabel(groupId: string): string;
  roleLabel(templateId: string): string;
}

export type ExclusionRoute =
  | { kind: 'user' }
  | { kind: 'group'; groupId: string; label: string }
  | { kind: 'role'; templateId: string; label: string }
  | { kind: 'guest'; types: string };

export interface AudienceMatch {
  applies: Tri;
  included: Tri;
  /** How the account is included, for reasons ("all users", "group 'Sales'"). */
  includedBy: string | undefined;
  excludedBy: ExclusionRoute[];
  unknownReasons: string[];
}

type GuestCondition = NonNullable<NonNullable<ConditionalAccessPolicy['conditions']['users']>['includeGuestsOrExternalUsers']>;

/**
 * Whether a policy's guest-or-external-user condition takes in the account: `yes` when every type the account may be
 * is listed, `no` when none is, `unknown` when the data cannot tell (an uncertain type, an empty type list, or
 * external tenants enumerated: a user object does not say which tenant its external identity lives in).
 */
function guestCheck(condition: GuestCondition, subject: AudienceSubject, kind: 'include' | 'exclude'): Check {
  const possible = subject.external.types;
  if (possible.length === 0) return { result: 'no' };
  const listed = parseGuestTypes(condition.guestOrExternalUserTypes);
  const label = listed.length > 0 ? listed.join(',') : 'none listed';
  const route: ExclusionRoute = { kind: 'guest', types: label };
  if (listed.length === 0) return { result: 'unknown', reason: `the policy's ${kind}d guest or external user types are empty, and the account is ${possible.join(' or ')} (${subject.external.basis})` };
  const matching = possible.filter((type) => listed.includes(type));
  if (matching.length === 0) return { result: 'no' };
  if (matching.length < possible.length) {
    return { result: 'unknown', reason: `whether the account is one of the ${kind}d guest types ${label} is unknown: ${subject.external.basis}` };
  }
  const tenants = condition.externalTenants;
  const enumerated = tenants?.membershipKind === 'enumerated' || (Array.isArray(tenants?.members) && tenants.members.length > 0);
  if (enumerated && matching.some((type) => type !== 'internalGuest')) {
    return { result: 'unknown', reason: `the ${kind}d guest types ${label} are limited to external tenants ${(tenants?.members ?? []).join(', ')}, and the user object does not say which tenant its external identity belongs to` };
  }
  return { result: 'yes', route, description: `guest types ${label} (the account is ${matching.join(' or ')}: ${subject.external.basis})` };
}

interface Check {
  result: Tri;
  route?: ExclusionRoute;
  description?: string;
  reason?: string;
}

export function matchAudience(policy: ConditionalAccessPolicy, subject: AudienceSubject, directory: AudienceDirectory): AudienceMatch {
  const users = policy.conditions.users;
  const groupCheck = (groupId: string): Check => {
    const membership = directory.membership(groupId);
    const label = directory.groupLabel(groupId);
    if (membership === undefined) return { result: 'unknown', reason: `the members of ${label} are unknown: ${directory.membershipMissingReason}` };
    if (membership.state === 'unknown') return { result: 'unknown', reason: `the members of ${label} are unknown: ${membership.reason}` };
    if (membership.state === 'deleted') return { result: 'no' };
    return membership.userIds.has(subject.id) ? { result: 'yes', route: { kind: 'group', groupId, label }, description: label } : { result: 'no' };
  };
  const roleCheck = (templateId: string): Check => {
    const label = `role '${directory.roleLabel(templateId)}'`;
    if (subject.roles.has(templateId)) return { result: 'yes', route: { kind: 'role', templateId, label }, description: label };
    if (subject.rolesDoubt) return { result: 'unknown', reason: `whether the account holds ${label} is unknown: ${subject.rolesDoubt}` };
    return { result: 'no' };
  };

  const includeChecks: Check[] = [];
  for (const id of users?.includeUsers ?? []) {
    if (id === 'All') includeChecks.push({ result: 'yes', description: 'all users' });
    else if (id === subject.id) includeChecks.push({ result: 'yes', description: 'the account by name' });
    else if (id === 'GuestsOrExternalUsers' && subject.external.types.length > 0) includeChecks.push({ result: 'yes', description: `guests and external users (${subject.external.basis})` });
  }
  for (const id of users?.includeGroups ?? []) includeChecks.push(groupCheck(id));
  for (const id of users?.includeRoles ?? []) includeChecks.push(roleCheck(id));
  const includeGuests = users?.includeGuestsOrExternalUsers;
  if (includeGuests) includeChecks.push(guestCheck(includeGuests, subject, 'include'));

  const excludeChecks: Check[] = [];
  for (const id of users?.excludeUsers ?? []) {
    if (id === subject.id) excludeChecks.push({ result: 'yes', route: { kind: 'user' } });
    else if (id === 'GuestsOrExternalUsers' && subject.external.types.length > 0) excludeChecks.push({ result: 'yes', route: { kind: 'guest', types: 'GuestsOrExternalUsers' } });
  }
  for (const id of users?.excludeGroups ?? []) excludeChecks.push(groupCheck(id));
  for (const id of users?.excludeRoles ?? []) excludeChecks.push(roleCheck(id));
  const excludeGuests = users?.excludeGuestsOrExternalUsers;
  if (excludeGuests) excludeChecks.push(guestCheck(excludeGuests, subject, 'exclude'));

  const included: Tri = includeChecks.some((check) => check.result === 'yes') ? 'yes' : includeChecks.some((check) => check.result === 'unknown') ? 'unknown' : 'no';
  const excludedBy = excludeChecks.flatMap((check) => (check.result === 'yes' && check.route ? [check.route] : []));
  const exclusionUnknown = excludeChecks.some((check) => check.result === 'unknown');
  const unknownReasons = [
    ...(included === 'unknown' ? includeChecks : []),
    ...(excludedBy.length === 0 && included !== 'no' ? excludeChecks : []),
  ].flatMap((check) => (check.result === 'unknown' && check.reason ? [check.reason] : []));
  let applies: Tri;
  if (excludedBy.length > 0 || included === 'no') applies = 'no';
  else if (included === 'unknown' || exclusionUnknown) applies = 'unknown';
  else applies = 'yes';
  return {
    applies,
    included,
    includedBy: includeChecks.find((check) => check.result === 'yes')?.description,
    excludedBy,
    unknownReasons: [...new Set(unknownReasons)],
  };
}

export function describeExclusion(route: ExclusionRoute): string {
  switch (route.kind) {
    case 'user':
      return 'by name';
    case 'group':
      return `through ${route.label}`;
    case 'role':
      return `through ${route.label}`;
    case 'guest':
      return `as a guest (${route.types})`;
  }
}
