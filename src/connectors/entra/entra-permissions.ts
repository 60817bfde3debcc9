/** Least-privilege Microsoft Graph application permissions (docs/permissions.md explains each). */
export const entraPermissions = [
  'User.Read.All',
  'AuditLog.Read.All',
  'Policy.Read.All',
  'RoleManagement.Read.Directory',
  'GroupMember.Read.All',
  'UserAuthenticationMethod.Read.All',
] as const;
