/** Builds the `PolicyTarget` of a user (its unit chain and group memberships) or of a bare org unit. */
import { groupLabel, membershipOf, type GoogleDomain } from './google-domain.js';
import type { GoogleUser } from './google-payloads.js';
import type { PolicyLabels, PolicyTarget } from './resolve-setting.js';

export function userTarget(domain: GoogleDomain, user: GoogleUser): PolicyTarget {
  return {
    chain: chainOf(domain, user.orgUnitPath ?? '/'),
    inGroup(groupId) {
      const membership = membershipOf(domain, groupId);
      if (membership.state === 'deleted') return { applies: 'no' };
      if (membership.state === 'unknown') return { applies: 'maybe', reason: `the members of ${groupLabel(domain, groupId)} are unknown: ${membership.reason}` };
      if (membership.everyone) return { applies: 'yes' };
      const member = membership.userIds.has(user.id) || membership.emails.has(user.primaryEmail.toLowerCase());
      return { applies: member ? 'yes' : 'no' };
    },
  };
}

/** An org unit on its own, as a user in it who belongs to no group would see it. */
export function orgUnitTarget(domain: GoogleDomain, path: string): PolicyTarget {
  return { chain: chainOf(domain, path), inGroup: () => ({ applies: 'no' }) };
}

function chainOf(domain: GoogleDomain, path: string): PolicyTarget['chain'] {
  if (!domain.orgUnits.readable) return { unreadable: domain.orgUnits.reason };
  return domain.orgUnits.value.chain(path);
}

export function policyLabels(domain: GoogleDomain): PolicyLabels {
  return {
    orgUnit: (id) => (domain.orgUnits.readable ? (domain.orgUnits.value.pathOf(id) ?? `orgUnits/${id}`) : `orgUnits/${id}`),
    group: (id) => groupLabel(domain, id),
  };
}
