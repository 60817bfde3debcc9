/**
 * A Google Workspace customer as test and demo data, and the writer that records it as a source in the snapshot
 * layout: the same endpoint files, pages and keyed lines the collector writes, so the simulator can serve it and
 * the analysis can read it directly. Builders fill the fields Google returns, in Google's shapes.
 */
import type { SourceRecorder } from '../../snapshot/snapshot-writer.js';
import { googleEndpoints, type GoogleEndpoint } from '../../connectors/google/google-endpoints.js';
import { settingTypes, type SettingKey } from '../../connectors/google/policy-settings.js';

export type GoogleJson = Record<string, unknown>;

export interface GoogleTenantFixture {
  customerId: string;
  domain: string;
  users: GoogleJson[];
  orgUnits: GoogleJson[];
  roles: GoogleJson[];
  roleAssignments: GoogleJson[];
  groups: GoogleJson[];
  /** Members per group id, nested groups already expanded (what `includeDerivedMembership=true` returns). */
  groupMembers: Map<string, GoogleJson[]>;
  policies: GoogleJson[];
  samlProfiles: GoogleJson[];
  ssoAssignments: GoogleJson[];
  /** App passwords per user id. */
  appPasswords: Map<string, GoogleJson[]>;
  /** Reports API `user_accounts` activities (`2sv_disable`, `2sv_enroll`). */
  activities: GoogleJson[];
}

export const rootOrgUnitId = '03ph8a2z0root';
export const superAdminRoleId = '91447453409034240';

export function emptyGoogleTenant(domain = 'example.com', customerId = 'C01demo00'): GoogleTenantFixture {
  return {
    customerId,
    domain,
    users: [],
    orgUnits: [orgUnit(rootOrgUnitId, '/', domain)],
    roles: [role(superAdminRoleId, '_SEED_ADMIN_ROLE', true)],
    roleAssignments: [],
    groups: [],
    groupMembers: new Map(),
    policies: [],
    samlProfiles: [],
    ssoAssignments: [],
    appPasswords: new Map(),
    activities: [],
  };
}

export interface GoogleUserOptions {
  id: string;
  email: string;
  fullName?: string;
  orgUnitPath?: string;
  isAdmin?: boolean;
  isDelegatedAdmin?: boolean;
  isEnrolledIn2Sv?: boolean;
  /** Google's own resolution; defaults to what a scan would see for an enrolled/enforced user (left out when undefined). */
  isEnforcedIn2Sv?: boolean;
  suspended?: boolean;
  archived?: boolean;
  /** `null` for never: Google then reports the Unix epoch. */
  lastLoginTime?: string | null;
  creationTime?: string;
  isGuestUser?: boolean;
  customerId?: string;
}

export function googleUser(options: GoogleUserOptions): GoogleJson {
  const fullName = options.fullName ?? options.email.split('@')[0] ?? options.email;
  const [givenName, ...rest] = fullName.split(' ');
  return {
    kind: 'admin#directory#user',
    id: options.id,
    etag: `"etag-${options.id}"`,
    primaryEmail: options.email,
    name: { givenName: givenName ?? fullName, familyName: rest.join(' ') || fullName, fullName },
    isAdmin: options.isAdmin ?? false,
    isDelegatedAdmin: options.isDelegatedAdmin ?? false,
    lastLoginTime: options.lastLoginTime === null ? '1970-01-01T00:00:00.000Z' : (options.lastLoginTime ?? '2025-05-28T08:00:00.000Z'),
    creationTime: options.creationTime ?? '2023-01-10T12:00:00.000Z',
    agreedToTerms: true,
    suspended: options.suspended ?? false,
    ...(options.suspended ? { suspensionReason: 'ADMIN' } : {}),
    archived: options.archived ?? false,
    changePasswordAtNextLogin: false,
    ipWhitelisted: false,
    emails: [{ address: options.email, primary: true }],
    customerId: options.customerId ?? 'C01demo00',
    orgUnitPath: options.orgUnitPath ?? '/',
    isMailboxSetup: true,
    isEnrolledIn2Sv: options.isEnrolledIn2Sv ?? false,
    ...(options.isEnforcedIn2Sv !== undefined ? { isEnforcedIn2Sv: options.isEnforcedIn2Sv } : {}),
    includeInGlobalAddressList: true,
    isGuestUser: options.isGuestUser ?? false,
  };
}

export function orgUnit(id: string, path: string, name?: string, parentId?: string): GoogleJson {
  const parentPath = path === '/' ? undefined : path.slice(0, path.lastIndexOf('/')) || '/';
  return {
    kind: 'admin#directory#orgUnit',
    etag: `"etag-ou-${id}"`,
    name: name ?? path.split('/').pop() ?? path,
    description: '',
    orgUnitPath: path,
    orgUnitId: `id:${id}`,
    ...(parentPath !== undefined ? { parentOrgUnitPath: parentPath, parentOrgUnitId: `id:${parentId ?? rootOrgUnitId}` } : {}),
  };
}

