/**
 * Builds Okta orgs as wire payloads and records them as a source in the snapshot layout, for the demo, the
 * benchmark and the tests. The factories produce the shapes the Management API returns (trimmed to what matters);
 * `recordOktaOrg` writes them in Okta's page sizes, exactly as the collector would have stored them.
 */
import type { SourceRecorder } from '../../snapshot/snapshot-writer.js';
import { oktaEndpoints, pageSizes } from '../../connectors/okta/okta-endpoints.js';

type Json = Record<string, unknown>;

export interface OktaOrgFixture {
  users: Json[];
  /** Factors per user id; users absent here have none. */
  factors: Map<string, Json[]>;
  /** Direct and group-granted roles per user id; every key is listed by the assignees endpoint. */
  userRoles: Map<string, Json[]>;
  groupRoles: Map<string, Json[]>;
  groups: Json[];
  /** Member user ids per group id (the built-in Everyone group needs none). */
  groupMembers: Map<string, string[]>;
  signOnPolicies: Json[];
  accessPolicies: Json[];
  mfaEnrollPolicies: Json[];
  rules: Map<string, Json[]>;
  policyApps: Map<string, Json[]>;
  /** Assigned user ids per app id. */
  appUsers: Map<string, string[]>;
  zones: Json[];
  authenticators: Json[];
  logEvents: Json[];
}

/** The id the fixtures give the built-in Everyone group. */
export const everyoneGroupId = '00geveryone';

export function emptyOktaOrg(): OktaOrgFixture {
  return {
    users: [],
    factors: new Map(),
    userRoles: new Map(),
    groupRoles: new Map(),
    groups: [],
    groupMembers: new Map(),
    signOnPolicies: [],
    accessPolicies: [],
    mfaEnrollPolicies: [],
    rules: new Map(),
    policyApps: new Map(),
    appUsers: new Map(),
    zones: [],
    authenticators: [],
    logEvents: [],
  };
}

export interface UserSpec {
  id: string;
  login: string;
  status?: string;
  firstName?: string;
  lastName?: string;
  department?: string;
  lastLogin?: string | null;
  lastUpdated?: string;
  created?: string;
}

export function oktaUser(spec: UserSpec): Json {
  const [local = spec.login] = spec.login.split('@');
  return {
    id: spec.id,
    status: spec.status ?? 'ACTIVE',
    created: spec.created ?? '2023-01-10T09:00:00.000Z',
    activated: spec.status === 'STAGED' ? null : (spec.created ?? '2023-01-10T09:00:00.000Z'),
    statusChanged: null,
    lastLogin: spec.lastLogin === undefined ? '2025-05-01T08:00:00.000Z' : spec.lastLogin,
    lastUpdated: spec.lastUpdated ?? '2025-01-01T00:00:00.000Z',
    passwordChanged: '2024-06-01T00:00:00.000Z',
    type: { id: 'oty1defaultusertype' },
    profile: {
      login: spec.login,
      email: spec.login,
      firstName: spec.firstName ?? local,
      lastName: spec.lastName ?? '',
      ...(spec.department ? { department: spec.department } : {}),
    },
    credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `https://example.okta.com/api/v1/users/${spec.id}` } },
  };
}

const factorProviders: Record<string, string> = {
  push: 'OKTA',
  signed_nonce: 'OKTA',
  'token:software:totp': 'GOOGLE',
  'token:hardware': 'YUBICO',
  webauthn: 'FIDO',
  sms: 'OKTA',
  call: 'OKTA',
  email: 'OKTA',
  question: 'OKTA',
};

export function oktaFactor(userId: string, factorType: string, status = 'ACTIVE', index = 0): Json {
  return {
    id: `fct${userId.slice(-8)}${factorType.replace(/[^a-z]/g, '').slice(0, 4)}${index}`,
    factorType,
    provider: factorProviders[factorType] ?? 'OKTA',
    vendorName: factorProviders[factorType] ?? 'OKTA',
    status,
    created: '2024-02-01T00:00:00.000Z',
    lastUpdated: '2024-02-01T00:00:00.000Z',
    profile: {},
  };
}

