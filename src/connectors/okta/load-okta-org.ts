/**
 * Reads a raw Okta source into an `OktaOrg`. An endpoint that is absent or recorded an error becomes a reason
 * (naming the endpoint and the scope Okta asked for), never an empty list that would look like "no policies".
 * An object the schema refuses costs only what depends on it: a user is listed as unreadable, a user's factors,
 * roles, a group's members or a policy's rules become unknown, a refused policy makes its policy type unreadable;
 * each is recorded as a problem that makes the source partial, naming the object, file and field.
 */
import type { z } from 'zod';
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import { formatZodIssues } from '../../config/format-zod-issues.js';
import type { SourceError } from '../../snapshot/snapshot-format.js';
import { describeRawObject, readPages, tolerantItems } from '../../snapshot/tolerant-items.js';
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
  oktaUserSchema,
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

/** Where refused objects are recorded: one problem each, for the source's errors. */
type Refused = (endpoint: string, message: string) => void;

export async function loadOktaOrg(source: RawSource): Promise<OktaOrg> {
  const problems: SourceError[] = [];
  const refused: Refused = (endpoint, message) => void problems.push({ endpoint, code: 'INPUT_INVALID', message });
  const unreadableUsers: NonNullable<OktaOrg['unreadableUsers']> = [];
  const unreadable: Unreadable = (endpoint) => {
    const error = source.meta.errors.find((candidate) => candidate.endpoint === endpoint.name || candidate.endpoint === '*');
    if (error) {
      const permission = error.permission ? ` (Okta asked for ${error.permission})` : '';
      return `${endpoint.label} could not be read${permission}: ${error.message}`;
    }
    if (!source.has(endpoint.name) && !endpoint.keyed) return `${endpoint.label} was not collected in this snapshot`;
    return undefined;
  };

  const accessPolicies = await loadPolicies(source, oktaEndpoints.accessPolicies, unreadable, refused);
  const groups = await loadGroups(source, unreadable, refused);
  return {
    tenant: source.meta.tenant,
    users: await loadUsers(source, refused, unreadableUsers),
    factors: await loadFactors(source, refused),
    factorsUnreadable: unreadable(oktaEndpoints.factors),
    roles: await loadRoles(source, unreadable, refused),
    groups: groups.groups,
    groupsUnreadable: groups.unreadable,
    signOnPolicies: await loadPolicies(source, oktaEndpoints.signOnPolicies, unreadable, refused),
    accessPolicies,
    mfaEnrollPolicies: await loadPolicies(source, oktaEndpoints.mfaEnrollPolicies, unreadable, refused),
    zones: await loadList(source, oktaEndpoints.networkZones, oktaZonesSchema, unreadable, refused),
    authenticators: await loadList(source, oktaEndpoints.authenticators, oktaAuthenticatorsSchema, unreadable, refused),
    apps: await loadApps(source, accessPolicies, unreadable, refused),
    collection: await loadCollectionHeader(source),
    errors: source.meta.errors,
    unreadableUsers,
    problems,
  };
}

async function loadUsers(source: RawSource, refused: Refused, unreadableUsers: NonNullable<OktaOrg['unreadableUsers']>): Promise<OktaUser[]> {
  const users: OktaUser[] = [];
  const seen = new Set<string>();
  for (const endpoint of [oktaEndpoints.users, oktaEndpoints.deprovisionedUsers]) {
    for await (const outcome of tolerantItems(source, endpoint.name, oktaUserSchema)) {
      if (!outcome.ok) {
        refused(endpoint.name, `The user ${describeRawObject(outcome.raw)} could not be understood and was left out: ${outcome.problem}`);
        const record = typeof outcome.raw === 'object' && outcome.raw !== null ? (outcome.raw as Record<string, unknown>) : {};
        const profile = typeof record.profile === 'object' && record.profile !== null ? (record.profile as Record<string, unknown>) : {};
        if (typeof record.id === 'string' && !seen.has(record.id)) {
          seen.add(record.id);
          unreadableUsers.push({ id: record.id, login: typeof profile.login === 'string' ? profile.login : record.id, problem: outcome.problem });
        }
        continue;
      }
      const user = outcome.item;
      if (seen.has(user.id)) continue;
      seen.add(user.id);
      users.push(user);
    }
  }
  return users.sort((a, b) => a.profile.login.localeCompare(b.profile.login) || a.id.localeCompare(b.id));
}

async function loadFactors(source: RawSource, refused: Refused): Promise<Map<string, FactorRecord>> {
  const factors = new Map<string, FactorRecord>();
  for await (const line of keyedLines(source, oktaEndpoints.factors.name, refused)) {
    if (line.status !== 200) {
      factors.set(line.key, { state: 'failed', reason: `${oktaEndpoints.factors.label} answered ${line.status} for this user` });
      continue;
    }
    const body = bodyOf(oktaEndpoints.factors.name, line, oktaFactorsSchema, refused);
    if (!body.ok) {
      factors.set(line.key, { state: 'failed', reason: `this user's factor listing could not be understood (${body.problem})` });
      continue;
    }
    const parsed = body.value;
    const known = factors.get(line.key);
    if (known?.state === 'failed') continue;
    factors.set(line.key, { state: 'fetched', factors: [...(known?.factors ?? []), ...parsed], carriedFrom: line.fetchedAt ?? known?.carriedFrom });
  }
  return factors;
}

