/** End-to-end analysis of small Entra tenants through the memory source: coverage, kinds, factors, privilege, determinism. */
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import { analyseEntra } from '../../../src/connectors/entra/analyse-entra.js';
import { authenticationMethod, graphUser, roleAssignment } from '../../../src/simulators/entra/entra-tenant-fixture.js';
import { memoryEntraSource } from './memory-entra-source.js';
import { accountOf, analyse, asOf, baseTenant, blockLegacy, ids, logins, policy, roles, setMethods } from './entra-tenant-cases.js';

/** MFA for all users and a legacy block: the well-run tenant every case starts from. */
function coveredTenant() {
  const tenant = baseTenant();
  tenant.conditionalAccessPolicies.push(policy({ displayName: 'Require MFA for all users' }), blockLegacy());
  return tenant;
}

describe('coverage', () => {
  it('covers an enabled member with MFA enforced, a method registered and legacy blocked', async () => {
    const alice = accountOf(await analyse(coveredTenant()), 'alice');
    expect(alice).toMatchObject({ idp: 'entra', tenant: 'contoso.onmicrosoft.com', id: ids.alice, kind: 'human', enabled: true, covered: 'yes' });
    expect(alice.mfaRegistered.value).toBe('yes');
    expect(alice.reasons).toEqual(['MFA enforced, a method registered and legacy authentication blocked.']);
  });

  it('does not cover an account with MFA enforced but no method registered', async () => {
    const tenant = coveredTenant();
    setMethods(tenant, 'bob', []);
    const bob = accountOf(await analyse(tenant), 'bob');
    expect(bob.covered).toBe('no');
    expect(bob.mfaRegistered).toEqual({ value: 'no', reasons: ['No authentication method besides the password is registered (registration report).'] });
    expect(bob.reasons[0]).toMatch(/whoever holds the password can enrol their own factor/);
  });

  it('does not cover a partial enforcement, and names the carve-out', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ excludeLocations: [ids.hq] }), blockLegacy());
    const alice = accountOf(await analyse(tenant), 'alice');
    expect(alice.covered).toBe('no');
    expect(alice.reasons.join(' ')).toMatch(/MFA not enforced \(partial\): .*HQ office/);
  });

  it('lists disabled and service accounts as n/a, still evaluating the service account', async () => {
    const analysis = await analyse(coveredTenant());
    const frank = accountOf(analysis, 'frank');
    expect(frank).toMatchObject({ enabled: false, covered: 'n/a', mfaEnforced: { value: 'n/a' }, legacyAuth: { value: 'n/a' } });
    expect(frank.reasons[0]).toMatch(/Disabled/);
    const svc = accountOf(analysis, 'svc');
    expect(svc).toMatchObject({ kind: 'service', enabled: true, covered: 'n/a', mfaEnforced: { value: 'yes' } });
    expect(svc.reasons[0]).toMatch(/service-account pattern/);
  });

  it('classifies guests by userType', async () => {
    const gina = accountOf(await analyse(coveredTenant()), 'gina');
    expect(gina).toMatchObject({ kind: 'guest', covered: 'yes' });
  });

  it('is unknown, with the permission, when registration data was refused and not replaced', async () => {
    const tenant = coveredTenant();
    const analysis = await analyse(tenant, {
      drop: ['userRegistrationDetails'],
      errors: [{ endpoint: 'userRegistrationDetails', code: 'PERMISSION_MISSING', message: 'Neither tenant is B2C or tenant doesn\'t have premium license', permission: 'AuditLog.Read.All', httpStatus: 403 }],
    });
    const alice = accountOf(analysis, 'alice');
    expect(alice.mfaRegistered.value).toBe('unknown');
    expect(alice.covered).toBe('unknown');
    expect(alice.reasons.join(' ')).toMatch(/userRegistrationDetails could not be read \(Graph asked for AuditLog\.Read\.All\)/);
  });

  it('is unknown for a user whose per-user method listing failed, and never covered', async () => {
    const tenant = coveredTenant();
    const analysis = await analyse(tenant, {
      licenceFree: true,
      edit: (lines) =>
        lines.set('authenticationMethods', (lines.get('authenticationMethods') ?? []).map((line) => ((line as { key: string }).key === ids.bob ? { key: ids.bob, status: 403, body: { error: { code: 'accessDenied' } } } : line))),
    });
    const bob = accountOf(analysis, 'bob');
    expect(bob.mfaRegistered).toEqual({ value: 'unknown', reasons: ['Registered methods unknown: GET /users/{id}/authentication/methods answered 403 for this user.'] });
    expect(bob.covered).toBe('unknown');
    expect(accountOf(analysis, 'alice').covered).toBe('yes');
  });

  it('is unknown when a role-holding group could not be read, for the privilege of users with no known role', async () => {
    const tenant = coveredTenant();
    const analysis = await analyse(tenant, { edit: (lines) => lines.set('groupMembers', (lines.get('groupMembers') ?? []).filter((line) => (line as { key: string }).key !== ids.admins)) });
    const carol = accountOf(analysis, 'carol');
    expect(carol.privileged).toBe(false);
    expect(carol.reasons.join(' ')).toMatch(/Privilege may be incomplete: The members of group 'Tenant-Admins', which holds Global Administrator, are unknown/);
  });
});

