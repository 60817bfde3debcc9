/**
 * An Okta org held in memory for the simulator, loaded from a source directory in the snapshot layout: paged
 * endpoint files are flattened (the simulator re-pages per request), keyed files become per-object lists, and a
 * keyed line recorded with an error status is replayed as that error.
 */
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import { oktaEndpoints } from '../../connectors/okta/okta-endpoints.js';

type Json = Record<string, unknown>;

export interface KeyedEntry {
  status: number;
  /** Items of a list response (all pages), or the single object. */
  items: unknown[];
  errorBody?: unknown;
}

export interface OktaOrgStore {
  users: Json[];
  usersById: Map<string, Json>;
  policiesByType: Map<string, Json[]>;
  zones: Json[];
  authenticators: Json[];
  logEvents: Json[];
  roleAssignees: Json[];
  factors: Map<string, KeyedEntry>;
  userRoles: Map<string, KeyedEntry>;
  groupRoles: Map<string, KeyedEntry>;
  groups: Map<string, KeyedEntry>;
  groupMembers: Map<string, KeyedEntry>;
  policyRules: Map<string, KeyedEntry>;
  policyApps: Map<string, KeyedEntry>;
  appUsers: Map<string, KeyedEntry>;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function flatten(source: RawSource, endpoint: string, pick: (page: unknown) => unknown[] = (page) => (Array.isArray(page) ? page : [page])): Promise<Json[]> {
  const items: Json[] = [];
  for await (const { value } of source.lines(endpoint)) for (const item of pick(value)) if (isObject(item)) items.push(item);
  return items;
}

async function keyed(source: RawSource, endpoint: string): Promise<Map<string, KeyedEntry>> {
  const entries = new Map<string, KeyedEntry>();
  for await (const { value } of source.lines(endpoint)) {
    if (!isObject(value) || typeof value.key !== 'string') continue;
    const status = typeof value.status === 'number' ? value.status : 200;
    const entry = entries.get(value.key) ?? { status: 200, items: [] };
    if (status >= 200 && status < 300) {
      const body = value.body;
      entry.items.push(...(Array.isArray(body) ? body : [body]));
    } else {
      entry.status = status;
      entry.errorBody = value.body;
    }
    entries.set(value.key, entry);
  }
  return entries;
}

export async function loadOktaOrg(source: RawSource): Promise<OktaOrgStore> {
  const users = [...(await flatten(source, oktaEndpoints.users.name)), ...(await flatten(source, oktaEndpoints.deprovisionedUsers.name))];
  const usersById = new Map<string, Json>();
  for (const user of users) if (typeof user.id === 'string') usersById.set(user.id, user);
  const policiesByType = new Map<string, Json[]>();
  for (const endpoint of [oktaEndpoints.signOnPolicies, oktaEndpoints.accessPolicies, oktaEndpoints.mfaEnrollPolicies]) {
    for (const policy of await flatten(source, endpoint.name)) {
      const type = typeof policy.type === 'string' ? policy.type : 'UNKNOWN';
      policiesByType.set(type, [...(policiesByType.get(type) ?? []), policy]);
    }
  }
  return {
    users: [...usersById.values()],
    usersById,
    policiesByType,
    zones: await flatten(source, oktaEndpoints.networkZones.name),
    authenticators: await flatten(source, oktaEndpoints.authenticators.name),
    logEvents: (await flatten(source, oktaEndpoints.systemLog.name)).sort((a, b) => String(a.published).localeCompare(String(b.published))),
    roleAssignees: await flatten(source, oktaEndpoints.roleAssignees.name, (page) => (isObject(page) && Array.isArray(page.value) ? page.value : [])),
    factors: await keyed(source, oktaEndpoints.factors.name),
    userRoles: await keyed(source, oktaEndpoints.userRoles.name),
    groupRoles: await keyed(source, oktaEndpoints.groupRoles.name),
    groups: await keyed(source, oktaEndpoints.groups.name),
    groupMembers: await keyed(source, oktaEndpoints.groupMembers.name),
    policyRules: await keyed(source, oktaEndpoints.policyRules.name),
    policyApps: await keyed(source, oktaEndpoints.policyApps.name),
    appUsers: await keyed(source, oktaEndpoints.appUsers.name),
  };
}
