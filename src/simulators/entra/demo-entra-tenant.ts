/**
 * The demo's Microsoft Entra ID tenant: a seeded, deterministic directory of the shared demo people (with
 * departments and employee ids), guests, disabled accounts, service accounts, a dozen administrators and two
 * break-glass accounts, under a sensible conditional-access set with six planted problems the scan must find, by
 * account: a group excluded from the MFA policy, a trusted-location carve-out, administrators left without MFA
 * because the policy meant for them is in report-only, administrators with SMS only, enforced users with no
 * method registered, and legacy authentication left open for a group with people in it. Problem groups are small and disjoint, so every
 * expectation names exactly the accounts it holds for.
 */
import type { SnapshotWriter } from '../../snapshot/snapshot-writer.js';
import type { PlantedProblem } from '../demo/planted-problem.js';
import { buildDemoExternalPeople, buildDemoPeople, type DemoDepartment, type DemoPerson } from '../demo/demo-people.js';
import { seededRandom, type SeededRandom } from '../demo/seeded-random.js';
import {
  authenticationMethod,
  conditionalAccessPolicy,
  countryNamedLocation,
  emptyEntraTenant,
  graphUser,
  ipNamedLocation,
  recordEntraTenant,
  roleAssignment,
  roleTemplates,
  type EntraTenantFixture,
  type MethodKind,
  type RoleTemplateName,
} from './entra-tenant-fixture.js';

export type { PlantedProblem } from '../demo/planted-problem.js';

export const demoEntraSourceId = 'demo-entra';

export interface DemoEntraTenantOptions {
  seed: number;
  /** Accounts in the directory, guests, service and break-glass accounts included; at least 150. */
  userCount?: number;
  /** The instant the tenant is generated as of: creation and last sign-in times are relative to it. */
  asOf: Date;
  /** The initial `onmicrosoft.com` domain, recorded as the source's tenant; cloud-only accounts and guests use it. */
  tenant?: string;
  /** The verified domain people sign in with (shared with the other demo sources, for correlation). */
  domain?: string;
}

export interface DemoEntraTenant {
  tenant: EntraTenantFixture;
  plantedProblems: PlantedProblem[];
}

export const minimumDemoEntraUserCount = 150;
const dayMs = 86_400_000;

/** Object ids of the tenant's fixed objects; GUID-shaped like Graph's. */
export const demoEntraIds = {
  groups: {
    breakGlass: '0b9a1c3e-5d1f-4e0a-9c1b-000000000b01',
    financeContractors: '0b9a1c3e-5d1f-4e0a-9c1b-000000000f01',
    salesField: '0b9a1c3e-5d1f-4e0a-9c1b-000000000501',
    legacyMailScanners: '0b9a1c3e-5d1f-4e0a-9c1b-0000000001e1',
    printers: '0b9a1c3e-5d1f-4e0a-9c1b-0000000001e2',
    helpdeskTier1: '0b9a1c3e-5d1f-4e0a-9c1b-000000000d01',
  },
  locations: {
    hqOffice: '7c4e2f10-3a5b-4c6d-8e9f-000000000001',
    branchOffice: '7c4e2f10-3a5b-4c6d-8e9f-000000000002',
    blockedCountries: '7c4e2f10-3a5b-4c6d-8e9f-000000000003',
  },
  policies: {
    mfaAllUsers: '3f6d8a20-1b2c-4d3e-9f4a-000000000001',
    mfaSalesField: '3f6d8a20-1b2c-4d3e-9f4a-000000000002',
    blockLegacy: '3f6d8a20-1b2c-4d3e-9f4a-000000000003',
    adminsPhishingResistant: '3f6d8a20-1b2c-4d3e-9f4a-000000000004',
    blockCountries: '3f6d8a20-1b2c-4d3e-9f4a-000000000005',
    oldOutsideNetwork: '3f6d8a20-1b2c-4d3e-9f4a-000000000006',
  },
} as const;

/** Microsoft's built-in "Phishing-resistant MFA" authentication strength. */
const phishingResistantStrength = '00000000-0000-0000-0000-000000000004';

/** Cloud-only service accounts; the first two feed scanners and printers and sit in the legacy-mail group. */
const serviceAccounts = [
  ['svc-scan2mail', 'Scan to mail (multifunction printers)'],
  ['svc-printer-floor2', 'Printer floor 2'],
  ['svc-backup', 'Backup service'],
  ['svc-hr-import', 'HR import'],
  ['svc-powerbi-gateway', 'Power BI gateway'],
  ['svc-crm-sync', 'CRM sync'],
  ['svc-monitoring', 'Monitoring'],
  ['svc-sharepoint-migration', 'SharePoint migration'],
] as const;