export function role(roleId: string, roleName: string, isSuperAdminRole = false): GoogleJson {
  return {
    kind: 'admin#directory#role',
    etag: `"etag-role-${roleId}"`,
    roleId,
    roleName,
    roleDescription: roleName,
    rolePrivileges: [],
    isSystemRole: roleName.startsWith('_'),
    isSuperAdminRole,
  };
}

export function roleAssignment(id: string, roleId: string, assignedTo: string, assigneeType: 'USER' | 'GROUP' = 'USER'): GoogleJson {
  return { kind: 'admin#directory#roleAssignment', etag: `"etag-ra-${id}"`, roleAssignmentId: id, roleId, assignedTo, assigneeType, scopeType: 'CUSTOMER' };
}

export function group(id: string, email: string, name?: string): GoogleJson {
  return { kind: 'admin#directory#group', id, etag: `"etag-g-${id}"`, email, name: name ?? email, directMembersCount: '0', adminCreated: true, nonEditableAliases: [] };
}

export function member(id: string, email: string, type: 'USER' | 'GROUP' | 'CUSTOMER' = 'USER'): GoogleJson {
  return { kind: 'admin#directory#member', etag: `"etag-m-${id}"`, id, email, role: 'MEMBER', type, status: 'ACTIVE' };
}

export interface PolicyOptions {
  name: string;
  setting: SettingKey;
  value: Record<string, unknown>;
  orgUnitId?: string;
  groupId?: string;
  sortOrder?: number;
  type?: 'ADMIN' | 'SYSTEM';
  /** A CEL query to store instead of the plain org-unit/group clauses. */
  query?: string;
  customerId?: string;
}

/** A Cloud Identity policy; the target defaults to the root org unit. */
export function policy(options: PolicyOptions): GoogleJson {
  const unit = options.orgUnitId ?? rootOrgUnitId;
  const clauses = [`entity.org_units.exists(org_unit, org_unit.org_unit_id == orgUnitId('${unit}'))`];
  if (options.groupId) clauses.push(`entity.groups.exists(group, group.group_id == groupId('${options.groupId}'))`);
  return {
    name: `policies/${options.name}`,
    customer: `customers/${options.customerId ?? 'C01demo00'}`,
    policyQuery: {
      query: options.query ?? clauses.join(' && '),
      orgUnit: `orgUnits/${unit}`,
      ...(options.groupId ? { group: `groups/${options.groupId}` } : {}),
      sortOrder: options.sortOrder ?? 1,
    },
    setting: { type: settingTypes[options.setting], value: options.value },
    type: options.type ?? 'ADMIN',
  };
}

export function samlProfile(id: string, displayName: string, entityId: string, signInUrl: string, customerId = 'C01demo00'): GoogleJson {
  return {
    name: `inboundSamlSsoProfiles/${id}`,
    customer: `customers/${customerId}`,
    displayName,
    idpConfig: { entityId, singleSignOnServiceUri: signInUrl, logoutRedirectUri: signInUrl.replace(/\/sso\/saml$/, '/slo') },
    spConfig: { entityId: `https://accounts.google.com/samlrp/${id}`, assertionConsumerServiceUri: `https://accounts.google.com/samlrp/acs?rpid=${id}` },
  };
}

export interface SsoAssignmentOptions {
  id: string;
  mode: 'SSO_OFF' | 'SAML_SSO' | 'OIDC_SSO' | 'DOMAIN_WIDE_SAML_IF_ENABLED';
  profileId?: string;
  orgUnitId?: string;
  groupId?: string;
  rank?: number;
  redirectNever?: boolean;
  customerId?: string;
}

export function ssoAssignment(options: SsoAssignmentOptions): GoogleJson {
  return {
    name: `inboundSsoAssignments/${options.id}`,
    customer: `customers/${options.customerId ?? 'C01demo00'}`,
    ...(options.groupId ? { targetGroup: `groups/${options.groupId}`, rank: options.rank ?? 1 } : { targetOrgUnit: `orgUnits/${options.orgUnitId ?? rootOrgUnitId}` }),
    ssoMode: options.mode,
    ...(options.mode === 'SAML_SSO' ? { samlSsoInfo: { inboundSamlSsoProfile: `inboundSamlSsoProfiles/${options.profileId ?? 'unknown'}` } } : {}),
    ...(options.mode === 'OIDC_SSO' ? { oidcSsoInfo: { inboundOidcSsoProfile: `inboundOidcSsoProfiles/${options.profileId ?? 'unknown'}` } } : {}),
    ...(options.redirectNever ? { signInBehavior: { redirectCondition: 'NEVER' } } : {}),
  };
}

export function appPassword(userId: string, codeId: number, name: string, lastTimeUsed?: string): GoogleJson {
  return {
    kind: 'admin#directory#asp',
    etag: `"etag-asp-${userId}-${codeId}"`,
    codeId,
    name,
    creationTime: String(Date.parse('2024-11-02T10:00:00Z')),
    ...(lastTimeUsed ? { lastTimeUsed: String(Date.parse(lastTimeUsed)) } : {}),
    userKey: userId,
  };
}

