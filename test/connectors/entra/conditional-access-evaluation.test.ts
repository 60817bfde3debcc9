/**
 * Table-driven tests of the conditional-access evaluation: each case builds a tenant, analyses it through the memory
 * source and checks one account's `mfaEnforced` and `legacyAuth`, with a reason that must name what decided it.
 */
import type { Enforcement, LegacyAuth } from '../../../src/model/account.js';
import type { EntraTenantFixture, PolicySpec } from '../../../src/simulators/entra/entra-tenant-fixture.js';
import type { ConditionalAccessPolicy } from '../../../src/connectors/entra/graph-payloads.js';
import type { MemoryEntraSourceOptions } from './memory-entra-source.js';
import { accountOf, analyse, baseTenant, blockLegacy, ids, policy, roles, strengths, type Person } from './entra-tenant-cases.js';

interface Case {
  name: string;
  setup: (tenant: EntraTenantFixture) => void;
  source?: MemoryEntraSourceOptions;
  who: Person;
  mfa: Enforcement;
  legacy: LegacyAuth;
  /** Must match one of the mfaEnforced reasons. */
  mfaReason?: RegExp;
  /** Must match one of the legacyAuth reasons. */
  legacyReason?: RegExp;
  /** Must match no mfaEnforced reason. */
  notMfaReason?: RegExp;
}

const defaultsOn = (tenant: EntraTenantFixture): void => void (tenant.securityDefaults.isEnabled = true);
const editPolicy = (edit: (made: ConditionalAccessPolicy) => void, spec: Partial<PolicySpec> = {}) => (tenant: EntraTenantFixture) => {
  const made = policy(spec);
  edit(made);
  tenant.conditionalAccessPolicies.push(made);
};
const policies = (...list: Array<ReturnType<typeof policy>>) => (tenant: EntraTenantFixture) => tenant.conditionalAccessPolicies.push(...list);
const refused = (endpoint: string, permission: string): MemoryEntraSourceOptions => ({
  drop: [endpoint],
  errors: [{ endpoint, code: 'PERMISSION_MISSING', message: 'Insufficient privileges to complete the operation.', permission, httpStatus: 403 }],
});