async function loadRoles(source: RawSource, unreadable: Unreadable, refused: Refused): Promise<Readable<Map<string, OktaRole[]>>> {
  const reason = unreadable(oktaEndpoints.roleAssignees) ?? unreadable(oktaEndpoints.userRoles);
  if (reason) return { readable: false, reason };
  const roles = new Map<string, OktaRole[]>();
  for await (const line of keyedLines(source, oktaEndpoints.userRoles.name, refused)) {
    if (line.status !== 200) return { readable: false, reason: `${oktaEndpoints.userRoles.label} answered ${line.status} for user ${line.key}` };
    const body = bodyOf(oktaEndpoints.userRoles.name, line, oktaRolesSchema, refused);
    // A role listing left out could hide an administrator: every role becomes unknown.
    if (!body.ok) return { readable: false, reason: `the roles of user ${line.key} could not be understood (${body.problem})` };
    roles.set(line.key, [...(roles.get(line.key) ?? []), ...body.value]);
  }
  return { readable: true, value: roles };
}

async function loadGroups(source: RawSource, unreadable: Unreadable, refused: Refused): Promise<{ groups: Map<string, GroupInfo>; unreadable: string | undefined }> {
  const groups = new Map<string, GroupInfo>();
  for await (const line of keyedLines(source, oktaEndpoints.groups.name, refused)) {
    if (line.status !== 200) {
      groups.set(line.key, { id: line.key, name: line.key, everyone: false, members: undefined, reason: `group ${line.key} answered ${line.status}` });
      continue;
    }
    const body = bodyOf(oktaEndpoints.groups.name, line, oktaGroupSchema, refused);
    if (!body.ok) {
      groups.set(line.key, { id: line.key, name: line.key, everyone: false, members: undefined, reason: `group ${line.key} could not be understood (${body.problem})` });
      continue;
    }
    const group = body.value;
    const everyone = group.type === 'BUILT_IN' && group.profile.name === 'Everyone';
    groups.set(group.id, { id: group.id, name: group.profile.name, everyone, members: everyone ? new Set() : undefined, reason: everyone ? undefined : 'members were not collected' });
  }
  const members = new Map<string, Set<string> | string>();
  for await (const line of keyedLines(source, oktaEndpoints.groupMembers.name, refused)) {
    const known = members.get(line.key);
    if (typeof known === 'string') continue;
    if (line.status !== 200) {
      members.set(line.key, `${oktaEndpoints.groupMembers.label} answered ${line.status}`);
      continue;
    }
    const body = bodyOf(oktaEndpoints.groupMembers.name, line, oktaUsersPageSchema, refused);
    if (!body.ok) {
      members.set(line.key, `its member listing could not be understood (${body.problem})`);
      continue;
    }
    const set = known ?? new Set<string>();
    for (const user of body.value) set.add(user.id);
    members.set(line.key, set);
  }
  for (const [groupId, value] of members) {
    const group = groups.get(groupId) ?? { id: groupId, name: groupId, everyone: false, members: undefined };
    if (group.everyone) continue;
    groups.set(groupId, typeof value === 'string' ? { ...group, members: undefined, reason: value } : { ...group, members: value, reason: undefined });
  }
  return { groups, unreadable: unreadable(oktaEndpoints.groups) ?? unreadable(oktaEndpoints.groupMembers) };
}

