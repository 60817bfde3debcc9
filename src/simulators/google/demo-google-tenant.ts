/**
 * The demo's Google Workspace domain: a seeded, deterministic customer whose org units mirror the departments,
 * with 2-step verification enforced at the root, and four planted problems the scan must find, by account:
 * an org unit that turns enforcement off (/Sales), an administrator allowed SMS and voice codes (/IT/Helpdesk),
 * an org unit delegated by SAML SSO to the demo Okta org (/Engineering), and an administrator with an app password.
 * It takes the shared demo population when given one, so the same people appear in every identity provider.
 */
import type { SnapshotWriter } from '../../snapshot/snapshot-writer.js';
import type { PlantedProblem } from '../demo/planted-problem.js';
import { mulberry32 as random } from '../demo/seeded-random.js';
import {
  appPassword,
  emptyGoogleTenant,
  googleUser,
  group,
  member,
  orgUnit,
  policy,
  role,
  roleAssignment,
  samlProfile,
  ssoAssignment,
  superAdminRoleId,
  twoStepActivity,
  recordGoogleTenant,
  type GoogleTenantFixture,
} from './google-tenant-fixture.js';

export type { PlantedProblem } from '../demo/planted-problem.js';

/** One person of the demo population, as this domain needs them. */
export interface GoogleDemoPerson {
  login: string;
  givenName: string;
  familyName: string;
  department?: string;
}

export interface DemoGoogleTenantOptions {
  sourceId?: string;
  seed?: number;
  /** Generated people when no `people` are given. */
  userCount?: number;
  /** The shared demo population; logins keep their local part and take this domain. */
  people?: readonly GoogleDemoPerson[];
  domain?: string;
  customerId?: string;
  /** The demo Okta org the /Engineering unit is delegated to. */
  oktaOrgUrl?: string;
  asOf?: Date;
}

export interface DemoGoogleTenant {
  sourceId: string;
  tenant: GoogleTenantFixture;
  plantedProblems: PlantedProblem[];
}

const units = {
  sales: '03ph8a2zdsales',
  engineering: '03ph8a2zdengin',
  finance: '03ph8a2zdfinan',
  operations: '03ph8a2zdopera',
  it: '03ph8a2zdit000',
  helpdesk: '03ph8a2zdhelpd',
};

const unitByDepartment: Record<string, string> = {
  Sales: '/Sales',
  Engineering: '/Engineering',
  Finance: '/Finance',
  Operations: '/Operations',
  IT: '/IT',
};

const givenNames = ['Anouk', 'Benedikt', 'Camille', 'Dmitri', 'Eva', 'Filip', 'Greta', 'Hugo', 'Ines', 'Jakob', 'Karin', 'Lars', 'Mila', 'Nils', 'Olga', 'Pau', 'Rania', 'Stefan', 'Tove', 'Viktor'];
const familyNames = ['Aalto', 'Berger', 'Carvalho', 'Dijkstra', 'Engel', 'Faure', 'Gruber', 'Hansen', 'Ivanov', 'Jovanovic', 'Keller', 'Lindqvist', 'Marino', 'Nowak', 'Ortiz', 'Petit', 'Quist', 'Ruiz'];
const departments = ['Sales', 'Engineering', 'Finance', 'Operations', 'IT', 'Legal', 'People'];

