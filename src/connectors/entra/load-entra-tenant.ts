/**
 * Reads a raw Entra source into an `EntraTenant`. An endpoint that is absent or recorded an error becomes a reason
 * (naming the endpoint and the permission Graph asked for), never an empty list that would look like "no policies".
 * The registration report is preferred; when it was refused the per-user method listings stand in for it.
 *
 * Objects are read one at a time: an object the schema refuses costs that object only (a policy becomes an unreadable
 * policy, a user an unreadable account, a group listing an unknown membership), each recorded as a problem that makes
 * the source partial. PowerShell-SDK exports (PascalCase keys, `AdditionalProperties`) are normalised first.
 */
import { z } from 'zod';
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import type { SourceError } from '../../snapshot/snapshot-format.js';
import { describeRawObject, tolerantItems, tolerantKeyed } from '../../snapshot/tolerant-items.js';
import { normaliseGraphExport } from './normalise-graph-export.js';
import { entraEndpoints, type EntraEndpoint } from './endpoints.js';
import { formatZodIssues } from '../../config/format-zod-issues.js';
import {
  authenticationMethodSchema,
  authenticationMethodsPolicySchema,
  conditionalAccessPolicySchema,
  graphPageSchema,
  graphUserSchema,
  namedLocationSchema,
  roleAssignmentSchema,
  roleDefinitionSchema,
  securityDefaultsSchema,
  userRegistrationDetailsSchema,
  type AuthenticationMethod,
  type GraphUser,
  type NamedLocation,
} from './graph-payloads.js';
import type { EntraTenant, GroupMembership, Readable, RegistrationRecord, UnreadableObject } from './entra-tenant.js';

/**
 * The error-record endpoint the collector uses when `signInActivity` is refused while users can still be listed
 * (docs/snapshot-format.md): the users are complete, their last sign-in dates unknown.
 */
export const signInActivityEndpoint = 'signInActivity';

/** A transitive member: a user or a nested group (anything else, e.g. devices, is ignored). */
const memberSchema = z.looseObject({
  '@odata.type': z.string().optional(),
  id: z.string(),
  displayName: z.string().nullable().optional(),
});

/**
 * Group objects (`id`, `displayName`) of the groups policies and role assignments name, as the collector records them
 * (paged, like /groups). Optional in a hand-assembled snapshot: without it reasons and findings name groups by id.
 */
export const groupNamesEndpoint = entraEndpoints.groups.name;

type Unreadable = (endpoint: EntraEndpoint) => string | undefined;

/** Objects the schemas refused, as the source's problems and, per kind, for the evaluation. */
class Refusals {
  readonly problems: SourceError[] = [];

  add(endpoint: string, raw: unknown, problem: string, kind = 'object'): UnreadableObject {
    const name = describeRawObject(raw);
    this.problems.push({ endpoint, code: 'INPUT_INVALID', message: `The ${kind} ${name} could not be understood and was left out: ${problem}` });
    const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    return {
      id: typeof record.id === 'string' ? record.id : undefined,
      name,
      state: typeof record.state === 'string' ? record.state : undefined,
      login: typeof record.userPrincipalName === 'string' ? record.userPrincipalName : undefined,
      problem,
    };
  }
}

export async function loadEntraTenant(source: RawSource): Promise<EntraTenant> {
  const errorFor = (name: string) => source.meta.errors.find((candidate) => candidate.endpoint === name || candidate.endpoint === '*');
  const describeError = (label: string, name: string): string | undefined => {
    const error = errorFor(name);
    if (!error) return undefined;
    const permission = error.permission ? ` (Graph asked for ${error.permission})` : '';
    return `${label} could not be read${permission}: ${error.message}`;
  };
  const unreadable: Unreadable = (endpoint) => {
    const reason = describeError(endpoint.label, endpoint.name);
    if (reason) return reason;
    if (!source.has(endpoint.name) && !endpoint.keyed) return `${endpoint.label} was not collected in this snapshot`;
    return undefined;
  };

  const refusals = new Refusals();
  const unreadableUsers: UnreadableObject[] = [];
  const unreadablePolicies: UnreadableObject[] = [];
  const users = await loadUsers(source, unreadable, refusals, unreadableUsers);
  const groupNames = new Map<string, string>();
  const roleAssignments = await loadCollection(source, entraEndpoints.roleAssignments, roleAssignmentSchema, unreadable, refusals, 'role assignment', 'all');
  if (roleAssignments.readable) {
    for (const assignment of roleAssignments.value) {
      const name = assignment.principal?.displayName;
      if (assignment.principal?.['@odata.type'] === groupType && typeof name === 'string') groupNames.set(assignment.principalId, name);
    }
  }
  for await (const outcome of tolerantItems(source, groupNamesEndpoint, memberSchema, { normalise: normaliseGraphExport })) {
    if (outcome.ok) {
      if (outcome.item.displayName) groupNames.set(outcome.item.id, outcome.item.displayName);
    } else refusals.add(groupNamesEndpoint, outcome.raw, outcome.problem, 'group');
  }
  const memberships = await loadMemberships(source, groupNames, refusals);
  const registration = await loadRegistrations(source, unreadable, refusals);
  const policies = await loadCollection(source, entraEndpoints.conditionalAccessPolicies, conditionalAccessPolicySchema, unreadable, refusals, 'conditional-access policy', 'item', (object) => unreadablePolicies.push(object));
  return {
    tenant: source.meta.tenant,
    users: users.readable ? users.value : [],
    usersUnreadable: users.readable ? undefined : users.reason,
    signInActivityUnreadable: describeError('signInActivity (last sign-in dates)', signInActivityEndpoint),
    registrations: registration.records,
    registrationMissingReason: registration.missingReason,
    roleDefinitions: mapById(await loadCollection(source, entraEndpoints.roleDefinitions, roleDefinitionSchema, unreadable, refusals, 'role definition')),
    roleAssignments,
    memberships,
    membershipsMissingReason:
      unreadable(entraEndpoints.groupMembers) ?? `${entraEndpoints.groupMembers.label} was not collected for this group`,
    groupNames,
    policies: sorted(policies, (policy) => [policy.displayName, policy.id]),
    unreadablePolicies: unreadablePolicies.sort((a, b) => compareText(a.name, b.name)),
    namedLocations: mapById<NamedLocation>(await loadCollection(source, entraEndpoints.namedLocations, namedLocationSchema, unreadable, refusals, 'named location')),
    securityDefaults: await loadSingle(source, entraEndpoints.securityDefaults, securityDefaultsSchema, unreadable, refusals),
    authenticationMethodsPolicy: await loadSingle(source, entraEndpoints.authenticationMethodsPolicy, authenticationMethodsPolicySchema, unreadable, refusals),
    unreadableUsers,
    errors: source.meta.errors,
    problems: refusals.problems,
  };
}

