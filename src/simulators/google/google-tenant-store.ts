/**
 * The customer a Google simulator serves, loaded from a source directory in the snapshot layout: every stored page
 * flattened back into its objects (each validated against the connector's payload schema), keyed lines joined to
 * their object. The simulator re-pages these per request.
 */
import { z } from 'zod';
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import { googleEndpoints, type GoogleEndpoint } from '../../connectors/google/google-endpoints.js';
import {
  googleActivitySchema,
  googleAspSchema,
  googleGroupSchema,
  googleMemberSchema,
  googleOrgUnitSchema,
  googlePolicySchema,
  googleRoleAssignmentSchema,
  googleRoleSchema,
  googleSamlProfileSchema,
  googleSsoAssignmentSchema,
  googleUserSchema,
} from '../../connectors/google/google-payloads.js';
import type { GoogleJson } from './google-tenant-fixture.js';

const pageBodySchema = z.record(z.string(), z.unknown());

export interface GoogleTenantStore {
  /** The customer id the users carry; `my_customer` always names it too. */
  customerId: string | undefined;
  users: GoogleJson[];
  orgUnits: GoogleJson[];
  roles: GoogleJson[];
  roleAssignments: GoogleJson[];
  groups: Map<string, GoogleJson>;
  groupMembers: Map<string, GoogleJson[]>;
  policies: GoogleJson[];
  samlProfiles: GoogleJson[];
  ssoAssignments: GoogleJson[];
  appPasswords: Map<string, GoogleJson[]>;
  activities: GoogleJson[];
}

export async function loadGoogleTenant(source: RawSource): Promise<GoogleTenantStore> {
  const users = await flatten(source, googleEndpoints.users, googleUserSchema);
  const activities = new Map<string, GoogleJson>();
  for (const endpoint of [googleEndpoints.twoStepDisableEvents, googleEndpoints.twoStepEnrollEvents]) {
    for (const activity of await flatten(source, endpoint, googleActivitySchema)) {
      const id = activity.id as { time: string; uniqueQualifier?: string };
      activities.set(`${id.time} ${id.uniqueQualifier ?? ''}`, activity);
    }
  }
  return {
    customerId: users.map((user) => user.customerId).find((id): id is string => typeof id === 'string'),
    users,
    orgUnits: await flatten(source, googleEndpoints.orgUnits, googleOrgUnitSchema),
    roles: await flatten(source, googleEndpoints.roles, googleRoleSchema),
    roleAssignments: await flatten(source, googleEndpoints.roleAssignments, googleRoleAssignmentSchema),
    groups: await keyedObjects(source, googleEndpoints.groups, googleGroupSchema),
    groupMembers: await keyedLists(source, googleEndpoints.groupMembers, googleMemberSchema),
    policies: await flatten(source, googleEndpoints.policies, googlePolicySchema),
    samlProfiles: await flatten(source, googleEndpoints.samlSsoProfiles, googleSamlProfileSchema),
    ssoAssignments: await flatten(source, googleEndpoints.ssoAssignments, googleSsoAssignmentSchema),
    appPasswords: await keyedLists(source, googleEndpoints.appPasswords, googleAspSchema),
    activities: [...activities.values()].sort((a, b) => timeOf(b).localeCompare(timeOf(a))),
  };
}

async function flatten(source: RawSource, endpoint: GoogleEndpoint, schema: z.ZodType<unknown>): Promise<GoogleJson[]> {
  const items: GoogleJson[] = [];
  for await (const { value } of source.lines(endpoint.name)) {
    const list = (value as GoogleJson)[endpoint.itemsField];
    if (!Array.isArray(list)) continue;
    for (const item of list) items.push(schema.parse(item) as GoogleJson);
  }
  return items;
}

async function keyedObjects(source: RawSource, endpoint: GoogleEndpoint, schema: z.ZodType<unknown>): Promise<Map<string, GoogleJson>> {
  const objects = new Map<string, GoogleJson>();
  for await (const line of source.keyed(endpoint.name, schema)) if (line.body) objects.set(line.key, line.body as GoogleJson);
  return objects;
}

async function keyedLists(source: RawSource, endpoint: GoogleEndpoint, itemSchema: z.ZodType<unknown>): Promise<Map<string, GoogleJson[]>> {
  const lists = new Map<string, GoogleJson[]>();
  for await (const line of source.keyed(endpoint.name, pageBodySchema)) {
    if (!line.body) continue;
    const list = lists.get(line.key) ?? [];
    const items = (line.body as GoogleJson)[endpoint.itemsField];
    if (Array.isArray(items)) for (const item of items) list.push(itemSchema.parse(item) as GoogleJson);
    lists.set(line.key, list);
  }
  return lists;
}

function timeOf(activity: GoogleJson): string {
  return String((activity.id as { time?: string } | undefined)?.time ?? '');
}
