/**
 * Whether one Okta policy or rule condition matches a sign-in, the way Okta reads it: people include/exclude
 * (users and groups; an empty include means everyone, an exclusion always wins), network zones (`ZONE` include and
 * exclude lists, Classic `ON_NETWORK`/`OFF_NETWORK` for the legacy gateway zone), the authentication context
 * (RADIUS rules apply only to RADIUS clients), and conditions a scanner cannot decide (device, platform, risk,
 * expressions), which make a rule match only some sign-ins. Group membership that could not be read is `unknown`.
 */
import type { OktaPolicyRule, OktaUser, RuleConditions } from './okta-payloads.js';
import type { GroupInfo } from './okta-org.js';

export type Tri = 'yes' | 'no' | 'unknown';

/** Where a sign-in comes from: inside one network zone, or from any other network. */
export type SignInLocation = { kind: 'zone'; id: string; name: string } | { kind: 'elsewhere' };

/** The kind of client: Okta's own sign-in (web, apps, Okta Verify) or a RADIUS agent (VPNs, legacy). */
export type SignInContext = 'web' | 'radius';

export interface GroupDirectory {
  groups: ReadonlyMap<string, GroupInfo>;
  /** Why groups not in the map are unknown (the groups endpoints failed), if they did. */
  unreadable: string | undefined;
}

export function groupName(directory: GroupDirectory, groupId: string): string {
  return directory.groups.get(groupId)?.name ?? groupId;
}

export function memberOf(directory: GroupDirectory, userId: string, groupId: string): { value: Tri; reason?: string } {
  const group = directory.groups.get(groupId);
  if (group?.everyone) return { value: 'yes' };
  if (group?.members) return { value: group.members.has(userId) ? 'yes' : 'no' };
  const why = group?.reason ?? directory.unreadable ?? 'the group was not collected';
  return { value: 'unknown', reason: `membership of group '${group?.name ?? groupId}' is unknown (${why})` };
}

export interface PeopleMatch {
  matches: Tri;
  /** Why the match is unknown. */
  reason?: string;
  /** When the user would be included but an exclusion removes them. */
  excludedBy?: { kind: 'user' } | { kind: 'group'; groupId: string; groupName: string };
  included: Tri;
}

type PeopleCondition = RuleConditions['people'];

export function matchPeople(people: PeopleCondition, userId: string, directory: GroupDirectory): PeopleMatch {
  const usersInclude = people?.users?.include ?? [];
  const groupsInclude = people?.groups?.include ?? [];
  const reasons: string[] = [];

  let included: Tri = 'no';
  if (usersInclude.length === 0 && groupsInclude.length === 0) included = 'yes';
  else if (usersInclude.includes(userId)) included = 'yes';
  else {
    for (const groupId of groupsInclude) {
      const member = memberOf(directory, userId, groupId);
      if (member.value === 'yes') {
        included = 'yes';
        break;
      }
      if (member.value === 'unknown') {
        included = 'unknown';
        if (member.reason) reasons.push(member.reason);
      }
    }
  }
  if (included === 'no') return { matches: 'no', included };

  if ((people?.users?.exclude ?? []).includes(userId)) return { matches: 'no', included, excludedBy: { kind: 'user' } };
  let excluded: Tri = 'no';
  for (const groupId of people?.groups?.exclude ?? []) {
    const member = memberOf(directory, userId, groupId);
    if (member.value === 'yes') {
      return { matches: 'no', included, excludedBy: { kind: 'group', groupId, groupName: groupName(directory, groupId) } };
    }
    if (member.value === 'unknown') {
      excluded = 'unknown';
      if (member.reason) reasons.push(member.reason);
    }
  }
  if (included === 'yes' && excluded === 'no') return { matches: 'yes', included };
  return { matches: 'unknown', included, reason: reasons.join('; ') };
}

/** The zone Okta's Classic `ON_NETWORK` condition refers to: the gateway IPs of the legacy IP zone. */
export const legacyIpZoneName = 'LegacyIpZone';

export function matchNetwork(network: RuleConditions['network'], location: SignInLocation): boolean {
  const connection = network?.connection ?? 'ANYWHERE';
  const inZone = (ids: readonly string[] | null | undefined): boolean =>
    location.kind === 'zone' && (ids ?? []).some((id) => id === location.id || id === 'ALL_ZONES');
  switch (connection) {
    case 'ANYWHERE':
      return true;
    case 'ZONE': {
      const include = network?.include ?? [];
      if (include.length > 0 && !inZone(include)) return false;
      return !inZone(network?.exclude);
    }
    case 'ON_NETWORK':
      return location.kind === 'zone' && location.name === legacyIpZoneName;
    case 'OFF_NETWORK':
      return !(location.kind === 'zone' && location.name === legacyIpZoneName);
    default:
      // An unknown connection type is treated as matching: the rule's outcome is then considered for every network.
      return true;
  }
}

export function matchAuthContext(conditions: RuleConditions | null | undefined, context: SignInContext): boolean {
  const authType = conditions?.authContext?.authType ?? 'ANY';
  if (authType === 'ANY') return true;
  return authType === 'RADIUS' ? context === 'radius' : context === 'web';
}

const decidedConditions = new Set(['people', 'network', 'authContext', 'userType']);

/**
 * Conditions the scan cannot decide for a sign-in in general (device state, platform, risk, expressions). Returns
 * `never` when the condition can be decided and excludes the user (user type), the conditions' description when
 * the rule applies only to some sign-ins, or undefined when the rule applies to every sign-in.
 */
export function undecidableConditions(conditions: RuleConditions | null | undefined, user: OktaUser): string | 'never' | undefined {
  if (!conditions) return undefined;
  const userType = conditions.userType;
  const typeId = user.type?.id;
  if (userType) {
    const include = userType.include ?? [];
    if (include.length > 0 && (typeId === undefined || !include.includes(typeId))) return 'never';
    if (typeId !== undefined && (userType.exclude ?? []).includes(typeId)) return 'never';
  }
  const parts: string[] = [];
  for (const [key, value] of Object.entries(conditions)) {
    if (decidedConditions.has(key) || value === null || value === undefined) continue;
    if (key === 'riskScore') {
      const level = (value as { level?: string | null }).level;
      if (!level || level === 'ANY') continue;
      parts.push(`risk score ${level}`);
    } else if (key === 'elCondition') {
      const condition = (value as { condition?: string | null }).condition;
      if (!condition) continue;
      parts.push(`expression ${condition}`);
    } else if (typeof value === 'object' && Object.keys(value as object).length === 0) {
      continue;
    } else {
      parts.push(`${key} condition`);
    }
  }
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

export function isActive(item: { status: string }): boolean {
  return item.status === 'ACTIVE';
}

export function describeRule(rule: OktaPolicyRule | undefined, policyName: string): string {
  return rule ? `rule '${rule.name}' of policy '${policyName}'` : `policy '${policyName}' (no rule matched)`;
}
