/**
 * An Entra tenant held in memory for the Graph simulator, loaded from a source directory in the snapshot layout:
 * paged endpoint files are flattened (stored page boundaries are ignored; the simulator re-pages per request),
 * single-object files keep their one object, and keyed files (per-user methods, per-group members) become
 * per-object lists, a keyed line recorded with an error status being replayed as that error.
 */
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import { entraEndpoints } from '../../connectors/entra/endpoints.js';

export type Json = Record<string, unknown>;

export interface KeyedEntry {
  status: number;
  items: Json[];
  errorBody?: unknown;
}

export interface GraphTenantStore {
  users: Json[];
  usersById: Map<string, Json>;
  registrationDetails: Json[];
  roleDefinitions: Json[];
  roleAssignments: Json[];
  conditionalAccessPolicies: Json[];
  namedLocations: Json[];
  securityDefaults: Json | undefined;
  authenticationMethodsPolicy: Json | undefined;
  methods: Map<string, KeyedEntry>;
  groupMembers: Map<string, KeyedEntry>;
  groups: Json[];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Items of every page of a paged endpoint; a line without `value` counts as one item (a hand-made export). */
async function flatten(source: RawSource, endpoint: string): Promise<Json[]> {
  const items: Json[] = [];
  for await (const { value } of source.lines(endpoint)) {
    const page = isObject(value) && Array.isArray(value.value) ? value.value : [value];
    for (const item of page) if (isObject(item)) items.push(item);
  }
  return items;
}

async function single(source: RawSource, endpoint: string): Promise<Json | undefined> {
  for await (const { value } of source.lines(endpoint)) if (isObject(value)) return value;
  return undefined;
}

async function keyed(source: RawSource, endpoint: string): Promise<Map<string, KeyedEntry>> {
  const entries = new Map<string, KeyedEntry>();
  for await (const { value } of source.lines(endpoint)) {
    if (!isObject(value) || typeof value.key !== 'string') continue;
    const status = typeof value.status === 'number' ? value.status : 200;
    const entry = entries.get(value.key) ?? { status: 200, items: [] };
    if (status >= 200 && status < 300) {
      const body = value.body;
      const items = isObject(body) && Array.isArray(body.value) ? body.value : Array.isArray(body) ? body : [];
      for (const item of items) if (isObject(item)) entry.items.push(item);
    } else {
      entry.status = status;
      entry.errorBody = value.body;
    }
    entries.set(value.key, entry);
  }
  return entries;
}

export async function loadGraphTenant(source: RawSource): Promise<GraphTenantStore> {
  const users = await flatten(source, entraEndpoints.users.name);
  const usersById = new Map<string, Json>();
  for (const user of users) if (typeof user.id === 'string') usersById.set(user.id, user);
  return {
    users: [...usersById.values()],
    usersById,
    registrationDetails: await flatten(source, entraEndpoints.userRegistrationDetails.name),
    roleDefinitions: await flatten(source, entraEndpoints.roleDefinitions.name),
    roleAssignments: await flatten(source, entraEndpoints.roleAssignments.name),
    conditionalAccessPolicies: await flatten(source, entraEndpoints.conditionalAccessPolicies.name),
    namedLocations: await flatten(source, entraEndpoints.namedLocations.name),
    securityDefaults: await single(source, entraEndpoints.securityDefaults.name),
    authenticationMethodsPolicy: await single(source, entraEndpoints.authenticationMethodsPolicy.name),
    methods: await keyed(source, entraEndpoints.authenticationMethods.name),
    groupMembers: await keyed(source, entraEndpoints.groupMembers.name),
    groups: await flatten(source, entraEndpoints.groups.name),
  };
}
