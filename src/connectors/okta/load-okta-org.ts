/**
 * Reads a raw Okta source into an `OktaOrg`. An endpoint that is absent or recorded an error becomes a reason
 * (naming the endpoint and the scope Okta asked for), never an empty list that would look like "no policies".
 */
import type { z } from 'zod';
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import { SnapshotError } from '../../errors.js';
import { formatZodIssues } from '../../config/format-zod-issues.js';
import { collectionManifestEndpoint, oktaEndpoints, type OktaEndpoint } from './okta-endpoints.js';
import {
  oktaAppUsersSchema,
  oktaAppsSchema,
  oktaAuthenticatorsSchema,
  oktaFactorsSchema,
  oktaGroupSchema,
  oktaPoliciesSchema,
  oktaPolicyRulesSchema,
  oktaRolesSchema,
  oktaUsersPageSchema,
  oktaZonesSchema,
  type OktaApp,
  type OktaPolicyRule,
  type OktaRole,
  type OktaUser,
} from './okta-payloads.js';
import { carriedKeyedLineSchema, collectionHeaderSchema, type CarriedKeyedLine, type CollectionHeader } from './collection-manifest.js';
import { evaluationOrder, type AppInfo, type FactorRecord, type GroupInfo, type OktaOrg, type PolicyWithRules, type Readable } from './okta-org.js';

type Unreadable = (endpoint: OktaEndpoint) => string | undefined;

export async function loadOktaOrg(source: RawSource): Promise<OktaOrg> {
  const unreadable: Unreadable = (endpoint) => {
    const error = source.meta.errors.find((candidate) => candidate.endpoint === endpoint.name || candidate.endpoint === '*');
    if (error) {
      const permission = error.permission ? ` (Okta asked for ${error.permission})` : '';
      return `${endpoint.label} could not be read${permission}: ${error.message}`;
    }
    if (!source.has(endpoint.name) && !endpoint.keyed) return `${endpoint.label} was not collected in this snapshot`;
    return undefined;
  };

  const accessPolicies = await loadPolicies(source, oktaEndpoints.accessPolicies, unreadable);
  const groups = await loadGroups(source, unreadable);
  return {
    tenant: source.meta.tenant,
    users: await loadUsers(source),
    factors: await loadFactors(source),
    factorsUnreadable: unreadable(oktaEndpoints.factors),
    roles: await loadRoles(source, unreadable),
    groups: groups.groups,
    groupsUnreadable: groups.unreadable,
    signOnPolicies: await loadPolicies(source, oktaEndpoints.signOnPolicies, unreadable),
    accessPolicies,
    mfaEnrollPolicies: await loadPolicies(source, oktaEndpoints.mfaEnrollPolicies, unreadable),
    zones: await loadList(source, oktaEndpoints.networkZones, oktaZonesSchema, unreadable),
    authenticators: await loadList(source, oktaEndpoints.authenticators, oktaAuthenticatorsSchema, unreadable),
    apps: await loadApps(source, accessPolicies, unreadable),
    collection: await loadCollectionHeader(source),
    errors: source.meta.errors,
  };
}

async function loadUsers(source: RawSource): Promise<OktaUser[]> {
  const users: OktaUser[] = [];
  const seen = new Set<string>();
  for (const endpoint of [oktaEndpoints.users, oktaEndpoints.deprovisionedUsers]) {
    for await (const page of source.parsed(endpoint.name, oktaUsersPageSchema)) {
      for (const user of page) {
        if (seen.has(user.id)) continue;
        seen.add(user.id);
        users.push(user);
      }
    }
  }
  return users.sort((a, b) => a.profile.login.localeCompare(b.profile.login) || a.id.localeCompare(b.id));
}

async function loadFactors(source: RawSource): Promise<Map<string, FactorRecord>> {
  const factors = new Map<string, FactorRecord>();
  for await (const line of keyedLines(source, oktaEndpoints.factors.name)) {
    if (line.status !== 200) {
      factors.set(line.key, { state: 'failed', reason: `${oktaEndpoints.factors.label} answered ${line.status} for this user` });
      continue;
    }
    const parsed = parseBody(source, oktaEndpoints.factors.name, line.key, line.body, oktaFactorsSchema);
    const known = factors.get(line.key);
    if (known?.state === 'failed') continue;
    factors.set(line.key, { state: 'fetched', factors: [...(known?.factors ?? []), ...parsed], carriedFrom: line.fetchedAt ?? known?.carriedFrom });
  }
  return factors;
}

