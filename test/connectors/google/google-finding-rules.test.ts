/** One test per Google finding rule: what it reports, on which subject, and what it leaves alone. */
import { existsSync } from 'node:fs';
import { analyseGoogle } from '../../../src/connectors/google/analyse-google.js';
import { googleFindingRules } from '../../../src/connectors/google/google-finding-rules.js';
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import type { Finding } from '../../../src/model/finding.js';
import type { SourceError } from '../../../src/snapshot/snapshot-format.js';
import {
  appPassword,
  group,
  member,
  policy,
  roleAssignment,
  role,
  samlProfile,
  ssoAssignment,
  twoStepActivity,
  type GoogleTenantFixture,
} from '../../../src/simulators/google/google-tenant-fixture.js';
import { baseTenant, units, user } from './google-tenant-cases.js';
import { memoryGoogleSource } from './memory-google-source.js';

const asOf = new Date('2025-06-01T12:00:00Z');

async function findings(tenant: GoogleTenantFixture, ruleId: string): Promise<Finding[]> {
  const analysis = await analyseGoogle(await memoryGoogleSource(tenant), { asOf, settings: defaultAnalysisSettings });
  return analysis.findings.filter((finding) => finding.ruleId === ruleId);
}

describe('Google finding rules', () => {
  it.each(googleFindingRules.map((rule) => [rule.id, rule] as const))('%s is documented data: file name, references, remediation', (id, rule) => {
    expect(id).toMatch(/^google-[a-z0-9-]+$/);
    expect(existsSync(new URL(`../../../src/connectors/google/rules/${id}.ts`, import.meta.url))).toBe(true);
    expect(rule.references).toContain('NIS2 Art.21(2)(j)');
    expect(rule.references.some((reference) => reference.startsWith('CIR 2024/2690 11.7'))).toBe(true);
    expect(rule.rationale.length).toBeGreaterThan(40);
    expect(rule.remediation.length).toBeGreaterThan(40);
  });

  it('google-2sv-not-enforced names the unit (or group) whose policy turns enforcement off, and the accounts it reaches', async () => {
    const tenant = baseTenant();
    tenant.policies.push(
      policy({ name: 'sales-2sv', setting: 'enforcement', value: { enforcedFrom: '1970-01-01T00:00:00Z' }, orgUnitId: units.sales }),
      policy({ name: 'it-2sv', setting: 'enforcement', value: { enforcedFrom: '2025-12-01T00:00:00Z' }, orgUnitId: units.it }),
    );
    tenant.users.push(
      user('s1@example.com', { orgUnitPath: '/Sales' }),
      user('s2@example.com', { orgUnitPath: '/Sales/EMEA' }),
      user('i1@example.com', { orgUnitPath: '/IT' }),
      user('ok@example.com'),
      user('gone@example.com', { orgUnitPath: '/Sales', suspended: true }),
    );
    const result = await findings(tenant, 'google-2sv-not-enforced');
    expect(result.map((finding) => [finding.subject.type, finding.subject.name])).toEqual([
      ['group', 'OU /IT'],
      ['group', 'OU /Sales'],
    ]);
    expect(result[1]?.message).toContain('2 account(s): s1@example.com, s2@example.com');
    expect(result[0]?.message).toContain('only scheduled from 2025-12-01');
  });

  it('google-2sv-not-enforced skips accounts delegated to another IdP', async () => {
    const tenant = baseTenant();
    tenant.policies.push(policy({ name: 'eng-2sv', setting: 'enforcement', value: { enforcedFrom: '1970-01-01T00:00:00Z' }, orgUnitId: units.engineering }));
    tenant.samlProfiles.push(samlProfile('okta01', 'Okta', 'http://www.okta.com/exk1', 'https://acme.okta.com/app/google/exk1/sso/saml'));
    tenant.ssoAssignments.push(ssoAssignment({ id: 'eng', mode: 'SAML_SSO', profileId: 'okta01', orgUnitId: units.engineering }));
    tenant.users.push(user('dev@example.com', { orgUnitPath: '/Engineering' }));
    expect(await findings(tenant, 'google-2sv-not-enforced')).toEqual([]);
  });

  it('google-admin-telephony-factors reports administrators allowed SMS or voice codes, not other users', async () => {
    const tenant = baseTenant();
    tenant.policies.push(policy({ name: 'it-factors', setting: 'factors', value: { allowedSignInFactorSet: 'ALL' }, orgUnitId: units.it }));
    tenant.roles.push(role('r-helpdesk', '_HELP_DESK_ADMIN_ROLE'));
    tenant.users.push(
      user('helpdesk@example.com', { id: 'u-hd', orgUnitPath: '/IT', isDelegatedAdmin: true }),
      user('staff@example.com', { orgUnitPath: '/IT' }),
      user('safe-admin@example.com', { isDelegatedAdmin: true }),
    );
    tenant.roleAssignments.push(roleAssignment('ra-hd', 'r-helpdesk', 'u-hd'));
    const result = await findings(tenant, 'google-admin-telephony-factors');
    expect(result.map((finding) => finding.subject.name)).toEqual(['helpdesk@example.com']);
    expect(result[0]?.message).toContain('Help Desk Admin');
    expect(result[0]?.message).toContain('SMS and voice codes included');
  });

  it('google-super-admin-not-passkey-only reports super admins not restricted to keys', async () => {
    const tenant = baseTenant();
    tenant.groups.push(group('grp-sa', 'super-admins@example.com'));
    tenant.groupMembers.set('grp-sa', [member('u-keys', 'keys@example.com')]);
    tenant.policies.push(policy({ name: 'sa-factors', setting: 'factors', value: { allowedSignInFactorSet: 'PASSKEY_ONLY' }, groupId: 'grp-sa', sortOrder: 40 }));
    tenant.users.push(user('keys@example.com', { id: 'u-keys', isAdmin: true }), user('codes@example.com', { isAdmin: true }), user('staff@example.com'));
    const result = await findings(tenant, 'google-super-admin-not-passkey-only');
    expect(result.map((finding) => finding.subject.name)).toEqual(['codes@example.com']);
    expect(result[0]?.message).toContain('any method except SMS and voice codes');
  });

  it('google-device-trust-allowed reports where "trust this device" comes from', async () => {
    const tenant = baseTenant();
    tenant.policies.push(policy({ name: 'sales-trust', setting: 'deviceTrust', value: { allowTrustingDevice: true }, orgUnitId: units.sales }));
    tenant.users.push(user('s1@example.com', { orgUnitPath: '/Sales' }), user('ok@example.com'));
    const result = await findings(tenant, 'google-device-trust-allowed');
    expect(result).toHaveLength(1);
    expect(result[0]?.subject).toMatchObject({ type: 'group', id: `orgUnits/${units.sales}`, name: 'OU /Sales' });
  });

  it('google-admin-app-passwords reports administrators holding app passwords', async () => {
    const tenant = baseTenant();
    tenant.users.push(user('root@example.com', { id: 'u-root', isAdmin: true }), user('staff@example.com', { id: 'u-staff' }));
    tenant.appPasswords.set('u-root', [appPassword('u-root', 1, 'Mail on old phone', '2025-05-30T10:00:00Z')]);
    tenant.appPasswords.set('u-staff', [appPassword('u-staff', 2, 'Thunderbird')]);
    const result = await findings(tenant, 'google-admin-app-passwords');
    expect(result.map((finding) => finding.subject.name)).toEqual(['root@example.com']);
    expect(result[0]?.message).toContain('Mail on old phone (last used 2025-05-30T10:00:00.000Z)');
  });

  it('google-less-secure-apps-allowed reports the unit that allows them', async () => {
    const tenant = baseTenant();
    tenant.policies.push(policy({ name: 'emea-lsa', setting: 'lessSecureApps', value: { allowLessSecureApps: true }, orgUnitId: units.salesEmea }));
    tenant.users.push(user('e1@example.com', { orgUnitPath: '/Sales/EMEA' }), user('s1@example.com', { orgUnitPath: '/Sales' }));
    const result = await findings(tenant, 'google-less-secure-apps-allowed');
    expect(result.map((finding) => finding.subject.name)).toEqual(['OU /Sales/EMEA']);
    expect(result[0]?.message).toContain('1 account(s): e1@example.com');
  });

  it("google-imap-pop-enabled reports IMAP and POP separately, Google's default as the tenant", async () => {
    const tenant = baseTenant();
    tenant.policies = tenant.policies.filter((candidate) => candidate.name !== 'policies/root-pop');
    tenant.policies.push(policy({ name: 'sales-imap', setting: 'imap', value: { enableImapAccess: true }, orgUnitId: units.sales }));
    tenant.users.push(user('s1@example.com', { orgUnitPath: '/Sales' }), user('ok@example.com'));
    const result = await findings(tenant, 'google-imap-pop-enabled');
    // Findings are ordered by subject id: the tenant (example.com) before the org unit.
    expect(result.map((finding) => [finding.subject.type, finding.message.split(' ')[0]])).toEqual([
      ['tenant', 'POP'],
      ['group', 'IMAP'],
    ]);
    expect(result.find((finding) => finding.subject.type === 'tenant')?.message).toContain("Google's default");
  });

  it('google-2sv-disabled-recently reports users who turned 2SV off and did not enrol again', async () => {
    const tenant = baseTenant();
    tenant.users.push(
      user('quitter@example.com', { id: 'u-q', isEnrolledIn2Sv: false, isEnforcedIn2Sv: false }),
      user('returner@example.com', { id: 'u-r' }),
    );
    tenant.activities.push(
      twoStepActivity({ name: '2sv_disable', time: '2025-05-20T09:00:00Z', email: 'quitter@example.com', profileId: 'u-q' }),
      twoStepActivity({ name: '2sv_disable', time: '2025-05-10T09:00:00Z', email: 'returner@example.com', profileId: 'u-r' }),
      twoStepActivity({ name: '2sv_enroll', time: '2025-05-11T09:00:00Z', email: 'returner@example.com', profileId: 'u-r' }),
    );
    const result = await findings(tenant, 'google-2sv-disabled-recently');
    expect(result.map((finding) => finding.subject.name)).toEqual(['quitter@example.com']);
    expect(result[0]?.message).toContain('2025-05-20T09:00:00Z');
  });
});