describe('factors', () => {
  const everyKind = ['authenticator', 'phone', 'voice', 'fido2', 'softwareOath', 'windowsHello', 'email', 'temporaryAccessPass', 'platformCredential'] as const;
  const expectedTypes = ['authenticator-push', 'email', 'fido2', 'platform-authenticator', 'sms', 'temporary-access-pass', 'totp-software', 'voice', 'windows-hello'];

  it('maps the registration report\'s methodsRegistered', async () => {
    const tenant = coveredTenant();
    setMethods(tenant, 'alice', everyKind);
    const alice = accountOf(await analyse(tenant), 'alice');
    expect(alice.factors.map((factor) => factor.type)).toEqual(expectedTypes);
    expect(alice.factors.find((factor) => factor.type === 'sms')).toEqual({ type: 'sms', strength: 'weak', vendorType: 'mobilePhone' });
    expect(alice.factors.find((factor) => factor.type === 'fido2')?.strength).toBe('phishing-resistant');
    expect(alice.mfaRegistered.reasons[0]).toMatch(/^Registered \(registration report\): /);
  });

  it('maps per-user methods when the report is refused (no licence), and the scan stays complete', async () => {
    const tenant = coveredTenant();
    setMethods(tenant, 'alice', everyKind);
    const alice = accountOf(await analyse(tenant, { licenceFree: true }), 'alice');
    expect(alice.factors.map((factor) => factor.type)).toEqual(expectedTypes);
    expect(alice.factors.find((factor) => factor.type === 'voice')?.vendorType).toBe('phoneAuthenticationMethod (office)');
    expect(alice.mfaRegistered.reasons[0]).toMatch(/^Registered \(per-user method listing\): /);
    expect(alice.covered).toBe('yes');
  });

  it('does not count email or a temporary access pass as a second factor', async () => {
    const tenant = coveredTenant();
    setMethods(tenant, 'alice', ['email', 'temporaryAccessPass']);
    const alice = accountOf(await analyse(tenant), 'alice');
    expect(alice.mfaRegistered.value).toBe('no');
    expect(alice.mfaRegistered.reasons[0]).toMatch(/Only methods that are not a second factor .*email, temporaryAccessPass/);
  });

  it('leaves disabled users unread in the licence-free fallback without affecting coverage', async () => {
    const analysis = await analyse(coveredTenant(), { licenceFree: true });
    const frank = accountOf(analysis, 'frank');
    expect(frank.mfaRegistered.value).toBe('unknown');
    expect(frank.mfaRegistered.reasons[0]).toMatch(/disabled accounts are not read/);
    expect(frank.covered).toBe('n/a');
    expect(accountOf(analysis, 'alice').lastSignInAt).toBeNull();
  });
});