async function loadRoles(source: RawSource, unreadable: Unreadable): Promise<Readable<Map<string, OktaRole[]>>> {
  const reason = unreadable(oktaEndpoints.roleAssignees) ?? unreadable(oktaEndpoints.userRoles);
  if (reason) return { readable: false, reason };
  const roles = new Map<string, OktaRole[]>();
  for await (const line of keyedLines(source, oktaEndpoints.userRoles.name)) {
    if (line.status !== 200) return { readable: false, reason: `${oktaEndpoints.userRoles.label} answered ${line.status} for user ${line.key}` };
    roles.set(line.key, [...(roles.get(line.key) ?? []), ...parseBody(source, oktaEndpoints.userRoles.name, line.key, line.body, oktaRolesSchema)]);
  }
  return { readable: true, value: roles };
}

async function loadGroups(source: RawSource, unreadable: Unreadable): Promise<{ groups: Map<string, GroupInfo>; unreadable: string | undefined }> {
  const groups = new Map<string, GroupInfo>();
  for await (const line of keyedLines(source, oktaEndpoints.groups.name)) {
    if (line.status !== 200) {
      groups.set(line.key, { id: line.key, name: line.key, everyone: false, members: undefined, reason: `group ${line.key} answered ${line.status}` });
      continue;
    }
    const group = parseBody(source, oktaEndpoints.groups.name, line.key, line.body, oktaGroupSchema);
    const everyone = group.type === 'BUILT_IN' && group.profile.name === 'Everyone';
    groups.set(group.id, { id: group.id, name: group.profile.name, everyone, members: everyone ? new Set() : undefined, reason: everyone ? undefined : 'members were not collected' });
  }
  const members = new Map<string, Set<string> | string>();
  for await (const line of keyedLines(source, oktaEndpoints.groupMembers.name)) {
    const known = members.get(line.key);
    if (typeof known === 'string') continue;
    if (line.status !== 200) {
      members.set(line.key, `${oktaEndpoints.groupMembers.label} answered ${line.status}`);
      continue;
    }
    const set = known ?? new Set<string>();
    for (const user of parseBody(source, oktaEndpoints.groupMembers.name, line.key, line.body, oktaUsersPageSchema)) set.add(user.id);
    members.set(line.key, set);
  }
  for (const [groupId, value] of members) {
    const group = groups.get(groupId) ?? { id: groupId, name: groupId, everyone: false, members: undefined };
    if (group.everyone) continue;
    groups.set(groupId, typeof value === 'string' ? { ...group, members: undefined, reason: value } : { ...group, members: value, reason: undefined });
  }
  return { groups, unreadable: unreadable(oktaEndpoints.groups) ?? unreadable(oktaEndpoints.groupMembers) };
}