/** Directory roles of the named administrators (break-glass accounts aside), and their registered methods. */
const administratorSlots: ReadonlyArray<{ key: string; role: RoleTemplateName; methods: MethodKind[] }> = [
  { key: 'global', role: 'globalAdministrator', methods: ['fido2', 'authenticator'] },
  { key: 'privilegedRole', role: 'privilegedRoleAdministrator', methods: ['fido2', 'windowsHello'] },
  { key: 'security', role: 'securityAdministrator', methods: ['fido2', 'authenticator'] },
  { key: 'user', role: 'userAdministrator', methods: ['authenticator', 'phone'] },
  // Planted: two administrators whose only second factor is a text message.
  { key: 'exchangeSms', role: 'exchangeAdministrator', methods: ['phone'] },
  { key: 'helpdeskSms', role: 'helpdeskAdministrator', methods: ['phone'] },
];
/** Members of the role-assignable group that holds Helpdesk Administrator. */
const helpdeskGroupMethods: MethodKind[][] = [['authenticator'], ['authenticator', 'phone'], ['softwareOath', 'email'], ['authenticator'], ['windowsHello', 'authenticator']];
const privilegedRoles: RoleTemplateName[] = [
  'globalAdministrator',
  'privilegedRoleAdministrator',
  'securityAdministrator',
  'userAdministrator',
  'exchangeAdministrator',
  'helpdeskAdministrator',
];

interface Member {
  person: DemoPerson;
  id: string;
  upn: string;
  enabled: boolean;
  createdDays: number;
  /** Days since the last sign-in; null = never. */
  lastSignInDays: number | null;
}

