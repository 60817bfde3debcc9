/**
 * Administrator roles per user: assignments made to the user directly, or to a group the user belongs to. Google
 * flags super administrators on the user itself (`isAdmin`), so they are known even when roles are unreadable.
 */
import type { GoogleDomain } from './google-domain.js';
import type { GoogleRole, GoogleUser } from './google-payloads.js';
import type { PolicyTarget } from './resolve-setting.js';

export interface AdminRoles {
  superAdmin: boolean;
  privileged: boolean;
  /** Display names, sorted. */
  roles: string[];
  /** Why the list may be incomplete. */
  doubts: string[];
}

export function adminRolesOf(domain: GoogleDomain, user: GoogleUser, target: PolicyTarget): AdminRoles {
  const names = new Set<string>();
  const doubts: string[] = [];
  let superAdmin = user.isAdmin === true;
  if (!domain.roleAssignments.readable) {
    doubts.push(`admin role assignments are unknown: ${domain.roleAssignments.reason}`);
  } else {
    const roles = domain.roles.readable ? domain.roles.value : new Map<string, GoogleRole>();
    for (const assignment of domain.roleAssignments.value) {
      const role = roles.get(assignment.roleId);
      const name = role ? roleDisplayName(role.roleName) : `role ${assignment.roleId}`;
      if (assignment.assigneeType === 'GROUP') {
        const membership = target.inGroup(assignment.assignedTo);
        if (membership.applies === 'maybe') doubts.push(`${name} is assigned to a group whose members are unknown (${membership.reason ?? 'unreadable'})`);
        if (membership.applies !== 'yes') continue;
      } else if (assignment.assignedTo !== user.id) {
        continue;
      }
      names.add(name);
      if (role?.isSuperAdminRole) superAdmin = true;
    }
  }
  if (superAdmin && names.size === 0) names.add('Super Admin');
  const privileged = superAdmin || user.isDelegatedAdmin === true || names.size > 0;
  return { superAdmin, privileged, roles: [...names].sort(), doubts };
}

/** `_SEED_ADMIN_ROLE` → `Super Admin`, `_HELP_DESK_ADMIN_ROLE` → `Help Desk Admin`; custom role names stay. */
export function roleDisplayName(roleName: string): string {
  if (roleName === '_SEED_ADMIN_ROLE') return 'Super Admin';
  const system = /^_(.+)_ROLE$/.exec(roleName);
  if (!system) return roleName;
  return (system[1] as string)
    .split('_')
    .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
    .join(' ');
}