describe('privilege and identity', () => {
  it('finds privilege through a role-assignable group and directly', async () => {
    const analysis = await analyse(coveredTenant());
    expect(accountOf(analysis, 'carol')).toMatchObject({ privileged: true, roles: ['Global Administrator'] });
    expect(accountOf(analysis, 'dave')).toMatchObject({ privileged: true, roles: ['User Administrator'] });
    expect(accountOf(analysis, 'alice')).toMatchObject({ privileged: false, roles: [] });
  });

  it('lists a non-privileged role without making the account privileged', async () => {
    const tenant = coveredTenant();
    tenant.roleAssignments.push(roleAssignment('messageCenterReader', { id: ids.alice, kind: 'user' }));
    expect(accountOf(await analyse(tenant), 'alice')).toMatchObject({ privileged: false, roles: [roles.messageCenterReader.displayName] });
  });

  it('takes the latest sign-in, the creation time, employee id and aliases from the user', async () => {
    const tenant = coveredTenant();
    const user = graphUser({ id: 'u-zed', userPrincipalName: 'zed@contoso.example', employeeId: 'E-42', lastSignInDateTime: '2025-01-01T00:00:00Z', createdDateTime: '2021-03-04T05:06:07Z' });
    user.signInActivity = { lastSignInDateTime: '2025-01-01T00:00:00Z', lastNonInteractiveSignInDateTime: '2025-05-20T10:00:00Z', lastSuccessfulSignInDateTime: null };
    user.proxyAddresses = ['SMTP:zed@contoso.example', 'smtp:z.smith@contoso.example'];
    tenant.users.push(user);
    tenant.methods.set('u-zed', [authenticationMethod('authenticator')]);
    const zed = (await analyse(tenant)).accounts.find((account) => account.id === 'u-zed');
    expect(zed).toMatchObject({ lastSignInAt: '2025-05-20T10:00:00.000Z', createdAt: '2021-03-04T05:06:07Z', employeeId: 'E-42', aliases: ['z.smith@contoso.example'] });
  });

  it('names groups by display name when the snapshot holds the optional groups file', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ excludeGroups: [ids.allStaff] }));
    const bob = accountOf(await analyse(tenant, {}), 'bob');
    expect(bob.mfaEnforced.reasons).toContain("Excluded from 'Require MFA' (which requires MFA) through group 'All-Staff'.");
  });
});

describe('policies and determinism', () => {
  it('summarises every policy and security defaults', async () => {
    const tenant = coveredTenant();
    tenant.conditionalAccessPolicies.push(policy({ displayName: 'Admins strong', state: 'enabledForReportingButNotEnforced', includeUsers: [], includeRoles: [roles.globalAdministrator.id], excludeLocations: [ids.hq] }));
    const { policies } = await analyse(tenant);
    expect(policies.map((summary) => [summary.name, summary.state, summary.requiresMfa])).toEqual([
      ['Conditional access: Admins strong', 'enabledForReportingButNotEnforced', true],
      ['Conditional access: Block legacy authentication', 'enabled', false],
      ['Conditional access: Require MFA for all users', 'enabled', true],
      ['Security defaults', 'disabled', false],
    ]);
    expect(policies[0]?.scope).toEqual(expect.arrayContaining(["Users: role 'Global Administrator'.", "Locations: any location except trusted named location 'HQ office' (198.51.100.0/24)."]));
  });

  it('gives deep-equal output for the same input, sorted by login, whatever the payload order', async () => {
    const tenant = coveredTenant();
    tenant.conditionalAccessPolicies.push(policy({ displayName: 'Sales', excludeGroups: [ids.contractors], excludeLocations: [ids.branch] }));
    const settings = defaultAnalysisSettings;
    const first = await analyseEntra(await memoryEntraSource(tenant), { asOf, settings });
    const second = await analyseEntra(await memoryEntraSource(tenant), { asOf, settings });
    tenant.users.reverse();
    tenant.conditionalAccessPolicies.reverse();
    const reordered = await analyseEntra(await memoryEntraSource(tenant), { asOf, settings });
    expect(second).toEqual(first);
    expect(reordered).toEqual(first);
    const loginsInOrder = first.accounts.map((account) => account.login);
    expect(loginsInOrder).toEqual([...loginsInOrder].sort());
    expect(loginsInOrder).toContain(logins.gina);
  });
});
