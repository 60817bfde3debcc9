/**
 * The Admin SDK and Cloud Identity endpoints the Google connector reads. Each is stored as one snapshot file
 * named by `name`; `label` counts requests; `scope` is the OAuth scope Google asks for when it refuses the call
 * (docs/connectors/google.md); `itemsField` is the array a page body carries; `maxPageSize` is the largest page
 * the API serves, which the collector always asks for.
 */
export const googleScopes = {
  users: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  orgUnits: 'https://www.googleapis.com/auth/admin.directory.orgunit.readonly',
  roles: 'https://www.googleapis.com/auth/admin.directory.rolemanagement.readonly',
  groups: 'https://www.googleapis.com/auth/admin.directory.group.readonly',
  /** The only scope that lists app passwords; Google offers no read-only variant. */
  userSecurity: 'https://www.googleapis.com/auth/admin.directory.user.security',
  reports: 'https://www.googleapis.com/auth/admin.reports.audit.readonly',
  policies: 'https://www.googleapis.com/auth/cloud-identity.policies.readonly',
  inboundSso: 'https://www.googleapis.com/auth/cloud-identity.inboundsso.readonly',
} as const;

export const googleScopeList: readonly string[] = Object.values(googleScopes);

export interface GoogleEndpoint {
  name: string;
  label: string;
  scope: string;
  keyed: boolean;
  itemsField: string;
  maxPageSize: number | undefined;
}

function endpoint(name: string, label: string, scope: string, itemsField: string, maxPageSize?: number, keyed = false): GoogleEndpoint {
  return { name, label, scope, keyed, itemsField, maxPageSize };
}

export const googleEndpoints = {
  users: endpoint('users', 'GET /admin/directory/v1/users', googleScopes.users, 'users', 500),
  orgUnits: endpoint('orgUnits', 'GET /admin/directory/v1/customer/{customerId}/orgunits', googleScopes.orgUnits, 'organizationUnits'),
  roles: endpoint('roles', 'GET /admin/directory/v1/customer/{customer}/roles', googleScopes.roles, 'items', 100),
  roleAssignments: endpoint('roleAssignments', 'GET /admin/directory/v1/customer/{customer}/roleassignments', googleScopes.roles, 'items', 200),
  groups: endpoint('groups', 'GET /admin/directory/v1/groups/{groupKey}', googleScopes.groups, '', undefined, true),
  groupMembers: endpoint('groupMembers', 'GET /admin/directory/v1/groups/{groupKey}/members', googleScopes.groups, 'members', 200, true),
  appPasswords: endpoint('asps', 'GET /admin/directory/v1/users/{userKey}/asps', googleScopes.userSecurity, 'items', undefined, true),
  policies: endpoint('policies', 'GET /v1/policies', googleScopes.policies, 'policies', 100),
  samlSsoProfiles: endpoint('inboundSamlSsoProfiles', 'GET /v1/inboundSamlSsoProfiles', googleScopes.inboundSso, 'inboundSamlSsoProfiles', 100),
  ssoAssignments: endpoint('inboundSsoAssignments', 'GET /v1/inboundSsoAssignments', googleScopes.inboundSso, 'inboundSsoAssignments', 100),
  twoStepDisableEvents: endpoint(
    'userAccounts.2sv_disable',
    'GET /admin/reports/v1/activity/users/all/applications/user_accounts?eventName=2sv_disable',
    googleScopes.reports,
    'items',
    1000,
  ),
  twoStepEnrollEvents: endpoint(
    'userAccounts.2sv_enroll',
    'GET /admin/reports/v1/activity/users/all/applications/user_accounts?eventName=2sv_enroll',
    googleScopes.reports,
    'items',
    1000,
  ),
} as const satisfies Record<string, GoogleEndpoint>;

export type GoogleEndpointKey = keyof typeof googleEndpoints;

/**
 * The `fields` mask of `users.list`: only what the verdicts need, which keeps a 500-user page small. Changing it
 * changes what the analysis can see; the simulator applies the same partial-response rules as Google.
 */
export const usersFieldMask =
  'nextPageToken,users(id,primaryEmail,name/fullName,isAdmin,isDelegatedAdmin,isEnrolledIn2Sv,isEnforcedIn2Sv,suspended,suspensionReason,archived,lastLoginTime,creationTime,orgUnitPath,isGuestUser,customerId)';