function generatedPeople(count: number, rand: () => number, domain: string): GoogleDemoPerson[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const logins = new Set<string>();
  const people: GoogleDemoPerson[] = [];
  for (let index = 0; index < count; index += 1) {
    const givenName = pick(givenNames);
    const familyName = pick(familyNames);
    let login = `${givenName}.${familyName}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '') + `@${domain}`;
    for (let suffix = 2; logins.has(login); suffix += 1) login = login.replace(/\d*@/, `${suffix}@`);
    logins.add(login);
    people.push({ login, givenName, familyName, department: pick(departments) });
  }
  return people;
}

export function buildDemoGoogleTenant(options: DemoGoogleTenantOptions = {}): DemoGoogleTenant {
  const rand = random(options.seed ?? 42);
  const domain = options.domain ?? 'contoso-demo.example';
  const customerId = options.customerId ?? 'C03demo7x';
  const asOf = options.asOf ?? new Date('2025-06-01T00:00:00Z');
  const oktaOrgUrl = (options.oktaOrgUrl ?? 'https://contoso-demo.okta.com').replace(/\/+$/, '');
  const daysAgo = (days: number): string => new Date(asOf.getTime() - days * 86_400_000).toISOString();
  const tenant = emptyGoogleTenant(domain, customerId);
  const root = tenant.orgUnits[0] as Record<string, unknown>;
  const rootId = String(root.orgUnitId).slice('id:'.length);

  tenant.orgUnits.push(
    orgUnit(units.sales, '/Sales', 'Sales', rootId),
    orgUnit(units.engineering, '/Engineering', 'Engineering', rootId),
    orgUnit(units.finance, '/Finance', 'Finance', rootId),
    orgUnit(units.operations, '/Operations', 'Operations', rootId),
    orgUnit(units.it, '/IT', 'IT', rootId),
    orgUnit(units.helpdesk, '/IT/Helpdesk', 'Helpdesk', units.it),
  );
  tenant.roles.push(role('91447453409034241', '_HELP_DESK_ADMIN_ROLE'), role('91447453409034242', '_USER_MANAGEMENT_ADMIN_ROLE'));

  const people = (options.people ?? generatedPeople(Math.max(40, options.userCount ?? 240), rand, domain)).map((person) => ({
    ...person,
    login: `${person.login.split('@')[0] ?? person.login}@${domain}`.toLowerCase(),
  }));
  const users: Array<{ id: string; login: string; unit: string; active: boolean; enrolled: boolean }> = [];
  const byUnit = (unit: string): string[] => users.filter((entry) => entry.unit === unit && entry.active).map((entry) => entry.login);

  for (const [index, person] of people.entries()) {
    const id = `10${String(index + 1).padStart(6, '0')}${String(Math.floor(rand() * 1e12)).padStart(12, '0')}`;
    const unit = unitByDepartment[person.department ?? ''] ?? '/';
    const roll = rand();
    const suspended = roll < 0.03;
    const archived = !suspended && roll < 0.04;
    const neverSignedIn = !suspended && !archived && roll > 0.985;
    const delegated = unit === '/Engineering';
    // Engineering signs in through Okta, so few there ever enrolled in Google's own 2SV.
    const enrolled = !neverSignedIn && rand() < (delegated ? 0.15 : unit === '/Sales' ? 0.55 : 0.93);
    tenant.users.push(
      googleUser({
        id,
        email: person.login,
        fullName: `${person.givenName} ${person.familyName}`,
        orgUnitPath: unit,
        isEnrolledIn2Sv: enrolled,
        isEnforcedIn2Sv: unit !== '/Sales',
        suspended,
        archived,
        lastLoginTime: neverSignedIn ? null : daysAgo(Math.floor(rand() * 60)),
        creationTime: neverSignedIn ? daysAgo(2) : daysAgo(300 + Math.floor(rand() * 900)),
        customerId,
      }),
    );
    users.push({ id, login: person.login, unit, active: !suspended && !archived, enrolled });
  }

  const fixed = (key: string, local: string, fullName: string, unit: string, extra: Partial<Parameters<typeof googleUser>[0]> = {}): { id: string; login: string } => {
    const id = `19${key.padEnd(19, '0')}`;
    const login = `${local}@${domain}`;
    tenant.users.push(googleUser({ id, email: login, fullName, orgUnitPath: unit, isEnrolledIn2Sv: true, isEnforcedIn2Sv: true, lastLoginTime: daysAgo(1), customerId, ...extra }));
    users.push({ id, login, unit, active: true, enrolled: extra.isEnrolledIn2Sv ?? true });
    return { id, login };
  };
  const superAdmin1 = fixed('1', 'gw-admin', 'Workspace Admin', '/IT', { isAdmin: true });
  const superAdmin2 = fixed('2', 'gw-breakglass', 'Break Glass', '/IT', { isAdmin: true, lastLoginTime: daysAgo(40) });
  const helpdeskAdmin = fixed('3', 'helpdesk.lead', 'Helpdesk Lead', '/IT/Helpdesk', { isDelegatedAdmin: true });
  const userAdmin = fixed('4', 'user.admin', 'User Admin', '/IT', { isDelegatedAdmin: true });
  fixed('5', 'svc-backup', 'Backup Service', '/IT', { isEnrolledIn2Sv: false });
  fixed('6', 'printer.scan', 'Scan To Mail', '/Operations');

  tenant.roleAssignments.push(
    roleAssignment('ra-sa-1', superAdminRoleId, superAdmin1.id),
    roleAssignment('ra-sa-2', superAdminRoleId, superAdmin2.id),
    roleAssignment('ra-hd-1', '91447453409034241', helpdeskAdmin.id),
    roleAssignment('ra-um-1', '91447453409034242', userAdmin.id),
  );
  tenant.groups.push(group('03x8tuztsuperad', `super-admins@${domain}`, 'Super administrators'));
  tenant.groupMembers.set('03x8tuztsuperad', [member(superAdmin1.id, superAdmin1.login), member(superAdmin2.id, superAdmin2.login)]);

  tenant.policies.push(
    policy({ name: 'd2svroot', setting: 'enforcement', value: { enforcedFrom: '2024-02-01T00:00:00Z' }, orgUnitId: rootId, customerId }),
    policy({ name: 'dfactroot', setting: 'factors', value: { allowedSignInFactorSet: 'NO_TELEPHONY' }, orgUnitId: rootId, customerId }),
    policy({ name: 'dgraceroot', setting: 'gracePeriod', value: { enrollmentGracePeriod: '604800s' }, orgUnitId: rootId, customerId }),
    policy({ name: 'dtrustroot', setting: 'deviceTrust', value: { allowTrustingDevice: false }, orgUnitId: rootId, customerId }),
    policy({ name: 'denrolroot', setting: 'enrollment', value: { allowEnrollment: true }, orgUnitId: rootId, customerId, type: 'SYSTEM' }),
    policy({ name: 'dlsaroot', setting: 'lessSecureApps', value: { allowLessSecureApps: false }, orgUnitId: rootId, customerId, type: 'SYSTEM' }),
    policy({ name: 'dimaproot', setting: 'imap', value: { enableImapAccess: false }, orgUnitId: rootId, customerId }),
    policy({ name: 'dpoproot', setting: 'pop', value: { enablePopAccess: false }, orgUnitId: rootId, customerId }),
    // Planted: /Sales turns enforcement off ("On" was never set for it after a reorganisation).
    policy({ name: 'd2svsales', setting: 'enforcement', value: { enforcedFrom: '1970-01-01T00:00:00Z' }, orgUnitId: units.sales, customerId, sortOrder: 2 }),
    // Planted: the help desk may use SMS and voice codes.
    policy({ name: 'dfacthelpd', setting: 'factors', value: { allowedSignInFactorSet: 'ALL' }, orgUnitId: units.helpdesk, customerId, sortOrder: 2 }),
    policy({ name: 'dimapops', setting: 'imap', value: { enableImapAccess: true }, orgUnitId: units.operations, customerId, sortOrder: 2 }),
    policy({ name: 'dfactsuper', setting: 'factors', value: { allowedSignInFactorSet: 'PASSKEY_ONLY' }, groupId: '03x8tuztsuperad', orgUnitId: rootId, customerId, sortOrder: 10 }),
  );

  // Planted: /Engineering signs in through the demo Okta org.
  const appId = 'exk1demo0google';
  tenant.samlProfiles.push(samlProfile('010xdemookta', 'Okta (contoso-demo)', `http://www.okta.com/${appId}`, `${oktaOrgUrl}/app/google/${appId}/sso/saml`, customerId));
  tenant.ssoAssignments.push(ssoAssignment({ id: '0dengsso', mode: 'SAML_SSO', profileId: '010xdemookta', orgUnitId: units.engineering, customerId }));

  // Planted: an administrator's app password, and a few ordinary ones outside Engineering.
  tenant.appPasswords.set(userAdmin.id, [appPassword(userAdmin.id, 1, 'Thunderbird on laptop', daysAgo(3))]);
  const withAppPasswords = users.filter((entry) => entry.active && entry.enrolled && entry.unit === '/Operations').slice(0, 2);
  for (const [index, entry] of withAppPasswords.entries()) tenant.appPasswords.set(entry.id, [appPassword(entry.id, 10 + index, 'Mail on old phone', daysAgo(5 + index))]);

  const quitter = users.find((entry) => entry.active && !entry.enrolled && entry.unit === '/Sales');
  if (quitter) tenant.activities.push(twoStepActivity({ name: '2sv_disable', time: daysAgo(6), email: quitter.login, profileId: quitter.id }));
  for (const entry of users.filter((candidate) => candidate.enrolled && candidate.active).slice(0, 8)) {
    tenant.activities.push(twoStepActivity({ name: '2sv_enroll', time: daysAgo(20 + entry.login.length), email: entry.login, profileId: entry.id }));
  }

  const plantedProblems: PlantedProblem[] = [
    {
      id: 'google-ou-without-enforcement',
      description: 'The /Sales org unit sets its own 2-step verification enforcement to off, overriding the root.',
      accounts: byUnit('/Sales'),
      expectation: { field: 'mfaEnforced', value: 'no', ruleId: 'google-2sv-not-enforced' },
    },
    {
      id: 'google-admin-allowed-sms',
      description: 'A help-desk administrator sits in /IT/Helpdesk, whose allowed 2-step verification methods include SMS and voice codes.',
      accounts: [helpdeskAdmin.login],
      expectation: { field: 'finding', value: 'account', ruleId: 'google-admin-telephony-factors' },
    },
    {
      id: 'google-ou-delegated-to-okta',
      description: `/Engineering signs in through the Okta org (${oktaOrgUrl}) by SAML SSO: Google's 2SV does not protect it, Okta decides.`,
      accounts: byUnit('/Engineering'),
      expectation: { field: 'mfaEnforced', value: 'delegated' },
    },
    {
      id: 'google-admin-app-password',
      description: 'A user-management administrator holds an app password, which signs in without 2-step verification.',
      accounts: [userAdmin.login],
      expectation: { field: 'legacyAuth', value: 'open', ruleId: 'google-admin-app-passwords' },
    },
  ];
  return { sourceId: options.sourceId ?? 'demo-google', tenant, plantedProblems };
}

/** Writes the demo Workspace domain as a source of `writer` and returns its planted problems. */
export async function writeDemoGoogleTenant(writer: SnapshotWriter, options: DemoGoogleTenantOptions = {}): Promise<{ sourceId: string; plantedProblems: PlantedProblem[] }> {
  const demo = buildDemoGoogleTenant(options);
  await writer.recordSource({ sourceId: demo.sourceId, connector: 'google', tenant: demo.tenant.domain }, (recorder) => recordGoogleTenant(recorder, demo.tenant));
  return { sourceId: demo.sourceId, plantedProblems: demo.plantedProblems };
}