export function twoStepActivity(options: { name: '2sv_disable' | '2sv_enroll'; time: string; email: string; profileId: string; uniqueQualifier?: string }): GoogleJson {
  return {
    kind: 'admin#reports#activity',
    id: { time: options.time, uniqueQualifier: options.uniqueQualifier ?? `${options.profileId}-${Date.parse(options.time)}`, applicationName: 'user_accounts', customerId: 'C01demo00' },
    etag: `"etag-act-${options.profileId}-${Date.parse(options.time)}"`,
    actor: { email: options.email, profileId: options.profileId, callerType: 'USER' },
    ipAddress: '203.0.113.10',
    events: [{ type: '2sv_change', name: options.name }],
  };
}

export interface RecordOptions {
  /** Write an (empty where none) app-password line for every user, as a scan with an unlimited budget would. */
  appPasswordsForEveryone?: boolean;
}

/** Writes the fixture as a source: each endpoint's pages at the API's largest page size, keyed lines per object. */
export async function recordGoogleTenant(recorder: SourceRecorder, tenant: GoogleTenantFixture, options: RecordOptions = {}): Promise<void> {
  await writePages(recorder, googleEndpoints.users, tenant.users, { kind: 'admin#directory#users', etag: '"etag-users"' });
  await recorder.endpoint(googleEndpoints.orgUnits.name).write({ kind: 'admin#directory#orgUnits', etag: '"etag-ous"', organizationUnits: tenant.orgUnits });
  await writePages(recorder, googleEndpoints.roles, tenant.roles, { kind: 'admin#directory#roles', etag: '"etag-roles"' });
  await writePages(recorder, googleEndpoints.roleAssignments, tenant.roleAssignments, { kind: 'admin#directory#roleAssignments', etag: '"etag-ras"' });
  await writePages(recorder, googleEndpoints.policies, tenant.policies, {});
  await writePages(recorder, googleEndpoints.samlSsoProfiles, tenant.samlProfiles, {});
  await writePages(recorder, googleEndpoints.ssoAssignments, tenant.ssoAssignments, {});
  const activities = [...tenant.activities].sort((a, b) => activityTime(b).localeCompare(activityTime(a)));
  for (const [endpoint, name] of [
    [googleEndpoints.twoStepDisableEvents, '2sv_disable'],
    [googleEndpoints.twoStepEnrollEvents, '2sv_enroll'],
  ] as const) {
    const items = activities.filter((activity) => (activity.events as Array<{ name: string }> | undefined)?.some((event) => event.name === name));
    await writePages(recorder, endpoint, items, { kind: 'admin#reports#activities', etag: `"etag-${name}"` });
  }
  if (tenant.groups.length > 0) {
    const groups = recorder.endpoint(googleEndpoints.groups.name, { keyed: true });
    const members = recorder.endpoint(googleEndpoints.groupMembers.name, { keyed: true });
    for (const entry of tenant.groups) {
      const id = entry.id as string;
      await groups.write({ key: id, status: 200, body: entry });
      const list = tenant.groupMembers.get(id) ?? [];
      const pages = chunk(list, googleEndpoints.groupMembers.maxPageSize ?? 200);
      for (const [index, page] of pages.entries()) {
        await members.write({
          key: id,
          status: 200,
          body: { kind: 'admin#directory#members', etag: `"etag-members-${id}"`, ...(page.length > 0 ? { members: page } : {}), ...(index < pages.length - 1 ? { nextPageToken: `fixture-${index + 1}` } : {}) },
        });
      }
    }
  }
  const aspUsers = options.appPasswordsForEveryone ? tenant.users.map((user) => user.id as string) : [...tenant.appPasswords.keys()];
  if (aspUsers.length > 0) {
    const asps = recorder.endpoint(googleEndpoints.appPasswords.name, { keyed: true });
    for (const userId of aspUsers) {
      const items = tenant.appPasswords.get(userId) ?? [];
      await asps.write({ key: userId, status: 200, body: { kind: 'admin#directory#aspList', etag: `"etag-asps-${userId}"`, ...(items.length > 0 ? { items } : {}) } });
    }
  }
}

async function writePages(recorder: SourceRecorder, endpoint: GoogleEndpoint, items: readonly GoogleJson[], envelope: GoogleJson): Promise<void> {
  const writer = recorder.endpoint(endpoint.name);
  const pages = chunk(items, endpoint.maxPageSize ?? items.length);
  for (const [index, page] of pages.entries()) {
    await writer.write({
      ...envelope,
      ...(page.length > 0 ? { [endpoint.itemsField]: page } : {}),
      ...(index < pages.length - 1 ? { nextPageToken: `fixture-${index + 1}` } : {}),
    });
  }
}

/** Items in pages of `size`; always at least one (possibly empty) page, as an API answers an empty listing. */
function chunk<T>(items: readonly T[], size: number): T[][] {
  if (items.length === 0) return [[]];
  const pages: T[][] = [];
  for (let start = 0; start < items.length; start += Math.max(1, size)) pages.push(items.slice(start, start + Math.max(1, size)));
  return pages;
}

function activityTime(activity: GoogleJson): string {
  return ((activity.id as { time?: string } | undefined)?.time ?? '').toString();
}
