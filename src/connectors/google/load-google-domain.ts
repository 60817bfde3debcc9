/**
 * Reads one raw Google source into a `GoogleDomain`: every endpoint file parsed against its schema, keyed lines
 * joined to their object, and each endpoint's recorded error turned into the reason its data is unreadable.
 */
import type { z } from 'zod';
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import { googleEndpoints, type GoogleEndpoint } from './google-endpoints.js';
import {
  googleActivitiesPageSchema,
  googleAspsPageSchema,
  googleGroupSchema,
  googleMembersPageSchema,
  googleOrgUnitsPageSchema,
  googlePoliciesPageSchema,
  googleRoleAssignmentsPageSchema,
  googleRolesPageSchema,
  googleSamlProfilesPageSchema,
  googleSsoAssignmentsPageSchema,
  googleUsersPageSchema,
  type GoogleGroup,
  type GoogleOrgUnit,
  type GoogleRole,
  type GoogleRoleAssignment,
  type GoogleSamlProfile,
  type GoogleSsoAssignment,
  type GoogleUser,
} from './google-payloads.js';
import type { AppPasswordRecord, GoogleDomain, GroupMembership, Readable, TwoStepEvent } from './google-domain.js';
import { OrgUnitTree } from './org-unit-tree.js';
import { parseCloudPolicy, type AnyCloudPolicy } from './policy-settings.js';

export async function loadGoogleDomain(source: RawSource): Promise<GoogleDomain> {
  const failure = (endpoint: GoogleEndpoint): string | undefined => {
    const error = source.meta.errors.find((candidate) => candidate.endpoint === endpoint.name || candidate.endpoint === '*');
    if (error) return `${endpoint.label} could not be read: ${error.message}${error.permission ? ` (needs ${error.permission})` : ''}`;
    if (!source.has(endpoint.name)) return `${endpoint.label} was not collected in this snapshot.`;
    return undefined;
  };
  const readList = async <P, T>(endpoint: GoogleEndpoint, schema: z.ZodType<P>, items: (page: P) => T[] | null | undefined): Promise<Readable<T[]>> => {
    const reason = failure(endpoint);
    if (reason !== undefined) return { readable: false, reason };
    const values: T[] = [];
    for await (const page of source.parsed(endpoint.name, schema)) values.push(...(items(page) ?? []));
    return { readable: true, value: values };
  };

  const users: GoogleUser[] = [];
  for await (const page of source.parsed(googleEndpoints.users.name, googleUsersPageSchema)) users.push(...(page.users ?? []));

  const orgUnitList = await readList<{ organizationUnits?: GoogleOrgUnit[] | null }, GoogleOrgUnit>(
    googleEndpoints.orgUnits,
    googleOrgUnitsPageSchema,
    (page) => page.organizationUnits,
  );
  const roleList = await readList<{ items?: GoogleRole[] | null }, GoogleRole>(googleEndpoints.roles, googleRolesPageSchema, (page) => page.items);
  const roleAssignments = await readList<{ items?: GoogleRoleAssignment[] | null }, GoogleRoleAssignment>(
    googleEndpoints.roleAssignments,
    googleRoleAssignmentsPageSchema,
    (page) => page.items,
  );
  const policyPages = await readList(googleEndpoints.policies, googlePoliciesPageSchema, (page) => page.policies);
  const profileList = await readList<{ inboundSamlSsoProfiles?: GoogleSamlProfile[] | null }, GoogleSamlProfile>(
    googleEndpoints.samlSsoProfiles,
    googleSamlProfilesPageSchema,
    (page) => page.inboundSamlSsoProfiles,
  );
  const ssoAssignments = await readList<{ inboundSsoAssignments?: GoogleSsoAssignment[] | null }, GoogleSsoAssignment>(
    googleEndpoints.ssoAssignments,
    googleSsoAssignmentsPageSchema,
    (page) => page.inboundSsoAssignments,
  );

  const policies: Readable<AnyCloudPolicy[]> = policyPages.readable
    ? { readable: true, value: policyPages.value.map(parseCloudPolicy).filter((policy): policy is AnyCloudPolicy => policy !== undefined) }
    : policyPages;

  return {
    tenant: source.meta.tenant,
    users,
    orgUnits: orgUnitList.readable ? { readable: true, value: new OrgUnitTree(orgUnitList.value) } : orgUnitList,
    roles: roleList.readable ? { readable: true, value: new Map(roleList.value.map((role) => [role.roleId, role])) } : roleList,
    roleAssignments,
    groups: await readGroups(source),
    memberships: await readMemberships(source),
    membershipsMissingReason: failure(googleEndpoints.groupMembers) ?? 'its members were not collected in this snapshot',
    policies,
    samlProfiles: profileList.readable ? { readable: true, value: new Map(profileList.value.map((profile) => [profile.name, profile])) } : profileList,
    ssoAssignments,
    appPasswords: await readAppPasswords(source),
    appPasswordsMissingReason:
      source.meta.errors.find((error) => error.endpoint === googleEndpoints.appPasswords.name)?.message ??
      'not checked: the `appPasswords.requestBudget` of per-user requests ran out before this user',
    events: await readEvents(source, failure),
  };
}