async function loadPolicies(source: RawSource, endpoint: OktaEndpoint, unreadable: Unreadable, refused: Refused): Promise<Readable<PolicyWithRules[]>> {
  const reason = unreadable(endpoint);
  if (reason) return { readable: false, reason };
  const policies: PolicyWithRules[] = [];
  // Okta applies the first matching policy: one left out could be the one that decides, so the whole type is unknown.
  const pages = await readPages(source, endpoint.name, oktaPoliciesSchema);
  if (!pages.ok) {
    refused(endpoint.name, `A policy of ${endpoint.label} could not be understood: ${pages.problem}`);
    return { readable: false, reason: `${endpoint.label} holds a policy that could not be understood (${pages.problem})` };
  }
  for (const page of pages.pages) {
    for (const policy of page) policies.push({ policy, rules: [], apps: [] });
  }
  const byId = new Map(policies.map((entry) => [entry.policy.id, entry]));
  const rulesUnreadable = unreadable(oktaEndpoints.policyRules);
  const rulesSeen = new Set<string>();
  for await (const line of keyedLines(source, oktaEndpoints.policyRules.name, refused)) {
    const entry = byId.get(line.key);
    if (!entry) continue;
    rulesSeen.add(line.key);
    if (line.status !== 200) {
      entry.rulesUnreadable = `${oktaEndpoints.policyRules.label} answered ${line.status} for policy '${entry.policy.name}'`;
      continue;
    }
    const body = bodyOf<OktaPolicyRule[]>(oktaEndpoints.policyRules.name, line, oktaPolicyRulesSchema, refused);
    if (!body.ok) entry.rulesUnreadable = `a rule of policy '${entry.policy.name}' could not be understood (${body.problem})`;
    else entry.rules.push(...body.value);
  }
  const appsUnreadable = unreadable(oktaEndpoints.policyApps);
  const appsSeen = new Set<string>();
  for await (const line of keyedLines(source, oktaEndpoints.policyApps.name, refused)) {
    const entry = byId.get(line.key);
    if (!entry) continue;
    appsSeen.add(line.key);
    if (line.status !== 200) {
      entry.appsUnreadable = `${oktaEndpoints.policyApps.label} answered ${line.status} for policy '${entry.policy.name}'`;
      continue;
    }
    const body = bodyOf<OktaApp[]>(oktaEndpoints.policyApps.name, line, oktaAppsSchema, refused);
    if (!body.ok) entry.appsUnreadable = `an app of policy '${entry.policy.name}' could not be understood (${body.problem})`;
    else entry.apps.push(...body.value);
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

async function loadApps(source: RawSource, accessPolicies: Readable<PolicyWithRules[]>, unreadable: Unreadable, refused: Refused): Promise<Map<string, AppInfo>> {
  const apps = new Map<string, AppInfo>();
  if (!accessPolicies.readable) return apps;
  for (const entry of accessPolicies.value) {
    for (const app of entry.apps) apps.set(app.id, { app, policyId: entry.policy.id, users: undefined, usersReason: 'assignments were not collected' });
  }
  const usersUnreadable = unreadable(oktaEndpoints.appUsers);
  const assigned = new Map<string, Set<string> | string>();
  for await (const line of keyedLines(source, oktaEndpoints.appUsers.name, refused)) {
    const known = assigned.get(line.key);
    if (typeof known === 'string') continue;
    if (line.status !== 200) {
      assigned.set(line.key, `${oktaEndpoints.appUsers.label} answered ${line.status}`);
      continue;
    }
    const body = bodyOf(oktaEndpoints.appUsers.name, line, oktaAppUsersSchema, refused);
    if (!body.ok) {
      assigned.set(line.key, `its assignments could not be understood (${body.problem})`);
      continue;
    }
    const set = known ?? new Set<string>();
    for (const user of body.value) set.add(user.id);
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

async function loadList<T>(source: RawSource, endpoint: OktaEndpoint, schema: z.ZodType<T[]>, unreadable: Unreadable, refused: Refused): Promise<Readable<T[]>> {
  const reason = unreadable(endpoint);
  if (reason) return { readable: false, reason };
  const pages = await readPages(source, endpoint.name, schema);
  if (!pages.ok) {
    refused(endpoint.name, `An object of ${endpoint.label} could not be understood: ${pages.problem}`);
    return { readable: false, reason: `${endpoint.label} holds an object that could not be understood (${pages.problem})` };
  }
  return { readable: true, value: pages.pages.flat() };
}

async function loadCollectionHeader(source: RawSource): Promise<CollectionHeader | undefined> {
  for await (const { value } of source.lines(collectionManifestEndpoint)) {
    return collectionHeaderSchema.safeParse(value).data;
  }
  return undefined;
}

/**
 * Keyed lines with their `fetchedAt` (set on lines carried forward by an incremental scan). A line that is not a
 * keyed line is recorded and skipped: the object it was for is then simply absent (unknown where it matters).
 */
async function* keyedLines(source: RawSource, endpoint: string, refused: Refused): AsyncIterable<CarriedKeyedLine & { where: string }> {
  for await (const { file, line, value } of source.lines(endpoint)) {
    const parsed = carriedKeyedLineSchema.safeParse(value);
    if (!parsed.success) {
      refused(endpoint, `${file}:${line} is not a keyed line and was left out: ${formatZodIssues(parsed.error)}`);
      continue;
    }
    yield { ...parsed.data, where: `${file}:${line}` };
  }
}

/** A keyed line's body against its schema; a refusal is recorded as a problem naming the key, file, line and field. */
function bodyOf<T>(endpoint: string, line: CarriedKeyedLine & { where: string }, schema: z.ZodType<T>, refused: Refused): { ok: true; value: T } | { ok: false; problem: string } {
  const parsed = schema.safeParse(line.body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problem = `${line.where} (key ${line.key}): ${formatZodIssues(parsed.error, 'body.')}`;
  refused(endpoint, `The object for ${line.key} could not be understood: ${problem}`);
  return { ok: false, problem };
}