/**
 * Administrators allowed telephony factors, table-driven: where the allowed-methods setting comes from (unit,
 * inherited, group, Google's default), who counts as an administrator, and who signs in at Google at all.
 */
describe('google-admin-telephony-factors, case by case', () => {
  const allowEvery = { allowedSignInFactorSet: 'ALL' };
  const delegateEngineeringToOkta = (tenant: GoogleTenantFixture): void => {
    tenant.samlProfiles.push(samlProfile('okta01', 'Okta', 'http://www.okta.com/exk1', 'https://acme.okta.com/app/google/exk1/sso/saml'));
    tenant.ssoAssignments.push(ssoAssignment({ id: 'eng', mode: 'SAML_SSO', profileId: 'okta01', orgUnitId: units.engineering }));
    tenant.policies.push(policy({ name: 'eng-factors', setting: 'factors', value: allowEvery, orgUnitId: units.engineering }));
  };
  const cases: Array<{ name: string; setup: (tenant: GoogleTenantFixture) => void; errors?: SourceError[]; reported: string[]; message?: string }> = [
    {
      name: 'a delegated admin in a unit allowing every method is reported',
      setup: (tenant) => {
        tenant.policies.push(policy({ name: 'it-factors', setting: 'factors', value: allowEvery, orgUnitId: units.it }));
        tenant.users.push(user('helpdesk@example.com', { orgUnitPath: '/IT', isDelegatedAdmin: true }));
      },
      reported: ['helpdesk@example.com'],
      message: 'policy policies/it-factors on OU /IT',
    },
    {
      name: 'a super admin under a root that excludes telephony is not',
      setup: (tenant) => tenant.users.push(user('root@example.com', { isAdmin: true })),
      reported: [],
    },
    {
      name: "with no factor policy anywhere, Google's default allows every method",
      setup: (tenant) => {
        tenant.policies = tenant.policies.filter((candidate) => candidate.name !== 'policies/root-factors');
        tenant.users.push(user('root@example.com', { isAdmin: true }));
      },
      reported: ['root@example.com'],
      message: "Google's default",
    },
    {
      name: "a child unit inherits its parent's 'every method'",
      setup: (tenant) => {
        tenant.policies.push(policy({ name: 'sales-factors', setting: 'factors', value: allowEvery, orgUnitId: units.sales }));
        tenant.users.push(user('emea-admin@example.com', { orgUnitPath: '/Sales/EMEA', isDelegatedAdmin: true }));
      },
      reported: ['emea-admin@example.com'],
      message: 'OU /Sales (inherited)',
    },
    {
      name: "a child unit's own 'no telephony' wins over its parent's 'every method'",
      setup: (tenant) => {
        tenant.policies.push(
          policy({ name: 'sales-factors', setting: 'factors', value: allowEvery, orgUnitId: units.sales }),
          policy({ name: 'emea-factors', setting: 'factors', value: { allowedSignInFactorSet: 'NO_TELEPHONY' }, orgUnitId: units.salesEmea }),
        );
        tenant.users.push(user('emea-admin@example.com', { orgUnitPath: '/Sales/EMEA', isDelegatedAdmin: true }));
      },
      reported: [],
    },
    {
      name: 'a group restricting admins to passkeys wins over a unit allowing every method',
      setup: (tenant) => {
        tenant.groups.push(group('grp-admins', 'admins@example.com'));
        tenant.groupMembers.set('grp-admins', [member('u-keys', 'keys@example.com')]);
        tenant.policies.push(
          policy({ name: 'it-factors', setting: 'factors', value: allowEvery, orgUnitId: units.it }),
          policy({ name: 'admins-factors', setting: 'factors', value: { allowedSignInFactorSet: 'PASSKEY_ONLY' }, groupId: 'grp-admins', sortOrder: 30 }),
        );
        tenant.users.push(
          user('keys@example.com', { id: 'u-keys', orgUnitPath: '/IT', isDelegatedAdmin: true }),
          user('codes@example.com', { orgUnitPath: '/IT', isDelegatedAdmin: true }),
        );
      },
      reported: ['codes@example.com'],
    },
    {
      name: 'a group allowing every method wins over a root that excludes telephony',
      setup: (tenant) => {
        tenant.groups.push(group('grp-travel', 'travellers@example.com'));
        tenant.groupMembers.set('grp-travel', [member('u-travel', 'travel-admin@example.com')]);
        tenant.policies.push(policy({ name: 'travel-factors', setting: 'factors', value: allowEvery, groupId: 'grp-travel', sortOrder: 30 }));
        tenant.users.push(user('travel-admin@example.com', { id: 'u-travel', isAdmin: true }), user('root@example.com', { isAdmin: true }));
      },
      reported: ['travel-admin@example.com'],
      message: 'group travellers@example.com',
    },
    {
      name: 'an admin role granted through a role assignment counts as an administrator',
      setup: (tenant) => {
        tenant.roles.push(role('r-groups', '_GROUPS_ADMIN_ROLE'));
        tenant.policies.push(policy({ name: 'it-factors', setting: 'factors', value: allowEvery, orgUnitId: units.it }));
        tenant.users.push(user('groups-admin@example.com', { id: 'u-ga', orgUnitPath: '/IT' }));
        tenant.roleAssignments.push(roleAssignment('ra-ga', 'r-groups', 'u-ga'));
      },
      reported: ['groups-admin@example.com'],
    },
    {
      name: 'a user who is not an administrator is not reported, whatever the methods',
      setup: (tenant) => {
        tenant.policies.push(policy({ name: 'it-factors', setting: 'factors', value: allowEvery, orgUnitId: units.it }));
        tenant.users.push(user('staff@example.com', { orgUnitPath: '/IT' }));
      },
      reported: [],
    },
    {
      name: 'a suspended administrator cannot sign in and is not reported',
      setup: (tenant) => {
        tenant.policies.push(policy({ name: 'it-factors', setting: 'factors', value: allowEvery, orgUnitId: units.it }));
        tenant.users.push(user('former-admin@example.com', { orgUnitPath: '/IT', isDelegatedAdmin: true, suspended: true }));
      },
      reported: [],
    },
    {
      name: 'a super admin in a unit delegated by SSO still signs in at Google and is reported',
      setup: (tenant) => {
        delegateEngineeringToOkta(tenant);
        tenant.users.push(user('eng-root@example.com', { orgUnitPath: '/Engineering', isAdmin: true }));
      },
      reported: ['eng-root@example.com'],
    },
    {
      name: "a delegated admin in a unit delegated by SSO signs in at the IdP: Google's methods do not apply",
      setup: (tenant) => {
        delegateEngineeringToOkta(tenant);
        tenant.users.push(user('eng-helpdesk@example.com', { orgUnitPath: '/Engineering', isDelegatedAdmin: true }));
      },
      reported: [],
    },
    {
      name: 'policies unreadable: the administrator is reported as undetermined, not passed',
      setup: (tenant) => tenant.users.push(user('root@example.com', { isAdmin: true }), user('staff@example.com')),
      errors: [{ endpoint: 'policies', code: 'PERMISSION_MISSING', message: 'refused', permission: 'https://www.googleapis.com/auth/cloud-identity.policies.readonly', httpStatus: 403 }],
      reported: ['root@example.com'],
      message: 'could not be determined',
    },
  ];

  it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const tenant = baseTenant();
    testCase.setup(tenant);
    const source = await memoryGoogleSource(tenant, {
      ...(testCase.errors ? { errors: testCase.errors, drop: testCase.errors.map((error) => error.endpoint) } : {}),
    });
    const analysis = await analyseGoogle(source, { asOf, settings: defaultAnalysisSettings });
    const result = analysis.findings.filter((finding) => finding.ruleId === 'google-admin-telephony-factors');
    expect(result.map((finding) => finding.subject.name).sort()).toEqual([...testCase.reported].sort());
    if (testCase.message) expect(result.map((finding) => finding.message).join('\n')).toContain(testCase.message);
  });
});