const groupType = '#microsoft.graph.group';
const userType = '#microsoft.graph.user';

async function loadUsers(source: RawSource, unreadable: Unreadable, refusals: Refusals, unreadableUsers: UnreadableObject[]): Promise<Readable<GraphUser[]>> {
  const users = await loadCollection(source, entraEndpoints.users, graphUserSchema, unreadable, refusals, 'user', 'item', (object) => {
    if (object.id !== undefined) unreadableUsers.push(object);
  });
  if (!users.readable) return users;
  // A user listed twice (a page boundary moving while the scan ran) is assessed once.
  const unique = [...new Map(users.value.map((user) => [user.id, user])).values()];
  return { readable: true, value: unique.sort((a, b) => compareText(a.userPrincipalName, b.userPrincipalName) || compareText(a.id, b.id)) };
}

/**
 * A collection, object by object. A refused object is recorded and left out (`scope: 'item'`), or makes the whole
 * collection unreadable where leaving one out would hide something (`scope: 'all'`: a role assignment left out could
 * hide an administrator).
 */
async function loadCollection<T>(
  source: RawSource,
  endpoint: EntraEndpoint,
  item: z.ZodType<T>,
  unreadable: Unreadable,
  refusals: Refusals,
  kind: string,
  scope: 'item' | 'all' = 'item',
  onRefused?: (object: UnreadableObject) => void,
): Promise<Readable<T[]>> {
  const reason = unreadable(endpoint);
  if (reason) return { readable: false, reason };
  const items: T[] = [];
  const refused: string[] = [];
  for await (const outcome of tolerantItems(source, endpoint.name, item, { normalise: normaliseGraphExport })) {
    if (outcome.ok) items.push(outcome.item);
    else {
      const object = refusals.add(endpoint.name, outcome.raw, outcome.problem, kind);
      refused.push(`${kind} ${object.name} could not be understood (${outcome.problem})`);
      onRefused?.(object);
    }
  }
  if (scope === 'all' && refused.length > 0) return { readable: false, reason: `${endpoint.label}: ${refused.join('; ')}` };
  return { readable: true, value: items };
}

async function loadSingle<T>(source: RawSource, endpoint: EntraEndpoint, schema: z.ZodType<T>, unreadable: Unreadable, refusals: Refusals): Promise<Readable<T>> {
  const reason = unreadable(endpoint);
  if (reason) return { readable: false, reason };
  for await (const { file, line, value } of source.lines(endpoint.name)) {
    const result = schema.safeParse(normaliseGraphExport(value));
    if (result.success) return { readable: true, value: result.data };
    const problem = `${file}:${line}: ${formatZodIssues(result.error)}`;
    refusals.add(endpoint.name, value, problem, 'object');
    return { readable: false, reason: `${endpoint.label} could not be understood: ${problem}` };
  }
  return { readable: false, reason: `${endpoint.label}: the snapshot file is empty` };
}

/**
 * Registration per user: the bulk report when it was read; otherwise the per-user method listings the collector
 * fell back to (enabled users only), each failed listing an unknown with its status.
 */