export function buildDemoEntraTenant(options: DemoEntraTenantOptions): DemoEntraTenant {
  const userCount = Math.max(minimumDemoEntraUserCount, Math.round(options.userCount ?? 1500));
  const tenantDomain = options.tenant ?? 'contoso-demo.onmicrosoft.com';
  const domain = options.domain ?? 'contoso-demo.example';
  const rand = seededRandom(options.seed);
  const asOfMs = options.asOf.getTime();
  // Graph's timestamps have second precision; a random second of the day keeps them from looking generated.
  const daysAgo = (days: number): string => new Date(asOfMs - days * dayMs - rand.int(0, 86_399) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const tenant = emptyEntraTenant(tenantDomain);

  const guestCount = Math.round(userCount * 0.05);
  const serviceCount = Math.min(serviceAccounts.length, Math.max(4, Math.round(userCount * 0.004)));
  const peopleCount = userCount - guestCount - serviceCount - 2;

  // People: about 4% disabled (leavers), 6% of the rest dormant, the others signing in within the month.
  const members: Member[] = buildDemoPeople({ seed: options.seed, count: peopleCount }).map((person) => {
    const enabled = !rand.chance(0.04);
    const dormant = enabled && rand.chance(0.06);
    const id = rand.uuid();
    const lastSignInDays = !enabled ? rand.int(35, 400) : dormant ? rand.int(91, 420) : rand.int(0, 30);
    return { person, id, upn: `${person.localPart}@${domain}`, enabled, createdDays: lastSignInDays + rand.int(30, 2000), lastSignInDays };
  });

  // Everyone with a planted role is taken, once, from the enabled and active people, shuffled so the roles
  // spread over the roster; each draw prefers people whose department fits and falls back to anyone.
  const pool = rand.shuffle(members.filter((member) => member.enabled && member.lastSignInDays !== null && member.lastSignInDays <= 30));
  const taken = new Set<string>();
  const take = (count: number, ...preferences: Array<(member: Member) => boolean>): Member[] => {
    const chosen: Member[] = [];
    for (const fits of [...preferences, () => true]) {
      for (const member of pool) {
        if (chosen.length < count && !taken.has(member.id) && fits(member)) {
          taken.add(member.id);
          chosen.push(member);
        }
      }
    }
    if (chosen.length < count) throw new RangeError(`The demo Entra tenant needs more active people than ${userCount} users give; raise userCount.`);
    return chosen;
  };
  const inDepartment = (...departments: DemoDepartment[]) => (member: Member) => departments.includes(member.person.department);
  const contractor = (member: Member) => member.person.employmentType === 'contractor';
  const sized = (rate: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(peopleCount * rate)));

  const administrators = take(administratorSlots.length, inDepartment('IT'), inDepartment('Engineering', 'Operations'));
  const helpdeskTier1 = take(helpdeskGroupMethods.length, inDepartment('Support', 'IT'));
  const financeContractors = take(sized(0.008, 5, 15), (member) => contractor(member) && member.person.department === 'Finance', contractor, inDepartment('Finance'));
  const salesField = take(sized(0.012, 5, 20), inDepartment('Sales'));
  const legacyMailPeople = take(sized(0.005, 5, 12), inDepartment('Operations', 'Support'));
  const unregistered = take(sized(0.01, 5, 20));
  // Half of the unregistered are new joiners whose account waits for their first day, half have not signed in
  // since long before the MFA policy.
  for (const [index, member] of unregistered.entries()) {
    if (index % 2 === 0) {
      member.createdDays = rand.int(1, 14);
      member.lastSignInDays = null;
    } else {
      member.lastSignInDays = rand.int(400, 700);
      member.createdDays = member.lastSignInDays + rand.int(30, 900);
    }
  }

  const methodsByMember = new Map<string, MethodKind[]>();
  administrators.forEach((member, index) => methodsByMember.set(member.id, administratorSlots[index]?.methods ?? []));
  helpdeskTier1.forEach((member, index) => methodsByMember.set(member.id, helpdeskGroupMethods[index] ?? []));
  for (const member of unregistered) methodsByMember.set(member.id, []);

  for (const member of members) {
    tenant.users.push(
      graphUser({
        id: member.id,
        userPrincipalName: member.upn,
        displayName: member.person.displayName,
        accountEnabled: member.enabled,
        createdDateTime: daysAgo(member.createdDays),
        department: member.person.department,
        employeeId: member.person.employeeId,
        lastSignInDateTime: member.lastSignInDays === null ? null : daysAgo(member.lastSignInDays),
      }),
    );
    setMethods(tenant, member.id, methodsByMember.get(member.id) ?? memberMethods(rand, member.enabled));
  }

  for (const guest of buildDemoExternalPeople({ seed: options.seed, count: guestCount })) {
    const id = rand.uuid();
    const lastSignInDays = rand.chance(0.25) ? rand.int(91, 500) : rand.int(0, 60);
    tenant.users.push(
      graphUser({
        id,
        userPrincipalName: `${guest.email.replace('@', '_')}#EXT#@${tenantDomain}`,
        displayName: `${guest.displayName} (${guest.organisation})`,
        userType: 'Guest',
        accountEnabled: !rand.chance(0.02),
        createdDateTime: daysAgo(lastSignInDays + rand.int(1, 700)),
        lastSignInDateTime: daysAgo(lastSignInDays),
        invited: { issuer: 'ExternalAzureAD' },
      }),
    );
    // Guests register in this (resource) tenant because no cross-tenant MFA trust is configured.
    setMethods(tenant, id, rand.chance(0.65) ? ['authenticator'] : ['phone']);
  }

  const serviceIds = new Map<string, string>();
  for (const [name, displayName] of serviceAccounts.slice(0, serviceCount)) {
    const id = rand.uuid();
    serviceIds.set(name, id);
    tenant.users.push(
      graphUser({
        id,
        userPrincipalName: `${name}@${tenantDomain}`,
        displayName,
        department: 'IT',
        createdDateTime: daysAgo(rand.int(200, 1500)),
        lastSignInDateTime: daysAgo(rand.int(0, 2)),
      }),
    );
  }

  // Break-glass accounts: cloud-only on the initial domain, FIDO2 keys in the safe, never used.
  const breakGlass = [1, 2].map((number) => {
    const id = rand.uuid();
    const upn = `breakglass0${number}@${tenantDomain}`;
    tenant.users.push(graphUser({ id, userPrincipalName: upn, displayName: `Emergency access 0${number}`, createdDateTime: daysAgo(rand.int(800, 1000)), lastSignInDateTime: null }));
    setMethods(tenant, id, ['fido2']);
    return { id, upn };
  });

  const { groups, locations, policies } = demoEntraIds;
  const scanner = serviceIds.get('svc-scan2mail') as string;
  const printer = serviceIds.get('svc-printer-floor2') as string;
  const half = Math.ceil(legacyMailPeople.length / 2);
  const ids = (list: readonly Member[]) => list.map((member) => member.id);
  tenant.groups.push(
    { id: groups.breakGlass, displayName: 'CA-Exclude-BreakGlass', members: breakGlass.map((account) => account.id) },
    { id: groups.financeContractors, displayName: 'Finance-Contractors', members: ids(financeContractors) },
    { id: groups.salesField, displayName: 'Sales-Field', members: ids(salesField) },
    // Meant for devices that send mail over SMTP AUTH; people were added to it (and to the nested Printers group) over time.
    { id: groups.legacyMailScanners, displayName: 'Legacy-Mail-Scanners', members: [scanner, groups.printers, ...ids(legacyMailPeople.slice(0, half))] },
    { id: groups.printers, displayName: 'Printers', members: [printer, ...ids(legacyMailPeople.slice(half))] },
    { id: groups.helpdeskTier1, displayName: 'Helpdesk-Tier1', members: ids(helpdeskTier1) },
  );

  for (const account of breakGlass) tenant.roleAssignments.push(roleAssignment('globalAdministrator', { id: account.id, kind: 'user', userPrincipalName: account.upn }));
  administrators.forEach((member, index) => {
    const slot = administratorSlots[index];
    if (slot) tenant.roleAssignments.push(roleAssignment(slot.role, { id: member.id, kind: 'user', userPrincipalName: member.upn }));
  });
  tenant.roleAssignments.push(roleAssignment('helpdeskAdministrator', { id: groups.helpdeskTier1, kind: 'group' }));

  tenant.namedLocations.push(
    ipNamedLocation(locations.hqOffice, 'HQ office', ['198.51.100.0/24', '2001:db8:100::/48'], true),
    ipNamedLocation(locations.branchOffice, 'Branch office Rotterdam', ['203.0.113.0/25'], false),
    countryNamedLocation(locations.blockedCountries, 'Blocked countries', ['KP', 'IR', 'SY']),
  );

  tenant.conditionalAccessPolicies.push(
    conditionalAccessPolicy({
      id: policies.mfaAllUsers,
      displayName: 'Require MFA for all users',
      includeUsers: ['All'],
      // Planted: Finance-Contractors was excluded "temporarily" during an onboarding, and Helpdesk-Tier1 when the
      // admin policy below was piloted; Sales-Field and the legacy-mail group have their own arrangements below.
      excludeGroups: [groups.breakGlass, groups.financeContractors, groups.helpdeskTier1, groups.salesField, groups.legacyMailScanners],
      builtInControls: ['mfa'],
    }),
    conditionalAccessPolicy({
      id: policies.mfaSalesField,
      displayName: 'Require MFA for field sales outside the office',
      includeGroups: [groups.salesField],
      excludeGroups: [groups.breakGlass],
      // Planted: the trusted HQ network is a bypass for the field sales team.
      excludeLocations: [locations.hqOffice],
      builtInControls: ['mfa'],
    }),
    conditionalAccessPolicy({
      id: policies.blockLegacy,
      displayName: 'Block legacy authentication',
      includeUsers: ['All'],
      // Planted: the legacy-mail group, people included, keeps SMTP AUTH, POP and IMAP.
      excludeGroups: [groups.breakGlass, groups.legacyMailScanners],
      clientAppTypes: ['exchangeActiveSync', 'other'],
      builtInControls: ['block'],
    }),
    conditionalAccessPolicy({
      id: policies.adminsPhishingResistant,
      displayName: 'Require phishing-resistant MFA for admins',
      // Planted: left in report-only since the pilot, so Helpdesk-Tier1 has no enforced MFA at all.
      state: 'enabledForReportingButNotEnforced',
      includeRoles: privilegedRoles.map((role) => roleTemplates[role].id),
      excludeGroups: [groups.breakGlass],
      authenticationStrengthId: phishingResistantStrength,
    }),
    conditionalAccessPolicy({
      id: policies.blockCountries,
      displayName: 'Block sign-ins from blocked countries',
      includeUsers: ['All'],
      excludeGroups: [groups.breakGlass],
      includeLocations: [locations.blockedCountries],
      builtInControls: ['block'],
    }),
    conditionalAccessPolicy({
      id: policies.oldOutsideNetwork,
      displayName: 'OLD - MFA outside the corporate network (2021)',
      state: 'disabled',
      includeUsers: ['All'],
      excludeLocations: ['AllTrusted'],
      builtInControls: ['mfa'],
    }),
  );

  const logins = (list: readonly Member[]) => list.map((member) => member.upn);
  const smsAdministrators = administrators.filter((_, index) => ['exchangeSms', 'helpdeskSms'].includes(administratorSlots[index]?.key ?? ''));
  const plantedProblems: PlantedProblem[] = [
    {
      id: 'entra-group-excluded-from-mfa',
      description: 'The Finance-Contractors group is excluded from "Require MFA for all users" and no other policy requires MFA of its members.',
      accounts: logins(financeContractors),
      expectation: { field: 'mfaEnforced', value: 'no' },
    },
    {
      id: 'entra-trusted-location-exclusion',
      description: 'Sales-Field is excluded from the all-users policy; its own MFA policy excludes the trusted "HQ office" location, where a password alone signs in.',
      accounts: logins(salesField),
      expectation: { field: 'mfaEnforced', value: 'partial' },
    },
    {
      id: 'entra-mfa-policy-report-only',
      description:
        'Helpdesk-Tier1 (Helpdesk Administrator through a role-assignable group) was moved out of the all-users policy for "Require phishing-resistant MFA for admins", which was left in report-only: no MFA is enforced for these administrators.',
      accounts: logins(helpdeskTier1),
      expectation: { field: 'mfaEnforced', value: 'no' },
    },
    {
      id: 'entra-sms-only-admins',
      description: 'An Exchange and a Helpdesk Administrator have a mobile phone (SMS) as their only second factor.',
      accounts: logins(smsAdministrators),
      expectation: { field: 'finding', value: 'account', ruleId: 'privileged-weak-factors-only' },
    },
    {
      id: 'entra-no-method-registered',
      description:
        'People the all-users MFA policy applies to, with no method registered (new joiners and long-absent staff): not covered, since whoever holds the password can enrol their own factor.',
      accounts: logins(unregistered),
      expectation: { field: 'finding', value: 'account', ruleId: 'mfa-enforced-not-registered' },
    },
    {
      id: 'entra-legacy-auth-open-for-group',
      description: 'People in Legacy-Mail-Scanners (directly or through the nested Printers group) are excluded from "Block legacy authentication" and from the MFA policy.',
      accounts: logins(legacyMailPeople),
      expectation: { field: 'legacyAuth', value: 'open' },
    },
  ];
  return { tenant, plantedProblems };
}

