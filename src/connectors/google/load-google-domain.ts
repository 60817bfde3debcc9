/**
 * Reads one raw Google source into a `GoogleDomain`: every endpoint file parsed against its schema, keyed lines
 * joined to their object, and each endpoint's recorded error turned into the reason its data is unreadable.
 * A user the schema refuses is left out and listed as unreadable; any other refused object makes its endpoint (or,
 * for a keyed line, its group or user) unreadable, naming the object; each is a problem that makes the source partial.
 */
import type { z } from 'zod';
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import type { SourceError } from '../../snapshot/snapshot-format.js';
import { describeRawObject, readPages, tolerantItems, tolerantKeyed } from '../../snapshot/tolerant-items.js';
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
  googleUserSchema,
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
  const problems: SourceError[] = [];
  const refused = (endpoint: string, message: string): void => void problems.push({ endpoint, code: 'INPUT_INVALID', message });
  const failure = (endpoint: GoogleEndpoint): string | undefined => {
    const error = source.meta.errors.find((candidate) => candidate.endpoint === endpoint.name || candidate.endpoint === '*');
    if (error) return `${endpoint.label} could not be read: ${error.message}${error.permission ? ` (needs ${error.permission})` : ''}`;
    if (!source.has(endpoint.name)) return `${endpoint.label} was not collected in this snapshot.`;
    return undefined;
  };
  const readList = async <P, T>(endpoint: GoogleEndpoint, schema: z.ZodType<P>, items: (page: P) => T[] | null | undefined): Promise<Readable<T[]>> => {
    const reason = failure(endpoint);
    if (reason !== undefined) return { readable: false, reason };
    const outcome = await readPages(source, endpoint.name, schema);
    if (!outcome.ok) {
      refused(endpoint.name, `An object of ${endpoint.label} could not be understood: ${outcome.problem}`);
      return { readable: false, reason: `${endpoint.label} holds an object that could not be understood (${outcome.problem})` };
    }
    return { readable: true, value: outcome.pages.flatMap((page) => items(page) ?? []) };
  };

  const users: GoogleUser[] = [];
  const unreadableUsers: NonNullable<GoogleDomain['unreadableUsers']> = [];
  for await (const outcome of tolerantItems(source, googleEndpoints.users.name, googleUserSchema, { itemsKey: 'users' })) {
    if (outcome.ok) {
      users.push(outcome.item);
      continue;
    }
    refused(googleEndpoints.users.name, `The user ${describeRawObject(outcome.raw)} could not be understood and was left out: ${outcome.problem}`);
    const record = typeof outcome.raw === 'object' && outcome.raw !== null ? (outcome.raw as Record<string, unknown>) : {};
    if (typeof record.id === 'string') unreadableUsers.push({ id: record.id, login: typeof record.primaryEmail === 'string' ? record.primaryEmail : record.id, problem: outcome.problem });
  }

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
    groups: await readGroups(source, refused),
    memberships: await readMemberships(source, refused),
    membershipsMissingReason: failure(googleEndpoints.groupMembers) ?? 'its members were not collected in this snapshot',
    policies,
    samlProfiles: profileList.readable ? { readable: true, value: new Map(profileList.value.map((profile) => [profile.name, profile])) } : profileList,
    ssoAssignments,
    appPasswords: await readAppPasswords(source, refused),
    appPasswordsMissingReason:
      source.meta.errors.find((error) => error.endpoint === googleEndpoints.appPasswords.name)?.message ??
      'not checked: the `appPasswords.requestBudget` of per-user requests ran out before this user',
    events: await readEvents(source, failure, refused),
    unreadableUsers,
    problems,
  };
}

type Refused = (endpoint: string, message: string) => void;

async function readGroups(source: RawSource, refused: Refused): Promise<Map<string, GoogleGroup>> {
  const groups = new Map<string, GoogleGroup>();
  for await (const line of tolerantKeyed(source, googleEndpoints.groups.name, googleGroupSchema)) {
    // A group left out is named by its id; its membership is read on its own.
    if (!line.ok) refused(googleEndpoints.groups.name, `The group ${line.key ?? '(no key)'} could not be understood: ${line.problem}`);
    else if (line.body) groups.set(line.key, line.body);
  }
  return groups;
}

async function readMemberships(source: RawSource, refused: Refused): Promise<Map<string, GroupMembership>> {
  const memberships = new Map<string, GroupMembership>();
  const known = new Map<string, { everyone: boolean; userIds: Set<string>; emails: Set<string> }>();
  for await (const line of tolerantKeyed(source, googleEndpoints.groupMembers.name, googleMembersPageSchema)) {
    if (!line.ok) {
      refused(googleEndpoints.groupMembers.name, `The members of group ${line.key ?? '(no key)'} could not be understood: ${line.problem}`);
      if (line.key !== undefined) memberships.set(line.key, { state: 'unknown', reason: `its member listing could not be understood (${line.problem})` });
      continue;
    }
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

async function readAppPasswords(source: RawSource, refused: Refused): Promise<Map<string, AppPasswordRecord>> {
  const records = new Map<string, AppPasswordRecord>();
  for await (const line of tolerantKeyed(source, googleEndpoints.appPasswords.name, googleAspsPageSchema)) {
    if (!line.ok) {
      refused(googleEndpoints.appPasswords.name, `The app passwords of ${line.key ?? '(no key)'} could not be understood: ${line.problem}`);
      if (line.key !== undefined) records.set(line.key, { state: 'failed', reason: `its app-password listing could not be understood (${line.problem})` });
      continue;
    }
    if (line.body) records.set(line.key, { state: 'fetched', asps: line.body.items ?? [] });
    else if (line.status === 404) records.set(line.key, { state: 'deleted' });
    else records.set(line.key, { state: 'failed', reason: `listing app passwords failed (HTTP ${line.status})` });
  }
  return records;
}

async function readEvents(source: RawSource, failure: (endpoint: GoogleEndpoint) => string | undefined, refused: Refused): Promise<Readable<TwoStepEvent[]>> {
  const events: TwoStepEvent[] = [];
  for (const [endpoint, name] of [
    [googleEndpoints.twoStepDisableEvents, '2sv_disable'],
    [googleEndpoints.twoStepEnrollEvents, '2sv_enroll'],
  ] as const) {
    const reason = failure(endpoint);
    if (reason !== undefined) return { readable: false, reason };
    const outcome = await readPages(source, endpoint.name, googleActivitiesPageSchema);
    if (!outcome.ok) {
      refused(endpoint.name, `An event of ${endpoint.label} could not be understood: ${outcome.problem}`);
      return { readable: false, reason: `${endpoint.label} holds an event that could not be understood (${outcome.problem})` };
    }
    for (const page of outcome.pages) {
      for (const activity of page.items ?? []) {
        if (!(activity.events ?? []).some((event) => event.name === name)) continue;
        events.push({ name, time: activity.id.time, actorEmail: activity.actor?.email ?? undefined, actorProfileId: activity.actor?.profileId ?? undefined });
      }
    }
  }
  events.sort((a, b) => a.time.localeCompare(b.time));
  return { readable: true, value: events };
}
