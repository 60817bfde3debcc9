/**
 * The Okta Management API endpoints the connector reads, each stored as one snapshot file named by `name`.
 * `scope` is the OAuth scope Okta asks for when it refuses the call (docs/connectors/okta.md).
 */

/** Least-privilege OAuth scopes for the service app; an SSWS token needs a read-only admin instead. */
export const oktaScopes = [
  'okta.users.read',
  'okta.groups.read',
  'okta.roles.read',
  'okta.policies.read',
  'okta.apps.read',
  'okta.networkZones.read',
  'okta.authenticators.read',
  'okta.logs.read',
] as const;
export type OktaScope = (typeof oktaScopes)[number];

export interface OktaEndpoint {
  name: string;
  /** Request label used in request counts. */
  label: string;
  scope: OktaScope;
  keyed: boolean;
  /** What a 2xx body is: a JSON array (listings) or one JSON object. */
  body: 'array' | 'object';
}

function endpoint(name: string, label: string, scope: OktaScope, keyed = false, body: 'array' | 'object' = 'array'): OktaEndpoint {
  return { name, label, scope, keyed, body };
}

export const oktaEndpoints = {
  users: endpoint('users', 'GET /api/v1/users', 'okta.users.read'),
  deprovisionedUsers: endpoint('deprovisionedUsers', 'GET /api/v1/users?filter=status eq "DEPROVISIONED"', 'okta.users.read'),
  factors: endpoint('factors', 'GET /api/v1/users/{id}/factors', 'okta.users.read', true),
  roleAssignees: endpoint('roleAssignees', 'GET /api/v1/iam/assignees/users', 'okta.roles.read', false, 'object'),
  userRoles: endpoint('userRoles', 'GET /api/v1/users/{id}/roles', 'okta.roles.read', true),
  groupRoles: endpoint('groupRoles', 'GET /api/v1/groups/{id}/roles', 'okta.roles.read', true),
  groups: endpoint('groups', 'GET /api/v1/groups/{id}', 'okta.groups.read', true, 'object'),
  groupMembers: endpoint('groupMembers', 'GET /api/v1/groups/{id}/users', 'okta.groups.read', true),
  signOnPolicies: endpoint('signOnPolicies', 'GET /api/v1/policies?type=OKTA_SIGN_ON', 'okta.policies.read'),
  accessPolicies: endpoint('accessPolicies', 'GET /api/v1/policies?type=ACCESS_POLICY', 'okta.policies.read'),
  mfaEnrollPolicies: endpoint('mfaEnrollPolicies', 'GET /api/v1/policies?type=MFA_ENROLL', 'okta.policies.read'),
  policyRules: endpoint('policyRules', 'GET /api/v1/policies/{id}/rules', 'okta.policies.read', true),
  policyApps: endpoint('policyApps', 'GET /api/v1/policies/{id}/app', 'okta.policies.read', true),
  appUsers: endpoint('appUsers', 'GET /api/v1/apps/{id}/users', 'okta.apps.read', true),
  networkZones: endpoint('networkZones', 'GET /api/v1/zones', 'okta.networkZones.read'),
  authenticators: endpoint('authenticators', 'GET /api/v1/authenticators', 'okta.authenticators.read'),
  systemLog: endpoint('systemLog', 'GET /api/v1/logs', 'okta.logs.read'),
} as const satisfies Record<string, OktaEndpoint>;

export type OktaEndpointName = keyof typeof oktaEndpoints;

/**
 * Not a request: how this source was collected (full or incremental), the System Log window, and which
 * endpoints were carried forward from the previous snapshot with their original fetch time.
 */
export const collectionManifestEndpoint = 'collection';

/** Statuses whose users can sign in now or after an unlock/reset; only they (and unknown statuses) cost a factor request. */
export const factorFetchStatuses: ReadonlySet<string> = new Set(['ACTIVE', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'RECOVERY', 'SUSPENDED']);

/** Every user status Okta documents. A status outside it may be one Okta added later: nothing is assumed about it. */
export const knownUserStatuses: ReadonlySet<string> = new Set(['ACTIVE', 'DEPROVISIONED', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'PROVISIONED', 'RECOVERY', 'STAGED', 'SUSPENDED']);

/** Whether a user's factors are read: users who can sign in, and users whose status the scanner does not know. */
export function fetchesFactors(status: string): boolean {
  return factorFetchStatuses.has(status) || !knownUserStatuses.has(status);
}

/** The largest page each listing allows (Okta's documented maxima). */
export const pageSizes = { users: 200, groupMembers: 1000, appUsers: 500, roleAssignees: 100, systemLog: 1000, zones: 200 } as const;
