/** The report's "which policy covers whom": one summary per conditional-access policy, plus security defaults. */
import type { PolicySummary } from '../connector.js';
import type { EntraTenant } from './entra-tenant.js';
import { requiresMfa, type ConditionalAccessContext } from './evaluate-conditional-access.js';
import type { AudienceDirectory } from './policy-audience.js';
import { grantDetail, locationLabel, type PolicyShape } from './policy-shape.js';
import { compareText } from './load-entra-tenant.js';

export function entraPolicySummaries(tenant: EntraTenant, context: ConditionalAccessContext): PolicySummary[] {
  const summaries: PolicySummary[] = [];
  const defaults = context.securityDefaults;
  summaries.push({
    id: 'identitySecurityDefaultsEnforcementPolicy',
    name: 'Security defaults',
    state: defaults.readable ? (defaults.value ? 'enabled' : 'disabled') : 'unreadable',
    requiresMfa: defaults.readable && defaults.value,
    scope: defaults.readable
      ? [
          defaults.value
            ? 'All users: MFA registration required; MFA at every sign-in for the administrator roles Microsoft lists, for everyone else only when Microsoft judges it necessary; legacy authentication blocked.'
            : 'Off.',
        ]
      : [`Unknown: ${defaults.reason}.`],
  });
  if (context.policies.readable) {
    for (const shape of context.policies.value) summaries.push(summarise(shape, tenant, context.directory));
  }
  for (const policy of tenant.unreadablePolicies) {
    summaries.push({
      id: policy.id ?? policy.name,
      name: `Conditional access: ${policy.name}`,
      state: 'unreadable',
      requiresMfa: false,
      scope: [`Could not be understood (${policy.state ? `state ${policy.state}` : 'state unknown'}): ${policy.problem}.`],
    });
  }
  return summaries.sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
}

function summarise(shape: PolicyShape, tenant: EntraTenant, directory: AudienceDirectory): PolicySummary {
  const { policy } = shape;
  const users = policy.conditions.users;
  const people = (ids: readonly string[] | null | undefined, groups: readonly string[] | null | undefined, roles: readonly string[] | null | undefined, guests: { guestOrExternalUserTypes?: string | null } | null | undefined): string => {
    const parts = [
      ...(ids ?? []).map((id) => (id === 'All' ? 'all users' : id === 'GuestsOrExternalUsers' ? 'guests and external users' : id === 'None' ? 'nobody' : `user ${id}`)),
      ...(groups ?? []).map((id) => directory.groupLabel(id)),
      ...(roles ?? []).map((id) => `role '${directory.roleLabel(id)}'`),
      ...(guests ? [`guest types ${guests.guestOrExternalUserTypes ?? 'all'}`] : []),
    ];
    return parts.length > 0 ? parts.join(', ') : 'nobody';
  };
  const scope = [`Users: ${people(users?.includeUsers, users?.includeGroups, users?.includeRoles, users?.includeGuestsOrExternalUsers)}.`];
  const excluded = people(users?.excludeUsers, users?.excludeGroups, users?.excludeRoles, users?.excludeGuestsOrExternalUsers);
  if (excluded !== 'nobody') scope.push(`Excluded: ${excluded}.`);
  const apps = policy.conditions.applications;
  scope.push(`Apps: ${shape.targetsSignIn ? (apps?.includeApplications ?? []).join(', ') : `none: ${shape.notSignIn ?? 'not for sign-ins'}`}${(apps?.excludeApplications ?? []).length > 0 ? ` except ${(apps?.excludeApplications ?? []).join(', ')}` : ''}.`);
  scope.push(`Client apps: ${shape.clientApps.types.join(', ')}.`);
  const locations = policy.conditions.locations;
  if (locations) {
    const include = (locations.includeLocations ?? ['All']).map((id) => locationLabel(id, tenant.namedLocations)).join(', ');
    const exclude = (locations.excludeLocations ?? []).map((id) => locationLabel(id, tenant.namedLocations)).join(', ');
    scope.push(`Locations: ${include}${exclude ? ` except ${exclude}` : ''}.`);
  }
  for (const carveOut of shape.carveOuts.filter((entry) => entry.kind !== 'location' && entry.kind !== 'application')) scope.push(`Condition: ${carveOut.text}.`);
  scope.push(`Grant: ${grantDetail(shape.grant)}.`);
  return { id: policy.id, name: `Conditional access: ${policy.displayName}`, state: policy.state, requiresMfa: requiresMfa(shape) && shape.grant.kind === 'mfa', scope };
}