async function readGroups(source: RawSource): Promise<Map<string, GoogleGroup>> {
  const groups = new Map<string, GoogleGroup>();
  for await (const line of source.keyed(googleEndpoints.groups.name, googleGroupSchema)) {
    if (line.body) groups.set(line.key, line.body);
  }
  return groups;
}

async function readMemberships(source: RawSource): Promise<Map<string, GroupMembership>> {
  const memberships = new Map<string, GroupMembership>();
  const known = new Map<string, { everyone: boolean; userIds: Set<string>; emails: Set<string> }>();
  for await (const line of source.keyed(googleEndpoints.groupMembers.name, googleMembersPageSchema)) {
    if (line.status === 404) {
      memberships.set(line.key, { state: 'deleted' });
      continue;
    }
    if (!line.body) {
      memberships.set(line.key, { state: 'unknown', reason: `listing its members failed (HTTP ${line.status})` });
      continue;
    }
    const entry = known.get(line.key) ?? { everyone: false, userIds: new Set<string>(), emails: new Set<string>() };
    known.set(line.key, entry);
    for (const member of line.body.members ?? []) {
      if (member.type === 'CUSTOMER') entry.everyone = true;
      if (member.type !== 'USER' && member.type !== undefined && member.type !== null) continue;
      if (member.id) entry.userIds.add(member.id);
      if (member.email) entry.emails.add(member.email.toLowerCase());
    }
  }
  for (const [groupId, entry] of known) {
    // A later failed page makes a partly listed group unknown: a missing page could hold anyone.
    if (!memberships.has(groupId)) memberships.set(groupId, { state: 'known', ...entry });
  }
  return memberships;
}

async function readAppPasswords(source: RawSource): Promise<Map<string, AppPasswordRecord>> {
  const records = new Map<string, AppPasswordRecord>();
  for await (const line of source.keyed(googleEndpoints.appPasswords.name, googleAspsPageSchema)) {
    if (line.body) records.set(line.key, { state: 'fetched', asps: line.body.items ?? [] });
    else if (line.status === 404) records.set(line.key, { state: 'deleted' });
    else records.set(line.key, { state: 'failed', reason: `listing app passwords failed (HTTP ${line.status})` });
  }
  return records;
}

async function readEvents(source: RawSource, failure: (endpoint: GoogleEndpoint) => string | undefined): Promise<Readable<TwoStepEvent[]>> {
  const events: TwoStepEvent[] = [];
  for (const [endpoint, name] of [
    [googleEndpoints.twoStepDisableEvents, '2sv_disable'],
    [googleEndpoints.twoStepEnrollEvents, '2sv_enroll'],
  ] as const) {
    const reason = failure(endpoint);
    if (reason !== undefined) return { readable: false, reason };
    for await (const page of source.parsed(endpoint.name, googleActivitiesPageSchema)) {
      for (const activity of page.items ?? []) {
        if (!(activity.events ?? []).some((event) => event.name === name)) continue;
        events.push({ name, time: activity.id.time, actorEmail: activity.actor?.email ?? undefined, actorProfileId: activity.actor?.profileId ?? undefined });
      }
    }
  }
  events.sort((a, b) => a.time.localeCompare(b.time));
  return { readable: true, value: events };
}
