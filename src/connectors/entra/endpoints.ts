/**
 * The Graph endpoints the Entra connector reads, each stored as one snapshot file named by `name`.
 * `permission` is what Graph asks for when it refuses the call (docs/permissions.md).
 */
export interface EntraEndpoint {
  name: string;
  /** Request label used in request counts. */
  label: string;
  permission: string;
  keyed: boolean;
}

function endpoint(name: string, label: string, permission: string, keyed = false): EntraEndpoint {
  return { name, label, permission, keyed };
}

export const entraEndpoints = {
  users: endpoint('users', 'GET /users', 'User.Read.All and AuditLog.Read.All (signInActivity)'),
  userRegistrationDetails: endpoint(
    'userRegistrationDetails',
    'GET /reports/authenticationMethods/userRegistrationDetails',
    'AuditLog.Read.All (and a Microsoft Entra ID P1/P2 licence)',
  ),
  authenticationMethods: endpoint(
    'authenticationMethods',
    'GET /users/{id}/authentication/methods',
    'UserAuthenticationMethod.Read.All',
    true,
  ),
  roleDefinitions: endpoint('roleDefinitions', 'GET /roleManagement/directory/roleDefinitions', 'RoleManagement.Read.Directory'),
  roleAssignments: endpoint('roleAssignments', 'GET /roleManagement/directory/roleAssignments', 'RoleManagement.Read.Directory'),
  groupMembers: endpoint('groupMembers', 'GET /groups/{id}/transitiveMembers', 'GroupMember.Read.All', true),
  /** Id and display name of the groups policies and role assignments name, 15 ids a request (`$filter=id in (...)`). */
  groups: endpoint('groups', 'GET /groups', 'GroupMember.Read.All'),
  conditionalAccessPolicies: endpoint('conditionalAccessPolicies', 'GET /identity/conditionalAccess/policies', 'Policy.Read.All'),
  namedLocations: endpoint('namedLocations', 'GET /identity/conditionalAccess/namedLocations', 'Policy.Read.All'),
  securityDefaults: endpoint(
    'securityDefaults',
    'GET /policies/identitySecurityDefaultsEnforcementPolicy',
    'Policy.Read.All',
  ),
  authenticationMethodsPolicy: endpoint('authenticationMethodsPolicy', 'GET /policies/authenticationMethodsPolicy', 'Policy.Read.All'),
} as const satisfies Record<string, EntraEndpoint>;

export type EntraEndpointName = keyof typeof entraEndpoints;
