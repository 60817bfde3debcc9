/**
 * The demo's Okta org: a seeded, deterministic Identity Engine org with the usual mix of users, statuses, factors
 * and administrators, and four planted problems the scan must find, by account:
 * a trusted-zone rule that lets office staff in with a password alone, administrators with SMS only, Okta Verify
 * push without a number challenge, and a user excluded by name from the MFA rule.
 */
import type { SnapshotWriter } from '../../snapshot/snapshot-writer.js';
import type { PlantedProblem } from '../demo/planted-problem.js';
import { mulberry32 as random } from '../demo/seeded-random.js';
import { adminConsoleAppName, dashboardAppName } from '../../connectors/okta/okta-payloads.js';
import {
  accessRule,
  emptyOktaOrg,
  everyoneGroupId,
  oktaApp,
  oktaFactor,
  oktaGroup,
  oktaLogEvent,
  oktaPolicy,
  oktaRole,
  oktaUser,
  oktaVerifyAuthenticator,
  oktaLegacyIpZone,
  oktaZone,
  recordOktaOrg,
  signOnRule,
  type OktaOrgFixture,
} from './okta-org-fixture.js';

export type { PlantedProblem } from '../demo/planted-problem.js';

export interface DemoOktaOrgOptions {
  sourceId?: string;
  seed?: number;
  userCount?: number;
  /** Org URL recorded as the tenant. */
  tenant?: string;
  /** The instant the org is generated "as of" (last sign-ins, log events). */
  asOf?: Date;
  /** The shared demo population (one account each, login `<localPart>@<domain>`); generated people when absent. */
  people?: readonly OktaDemoPerson[];
}

/** One person of the demo population, as this org needs them. */
export interface OktaDemoPerson {
  localPart: string;
  givenName: string;
  familyName: string;
  department: string;
}

export interface DemoOktaOrg {
  sourceId: string;
  org: OktaOrgFixture;
  plantedProblems: PlantedProblem[];
}

const firstNames = ['Ada', 'Bram', 'Chloé', 'Dario', 'Elif', 'Femke', 'Goran', 'Hana', 'Ilse', 'Jonas', 'Kasia', 'Luca', 'Maren', 'Niko', 'Oona', 'Pieter', 'Quirin', 'Rosa', 'Sven', 'Tuuli', 'Ugo', 'Vera', 'Wim', 'Xenia', 'Yusuf', 'Zofia'];
const lastNames = ['Andersen', 'Bakker', 'Costa', 'Dubois', 'Eriksson', 'Fischer', 'García', 'Horvat', 'Ivanova', 'Jansen', 'Kowalski', 'Lehmann', 'Moreau', 'Novak', 'Olsen', 'Popescu', 'Rossi', 'Schmidt', 'Tamm', 'Varga', 'Weber', 'Zielinski'];
const departments = ['Engineering', 'Finance', 'Sales', 'Operations', 'Legal', 'People', 'Support'];
const domain = 'contoso-demo.example';

const ids = {
  office: 'nzoHeadOffice01',
  blocked: 'nzoBlockedGeo01',
  officeStaff: '00gofficestaff',
  admins: '00gitadmins',
  contractors: '00gcontractors',
  gsp: '00pdefaultgsp',
  dashboardPolicy: 'rstdashboard01',
  consolePolicy: 'rstadminconsol',
  appsPolicy: 'rstbusinessapp',
  enroll: '00pdefaultenrl',
};