export function oktaRole(type: string, options: { assignmentType?: 'USER' | 'GROUP'; groupId?: string; label?: string } = {}): Json {
  return {
    id: `ra${type.toLowerCase().replace(/_/g, '')}${options.groupId ?? ''}`,
    label: options.label ?? roleLabels[type] ?? type,
    type,
    status: 'ACTIVE',
    assignmentType: options.assignmentType ?? 'USER',
    ...(options.groupId ? { _links: { assignee: { href: `https://example.okta.com/api/v1/groups/${options.groupId}` } } } : {}),
  };
}

const roleLabels: Record<string, string> = {
  SUPER_ADMIN: 'Super Administrator',
  ORG_ADMIN: 'Organization Administrator',
  APP_ADMIN: 'Application Administrator',
  USER_ADMIN: 'Group Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  READ_ONLY_ADMIN: 'Read Only Administrator',
};

export function oktaGroup(id: string, name: string, type = 'OKTA_GROUP'): Json {
  return { id, type, profile: { name, description: null } };
}

export interface PeopleSpec {
  includeUsers?: string[];
  excludeUsers?: string[];
  includeGroups?: string[];
  excludeGroups?: string[];
}

function people(spec: PeopleSpec | undefined): Json | undefined {
  if (!spec) return undefined;
  const part = (include?: string[], exclude?: string[]): Json | undefined =>
    include || exclude ? { ...(include ? { include } : {}), ...(exclude ? { exclude } : { exclude: [] }) } : undefined;
  const users = part(spec.includeUsers, spec.excludeUsers);
  const groups = part(spec.includeGroups, spec.excludeGroups);
  return { ...(users ? { users } : {}), ...(groups ? { groups } : {}) };
}

export interface NetworkSpec {
  connection: 'ANYWHERE' | 'ZONE' | 'ON_NETWORK' | 'OFF_NETWORK';
  include?: string[];
  exclude?: string[];
}

export function oktaPolicy(spec: { id: string; name: string; type: string; priority: number; status?: string; system?: boolean; groups?: string[] }): Json {
  const self = `https://example.okta.com/api/v1/policies/${spec.id}`;
  return {
    id: spec.id,
    status: spec.status ?? 'ACTIVE',
    name: spec.name,
    description: spec.system ? `The default ${spec.type === 'ACCESS_POLICY' ? 'authentication' : 'global session'} policy.` : null,
    priority: spec.priority,
    system: spec.system ?? false,
    // Authentication policies take no policy conditions; global session policies are assigned to groups.
    conditions: spec.type === 'ACCESS_POLICY' ? null : { people: { groups: { include: spec.groups ?? [everyoneGroupId] } } },
    created: '2023-01-01T00:00:00.000Z',
    lastUpdated: '2025-01-01T00:00:00.000Z',
    ...(spec.type === 'ACCESS_POLICY' ? {} : { settings: null }),
    _links: {
      self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      [spec.status === 'INACTIVE' ? 'activate' : 'deactivate']: { href: `${self}/lifecycle/${spec.status === 'INACTIVE' ? 'activate' : 'deactivate'}`, hints: { allow: ['POST'] } },
      rules: { href: `${self}/rules`, hints: { allow: ['GET', 'POST'] } },
      ...(spec.type === 'ACCESS_POLICY' ? { mappings: { href: `${self}/mappings`, hints: { allow: ['GET', 'POST'] } }, applications: { href: `${self}/app`, hints: { allow: ['GET'] } } } : {}),
    },
    type: spec.type,
  };
}