async function loadPolicies(source: RawSource, endpoint: OktaEndpoint, unreadable: Unreadable): Promise<Readable<PolicyWithRules[]>> {
  const reason = unreadable(endpoint);
  if (reason) return { readable: false, reason };
  const policies: PolicyWithRules[] = [];
  for await (const page of source.parsed(endpoint.name, oktaPoliciesSchema)) {
    for (const policy of page) policies.push({ policy, rules: [], apps: [] });
  }
  const byId = new Map(policies.map((entry) => [entry.policy.id, entry]));
  const rulesUnreadable = unreadable(oktaEndpoints.policyRules);
  const rulesSeen = new Set<string>();
  for await (const line of keyedLines(source, oktaEndpoints.policyRules.name)) {
    const entry = byId.get(line.key);
    if (!entry) continue;
    rulesSeen.add(line.key);
    if (line.status !== 200) {
      entry.rulesUnreadable = `${oktaEndpoints.policyRules.label} answered ${line.status} for policy '${entry.policy.name}'`;
      continue;
    }
    entry.rules.push(...parseBody<OktaPolicyRule[]>(source, oktaEndpoints.policyRules.name, line.key, line.body, oktaPolicyRulesSchema));
  }
  const appsUnreadable = unreadable(oktaEndpoints.policyApps);
  const appsSeen = new Set<string>();
  for await (const line of keyedLines(source, oktaEndpoints.policyApps.name)) {
    const entry = byId.get(line.key);
    if (!entry) continue;
    appsSeen.add(line.key);
    if (line.status !== 200) {
      entry.appsUnreadable = `${oktaEndpoints.policyApps.label} answered ${line.status} for policy '${entry.policy.name}'`;
      continue;
    }
    entry.apps.push(...parseBody<OktaApp[]>(source, oktaEndpoints.policyApps.name, line.key, line.body, oktaAppsSchema));
  }
  for (const entry of policies) {
    if (!rulesSeen.has(entry.policy.id)) entry.rulesUnreadable ??= rulesUnreadable ?? `the rules of policy '${entry.policy.name}' were not collected`;
    entry.rules = evaluationOrder(entry.rules);
    if (entry.policy.type === 'ACCESS_POLICY' && !appsSeen.has(entry.policy.id)) {
      entry.appsUnreadable ??= appsUnreadable ?? `the apps of policy '${entry.policy.name}' were not collected`;
    }
  }
  return { readable: true, value: evaluationOrder(policies.map((entry) => ({ ...entry, priority: entry.policy.priority, system: entry.policy.system }))) };
}

async function loadApps(source: RawSource, accessPolicies: Readable<PolicyWithRules[]>, unreadable: Unreadable): Promise<Map<string, AppInfo>> {
  const apps = new Map<string, AppInfo>();
  if (!accessPolicies.readable) return apps;
  for (const entry of accessPolicies.value) {
    for (const app of entry.apps) apps.set(app.id, { app, policyId: entry.policy.id, users: undefined, usersReason: 'assignments were not collected' });
  }
  const usersUnreadable = unreadable(oktaEndpoints.appUsers);
  const assigned = new Map<string, Set<string> | string>();
  for await (const line of keyedLines(source, oktaEndpoints.appUsers.name)) {
    const known = assigned.get(line.key);
    if (typeof known === 'string') continue;
    if (line.status !== 200) {
      assigned.set(line.key, `${oktaEndpoints.appUsers.label} answered ${line.status}`);
      continue;
    }
    const set = known ?? new Set<string>();
    for (const user of parseBody(source, oktaEndpoints.appUsers.name, line.key, line.body, oktaAppUsersSchema)) set.add(user.id);
    assigned.set(line.key, set);
  }
  for (const [appId, info] of apps) {
    const value = assigned.get(appId);
    if (value instanceof Set) apps.set(appId, { ...info, users: value, usersReason: undefined });
    else if (typeof value === 'string') apps.set(appId, { ...info, usersReason: value });
    else if (usersUnreadable) apps.set(appId, { ...info, usersReason: usersUnreadable });
  }
  return apps;
}

async function loadList<T>(source: RawSource, endpoint: OktaEndpoint, schema: z.ZodType<T[]>, unreadable: Unreadable): Promise<Readable<T[]>> {
  const reason = unreadable(endpoint);
  if (reason) return { readable: false, reason };
  const items: T[] = [];
  for await (const page of source.parsed(endpoint.name, schema)) items.push(...page);
  return { readable: true, value: items };
}

async function loadCollectionHeader(source: RawSource): Promise<CollectionHeader | undefined> {
  for await (const { value } of source.lines(collectionManifestEndpoint)) {
    return collectionHeaderSchema.safeParse(value).data;
  }
  return undefined;
}

/** Keyed lines with their `fetchedAt` (set on lines carried forward by an incremental scan). */
async function* keyedLines(source: RawSource, endpoint: string): AsyncIterable<CarriedKeyedLine> {
  for await (const { file, line, value } of source.lines(endpoint)) {
    const parsed = carriedKeyedLineSchema.safeParse(value);
    if (!parsed.success) throw new SnapshotError(`${file}:${line}: ${formatZodIssues(parsed.error)}`);
    yield parsed.data;
  }
}

function parseBody<T>(source: RawSource, endpoint: string, key: string, body: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new SnapshotError(`${source.directory}/${endpoint}.jsonl (key ${key}): ${formatZodIssues(parsed.error, 'body.')}`);
  }
  return parsed.data;
}