export function buildDemoOktaOrg(options: DemoOktaOrgOptions = {}): DemoOktaOrg {
  const rand = random(options.seed ?? 42);
  const userCount = options.people ? options.people.length : Math.max(40, options.userCount ?? 300);
  const asOf = options.asOf ?? new Date('2025-06-01T00:00:00Z');
  const daysAgo = (days: number): string => new Date(asOf.getTime() - days * 86_400_000).toISOString();
  const org = emptyOktaOrg();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

  const officeStaff: string[] = [];
  const contractors: string[] = [];
  const logins = new Set<string>();
  const people: Array<{ id: string; login: string; status: string }> = [];
  for (let index = 0; index < userCount; index += 1) {
    const person = options.people?.[index];
    const first = person?.givenName ?? pick(firstNames);
    const last = person?.familyName ?? pick(lastNames);
    let login = person ? `${person.localPart}@${domain}` : `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '') + `@${domain}`;
    for (let suffix = 2; logins.has(login); suffix += 1) login = login.replace('@', `${suffix}@`);
    logins.add(login);
    const id = `00u${String(index + 1).padStart(5, '0')}demo${Math.floor(rand() * 1e6).toString(36).padStart(4, '0')}`;
    const roll = rand();
    const status = roll < 0.03 ? 'DEPROVISIONED' : roll < 0.05 ? 'SUSPENDED' : roll < 0.06 ? 'STAGED' : roll < 0.07 ? 'LOCKED_OUT' : roll < 0.08 ? 'PASSWORD_EXPIRED' : 'ACTIVE';
    org.users.push(
      oktaUser({
        id,
        login,
        status,
        firstName: first,
        lastName: last,
        department: person?.department ?? pick(departments),
        lastLogin: status === 'STAGED' ? null : daysAgo(Math.floor(rand() * 120)),
        lastUpdated: daysAgo(30 + Math.floor(rand() * 300)),
        created: daysAgo(400 + Math.floor(rand() * 1000)),
      }),
    );
    people.push({ id, login, status });
    if (status !== 'STAGED' && status !== 'DEPROVISIONED') {
      const factorRoll = rand();
      const factors =
        factorRoll < 0.45
          ? [oktaFactor(id, 'push'), oktaFactor(id, 'signed_nonce')]
          : factorRoll < 0.7
            ? [oktaFactor(id, 'push'), oktaFactor(id, 'token:software:totp')]
            : factorRoll < 0.82
              ? [oktaFactor(id, 'webauthn')]
              : factorRoll < 0.9
                ? [oktaFactor(id, 'sms'), oktaFactor(id, 'email')]
                : factorRoll < 0.95
                  ? [oktaFactor(id, 'push', 'PENDING_ACTIVATION')]
                  : [];
      org.factors.set(id, factors);
    }
    if (index % 6 === 1) officeStaff.push(id);
    if (index % 15 === 4) contractors.push(id);
  }

  // Fixed actors for the planted problems and the role holders; they are appended so their logins are stable.
  const fixed = (key: string, first: string, last: string, factors: string[], status = 'ACTIVE'): string => {
    const id = `00ufixed${key}`;
    const login = `${first}.${last}@${domain}`.toLowerCase();
    org.users.push(oktaUser({ id, login, status, firstName: first, lastName: last, department: 'IT', lastLogin: daysAgo(2), lastUpdated: daysAgo(60) }));
    org.factors.set(id, factors.map((type, index) => oktaFactor(id, type, 'ACTIVE', index)));
    people.push({ id, login, status });
    return id;
  };
  const superAdmin = fixed('superadm1', 'Sigrid', 'Admin', ['webauthn', 'signed_nonce']);
  const superAdmin2 = fixed('superadm2', 'Tomas', 'Root', ['webauthn']);
  const smsAdmin1 = fixed('smsadmin1', 'Paula', 'Helpdesk', ['sms']);
  const smsAdmin2 = fixed('smsadmin2', 'Rui', 'Operator', ['sms', 'call', 'email']);
  const groupAdmin = fixed('grpadmin1', 'Ines', 'Groupadmin', ['push', 'token:software:totp']);
  const excluded = fixed('excluded1', 'Magnus', 'Exempt', ['push']);
  fixed('svcsync01', 'svc-directory', 'sync', []);

  const loginOf = (id: string): string => people.find((person) => person.id === id)?.login ?? id;
  const applicable = (id: string): boolean => ['ACTIVE', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'RECOVERY'].includes(people.find((person) => person.id === id)?.status ?? '');

  org.groups.push(
    oktaGroup(everyoneGroupId, 'Everyone', 'BUILT_IN'),
    oktaGroup(ids.officeStaff, 'Head Office Staff'),
    oktaGroup(ids.admins, 'IT Administrators'),
    oktaGroup(ids.contractors, 'Contractors'),
  );
  org.groupMembers.set(ids.officeStaff, officeStaff);
  org.groupMembers.set(ids.admins, [groupAdmin]);
  org.groupMembers.set(ids.contractors, contractors);

  org.userRoles.set(superAdmin, [oktaRole('SUPER_ADMIN')]);
  org.userRoles.set(superAdmin2, [oktaRole('SUPER_ADMIN')]);
  org.userRoles.set(smsAdmin1, [oktaRole('HELP_DESK_ADMIN')]);
  org.userRoles.set(smsAdmin2, [oktaRole('ORG_ADMIN')]);
  org.userRoles.set(groupAdmin, [oktaRole('USER_ADMIN', { assignmentType: 'GROUP', groupId: ids.admins })]);
  org.groupRoles.set(ids.admins, [oktaRole('USER_ADMIN', { assignmentType: 'GROUP', groupId: ids.admins })]);

  // Every org also lists the system LegacyIpZone, usually without gateways.
  org.zones.push(oktaZone(ids.office, 'Head Office', { cidr: '198.51.100.0/24' }), oktaZone(ids.blocked, 'Blocked countries', { usage: 'BLOCKLIST' }), oktaLegacyIpZone());

  org.signOnPolicies.push(oktaPolicy({ id: ids.gsp, name: 'Default Policy', type: 'OKTA_SIGN_ON', priority: 1, system: true }));
  org.rules.set(ids.gsp, [signOnRule({ id: '0prgspdefault', name: 'Default Rule', priority: 1, system: true, requireFactor: false })]);

  org.accessPolicies.push(
    oktaPolicy({ id: ids.consolePolicy, name: 'Okta Admin Console', type: 'ACCESS_POLICY', priority: 1 }),
    oktaPolicy({ id: ids.dashboardPolicy, name: 'Okta Dashboard', type: 'ACCESS_POLICY', priority: 2 }),
    oktaPolicy({ id: ids.appsPolicy, name: 'Business apps', type: 'ACCESS_POLICY', priority: 3 }),
  );
  org.rules.set(ids.consolePolicy, [
    accessRule({ id: 'rulconsoleadm', name: 'Administrators: two factors', priority: 1, factorMode: '2FA', reauthenticateIn: 'PT12H' }),
    accessRule({ id: 'rulconsoledef', name: 'Catch-all Rule', priority: 99, system: true, access: 'DENY' }),
  ]);
  org.rules.set(ids.dashboardPolicy, [
    accessRule({
      id: 'ruldashoffice',
      name: 'Trusted office: password only',
      priority: 1,
      people: { includeGroups: [ids.officeStaff] },
      network: { connection: 'ZONE', include: [ids.office] },
      factorMode: '1FA',
    }),
    accessRule({ id: 'ruldashmfa', name: 'Require MFA', priority: 2, people: { includeGroups: [everyoneGroupId], excludeUsers: [excluded] }, factorMode: '2FA' }),
    accessRule({ id: 'ruldashcatch', name: 'Catch-all Rule', priority: 99, system: true, factorMode: '1FA' }),
  ]);
  org.rules.set(ids.appsPolicy, [
    accessRule({ id: 'rulappsmfa', name: 'Two factors', priority: 1, factorMode: '2FA' }),
    accessRule({ id: 'rulappscatch', name: 'Catch-all Rule', priority: 99, system: true, access: 'DENY' }),
  ]);
  org.policyApps.set(ids.consolePolicy, [oktaApp('0oaadminconsole', adminConsoleAppName, 'Okta Admin Console')]);
  org.policyApps.set(ids.dashboardPolicy, [oktaApp('0oadashboard01', dashboardAppName, 'Okta Dashboard')]);
  org.policyApps.set(ids.appsPolicy, [oktaApp('0oasalesforce1', 'salesforce', 'Salesforce'), oktaApp('0oaslack00001', 'slack', 'Slack')]);

  org.mfaEnrollPolicies.push(oktaPolicy({ id: ids.enroll, name: 'Default Policy', type: 'MFA_ENROLL', priority: 1, system: true }));
  org.rules.set(ids.enroll, []);
  org.authenticators.push(oktaVerifyAuthenticator('NEVER'), {
    id: 'aut1webauthn', key: 'webauthn', name: 'FIDO2 (WebAuthn)', type: 'security_key', status: 'ACTIVE', settings: {},
  });

  for (const [index, person] of people.slice(0, 12).entries()) {
    org.logEvents.push(
      oktaLogEvent({ uuid: `evt-demo-${index}`, published: daysAgo(index + 1), eventType: 'user.mfa.factor.activate', actorId: person.id, targets: [{ id: person.id, type: 'User' }] }),
    );
  }

  const plantedProblems: PlantedProblem[] = [
    {
      id: 'okta-trusted-zone-password-only',
      description: "The Dashboard policy's first rule lets Head Office Staff sign in with a password alone from the Head Office zone.",
      accounts: officeStaff.filter((id) => applicable(id) && id !== excluded).map(loginOf),
      expectation: { field: 'mfaEnforced', value: 'partial', ruleId: 'okta-password-only-path' },
    },
    {
      id: 'okta-sms-only-admins',
      description: 'Two administrators can authenticate only with SMS (and voice or email).',
      accounts: [smsAdmin1, smsAdmin2].map(loginOf),
      expectation: { field: 'finding', value: 'account', ruleId: 'okta-admin-weak-factors-only' },
    },
    {
      id: 'okta-push-without-number-challenge',
      description: 'Okta Verify accepts push without a number challenge.',
      accounts: [],
      expectation: { field: 'finding', value: 'tenant', ruleId: 'okta-push-without-number-challenge' },
    },
    {
      id: 'okta-user-excluded-from-mfa-rule',
      description: "A user is excluded by name from the Dashboard's MFA rule and falls through to the one-factor catch-all.",
      accounts: [loginOf(excluded)],
      expectation: { field: 'mfaEnforced', value: 'no', ruleId: 'okta-mfa-rule-exclusion' },
    },
  ];
  return { sourceId: options.sourceId ?? 'demo-okta', org, plantedProblems };
}

/** Writes the demo Okta org as a source of `writer` and returns its planted problems. */
export async function writeDemoOktaOrg(writer: SnapshotWriter, options: DemoOktaOrgOptions = {}): Promise<{ sourceId: string; plantedProblems: PlantedProblem[] }> {
  const demo = buildDemoOktaOrg(options);
  const tenant = options.tenant ?? 'https://contoso-demo.okta.com';
  await writer.recordSource({ sourceId: demo.sourceId, connector: 'okta', tenant }, (recorder) => recordOktaOrg(recorder, demo.org, { origin: tenant }));
  return { sourceId: demo.sourceId, plantedProblems: demo.plantedProblems };
}
