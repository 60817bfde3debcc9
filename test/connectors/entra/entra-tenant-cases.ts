/** A small Entra tenant for table-driven analysis tests: each case edits a copy and states what it expects. */
import { defaultAnalysisSettings, type SourceAnalysis } from '../../../src/connectors/connector.js';
import { analyseEntra } from '../../../src/connectors/entra/analyse-entra.js';
import type { AssessedAccount } from '../../../src/model/account.js';
import {
  authenticationMethod,
  conditionalAccessPolicy,
  countryNamedLocation,
  emptyEntraTenant,
  graphUser,
  ipNamedLocation,
  roleAssignment,
  roleTemplates,
  type EntraTenantFixture,
  type MethodKind,
  type PolicySpec,
  type UserSpec,
} from '../../../src/simulators/entra/entra-tenant-fixture.js';
import { memoryEntraSource, type MemoryEntraSourceOptions } from './memory-entra-source.js';

export const asOf = new Date('2025-06-01T12:00:00Z');

export const ids = {
  alice: 'a1000000-0000-0000-0000-00000000a11c',
  bob: 'b0b00000-0000-0000-0000-000000000b0b',
  carol: 'ca000000-0000-0000-0000-0000000ca201',
  dave: 'da000000-0000-0000-0000-0000000da4e0',
  erin: 'e1000000-0000-0000-0000-0000000e1210',
  gina: '91000000-0000-0000-0000-000000091a00',
  frank: 'f1000000-0000-0000-0000-0000000f1a00',
  ivan: '1a000000-0000-0000-0000-00000001a4a0',
  mona: '30000000-0000-0000-0000-0000000300a0',
  svc: '5e000000-0000-0000-0000-000000005e1c',
  staff: 'g5000000-0000-0000-0000-00000000staf',
  allStaff: 'g5000000-0000-0000-0000-0000000allst',
  admins: 'g5000000-0000-0000-0000-0000000admin',
  contractors: 'g5000000-0000-0000-0000-00000contrac',
  hq: 'l0000000-0000-0000-0000-0000000000hq',
  branch: 'l0000000-0000-0000-0000-00000branch',
  countries: 'l0000000-0000-0000-0000-000countries',
} as const;

export const logins = {
  alice: 'alice@contoso.example',
  bob: 'bob@contoso.example',
  carol: 'carol@contoso.example',
  dave: 'dave@contoso.example',
  erin: 'erin@contoso.example',
  gina: 'gina_partner.example#EXT#@contoso.onmicrosoft.com',
  frank: 'frank@contoso.example',
  ivan: 'ivan.visitor@contoso.example',
  mona: 'mona_fabrikam.example#EXT#@contoso.onmicrosoft.com',
  svc: 'svc-mail@contoso.example',
} as const;

export type Person = keyof typeof logins;

/**
 * Alice is in All-Staff directly, Bob through the nested Staff group. Carol holds Global Administrator through the
 * role-assignable Admins group, Dave holds User Administrator directly. Erin is a contractor; Gina a B2B collaboration
 * guest (invited from another Entra tenant); Ivan an internal guest (userType Guest, local account); Mona a B2B
 * collaboration member (userType Member, invited from another Entra tenant); Frank is
 * disabled; svc-mail matches the service-account pattern. Everyone has the Authenticator app registered. HQ is a
 * trusted named location, the branch office an untrusted one. No policies: each case adds its own.
 */
export function baseTenant(): EntraTenantFixture {
  const tenant = emptyEntraTenant('contoso.onmicrosoft.com');
  const person = (key: Person, extra: Pick<UserSpec, 'userType' | 'accountEnabled' | 'invited'> = {}) =>
    graphUser({ id: ids[key], userPrincipalName: logins[key], lastSignInDateTime: '2025-05-30T08:00:00Z', createdDateTime: '2022-01-10T09:00:00Z', ...extra });
  tenant.users.push(
    person('alice'),
    person('bob'),
    person('carol'),
    person('dave'),
    person('erin'),
    person('gina', { userType: 'Guest', invited: { issuer: 'ExternalAzureAD' } }),
    person('ivan', { userType: 'Guest' }),
    person('mona', { userType: 'Member', invited: { issuer: 'ExternalAzureAD' } }),
    person('frank', { accountEnabled: false }),
    person('svc'),
  );
  for (const key of Object.keys(logins) as Person[]) setMethods(tenant, key, ['authenticator']);
  tenant.groups.push(
    { id: ids.staff, displayName: 'Staff', members: [ids.bob] },
    { id: ids.allStaff, displayName: 'All-Staff', members: [ids.alice, ids.staff] },
    { id: ids.admins, displayName: 'Tenant-Admins', members: [ids.carol] },
    { id: ids.contractors, displayName: 'Contractors', members: [ids.erin] },
  );
  tenant.roleAssignments.push(
    roleAssignment('globalAdministrator', { id: ids.admins, kind: 'group' }),
    roleAssignment('userAdministrator', { id: ids.dave, kind: 'user', userPrincipalName: logins.dave }),
  );
  tenant.namedLocations.push(
    ipNamedLocation(ids.hq, 'HQ office', ['198.51.100.0/24'], true),
    ipNamedLocation(ids.branch, 'Branch office', ['203.0.113.0/25'], false),
    countryNamedLocation(ids.countries, 'Home countries', ['NL', 'BE']),
  );
  return tenant;
}

export function setMethods(tenant: EntraTenantFixture, key: Person, kinds: readonly MethodKind[]): void {
  tenant.methods.set(ids[key], [authenticationMethod('password'), ...kinds.map((kind, index) => authenticationMethod(kind, index))]);
}

let policyCounter = 0;
/** A policy with a fresh id; defaults to all users, all apps, all client types, grant MFA. */
export function policy(spec: Partial<PolicySpec> = {}): ReturnType<typeof conditionalAccessPolicy> {
  policyCounter += 1;
  return conditionalAccessPolicy({
    id: `00000000-0000-0000-0000-${String(policyCounter).padStart(12, '0')}`,
    displayName: 'Require MFA',
    includeUsers: ['All'],
    builtInControls: ['mfa'],
    ...spec,
  });
}

export function blockLegacy(spec: Partial<PolicySpec> = {}): ReturnType<typeof conditionalAccessPolicy> {
  return policy({ displayName: 'Block legacy authentication', clientAppTypes: ['exchangeActiveSync', 'other'], builtInControls: ['block'], ...spec });
}

export const strengths = {
  mfa: '00000000-0000-0000-0000-000000000002',
  phishingResistant: '00000000-0000-0000-0000-000000000004',
} as const;

export const roles = roleTemplates;

export async function analyse(tenant: EntraTenantFixture, options: MemoryEntraSourceOptions = {}, settings = defaultAnalysisSettings): Promise<SourceAnalysis> {
  return analyseEntra(await memoryEntraSource(tenant, options), { asOf, settings });
}

export function accountOf(analysis: SourceAnalysis, key: Person): AssessedAccount {
  const account = analysis.accounts.find((candidate) => candidate.login === logins[key]);
  if (!account) throw new Error(`${logins[key]} is not in the analysis`);
  return account;
}
