/**
 * Whether one Okta policy or rule condition matches a sign-in, the way Okta reads it: people include/exclude
 * (users and groups; an empty include means everyone, an exclusion always wins), network zones (`ZONE` include and
 * exclude lists, Classic `ON_NETWORK`/`OFF_NETWORK` for the legacy gateway zone), the authentication context
 * (RADIUS rules apply only to RADIUS clients), and conditions a scanner cannot decide (device, platform, risk,
 * expressions), which make a rule match only some sign-ins. The match-all values Identity Engine returns on every
 * rule (`risk: {behaviors: []}`, `identityProvider: {provider: "ANY"}`, …) narrow nothing. Group membership that
 * could not be read is `unknown`.
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
      // An unknown connection type is admitted here and reported as an undecidable condition, so the walk follows
      // both branches: it never counts as covering every network.
      return true;
  }
}

/**
 * Whether a rule's authentication context admits the sign-in: `ANY` every client, `RADIUS` RADIUS agents only,
 * `LDAP_INTERFACE` the LDAP Interface only (never a web or RADIUS sign-in). A type this scanner does not know is
 * admitted here and reported as an undecidable condition, so the walk follows both branches.
 */
export function matchAuthContext(conditions: RuleConditions | null | undefined, context: SignInContext): boolean {
  const authType = conditions?.authContext?.authType ?? 'ANY';
  if (authType === 'ANY') return true;
  if (authType === 'RADIUS') return context === 'radius';
  if (authType === 'LDAP_INTERFACE') return false;
  return true;
}

const knownAuthTypes = new Set(['ANY', 'RADIUS', 'LDAP_INTERFACE']);
const knownConnections = new Set(['ANYWHERE', 'ZONE', 'ON_NETWORK', 'OFF_NETWORK']);

const decidedConditions = new Set(['people', 'network', 'authContext', 'userType']);

/**
 * Identity Engine returns every condition a rule type supports on every rule, most of them with the value that
 * matches every sign-in ("any risk", "any identity provider", "any platform"). Those narrow nothing: a rule that
 * carries them applies to every sign-in its decided conditions let through. Each entry says whether a value is
 * such a match-all, from the Management API schema (okta-sdk-nodejs 8.1.0 models).
 */
const matchAll: Readonly<Record<string, (value: Record<string, unknown>) => boolean>> = {
  // RiskPolicyRuleCondition: behaviors the sign-in must show; none listed = any behaviour.
  risk: (value) => isEmptyList(value.behaviors),
  // RiskScorePolicyRuleCondition: level ANY | LOW | MEDIUM | HIGH.
  riskScore: (value) => value.level === undefined || value.level === null || value.level === 'ANY',
  // IdentityProviderPolicyRuleCondition: provider ANY | OKTA | SPECIFIC_IDP.
  identityProvider: (value) => (value.provider === undefined || value.provider === null || value.provider === 'ANY') && isEmptyList(value.idpIds),
  // PlatformPolicyRuleCondition: platforms to include/exclude; none, or only {type: ANY, os: {type: ANY}}, = any platform.
  platform: (value) => isEmptyList(value.exclude) && listOf(value.include).every(isAnyPlatform),
  // DeviceAccessPolicyRuleCondition: `managed` requires `registered: true`; neither required and no assurance policy = any device.
  device: (value) => value.registered !== true && value.managed !== true && isEmptyList((value.assurance as { include?: unknown } | null | undefined)?.include),
  // AccessPolicyRuleCustomCondition: an Okta Expression Language condition; none = no condition.
  elCondition: (value) => typeof value.condition !== 'string' || value.condition.trim() === '',
};

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isEmptyList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function isAnyPlatform(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  const { type, os } = entry as { type?: unknown; os?: { type?: unknown; expression?: unknown } | null };
  return type === 'ANY' && (os === undefined || os === null || (os.type === 'ANY' && !os.expression));
}

/** How a narrowing condition reads in a reason. */
function describeCondition(key: string, value: Record<string, unknown>): string {
  switch (key) {
    case 'riskScore':
      return `risk score ${String(value.level)}`;
    case 'elCondition':
      return `expression ${String(value.condition)}`;
    case 'identityProvider':
      return `identity provider ${String(value.provider ?? 'SPECIFIC_IDP')}${isEmptyList(value.idpIds) ? '' : ` (${listOf(value.idpIds).join(', ')})`}`;
    case 'risk':
      return `risk behaviours ${listOf(value.behaviors).join(', ')}`;
    default:
      return `${key} condition`;
  }
}

/**
 * Conditions the scan cannot decide for a sign-in in general (device state, platform, risk, expressions). Returns
 * `never` when the condition can be decided and excludes the user (user type), the conditions' description when
 * the rule applies only to some sign-ins, or undefined when the rule applies to every sign-in (every other
 * condition absent or match-all).
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
  const authType = conditions.authContext?.authType;
  if (typeof authType === 'string' && !knownAuthTypes.has(authType)) parts.push(`authentication context ${authType}`);
  const connection = conditions.network?.connection;
  if (typeof connection === 'string' && !knownConnections.has(connection)) parts.push(`network connection ${connection}`);
  for (const [key, value] of Object.entries(conditions)) {
    if (decidedConditions.has(key) || value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      parts.push(`${key} condition`);
      continue;
    }
    const record = value as Record<string, unknown>;
    if (Object.keys(record).length === 0) continue;
    const isMatchAll = matchAll[key];
    if (isMatchAll?.(record)) continue;
    parts.push(describeCondition(key, record));
  }
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

export function isActive(item: { status: string }): boolean {
  return item.status === 'ACTIVE';
}

export function describeRule(rule: OktaPolicyRule | undefined, policyName: string): string {
  return rule ? `rule '${rule.name}' of policy '${policyName}'` : `policy '${policyName}' (no rule matched)`;
}