const cases: Case[] = [
  // No policies, security defaults.
  { name: 'no policies at all', setup: () => undefined, who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /requires MFA in this tenant, and security defaults are off/, legacyReason: /No enabled conditional-access policy blocks/ },
  // Security defaults: MFA at every sign-in for the listed administrator roles only; everyone else "when necessary".
  { name: 'security defaults on, ordinary member', setup: defaultsOn, who: 'alice', mfa: 'partial', legacy: 'blocked', mfaReason: /only when Microsoft judges it necessary/, legacyReason: /blocks legacy authentication protocols for everyone/, notMfaReason: /risky sign-ins/ },
  { name: 'security defaults on, Global Administrator through a group', setup: defaultsOn, who: 'carol', mfa: 'yes', legacy: 'blocked', mfaReason: /'Global Administrator' must perform MFA at every sign-in/ },
  { name: 'security defaults on, User Administrator', setup: defaultsOn, who: 'dave', mfa: 'yes', legacy: 'blocked', mfaReason: /'User Administrator'/ },
  { name: 'security defaults on, roles unreadable', setup: defaultsOn, source: refused('roleAssignments', 'RoleManagement.Read.Directory'), who: 'alice', mfa: 'unknown', legacy: 'blocked', mfaReason: /administrator role .* is unknown/ },
  { name: 'security defaults unreadable and no policy', setup: () => undefined, source: refused('securityDefaults', 'Policy.Read.All'), who: 'alice', mfa: 'unknown', legacy: 'unknown', mfaReason: /Security defaults unknown.*Policy\.Read\.All.*may be on/ },
  { name: 'security defaults unreadable beside an enabled policy', setup: policies(policy()), source: refused('securityDefaults', 'Policy.Read.All'), who: 'alice', mfa: 'yes', legacy: 'blocked' },
  { name: 'policies unreadable', setup: policies(policy()), source: refused('conditionalAccessPolicies', 'Policy.Read.All'), who: 'alice', mfa: 'unknown', legacy: 'unknown', mfaReason: /Conditional-access policies unknown:.*Graph asked for Policy\.Read\.All/ },

  // Policy state.
  { name: 'MFA for all users, all apps, all clients', setup: policies(policy()), who: 'alice', mfa: 'yes', legacy: 'blocked', mfaReason: /'Require MFA' requires MFA for all cloud apps, all client types, locations and platforms; applies through all users/, legacyReason: /cannot perform it/ },
  { name: 'report-only MFA policy', setup: policies(policy({ state: 'enabledForReportingButNotEnforced' })), who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /would require MFA of this account but is report-only/, legacyReason: /but is report-only/ },
  { name: 'disabled MFA policy', setup: policies(policy({ state: 'disabled' })), who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /but is disabled/ },
  { name: 'policy included by name', setup: policies(policy({ includeUsers: [ids.alice] })), who: 'alice', mfa: 'yes', legacy: 'blocked', mfaReason: /the account by name/ },
  { name: 'policy for another user only', setup: policies(policy({ includeUsers: [ids.bob] })), who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /that requires MFA applies to this account/ },
  { name: 'includeUsers None', setup: policies(policy({ includeUsers: ['None'] })), who: 'alice', mfa: 'no', legacy: 'open' },

  // Exclusions and groups.
  { name: 'user excluded by name', setup: policies(policy({ excludeUsers: [ids.alice] })), who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /Excluded from 'Require MFA' \(which requires MFA\) by name/ },
  { name: 'excluded through a nested group', setup: policies(policy({ excludeGroups: [ids.allStaff] })), who: 'bob', mfa: 'no', legacy: 'open', mfaReason: /through group 'All-Staff'/ },
  { name: 'a group exclusion leaves non-members covered', setup: policies(policy({ excludeGroups: [ids.allStaff] })), who: 'erin', mfa: 'yes', legacy: 'blocked' },
  { name: 'included through a nested group', setup: policies(policy({ includeUsers: [], includeGroups: [ids.allStaff] })), who: 'bob', mfa: 'yes', legacy: 'blocked', mfaReason: /applies through group 'All-Staff'/ },
  { name: 'a group inclusion leaves non-members out', setup: policies(policy({ includeUsers: [], includeGroups: [ids.staff] })), who: 'alice', mfa: 'no', legacy: 'open' },
  {
    name: 'excluded group whose members could not be read',
    setup: policies(policy({ excludeGroups: [ids.contractors] })),
    source: { edit: (lines) => lines.set('groupMembers', (lines.get('groupMembers') ?? []).map((line) => ((line as { key: string }).key === ids.contractors ? { key: ids.contractors, status: 403, body: { error: { code: 'Authorization_RequestDenied' } } } : line))) },
    who: 'alice',
    mfa: 'unknown',
    legacy: 'unknown',
    mfaReason: /the members of group 'Contractors' are unknown: GET \/groups\/\{id\}\/transitiveMembers answered 403/,
  },
  {
    name: 'excluded group that no longer exists (404)',
    setup: policies(policy({ excludeGroups: ['g-deleted'] })),
    source: { append: { groupMembers: [{ key: 'g-deleted', status: 404, body: { error: { code: 'Request_ResourceNotFound' } } }] } },
    who: 'alice',
    mfa: 'yes',
    legacy: 'blocked',
  },
  { name: 'group named by id when the snapshot has no group names', setup: policies(policy({ excludeGroups: [ids.allStaff] })), source: { withoutGroupNames: true }, who: 'bob', mfa: 'no', legacy: 'open', mfaReason: new RegExp(`through group ${ids.allStaff}`) },
  { name: 'excluded group never collected', setup: policies(policy({ excludeGroups: ['g-unlisted'] })), who: 'alice', mfa: 'unknown', legacy: 'unknown', mfaReason: /members of group g-unlisted are unknown/ },

  // Roles.
  { name: 'role exclusion held through a role-assignable group', setup: policies(policy({ excludeRoles: [roles.globalAdministrator.id] })), who: 'carol', mfa: 'no', legacy: 'open', mfaReason: /through role 'Global Administrator'/ },
  { name: 'role inclusion held directly', setup: policies(policy({ includeUsers: [], includeRoles: [roles.userAdministrator.id] })), who: 'dave', mfa: 'yes', legacy: 'blocked', mfaReason: /applies through role 'User Administrator'/ },
  { name: 'role inclusion misses a non-holder', setup: policies(policy({ includeUsers: [], includeRoles: [roles.userAdministrator.id] })), who: 'alice', mfa: 'no', legacy: 'open' },
  {
    name: 'role inclusion with role assignments unreadable',
    setup: policies(policy({ includeUsers: [], includeRoles: [roles.userAdministrator.id] })),
    source: refused('roleAssignments', 'RoleManagement.Read.Directory'),
    who: 'dave',
    mfa: 'unknown',
    legacy: 'unknown',
    mfaReason: /whether the account holds role 'User Administrator' is unknown.*RoleManagement\.Read\.Directory/,
  },

  // Guests.
  { name: 'guests excluded by guest type', setup: policies(policy({ excludeGuestTypes: 'internalGuest,b2bCollaborationGuest' })), who: 'gina', mfa: 'no', legacy: 'open', mfaReason: /as a guest \(internalGuest,b2bCollaborationGuest\)/ },
  { name: 'a guest-type exclusion leaves members covered', setup: policies(policy({ excludeGuestTypes: 'internalGuest,b2bCollaborationGuest' })), who: 'alice', mfa: 'yes', legacy: 'blocked' },
  { name: 'a direct-connect exclusion does not touch guest users', setup: policies(policy({ excludeGuestTypes: 'b2bDirectConnectUser' })), who: 'gina', mfa: 'yes', legacy: 'blocked' },
  { name: 'policy for guests only reaches the guest', setup: policies(policy({ includeUsers: [], includeGuestTypes: 'b2bCollaborationGuest' })), who: 'gina', mfa: 'yes', legacy: 'blocked', mfaReason: /guest types b2bCollaborationGuest/ },
  { name: 'policy for guests only misses members', setup: policies(policy({ includeUsers: [], includeGuestTypes: 'b2bCollaborationGuest' })), who: 'alice', mfa: 'no', legacy: 'open' },
  // Guest types per Graph's definitions (issue 11 item 2): userType alone does not tell them apart.
  { name: 'internal guest is not a B2B collaboration guest', setup: policies(policy({ excludeGuestTypes: 'b2bCollaborationGuest' })), who: 'ivan', mfa: 'yes', legacy: 'blocked' },
  { name: 'internal guest excluded as internalGuest', setup: policies(policy({ excludeGuestTypes: 'internalGuest' })), who: 'ivan', mfa: 'no', legacy: 'open', mfaReason: /as a guest \(internalGuest\)/ },
  { name: 'B2B collaboration guest is not an internal guest', setup: policies(policy({ excludeGuestTypes: 'internalGuest' })), who: 'gina', mfa: 'yes', legacy: 'blocked' },
  { name: 'B2B collaboration member excluded as b2bCollaborationMember', setup: policies(policy({ excludeGuestTypes: 'b2bCollaborationMember' })), who: 'mona', mfa: 'no', legacy: 'open', mfaReason: /as a guest \(b2bCollaborationMember\)/ },
  { name: 'B2B collaboration member is not a B2B collaboration guest', setup: policies(policy({ excludeGuestTypes: 'internalGuest,b2bCollaborationGuest' })), who: 'mona', mfa: 'yes', legacy: 'blocked' },
  { name: 'policy for B2B collaboration members reaches the member', setup: policies(policy({ includeUsers: [], includeGuestTypes: 'b2bCollaborationMember' })), who: 'mona', mfa: 'yes', legacy: 'blocked', mfaReason: /guest types b2bCollaborationMember \(the account is b2bCollaborationMember: userType Member, external identity: identity issued by ExternalAzureAD/ },
  { name: 'policy for B2B collaboration members misses internal members', setup: policies(policy({ includeUsers: [], includeGuestTypes: 'b2bCollaborationMember' })), who: 'alice', mfa: 'no', legacy: 'open' },
  { name: 'GuestsOrExternalUsers exclusion takes in B2B collaboration members', setup: policies(policy({ excludeUsers: ['GuestsOrExternalUsers'] })), who: 'mona', mfa: 'no', legacy: 'open' },
  {
    name: 'a guest whose identities were not read is of uncertain type',
    setup: policies(policy({ excludeGuestTypes: 'b2bCollaborationGuest' })),
    source: { edit: (lines) => lines.set('users', (lines.get('users') ?? []).map((page) => ({ ...(page as object), value: (page as { value: Array<Record<string, unknown>> }).value.map(({ identities: _identities, ...user }) => user) }))) },
    who: 'ivan',
    mfa: 'unknown',
    legacy: 'unknown',
    mfaReason: /whether the account is one of the excluded guest types b2bCollaborationGuest is unknown: userType Guest, and whether its account is local or external is unknown/,
  },
  {
    name: 'guest types limited to enumerated external tenants',
    setup: editPolicy((made) => {
      const users = made.conditions.users;
      if (users) users.excludeGuestsOrExternalUsers = { guestOrExternalUserTypes: 'b2bCollaborationGuest', externalTenants: { '@odata.type': '#microsoft.graph.conditionalAccessEnumeratedExternalTenants', membershipKind: 'enumerated', members: ['9cd1b3a2-0000-4000-8000-000000000001'] } };
    }),
    who: 'gina',
    mfa: 'unknown',
    legacy: 'unknown',
    mfaReason: /limited to external tenants 9cd1b3a2/,
  },

  // Locations.
  { name: 'trusted named location excluded', setup: policies(policy({ excludeLocations: [ids.hq] })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /except: not from trusted named location 'HQ office' \(198\.51\.100\.0\/24\)/, legacyReason: /only partly/ },
  { name: 'untrusted named location excluded', setup: policies(policy({ excludeLocations: [ids.branch] })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /not from named location 'Branch office'/, notMfaReason: /trusted named location 'Branch/ },
  { name: 'all trusted locations excluded', setup: policies(policy({ excludeLocations: ['AllTrusted'] })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /not from trusted locations \('HQ office'\)/ },
  { name: 'only from named countries', setup: policies(policy({ includeLocations: [ids.countries] })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /only from named location 'Home countries' \(NL, BE\)/ },
  { name: 'all locations included, none excluded', setup: policies(policy({ includeLocations: ['All'] })), who: 'alice', mfa: 'yes', legacy: 'blocked' },

  // Client-app types.
  { name: 'modern pair with legacy blocked', setup: policies(policy({ clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'] }), blockLegacy()), who: 'alice', mfa: 'yes', legacy: 'blocked', mfaReason: /browser and modern clients, legacy clients being blocked/, legacyReason: /'Block legacy authentication' blocks legacy clients/ },
  { name: 'modern pair with legacy open', setup: policies(policy({ clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'] })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /only for browser and modern clients, while legacy clients are not blocked/ },
  {
    name: 'modern pair where the account is excluded from the legacy block',
    setup: policies(policy({ clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'] }), blockLegacy({ excludeGroups: [ids.allStaff] })),
    who: 'bob',
    mfa: 'partial',
    legacy: 'open',
    legacyReason: /Excluded from 'Block legacy authentication' \(which blocks legacy clients\) through group 'All-Staff'/,
  },
  {
    name: 'modern pair where the legacy block depends on an unreadable group',
    setup: policies(policy({ clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'] }), blockLegacy({ excludeGroups: ['g-unlisted'] })),
    who: 'alice',
    mfa: 'unknown',
    legacy: 'unknown',
    mfaReason: /covers browser and modern clients only, and whether legacy clients are blocked is unknown/,
  },
  { name: 'browser only', setup: policies(policy({ clientAppTypes: ['browser'] })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /only for client apps browser/ },
  { name: 'legacy block alone', setup: policies(blockLegacy()), who: 'alice', mfa: 'no', legacy: 'blocked', legacyReason: /Exchange ActiveSync and other clients/ },
  { name: 'legacy block in report-only', setup: policies(policy(), blockLegacy({ state: 'enabledForReportingButNotEnforced' })), who: 'alice', mfa: 'yes', legacy: 'blocked' },
  { name: 'legacy block in report-only, no MFA policy', setup: policies(blockLegacy({ state: 'enabledForReportingButNotEnforced' })), who: 'alice', mfa: 'no', legacy: 'open', legacyReason: /'Block legacy authentication' blocks legacy clients but is report-only/ },
  { name: 'legacy block with the older easSupported name', setup: policies(blockLegacy({ clientAppTypes: ['easSupported', 'other'] })), who: 'alice', mfa: 'no', legacy: 'blocked' },
  { name: 'legacy block missing "other" clients', setup: policies(blockLegacy({ clientAppTypes: ['exchangeActiveSync'] })), who: 'alice', mfa: 'no', legacy: 'open' },
  { name: 'legacy block only for Office 365', setup: policies(blockLegacy({ includeApplications: ['Office365'] })), who: 'alice', mfa: 'no', legacy: 'open', legacyReason: /only partly: not for all cloud apps; only for Office 365/ },

  // Grants.
  { name: 'MFA OR compliant device', setup: policies(policy({ builtInControls: ['mfa', 'compliantDevice'], operator: 'OR' })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /MFA can be replaced by a compliant device/ },
  { name: 'MFA AND compliant device', setup: policies(policy({ builtInControls: ['mfa', 'compliantDevice'], operator: 'AND' })), who: 'alice', mfa: 'yes', legacy: 'blocked', mfaReason: /requires MFA and a compliant device/ },
  { name: 'compliant device alone', setup: policies(policy({ builtInControls: ['compliantDevice'] })), who: 'alice', mfa: 'no', legacy: 'open' },
  { name: 'phishing-resistant authentication strength', setup: policies(policy({ builtInControls: [], authenticationStrengthId: strengths.phishingResistant })), who: 'alice', mfa: 'yes', legacy: 'blocked', mfaReason: /authentication strength 'Phishing-resistant MFA'/ },
  { name: 'authentication strength OR compliant device', setup: policies(policy({ builtInControls: ['compliantDevice'], authenticationStrengthId: strengths.mfa, operator: 'OR' })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /replaced by a compliant device/ },

  { name: 'every sign-in of guests blocked', setup: policies(policy({ displayName: 'Block guests', includeUsers: [], includeGuestTypes: 'b2bCollaborationGuest', builtInControls: ['block'] })), who: 'gina', mfa: 'yes', legacy: 'blocked', mfaReason: /'Block guests' blocks every sign-in for all cloud apps/ },
  { name: 'a block with a location carve-out is no MFA', setup: policies(policy({ displayName: 'Block outside HQ', builtInControls: ['block'], excludeLocations: [ids.hq] })), who: 'alice', mfa: 'no', legacy: 'open' },

  // Apps, platforms and other conditions.
  { name: 'an app excluded', setup: policies(policy({ excludeApplications: ['00000003-0000-0ff1-ce00-000000000000'] })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /not for app 00000003-0000-0ff1-ce00-000000000000/ },
  { name: 'Office 365 only', setup: policies(policy({ includeApplications: ['Office365'] })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /only for Office 365/ },
  { name: 'user action only (register security info)', setup: policies(policy({ includeApplications: [] })), who: 'alice', mfa: 'no', legacy: 'open' },
  { name: 'mobile platforms only', setup: policies(policy({ includePlatforms: ['android', 'iOS'] })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /only on android, iOS/ },
  { name: 'macOS excluded', setup: policies(policy({ includePlatforms: ['all'], excludePlatforms: ['macOS'] })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /not on macOS/ },
  { name: 'all platforms, none excluded', setup: policies(policy({ includePlatforms: ['all'] })), who: 'alice', mfa: 'yes', legacy: 'blocked' },
  {
    name: 'only at high sign-in risk',
    setup: (tenant) => {
      const risky = policy({ displayName: 'MFA on risky sign-ins' });
      risky.conditions.signInRiskLevels = ['high'];
      tenant.conditionalAccessPolicies.push(risky);
    },
    who: 'alice',
    mfa: 'partial',
    legacy: 'open',
    mfaReason: /'MFA on risky sign-ins' requires MFA except: only at sign-in risk high/,
  },

  // Narrowing conditions (issue 11 item 1): a policy that fires only under a narrower condition is never "every sign-in".
  { name: 'block device code flow is no block of everything', setup: policies(policy({ displayName: 'Block device code flow', builtInControls: ['block'], transferMethods: 'deviceCodeFlow' })), who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /'Block device code flow' blocks access only for authentication flow device code flow: not every sign-in/, legacyReason: /only partly: only for authentication flow device code flow/ },
  { name: 'block authentication transfer is no block of everything', setup: policies(policy({ displayName: 'Block authentication transfer', builtInControls: ['block'], transferMethods: 'authenticationTransfer' })), who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /only for authentication flow authentication transfer/ },
  { name: 'both flows blocked, MFA excluded by name: the exclusion stays visible', setup: policies(policy({ displayName: 'Block transfer flows', builtInControls: ['block'], transferMethods: 'deviceCodeFlow,authenticationTransfer' }), policy({ excludeUsers: [ids.alice] })), who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /Excluded from 'Require MFA' \(which requires MFA\) by name/ },
  { name: 'MFA for device code flow only', setup: policies(policy({ displayName: 'MFA for device code', transferMethods: 'deviceCodeFlow' })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /except: only for authentication flow device code flow/ },
  { name: 'authenticationFlows null is no narrowing', setup: editPolicy((made) => void (made.conditions.authenticationFlows = null)), who: 'alice', mfa: 'yes', legacy: 'blocked' },
  { name: 'authenticationFlows transferMethods none is no narrowing', setup: policies(policy({ transferMethods: 'none' })), who: 'alice', mfa: 'yes', legacy: 'blocked' },
  { name: 'block at insider risk', setup: policies(policy({ displayName: 'Block risky insiders', builtInControls: ['block'], insiderRiskLevels: 'elevated' })), who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /blocks access only at insider risk elevated/ },
  { name: 'MFA at insider risk', setup: policies(policy({ insiderRiskLevels: 'minor,moderate' })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /only at insider risk minor, moderate/ },
  { name: 'MFA at high user risk', setup: policies(policy({ userRiskLevels: ['high'] })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /only at user risk high/ },
  { name: 'block at high sign-in risk', setup: policies(policy({ displayName: 'Block risky sign-ins', builtInControls: ['block'], signInRiskLevels: ['high'] })), who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /'Block risky sign-ins' blocks access only at sign-in risk high/ },
  { name: 'every sign-in risk level listed is no narrowing', setup: policies(policy({ signInRiskLevels: ['high', 'medium', 'low', 'none'] })), who: 'alice', mfa: 'yes', legacy: 'blocked' },
  { name: 'workload-identity policy with service-principal risk', setup: policies(policy({ displayName: 'Block risky workloads', includeUsers: ['None'], builtInControls: ['block'], includeServicePrincipals: ['ServicePrincipalsInMyTenant'], servicePrincipalRiskLevels: ['high'] })), who: 'alice', mfa: 'no', legacy: 'open' },
  { name: 'workload-identity policy that also names all users', setup: policies(policy({ displayName: 'Workload MFA', includeServicePrincipals: ['ServicePrincipalsInMyTenant'] })), who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /'Workload MFA' requires MFA, but it targets workload identities/ },
  { name: 'time condition', setup: editPolicy((made) => void (made.conditions.times = { included: { '@odata.type': '#microsoft.graph.conditionalAccessAllTimes' }, excluded: { '@odata.type': '#microsoft.graph.conditionalAccessTimeRange', days: ['saturday', 'sunday'], startTime: '00:00:00', endTime: '23:59:59' }, timeZone: 'W. Europe Standard Time' })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /only at the times its time condition names/ },
  { name: 'time condition of all times, none excluded, is no narrowing', setup: editPolicy((made) => void (made.conditions.times = { included: { '@odata.type': '#microsoft.graph.conditionalAccessAllTimes' }, excluded: null, timeZone: 'UTC' })), who: 'alice', mfa: 'yes', legacy: 'blocked' },
  { name: 'application filter with a rule', setup: policies(policy({ applicationFilter: { mode: 'include', rule: 'CustomSecurityAttribute.Sensitivity -eq "High"' } })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /only for apps matching the application filter CustomSecurityAttribute/ },
  { name: 'application filter without a rule', setup: policies(policy({ applicationFilter: { mode: null, rule: null } })), who: 'alice', mfa: 'yes', legacy: 'blocked' },
  { name: 'legacy block limited by an application filter', setup: policies(blockLegacy({ applicationFilter: { mode: 'exclude', rule: 'CustomSecurityAttribute.Legacy -eq "Allowed"' } })), who: 'alice', mfa: 'no', legacy: 'open', legacyReason: /only partly: only for apps not matching the application filter/ },
  { name: 'register security info user action', setup: policies(policy({ displayName: 'Secure registration', includeUserActions: ['urn:user:registersecurityinfo'] })), who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /'Secure registration' requires MFA, but it applies only to user action urn:user:registersecurityinfo/ },
  { name: 'authentication context only', setup: policies(policy({ displayName: 'Step-up c1', includeAuthenticationContextClassReferences: ['c1'] })), who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /only to authentication context c1/ },
  { name: 'agent-identity risk', setup: editPolicy((made) => void (made.conditions.agentIdRiskLevels = 'high')), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /only at agent-identity risk high/ },
  { name: 'a condition this version does not know', setup: editPolicy((made) => Object.assign(made.conditions, { agentIdentities: { includeAgentIds: ['All'] } })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /condition 'agentIdentities', which this version does not interpret/ },
  { name: 'an application condition this version does not know', setup: editPolicy((made) => Object.assign(made.conditions.applications ?? {}, { globalSecureAccess: { trafficProfiles: 'internet' } })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /application condition 'globalSecureAccess'/ },
  { name: 'a condition this version does not know, sent as null', setup: editPolicy((made) => Object.assign(made.conditions, { agentIdentities: null })), who: 'alice', mfa: 'yes', legacy: 'blocked' },

  // Device filters (issue 11 item 3): only a filter with a rule narrows.
  { name: 'device filter with null mode and rule (PowerShell export)', setup: policies(policy({ deviceFilter: { mode: null, rule: null } })), who: 'alice', mfa: 'yes', legacy: 'blocked' },
  { name: 'device filter with a rule', setup: policies(policy({ deviceFilter: { mode: 'exclude', rule: 'device.trustType -eq "ServerAD"' } })), who: 'alice', mfa: 'partial', legacy: 'open', mfaReason: /only for devices not matching device\.trustType/ },
  { name: 'block with a device filter rule is no block of everything', setup: policies(policy({ displayName: 'Block unmanaged', builtInControls: ['block'], deviceFilter: { mode: 'include', rule: 'device.isCompliant -ne True' } })), who: 'alice', mfa: 'no', legacy: 'open', mfaReason: /blocks access only for devices matching device\.isCompliant/ },
  { name: 'a full policy beside a partial one', setup: policies(policy({ excludeLocations: [ids.hq], displayName: 'A partial' }), policy({ displayName: 'B full' })), who: 'alice', mfa: 'yes', legacy: 'blocked', mfaReason: /'B full'/ },
];

describe('conditional-access evaluation', () => {
  it('has at least 80 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
  });

  it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const tenant = baseTenant();
    testCase.setup(tenant);
    const account = accountOf(await analyse(tenant, testCase.source), testCase.who);
    expect({ mfa: account.mfaEnforced.value, legacy: account.legacyAuth.value }).toEqual({ mfa: testCase.mfa, legacy: testCase.legacy });
    if (testCase.mfaReason) expect(account.mfaEnforced.reasons).toEqual(expect.arrayContaining([expect.stringMatching(testCase.mfaReason)]));
    if (testCase.legacyReason) expect(account.legacyAuth.reasons).toEqual(expect.arrayContaining([expect.stringMatching(testCase.legacyReason)]));
    if (testCase.notMfaReason) expect(account.mfaEnforced.reasons.some((reason) => testCase.notMfaReason?.test(reason))).toBe(false);
    expect(account.mfaEnforced.reasons.length).toBeGreaterThan(0);
    expect(account.legacyAuth.reasons.length).toBeGreaterThan(0);
  });
});
