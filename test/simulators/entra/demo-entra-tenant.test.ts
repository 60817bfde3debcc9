/**
 * The demo Entra ID tenant: deterministic to the byte, the mix a real tenant has, a fixture that cannot
 * contradict itself, and planted problems whose accounts are exactly those the tenant's own structure implies
 * (recomputed here from the groups, policies, roles and methods, never copied from the generator).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConditionalAccessPolicy } from '../../../src/connectors/entra/graph-payloads.js';
import { buildDemoExternalPeople, buildDemoPeople, demoDepartments, loginPart } from '../../../src/simulators/demo/demo-people.js';
import { mulberry32, seededRandom } from '../../../src/simulators/demo/seeded-random.js';
import { buildDemoEntraTenant, minimumDemoEntraUserCount, writeDemoEntraTenant, type PlantedProblem } from '../../../src/simulators/entra/demo-entra-tenant.js';
import { adminUserIds, methodOdataTypes, methodsOf, roleTemplates, transitiveMembers } from '../../../src/simulators/entra/entra-tenant-fixture.js';
import { SnapshotWriter } from '../../../src/snapshot/snapshot-writer.js';

const asOf = new Date('2025-06-01T00:00:00Z');
const demo = buildDemoEntraTenant({ seed: 42, asOf });
const { tenant } = demo;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'demo-entra-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function recordSnapshot(name: string, seed: number): Promise<{ directory: string; plantedProblems: PlantedProblem[] }> {
  const writer = await SnapshotWriter.create(path.join(scratch, name), { now: () => asOf, scannerVersion: 'test' });
  const { sourceId, plantedProblems } = await writeDemoEntraTenant(writer, { seed, asOf });
  expect(sourceId).toBe('demo-entra');
  return { directory: await writer.commit(), plantedProblems };
}

async function filesOf(directory: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(directory, file), await readFile(file));
  }
  return files;
}

const usersById = new Map(tenant.users.map((user) => [user.id, user]));
const loginOf = (id: string): string => usersById.get(id)?.userPrincipalName ?? `missing:${id}`;
const isService = (login: string): boolean => /^svc[-_.]/i.test(login);
const enabledHumans = (ids: Iterable<string>): string[] =>
  [...ids].filter((id) => usersById.get(id)?.accountEnabled === true && !isService(loginOf(id))).map(loginOf).sort();
const membersByGroup = new Map<string, string[]>();
const userMembers = (groupId: string): string[] => {
  const cached = membersByGroup.get(groupId);
  if (cached) return cached;
  const ids = transitiveMembers(tenant, groupId)
    .filter((member) => member['@odata.type'] === '#microsoft.graph.user')
    .map((member) => member.id as string);
  membersByGroup.set(groupId, ids);
  return ids;
};
const groupNamed = (name: string): string => {
  const group = tenant.groups.find((candidate) => candidate.displayName === name);
  if (!group) throw new Error(`no group ${name}`);
  return group.id;
};
const problem = (id: string): PlantedProblem => {
  const found = demo.plantedProblems.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no planted problem ${id}`);
  return found;
};
const sorted = (logins: readonly string[]): string[] => [...logins].sort();
const secondFactors = (userId: string): string[] =>
  methodsOf(tenant, userId)
    .map((method) => method['@odata.type'])
    .filter((type) => type !== methodOdataTypes.password && type !== methodOdataTypes.email);
const requiresMfa = (policy: ConditionalAccessPolicy): boolean =>
  (policy.grantControls?.builtInControls ?? []).includes('mfa') || policy.grantControls?.authenticationStrength != null;
const users = (policy: ConditionalAccessPolicy) => policy.conditions.users ?? {};
const policyNamed = (name: string): ConditionalAccessPolicy => {
  const policy = tenant.conditionalAccessPolicies.find((candidate) => candidate.displayName === name);
  if (!policy) throw new Error(`no policy ${name}`);
  return policy;
};
const allUsersMfa = policyNamed('Require MFA for all users');
/** Whether a policy's user conditions take in a user: users, groups (transitively) and roles, exclusions applied. */
const roleHolders = (roleIds: readonly string[]): Set<string> =>
  new Set(
    tenant.roleAssignments
      .filter((assignment) => roleIds.includes(assignment.roleDefinitionId))
      .flatMap((assignment) => (assignment.principal?.['@odata.type'] === '#microsoft.graph.group' ? userMembers(assignment.principalId) : [assignment.principalId])),
  );