export interface RuleSpec {
  id: string;
  name: string;
  priority: number;
  status?: string;
  system?: boolean;
  people?: PeopleSpec;
  network?: NetworkSpec;
  /** Raw conditions that replace Okta's match-all defaults (device, platform, riskScore, authContext, elCondition, userType). */
  conditions?: Json;
  /** The policy the rule belongs to, for its `_links`. */
  policyId?: string;
}

/**
 * The conditions Identity Engine returns on every rule, whatever the admin set: match-all values ("any risk", "any
 * identity provider", "any platform", "any user type") that narrow nothing. A rule's own conditions replace them.
 */
function defaultConditions(type: string): Json {
  const common: Json = { people: { users: { exclude: [] } }, network: { connection: 'ANYWHERE' }, riskScore: { level: 'ANY' } };
  if (type === 'SIGN_ON') return { ...common, authContext: { authType: 'ANY' }, risk: { behaviors: [] }, identityProvider: { provider: 'ANY' } };
  return { ...common, userType: { include: [], exclude: [] }, platform: { include: [], exclude: [] }, device: { registered: false, assurance: { include: [] } } };
}

function ruleBase(spec: RuleSpec, type: string, policyId: string): Json {
  const conditions: Json = { ...defaultConditions(type), ...(spec.conditions ?? {}) };
  const peopleCondition = people(spec.people);
  if (peopleCondition) conditions.people = peopleCondition;
  if (spec.network) conditions.network = { connection: spec.network.connection, ...(spec.network.include ? { include: spec.network.include } : {}), ...(spec.network.exclude ? { exclude: spec.network.exclude } : {}) };
  const self = `https://example.okta.com/api/v1/policies/${policyId}/rules/${spec.id}`;
  const inactive = spec.status === 'INACTIVE';
  return {
    id: spec.id,
    status: spec.status ?? 'ACTIVE',
    name: spec.name,
    priority: spec.priority,
    created: '2023-01-01T00:00:00.000Z',
    lastUpdated: '2025-01-01T00:00:00.000Z',
    system: spec.system ?? false,
    // Okta returns no conditions on an authentication policy's catch-all rule.
    conditions: type === 'ACCESS_POLICY' && spec.system && !spec.people && !spec.network && !spec.conditions ? null : conditions,
    _links: {
      self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      [inactive ? 'activate' : 'deactivate']: { href: `${self}/lifecycle/${inactive ? 'activate' : 'deactivate'}`, hints: { allow: ['POST'] } },
    },
    type,
  };
}

/** A global session policy rule (`OKTA_SIGN_ON`). */
export function signOnRule(
  spec: RuleSpec & { access?: 'ALLOW' | 'DENY'; requireFactor?: boolean; factorPromptMode?: string; factorLifetime?: number },
): Json {
  return {
    ...ruleBase(spec, 'SIGN_ON', spec.policyId ?? '00pdefaultgsp'),
    actions: {
      signon: {
        access: spec.access ?? 'ALLOW',
        requireFactor: spec.requireFactor ?? false,
        factorPromptMode: spec.factorPromptMode ?? 'ALWAYS',
        rememberDeviceByDefault: false,
        factorLifetime: spec.factorLifetime ?? 15,
        primaryFactor: 'PASSWORD_IDP_ANY_FACTOR',
        session: { usePersistentCookie: false, maxSessionIdleMinutes: 120, maxSessionLifetimeMinutes: 0 },
      },
    },
  };
}

/** An authentication policy rule (`ACCESS_POLICY`). */
export function accessRule(
  spec: RuleSpec & {
    access?: 'ALLOW' | 'DENY';
    factorMode?: '1FA' | '2FA';
    phishingResistant?: boolean;
    reauthenticateIn?: string;
    constraints?: Json[] | Json;
    verificationType?: string;
  },
): Json {
  const constraints =
    spec.constraints ??
    (spec.phishingResistant ? [{ possession: { required: true, phishingResistant: 'REQUIRED', deviceBound: 'REQUIRED' } }] : undefined);
  return {
    ...ruleBase(spec, 'ACCESS_POLICY', spec.policyId ?? 'rstdefaultaccess'),
    actions: {
      appSignOn: {
        access: spec.access ?? 'ALLOW',
        verificationMethod: {
          factorMode: spec.factorMode ?? '2FA',
          type: spec.verificationType ?? 'ASSURANCE',
          reauthenticateIn: spec.reauthenticateIn ?? 'PT2H',
          ...(constraints ? { constraints } : {}),
        },
      },
    },
  };
}

