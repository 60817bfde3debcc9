/** The 2-step verification enforcement policies and SSO assignments, as the report's "which policy covers whom". */
import type { PolicySummary } from '../connector.js';
import type { GoogleDomain } from './google-domain.js';
import { groupIdOf, orgUnitIdOf } from './google-resource-names.js';
import type { PolicyIndex, PolicyLabels } from './resolve-setting.js';
import type { CloudPolicy } from './policy-settings.js';

export function googlePolicySummaries(domain: GoogleDomain, index: PolicyIndex | undefined, labels: PolicyLabels, asOf: Date): PolicySummary[] {
  const summaries: PolicySummary[] = [];
  for (const policy of index?.policies ?? []) {
    if (policy.key !== 'enforcement') continue;
    summaries.push(enforcementSummary(policy as CloudPolicy<'enforcement'>, labels, asOf));
  }
  if (domain.ssoAssignments.readable) {
    for (const assignment of domain.ssoAssignments.value) {
      const groupId = groupIdOf(assignment.targetGroup);
      const unitId = orgUnitIdOf(assignment.targetOrgUnit);
      const target = groupId ? `group ${labels.group(groupId)} (rank ${assignment.rank ?? 0})` : unitId ? `OU ${labels.orgUnit(unitId)} and its sub-units without their own assignment` : 'no target';
      const profile = assignment.samlSsoInfo?.inboundSamlSsoProfile ?? assignment.oidcSsoInfo?.inboundOidcSsoProfile;
      const details = profile && domain.samlProfiles.readable ? domain.samlProfiles.value.get(profile) : undefined;
      summaries.push({
        id: assignment.name ?? `sso ${target}`,
        name: `SSO assignment: ${target}`,
        state: assignment.ssoMode ?? 'unknown',
        requiresMfa: false,
        scope: [
          `Applies to ${target}; super administrators are never redirected.`,
          ...(profile ? [`Delegates sign-in to ${details?.displayName ?? profile}${details?.idpConfig?.entityId ? ` (identity provider ${details.idpConfig.entityId})` : ''}.`] : []),
          ...(assignment.signInBehavior?.redirectCondition === 'NEVER' ? ['redirectCondition NEVER: Google sign-in stays open as well.'] : []),
        ],
      });
    }
  }
  return summaries.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

function enforcementSummary(policy: CloudPolicy<'enforcement'>, labels: PolicyLabels, asOf: Date): PolicySummary {
  const target = policy.groupId !== undefined ? `group ${labels.group(policy.groupId)}` : policy.orgUnitId !== undefined ? `OU ${labels.orgUnit(policy.orgUnitId)}` : 'no target';
  const from = policy.value?.enforcedFrom;
  const state = policy.value === undefined ? 'unreadable' : from === null ? 'off' : Date.parse(from as string) > asOf.getTime() ? `scheduled from ${from}` : `on since ${from}`;
  return {
    id: policy.name,
    name: `2-step verification enforcement: ${target}`,
    state,
    requiresMfa: state.startsWith('on since'),
    scope: [
      policy.groupId !== undefined
        ? `Members of ${target}, wherever their org unit; overrides org-unit settings${policy.conditional ? ' (narrowed by a condition)' : ''}.`
        : `Users in ${target} and its sub-units that do not set their own value${policy.conditional ? ' (narrowed by a condition)' : ''}.`,
      `Policy type ${policy.type}, sort order ${policy.sortOrder}.`,
    ],
  };
}