const appliesTo = (policy: ConditionalAccessPolicy, userId: string): boolean => {
  const conditions = users(policy);
  const included =
    (conditions.includeUsers ?? []).some((id) => id === 'All' || id === userId) ||
    (conditions.includeGroups ?? []).some((group) => userMembers(group).includes(userId)) ||
    roleHolders(conditions.includeRoles ?? []).has(userId);
  const excluded =
    (conditions.excludeUsers ?? []).includes(userId) ||
    (conditions.excludeGroups ?? []).some((group) => userMembers(group).includes(userId)) ||
    roleHolders(conditions.excludeRoles ?? []).has(userId);
  return included && !excluded;
};
const enforcedMfaPolicies = (userId: string): ConditionalAccessPolicy[] =>
  tenant.conditionalAccessPolicies.filter((policy) => policy.state === 'enabled' && requiresMfa(policy) && appliesTo(policy, userId));
const ruleFolders = ['../../../src/connectors/entra/rules/', '../../../src/reconcile/rules/'].map((folder) => new URL(folder, import.meta.url));

describe('the demo Entra ID tenant', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const snapshot = (seed: number) => {
      const { tenant: built, plantedProblems } = buildDemoEntraTenant({ seed, asOf });
      return JSON.stringify({ ...built, methods: [...built.methods], plantedProblems });
    };
    expect(snapshot(7)).toBe(snapshot(7));
    expect(snapshot(7)).not.toBe(snapshot(8));
  });

  it('records byte-identical snapshot files for the same seed', async () => {
    const first = await recordSnapshot('first', 42);
    const second = await recordSnapshot('second', 42);
    const other = await recordSnapshot('other', 43);
    const [a, b, c] = await Promise.all([filesOf(first.directory), filesOf(second.directory), filesOf(other.directory)]);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect([...a.keys()]).toEqual(expect.arrayContaining(['snapshot.json', path.join('sources', 'demo-entra', 'users.jsonl')]));
    for (const [file, content] of a) expect({ file, same: content.equals(b.get(file) ?? Buffer.alloc(0)) }).toEqual({ file, same: true });
    expect(a.get(path.join('sources', 'demo-entra', 'users.jsonl'))?.equals(c.get(path.join('sources', 'demo-entra', 'users.jsonl')) ?? Buffer.alloc(0))).toBe(false);
    expect(first.plantedProblems).toEqual(demo.plantedProblems);
  });

  it('builds and records 1,500 users quickly', async () => {
    const started = performance.now();
    const writer = await SnapshotWriter.create(path.join(scratch, 'timed'), { now: () => asOf, scannerVersion: 'test' });
    await writeDemoEntraTenant(writer, { seed: 5, asOf, userCount: 1500 });
    await writer.commit();
    // The budget is 1 s; the bound leaves room for a loaded CI machine while still catching a quadratic build.
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('has the size and mix of a real tenant', () => {
    const count = tenant.users.length;
    expect(count).toBe(1500);
    const guests = tenant.users.filter((user) => user.userType === 'Guest');
    expect(guests.length / count).toBeGreaterThanOrEqual(0.04);
    expect(guests.length / count).toBeLessThanOrEqual(0.06);
    expect(guests.every((user) => user.userPrincipalName.includes('#EXT#@contoso-demo.onmicrosoft.com'))).toBe(true);
    const disabled = tenant.users.filter((user) => user.accountEnabled === false);
    expect(disabled.length / count).toBeGreaterThanOrEqual(0.025);
    expect(disabled.length / count).toBeLessThanOrEqual(0.055);
    const services = tenant.users.filter((user) => isService(user.userPrincipalName));
    expect(services.length).toBeGreaterThanOrEqual(4);
    expect(services.every((user) => secondFactors(user.id).length === 0)).toBe(true);

    const members = tenant.users.filter((user) => user.userType === 'Member' && !isService(user.userPrincipalName) && !user.userPrincipalName.startsWith('breakglass'));
    expect(members.every((user) => user.department !== null && demoDepartments.includes(user.department as (typeof demoDepartments)[number]))).toBe(true);
    expect(new Set(members.map((user) => user.employeeId)).size).toBe(members.length);
    expect(new Set(members.map((user) => user.department)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(tenant.users.map((user) => user.userPrincipalName.toLowerCase())).size).toBe(count);

    const dormant = members.filter((user) => {
      const last = user.signInActivity?.lastSignInDateTime;
      return user.accountEnabled === true && typeof last === 'string' && asOf.getTime() - Date.parse(last) > 90 * 86_400_000;
    });
    expect(dormant.length / members.length).toBeGreaterThan(0.03);
    expect(dormant.length / members.length).toBeLessThan(0.12);
    for (const user of tenant.users) {
      const last = user.signInActivity?.lastSignInDateTime ?? null;
      const created = user.createdDateTime ?? '';
      expect({ user: user.userPrincipalName, inOrder: created <= (last ?? created) && (last ?? created) <= asOf.toISOString() }).toEqual({ user: user.userPrincipalName, inOrder: true });
    }

    // Factor mix over enabled people: Authenticator most, then FIDO2, TOTP and SMS-only for some, a few with nothing.
    const enabledMembers = members.filter((user) => user.accountEnabled === true);
    const share = (test: (types: string[]) => boolean) => enabledMembers.filter((user) => test(secondFactors(user.id))).length / enabledMembers.length;
    const authenticator = share((types) => types.includes(methodOdataTypes.authenticator));
    expect(authenticator).toBeGreaterThan(0.6);
    for (const [type, min, max] of [
      [methodOdataTypes.fido2, 0.08, 0.2],
      [methodOdataTypes.softwareOath, 0.12, 0.3],
      [methodOdataTypes.windowsHello, 0.03, 0.1],
    ] as const) {
      expect({ type, ok: share((types) => types.includes(type)) > min && share((types) => types.includes(type)) < max }).toEqual({ type, ok: true });
    }
    const smsOnly = share((types) => types.length > 0 && types.every((entry) => entry === methodOdataTypes.phone));
    expect(smsOnly).toBeGreaterThan(0.06);
    expect(smsOnly).toBeLessThan(0.16);
    const nothing = share((types) => types.length === 0);
    expect(nothing).toBeGreaterThan(0);
    expect(nothing).toBeLessThan(0.02);
  });

  it('has a dozen administrators, one role held through a role-assignable group', () => {
    const admins = adminUserIds(tenant);
    expect(admins.size).toBeGreaterThanOrEqual(10);
    expect(admins.size).toBeLessThanOrEqual(14);
    const holders = (role: keyof typeof roleTemplates) => tenant.roleAssignments.filter((assignment) => assignment.roleDefinitionId === roleTemplates[role].id);
    expect(holders('globalAdministrator')).toHaveLength(3);
    for (const role of ['privilegedRoleAdministrator', 'securityAdministrator', 'userAdministrator', 'exchangeAdministrator', 'helpdeskAdministrator'] as const) {
      expect({ role, held: holders(role).length > 0 }).toEqual({ role, held: true });
    }
    const groupAssignments = tenant.roleAssignments.filter((assignment) => assignment.principal?.['@odata.type'] === '#microsoft.graph.group');
    expect(groupAssignments).toHaveLength(1);
    expect(userMembers(groupAssignments[0]?.principalId ?? '').length).toBeGreaterThan(1);
  });

  it('has two break-glass accounts: Global Administrators with FIDO2 keys, never signed in, excluded from every policy', () => {
    const breakGlass = tenant.users.filter((user) => user.userPrincipalName.startsWith('breakglass'));
    expect(breakGlass).toHaveLength(2);
    const group = groupNamed('CA-Exclude-BreakGlass');
    expect(sorted(userMembers(group))).toEqual(sorted(breakGlass.map((user) => user.id)));
    for (const user of breakGlass) {
      expect(user.accountEnabled).toBe(true);
      expect(user.signInActivity?.lastSignInDateTime).toBeNull();
      expect(secondFactors(user.id)).toEqual([methodOdataTypes.fido2]);
      expect(tenant.roleAssignments.some((assignment) => assignment.principalId === user.id && assignment.roleDefinitionId === roleTemplates.globalAdministrator.id)).toBe(true);
    }
    const applicable = tenant.conditionalAccessPolicies.filter((policy) => policy.state !== 'disabled' && (users(policy).includeUsers?.includes('All') || (users(policy).includeRoles ?? []).length > 0));
    expect(applicable.length).toBeGreaterThan(3);
    for (const policy of applicable) expect({ policy: policy.displayName, excluded: users(policy).excludeGroups?.includes(group) }).toEqual({ policy: policy.displayName, excluded: true });
  });

  it('has a sensible conditional-access set: enabled, report-only and disabled policies', () => {
    expect(allUsersMfa.state).toBe('enabled');
    expect(allUsersMfa.conditions.clientAppTypes).toEqual(['all']);
    expect(allUsersMfa.conditions.applications?.includeApplications).toEqual(['All']);
    const legacy = policyNamed('Block legacy authentication');
    expect([legacy.state, sorted(legacy.conditions.clientAppTypes ?? []), legacy.grantControls?.builtInControls]).toEqual(['enabled', ['exchangeActiveSync', 'other'], ['block']]);
    expect(policyNamed('Require phishing-resistant MFA for admins').state).toBe('enabledForReportingButNotEnforced');
    expect(tenant.conditionalAccessPolicies.some((policy) => policy.state === 'disabled')).toBe(true);
    expect(tenant.securityDefaults.isEnabled).toBe(false);
  });

  it('has no dangling references', () => {
    const groupIds = new Set(tenant.groups.map((group) => group.id));
    const locationIds = new Set(tenant.namedLocations.map((location) => location.id));
    const roleIds = new Set(tenant.roleDefinitions.map((role) => role.templateId ?? role.id));
    const objectIds = [...tenant.users.map((user) => user.id), ...tenant.groups.map((group) => group.id)];
    expect(new Set(objectIds).size).toBe(objectIds.length);
    for (const policy of tenant.conditionalAccessPolicies) {
      const conditions = users(policy);
      for (const id of [...(conditions.includeGroups ?? []), ...(conditions.excludeGroups ?? [])]) expect({ policy: policy.id, id, exists: groupIds.has(id) }).toEqual({ policy: policy.id, id, exists: true });
      for (const id of [...(conditions.includeUsers ?? []), ...(conditions.excludeUsers ?? [])].filter((entry) => entry !== 'All')) expect(usersById.has(id)).toBe(true);
      for (const id of [...(conditions.includeRoles ?? []), ...(conditions.excludeRoles ?? [])]) expect(roleIds.has(id)).toBe(true);
      const locations = policy.conditions.locations;
      for (const id of [...(locations?.includeLocations ?? []), ...(locations?.excludeLocations ?? [])].filter((entry) => entry !== 'All' && entry !== 'AllTrusted')) {
        expect({ policy: policy.id, id, exists: locationIds.has(id) }).toEqual({ policy: policy.id, id, exists: true });
      }
    }
    for (const group of tenant.groups) for (const member of group.members) expect({ group: group.displayName, member, exists: usersById.has(member) || groupIds.has(member) }).toEqual({ group: group.displayName, member, exists: true });
    for (const assignment of tenant.roleAssignments) {
      expect(roleIds.has(assignment.roleDefinitionId)).toBe(true);
      const principalExists = assignment.principal?.['@odata.type'] === '#microsoft.graph.group' ? groupIds.has(assignment.principalId) : usersById.has(assignment.principalId);
      expect({ assignment: assignment.id, principalExists }).toEqual({ assignment: assignment.id, principalExists: true });
    }
    for (const userId of tenant.methods.keys()) expect(usersById.has(userId)).toBe(true);
  });

  describe('planted problems', () => {
    it('are six, each with at least one enabled account of the tenant, disjoint from each other', () => {
      expect(demo.plantedProblems.map((entry) => entry.id)).toEqual([
        'entra-group-excluded-from-mfa',
        'entra-trusted-location-exclusion',
        'entra-mfa-policy-report-only',
        'entra-sms-only-admins',
        'entra-no-method-registered',
        'entra-legacy-auth-open-for-group',
      ]);
      const logins = new Map(tenant.users.map((user) => [user.userPrincipalName, user]));
      const seen = new Map<string, string>();
      for (const entry of demo.plantedProblems) {
        expect(entry.accounts.length).toBeGreaterThan(0);
        expect(entry.accounts.length).toBeLessThanOrEqual(20);
        for (const login of entry.accounts) {
          expect({ login, enabled: logins.get(login)?.accountEnabled }).toEqual({ login, enabled: true });
          expect({ login, alsoIn: seen.get(login) }).toEqual({ login, alsoIn: undefined });
          seen.set(login, entry.id);
        }
      }
    });

    it('name only finding rules that exist (id = file name)', () => {
      const ruleIds = demo.plantedProblems.flatMap((entry) => (entry.expectation.ruleId === undefined ? [] : [entry.expectation.ruleId]));
      for (const ruleId of ruleIds) {
        expect({ ruleId, exists: ruleFolders.some((folder) => existsSync(new URL(`${ruleId}.ts`, folder))) }).toEqual({ ruleId, exists: true });
      }
    });

    it('a group excluded from the MFA policy: its members have no MFA policy at all', () => {
      const group = groupNamed('Finance-Contractors');
      expect(allUsersMfa.conditions.users?.excludeGroups).toContain(group);
      const otherMfa = tenant.conditionalAccessPolicies.filter((policy) => policy.state === 'enabled' && requiresMfa(policy) && policy !== allUsersMfa);
      expect(otherMfa.some((policy) => users(policy).includeUsers?.includes('All') || users(policy).includeGroups?.includes(group))).toBe(false);
      expect(sorted(problem('entra-group-excluded-from-mfa').accounts)).toEqual(enabledHumans(userMembers(group)));
      expect(problem('entra-group-excluded-from-mfa').accounts.every((login) => enforcedMfaPolicies(tenant.users.find((user) => user.userPrincipalName === login)?.id ?? '').length === 0)).toBe(true);
      expect(problem('entra-group-excluded-from-mfa').expectation).toEqual({ field: 'mfaEnforced', value: 'no' });
    });

    it('a trusted-location exclusion: the only MFA policy of its group excludes a trusted location', () => {
      const carveOut = tenant.conditionalAccessPolicies.filter(
        (policy) =>
          policy.state === 'enabled' &&
          requiresMfa(policy) &&
          (policy.conditions.locations?.excludeLocations ?? []).some((id) => tenant.namedLocations.find((location) => location.id === id)?.isTrusted === true),
      );
      expect(carveOut).toHaveLength(1);
      const groups = carveOut[0]?.conditions.users?.includeGroups ?? [];
      expect(groups).toHaveLength(1);
      for (const group of groups) expect(allUsersMfa.conditions.users?.excludeGroups).toContain(group);
      expect(sorted(problem('entra-trusted-location-exclusion').accounts)).toEqual(enabledHumans(groups.flatMap(userMembers)));
      expect(problem('entra-trusted-location-exclusion').expectation.value).toBe('partial');
    });

    it('an MFA policy left in report-only: the administrators it names, moved out of the all-users policy, have no enforced MFA', () => {
      const reportOnly = tenant.conditionalAccessPolicies.filter((policy) => policy.state === 'enabledForReportingButNotEnforced' && requiresMfa(policy));
      expect(reportOnly).toHaveLength(1);
      const policy = reportOnly[0] as ConditionalAccessPolicy;
      const inScope = [...roleHolders(users(policy).includeRoles ?? [])].filter((id) => appliesTo(policy, id));
      const expected = enabledHumans(inScope.filter((id) => enforcedMfaPolicies(id).length === 0));
      expect(expected.length).toBeGreaterThanOrEqual(5);
      expect(sorted(problem('entra-mfa-policy-report-only').accounts)).toEqual(expected);
      expect(problem('entra-mfa-policy-report-only').expectation).toEqual({ field: 'mfaEnforced', value: 'no' });
    });

    it('administrators with SMS only: exactly the enabled admins whose only second factor is a phone', () => {
      const expected = enabledHumans([...adminUserIds(tenant)].filter((id) => {
        const types = secondFactors(id);
        return types.length > 0 && types.every((type) => type === methodOdataTypes.phone);
      }));
      expect(expected.length).toBeGreaterThanOrEqual(2);
      expect(sorted(problem('entra-sms-only-admins').accounts)).toEqual(expected);
      expect(problem('entra-sms-only-admins').expectation.field).toBe('finding');
    });

    it('users with no method: exactly the enabled people the all-users policy applies to with no second factor', () => {
      const expected = enabledHumans(tenant.users.filter((user) => enforcedMfaPolicies(user.id).length > 0 && secondFactors(user.id).length === 0).map((user) => user.id));
      expect(expected.length).toBeGreaterThanOrEqual(5);
      expect(sorted(problem('entra-no-method-registered').accounts)).toEqual(expected);
      expect(problem('entra-no-method-registered').expectation).toEqual({ field: 'finding', value: 'account', ruleId: 'mfa-enforced-not-registered' });
    });

    it('legacy authentication open for a group: its people (nested group included) escape both the block and the MFA policy', () => {
      const legacy = policyNamed('Block legacy authentication');
      const breakGlass = groupNamed('CA-Exclude-BreakGlass');
      const groups = (legacy.conditions.users?.excludeGroups ?? []).filter((group) => group !== breakGlass);
      expect(groups).toHaveLength(1);
      for (const group of groups) expect(allUsersMfa.conditions.users?.excludeGroups).toContain(group);
      const members = groups.flatMap(userMembers);
      expect(members.some((id) => isService(loginOf(id)))).toBe(true);
      const direct = new Set(tenant.groups.find((group) => group.id === groups[0])?.members ?? []);
      const expected = enabledHumans(members);
      expect(expected.some((login) => !direct.has(tenant.users.find((user) => user.userPrincipalName === login)?.id ?? ''))).toBe(true);
      expect(sorted(problem('entra-legacy-auth-open-for-group').accounts)).toEqual(expected);
      expect(problem('entra-legacy-auth-open-for-group').expectation).toEqual({ field: 'legacyAuth', value: 'open' });
    });
  });

  it('keeps the smallest tenant large enough for every planted problem', () => {
    const small = buildDemoEntraTenant({ seed: 3, asOf, userCount: 10 });
    expect(small.tenant.users).toHaveLength(minimumDemoEntraUserCount);
    for (const entry of small.plantedProblems) expect({ id: entry.id, some: entry.accounts.length > 0 }).toEqual({ id: entry.id, some: true });
  });
});

describe('the shared demo people', () => {
  it('are deterministic, prefix-stable and unique by login and employee id', () => {
    const people = buildDemoPeople({ seed: 42, count: 1000 });
    expect(buildDemoPeople({ seed: 42, count: 100 })).toEqual(people.slice(0, 100));
    expect(buildDemoPeople({ seed: 43, count: 100 })).not.toEqual(people.slice(0, 100));
    expect(new Set(people.map((person) => person.localPart)).size).toBe(1000);
    expect(new Set(people.map((person) => person.employeeId)).size).toBe(1000);
    expect(people.every((person) => /^[a-z]+\.[a-z]+\d*$/.test(person.localPart))).toBe(true);
    const contractors = people.filter((person) => person.employmentType === 'contractor');
    expect(contractors.length / people.length).toBeGreaterThan(0.05);
    expect(contractors.length / people.length).toBeLessThan(0.14);
    expect(contractors.every((person) => person.employeeId.startsWith('C'))).toBe(true);
    expect(new Set(people.map((person) => person.department))).toEqual(new Set(demoDepartments));
  });

  it('give logins in plain ASCII, and partners unique addresses', () => {
    expect([loginPart('Ó Briain'), loginPart('Søren'), loginPart('Åsa'), loginPart('de Vries')]).toEqual(['obriain', 'soren', 'asa', 'devries']);
    const partners = buildDemoExternalPeople({ seed: 42, count: 200 });
    expect(new Set(partners.map((person) => person.email)).size).toBe(200);
    expect(partners.every((person) => /^[a-z]+\.[a-z]+\d*@[a-z-]+\.example$/.test(person.email))).toBe(true);
  });
});

describe('the seeded random source', () => {
  it('is mulberry32: the same sequence for a seed, uniform enough, in range', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(values.filter((value) => value < 0.5).length).toBeGreaterThan(430);
    expect(values.filter((value) => value < 0.5).length).toBeLessThan(570);
  });

  it('picks, shuffles, rolls and makes GUIDs deterministically', () => {
    const rand = seededRandom(9);
    const again = seededRandom(9);
    const ints = Array.from({ length: 500 }, () => rand.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    expect(Array.from({ length: 500 }, () => again.int(3, 5))).toEqual(ints);
    const shuffled = rand.shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...shuffled].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(['a', 'b', 'c']).toContain(rand.pick(['a', 'b', 'c']));
    expect(() => rand.pick([])).toThrow(RangeError);
    expect(Array.from({ length: 200 }, () => rand.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 200 }, () => rand.chance(1)).every(Boolean)).toBe(true);
    expect(rand.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
