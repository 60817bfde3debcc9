/**
 * Who holds which directory role: assigned directly, or as a member (transitively) of a role-assignable group.
 * Roles are identified by template id, the id conditional-access role conditions use.
 */
import { groupLabel, type EntraTenant } from './entra-tenant.js';
import { compareText } from './load-entra-tenant.js';
import { isPrivilegedRole, privilegedRoleName } from './privileged-roles.js';

export interface HeldRole {
  templateId: string;
  displayName: string;
  privileged: boolean;
  /** `direct`, or the group through which the role is held. */
  via: { kind: 'direct' } | { kind: 'group'; groupId: string; label: string };
}

export interface RoleIndex {
  readable: boolean;
  /** Roles per user id (only users holding one). */
  holders: ReadonlyMap<string, HeldRole[]>;
  /**
   * Why any user's roles may be incomplete: the assignments could not be read, or a role-holding group's members
   * could not. A user holding no known role is then of unknown privilege.
   */
  doubts: string[];
}

const groupType = '#microsoft.graph.group';
const userType = '#microsoft.graph.user';

export function indexRoleHolders(tenant: EntraTenant): RoleIndex {
  if (!tenant.roleAssignments.readable) return { readable: false, holders: new Map(), doubts: [`Directory roles unknown: ${tenant.roleAssignments.reason}.`] };
  const definitions = tenant.roleDefinitions.readable ? tenant.roleDefinitions.value : undefined;
  const userIds = new Set(tenant.users.map((user) => user.id));
  const holders = new Map<string, HeldRole[]>();
  const doubts: string[] = [];
  const add = (userId: string, role: HeldRole): void => {
    const list = holders.get(userId) ?? [];
    if (!list.some((held) => held.templateId === role.templateId && sameVia(held, role))) list.push(role);
    holders.set(userId, list);
  };
  for (const assignment of tenant.roleAssignments.value) {
    const definition = definitions?.get(assignment.roleDefinitionId);
    // Built-in role definitions carry their template id as id; custom roles have no template.
    const templateId = definition?.templateId ?? assignment.roleDefinitionId;
    const displayName = definition?.displayName ?? privilegedRoleName(templateId) ?? `role ${assignment.roleDefinitionId}`;
    const base = { templateId, displayName, privileged: isPrivilegedRole(templateId) };
    const principalType = assignment.principal?.['@odata.type'];
    const membership = tenant.memberships.get(assignment.principalId);
    const isGroup = principalType === groupType || (principalType === undefined && membership !== undefined && !userIds.has(assignment.principalId));
    if (!isGroup) {
      if (principalType === undefined || principalType === userType) add(assignment.principalId, { ...base, via: { kind: 'direct' } });
      continue;
    }
    const label = groupLabel(tenant, assignment.principalId);
    if (membership === undefined || membership.state === 'unknown') {
      const reason = membership?.state === 'unknown' ? membership.reason : tenant.membershipsMissingReason;
      doubts.push(`The members of ${label}, which holds ${displayName}, are unknown: ${reason}.`);
      continue;
    }
    if (membership.state === 'deleted') continue;
    for (const userId of membership.userIds) add(userId, { ...base, via: { kind: 'group', groupId: assignment.principalId, label } });
  }
  for (const list of holders.values()) list.sort((a, b) => compareText(a.displayName, b.displayName) || compareText(viaKey(a), viaKey(b)));
  return { readable: true, holders, doubts: [...new Set(doubts)].sort(compareText) };
}

function viaKey(role: HeldRole): string {
  return role.via.kind === 'direct' ? '' : role.via.groupId;
}

function sameVia(a: HeldRole, b: HeldRole): boolean {
  return viaKey(a) === viaKey(b);
}