export function oktaApp(id: string, name: string, label: string, status = 'ACTIVE'): Json {
  return { id, name, label, status, signOnMode: name === 'saasure' || name === 'okta_enduser' ? 'OPENID_CONNECT' : 'SAML_2_0' };
}

export function oktaZone(id: string, name: string, options: { status?: string; usage?: 'POLICY' | 'BLOCKLIST'; cidr?: string; gateways?: string[]; system?: boolean } = {}): Json {
  const self = `https://example.okta.com/api/v1/zones/${id}`;
  return {
    type: 'IP',
    id,
    name,
    status: options.status ?? 'ACTIVE',
    usage: options.usage ?? 'POLICY',
    system: options.system ?? false,
    created: '2023-01-01T00:00:00.000Z',
    lastUpdated: '2025-01-01T00:00:00.000Z',
    gateways: (options.gateways ?? [options.cidr ?? '203.0.113.0/24']).map((value) => ({ type: 'CIDR', value })),
    proxies: null,
    _links: {
      self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      [options.status === 'INACTIVE' ? 'activate' : 'deactivate']: { href: `${self}/lifecycle/${options.status === 'INACTIVE' ? 'activate' : 'deactivate'}`, hints: { allow: ['POST'] } },
    },
  };
}

/** The system zone every org has for Classic's "On network" gateway IPs; most orgs leave it without gateways. */
export function oktaLegacyIpZone(gateways: string[] = []): Json {
  return oktaZone('nzolegacyipzone', 'LegacyIpZone', { gateways, system: true });
}

export function oktaVerifyAuthenticator(numberChallenge: 'ALWAYS' | 'HIGH_RISK_ONLY' | 'NEVER' | undefined): Json {
  return {
    id: 'aut1oktaverify',
    key: 'okta_verify',
    name: 'Okta Verify',
    type: 'app',
    status: 'ACTIVE',
    settings: {
      ...(numberChallenge ? { channelBinding: { style: 'NUMBER_CHALLENGE', required: numberChallenge } } : {}),
      userVerification: 'PREFERRED',
      compliance: { fips: 'OPTIONAL' },
    },
  };
}

export function oktaLogEvent(spec: { uuid: string; published: string; eventType: string; actorId: string; targets: Array<{ id: string; type: string }> }): Json {
  return {
    uuid: spec.uuid,
    published: spec.published,
    eventType: spec.eventType,
    version: '0',
    severity: 'INFO',
    displayMessage: spec.eventType,
    actor: { id: spec.actorId, type: 'User', alternateId: spec.actorId },
    outcome: { result: 'SUCCESS' },
    target: spec.targets.map((target) => ({ id: target.id, type: target.type, alternateId: target.id })),
  };
}

/** Points a rule's `_links` at the policy it is listed under and at the org it is served from. */
function withPolicyLinks(rule: Json, policyId: string, origin: string): Json {
  const links = rule._links as Record<string, { href: string }> | undefined;
  if (!links) return rule;
  const relinked = Object.fromEntries(
    Object.entries(links).map(([name, link]) => [name, { ...link, href: link.href.replace(/^https:\/\/example\.okta\.com\/api\/v1\/policies\/[^/]+/, `${origin}/api/v1/policies/${policyId}`) }]),
  );
  return { ...rule, _links: relinked };
}

function* pagesOf<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let index = 0; index < items.length; index += size) yield items.slice(index, index + size);
}