async function loadRegistrations(source: RawSource, unreadable: Unreadable, refusals: Refusals): Promise<{ records: Map<string, RegistrationRecord>; missingReason: string }> {
  const records = new Map<string, RegistrationRecord>();
  const reportEndpoint = entraEndpoints.userRegistrationDetails;
  const reportReason = unreadable(reportEndpoint);
  if (!reportReason) {
    for await (const outcome of tolerantItems(source, reportEndpoint.name, userRegistrationDetailsSchema, { normalise: normaliseGraphExport })) {
      if (outcome.ok) {
        const row = outcome.item;
        records.set(row.id, { source: 'registration-report', methodsRegistered: row.methodsRegistered, isMfaRegistered: row.isMfaRegistered });
        continue;
      }
      const object = refusals.add(reportEndpoint.name, outcome.raw, outcome.problem, 'registration row');
      if (object.id !== undefined) records.set(object.id, { source: 'unknown', reason: `the user's row in ${reportEndpoint.label} could not be understood (${outcome.problem})` });
    }
    return { records, missingReason: `the user is not listed in the registration report (${reportEndpoint.label})` };
  }
  const methodsEndpoint = entraEndpoints.authenticationMethods;
  const methods = new Map<string, AuthenticationMethod[]>();
  for await (const line of tolerantKeyed(source, methodsEndpoint.name, graphPageSchema(authenticationMethodSchema), normaliseGraphExport)) {
    if (!line.ok) {
      refusals.add(methodsEndpoint.name, { id: line.key }, line.problem, 'method listing');
      if (line.key !== undefined) records.set(line.key, { source: 'unknown', reason: `this user's method listing could not be understood (${line.problem})` });
      continue;
    }
    const known = records.get(line.key);
    if (known?.source === 'unknown') continue;
    if (line.body === undefined) {
      records.set(line.key, { source: 'unknown', reason: `${methodsEndpoint.label} answered ${line.status} for this user` });
      continue;
    }
    const list = methods.get(line.key) ?? [];
    list.push(...(line.body.value as AuthenticationMethod[]));
    methods.set(line.key, list);
    records.set(line.key, { source: 'per-user-methods', methods: list });
  }
  const methodsReason = unreadable(methodsEndpoint);
  const stillMissing = source.has(methodsEndpoint.name)
    ? `this user's methods were not read (${methodsEndpoint.label}${methodsReason ? `: ${methodsReason}` : ''})`
    : (methodsReason ?? `${methodsEndpoint.label} was not collected either`);
  const reportAbsentWithoutError = !source.meta.errors.some((error) => error.endpoint === reportEndpoint.name || error.endpoint === '*');
  const lead = reportAbsentWithoutError && source.has(methodsEndpoint.name) ? 'Registration was read per user' : reportReason;
  return { records, missingReason: `${lead}; ${stillMissing}` };
}

async function loadMemberships(source: RawSource, groupNames: Map<string, string>, refusals: Refusals): Promise<Map<string, GroupMembership>> {
  const endpoint = entraEndpoints.groupMembers;
  const memberships = new Map<string, GroupMembership>();
  const userIds = new Map<string, Set<string>>();
  const groupIds = new Map<string, Set<string>>();
  for await (const line of tolerantKeyed(source, endpoint.name, graphPageSchema(memberSchema), normaliseGraphExport)) {
    if (!line.ok) {
      refusals.add(endpoint.name, { id: line.key }, line.problem, 'member listing of group');
      if (line.key !== undefined) memberships.set(line.key, { state: 'unknown', reason: `the member listing could not be understood (${line.problem})` });
      continue;
    }
    const known = memberships.get(line.key);
    if (known && known.state !== 'known') continue;
    if (line.body === undefined) {
      memberships.set(line.key, line.status === 404 ? { state: 'deleted' } : { state: 'unknown', reason: `${endpoint.label} answered ${line.status} for ${line.key}` });
      continue;
    }
    const users = userIds.get(line.key) ?? new Set<string>();
    const groups = groupIds.get(line.key) ?? new Set<string>();
    for (const member of line.body.value as Array<z.infer<typeof memberSchema>>) {
      if (member['@odata.type'] === groupType) {
        groups.add(member.id);
        if (member.displayName) groupNames.set(member.id, member.displayName);
      } else if (member['@odata.type'] === userType || member['@odata.type'] === undefined) users.add(member.id);
    }
    userIds.set(line.key, users);
    groupIds.set(line.key, groups);
    memberships.set(line.key, { state: 'known', userIds: users, groupIds: groups });
  }
  return memberships;
}

function mapById<T extends { id: string }>(items: Readable<T[]>): Readable<ReadonlyMap<string, T>> {
  return items.readable ? { readable: true, value: new Map(items.value.map((item) => [item.id, item])) } : items;
}

function sorted<T>(items: Readable<T[]>, key: (item: T) => [string, string]): Readable<T[]> {
  if (!items.readable) return items;
  return {
    readable: true,
    value: [...items.value].sort((a, b) => {
      const [a1, a2] = key(a);
      const [b1, b2] = key(b);
      return compareText(a1, b1) || compareText(a2, b2);
    }),
  };
}

/** Locale-independent ordering, so the analysis sorts the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