/** Writes the demo tenant as the `demo-entra` source of `writer` and returns its planted problems. */
export async function writeDemoEntraTenant(
  writer: SnapshotWriter,
  options: DemoEntraTenantOptions,
): Promise<{ sourceId: typeof demoEntraSourceId; plantedProblems: PlantedProblem[] }> {
  const demo = buildDemoEntraTenant(options);
  await writer.recordSource({ sourceId: demoEntraSourceId, connector: 'entra', tenant: demo.tenant.tenant }, (recorder) => recordEntraTenant(recorder, demo.tenant));
  return { sourceId: demoEntraSourceId, plantedProblems: demo.plantedProblems };
}

/**
 * An ordinary person's methods: the Authenticator app for most, FIDO2 keys and Windows Hello for some, a TOTP
 * app for some, SMS only for about one in nine; never none (the unregistered are planted, so they can be
 * listed exactly), except for some of the disabled.
 */
function memberMethods(rand: SeededRandom, enabled: boolean): MethodKind[] {
  if (!enabled && rand.chance(0.2)) return [];
  const roll = rand.next();
  const methods: MethodKind[] =
    roll < 0.5
      ? rand.chance(0.4)
        ? ['authenticator', 'phone']
        : ['authenticator']
      : roll < 0.62
        ? ['fido2', 'authenticator']
        : roll < 0.68
          ? ['windowsHello', 'authenticator']
          : roll < 0.8
            ? rand.chance(0.5)
              ? ['softwareOath', 'phone']
              : ['softwareOath']
            : roll < 0.91
              ? ['phone']
              : ['authenticator', 'softwareOath'];
  return rand.chance(0.08) ? [...methods, 'email'] : methods;
}

function setMethods(tenant: EntraTenantFixture, userId: string, kinds: readonly MethodKind[]): void {
  tenant.methods.set(userId, [authenticationMethod('password'), ...kinds.map((kind, index) => authenticationMethod(kind, index))]);
}