/** Writes the org through a recorder, endpoint by endpoint, in Okta's page sizes. */
export async function recordOktaOrg(recorder: SourceRecorder, org: OktaOrgFixture, options: { origin?: string } = {}): Promise<void> {
  const origin = options.origin ?? 'https://example.okta.com';
  const usersById = new Map(org.users.map((user) => [user.id as string, user]));
  const writePaged = async (name: string, items: readonly unknown[], size: number): Promise<void> => {
    const writer = recorder.endpoint(name);
    if (items.length === 0) await writer.write([]);
    for (const page of pagesOf(items, size)) await writer.write(page);
  };
  const writeKeyed = async (name: string, entries: Iterable<[string, readonly unknown[]]>, size?: number): Promise<void> => {
    const writer = recorder.endpoint(name, { keyed: true });
    for (const [key, items] of entries) {
      if (size === undefined || items.length === 0) await writer.write({ key, status: 200, body: items });
      else for (const page of pagesOf(items, size)) await writer.write({ key, status: 200, body: page });
    }
  };

  await writePaged(oktaEndpoints.users.name, org.users.filter((user) => user.status !== 'DEPROVISIONED'), pageSizes.users);
  await writePaged(oktaEndpoints.deprovisionedUsers.name, org.users.filter((user) => user.status === 'DEPROVISIONED'), pageSizes.users);
  await writeKeyed(oktaEndpoints.factors.name, org.factors);

  const assignees = [...org.userRoles.keys()].map((id) => ({ id, orn: `orn:okta:directory:org:users:${id}` }));
  const assigneesWriter = recorder.endpoint(oktaEndpoints.roleAssignees.name);
  const assigneePages = [...pagesOf(assignees, pageSizes.roleAssignees)];
  if (assigneePages.length === 0) await assigneesWriter.write({ value: [] });
  for (const [index, page] of assigneePages.entries()) {
    const next = index + 1 < assigneePages.length ? { next: { href: `${origin}/api/v1/iam/assignees/users?after=p${index + 1}` } } : {};
    await assigneesWriter.write({ value: page, _links: next });
  }
  await writeKeyed(oktaEndpoints.userRoles.name, org.userRoles);
  await writeKeyed(oktaEndpoints.groupRoles.name, org.groupRoles);
  const groupsWriter = recorder.endpoint(oktaEndpoints.groups.name, { keyed: true });
  for (const group of org.groups) await groupsWriter.write({ key: group.id, status: 200, body: group });
  await writeKeyed(
    oktaEndpoints.groupMembers.name,
    [...org.groupMembers].map(([groupId, ids]) => [groupId, ids.map((id) => usersById.get(id)).filter((user): user is Json => user !== undefined)] as [string, Json[]]),
    pageSizes.groupMembers,
  );
  await writePaged(oktaEndpoints.signOnPolicies.name, org.signOnPolicies, 1000);
  await writePaged(oktaEndpoints.accessPolicies.name, org.accessPolicies, 1000);
  await writePaged(oktaEndpoints.mfaEnrollPolicies.name, org.mfaEnrollPolicies, 1000);
  await writeKeyed(oktaEndpoints.policyRules.name, [...org.rules].map(([policyId, rules]) => [policyId, rules.map((rule) => withPolicyLinks(rule, policyId, origin))] as [string, Json[]]));
  await writeKeyed(oktaEndpoints.policyApps.name, org.policyApps);
  await writeKeyed(
    oktaEndpoints.appUsers.name,
    [...org.appUsers].map(([appId, ids]) => [appId, ids.map((id) => ({ id, scope: 'USER', status: 'ACTIVE' }))] as [string, Json[]]),
    pageSizes.appUsers,
  );
  await writePaged(oktaEndpoints.networkZones.name, org.zones, 1000);
  await writePaged(oktaEndpoints.authenticators.name, org.authenticators, 1000);
  await writePaged(oktaEndpoints.systemLog.name, org.logEvents, pageSizes.systemLog);
}
