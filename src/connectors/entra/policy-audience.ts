/**
 * Whether a conditional-access policy's user condition takes in one account: included by `All`, by name, through a
 * group (transitive members), a directory role or a guest type, and not excluded by any of the same. Group
 * memberships or roles that could not be read make the answer `unknown`, with the reason.
 */
import type { ConditionalAccessPolicy } from './graph-payloads.js';
import type { GroupMembership } from './entra-tenant.js';

export type Tri = 'yes' | 'no' | 'unknown';

export interface AudienceSubject {
  id: string;
  /** `userType` Guest. */
  guest: boolean;
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

/**
 * Guest and external user types an Entra `userType: Guest` account can be. B2B direct-connect users and service
 * providers never appear as user objects in the tenant; B2B collaboration members have userType Member.
 */
const guestAccountTypes = new Set(['internalGuest', 'b2bCollaborationGuest', 'otherExternalUser']);

function guestTypesMatch(subject: AudienceSubject, types: string | undefined): boolean {
  if (!subject.guest) return false;
  if (types === undefined || types.trim() === '') return true;
  return types.split(',').some((type) => guestAccountTypes.has(type.trim()));
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
    else if (id === 'GuestsOrExternalUsers' && subject.guest) includeChecks.push({ result: 'yes', description: 'guests and external users' });
  }
  for (const id of users?.includeGroups ?? []) includeChecks.push(groupCheck(id));
  for (const id of users?.includeRoles ?? []) includeChecks.push(roleCheck(id));
  const includeGuests = users?.includeGuestsOrExternalUsers;
  if (includeGuests && guestTypesMatch(subject, includeGuests.guestOrExternalUserTypes)) {
    includeChecks.push({ result: 'yes', description: `guest types ${includeGuests.guestOrExternalUserTypes ?? 'all'}` });
  }

  const excludeChecks: Check[] = [];
  for (const id of users?.excludeUsers ?? []) {
    if (id === subject.id) excludeChecks.push({ result: 'yes', route: { kind: 'user' } });
    else if (id === 'GuestsOrExternalUsers' && subject.guest) excludeChecks.push({ result: 'yes', route: { kind: 'guest', types: 'GuestsOrExternalUsers' } });
  }
  for (const id of users?.excludeGroups ?? []) excludeChecks.push(groupCheck(id));
  for (const id of users?.excludeRoles ?? []) excludeChecks.push(roleCheck(id));
  const excludeGuests = users?.excludeGuestsOrExternalUsers;
  if (excludeGuests && guestTypesMatch(subject, excludeGuests.guestOrExternalUserTypes)) {
    excludeChecks.push({ result: 'yes', route: { kind: 'guest', types: excludeGuests.guestOrExternalUserTypes ?? 'all' } });
  }

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
