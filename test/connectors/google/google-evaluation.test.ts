/**
 * Table-driven evaluation of Google accounts: org-unit inheritance, group precedence, enforcement dates, new-user
 * grace periods, SSO delegation, legacy access, unreadable data, and accounts that cannot sign in. Each case is a
 * small tenant recorded in memory exactly as the collector stores it, analysed as of the scan time.
 */
import { analyseGoogle } from '../../../src/connectors/google/analyse-google.js';
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import type { AssessedAccount } from '../../../src/model/account.js';
import type { SourceError } from '../../../src/snapshot/snapshot-format.js';
import {
  appPassword,
  group,
  member,
  policy,
  samlProfile,
  ssoAssignment,
  type GoogleTenantFixture,
} from '../../../src/simulators/google/google-tenant-fixture.js';
import { baseTenant, units, user } from './google-tenant-cases.js';
import { memoryGoogleSource } from './memory-google-source.js';
import { run } from '../../reconcile/reconcile-fixtures.js';

const asOf = new Date('2025-06-01T12:00:00Z');
const off = { enforcedFrom: '1970-01-01T00:00:00Z' };
const on = { enforcedFrom: '2024-01-01T00:00:00Z' };

interface Case {
  name: string;
  setup(tenant: GoogleTenantFixture): void;
  login?: string;
  errors?: SourceError[];
  drop?: string[];
  append?: Record<string, unknown[]>;
  expected: Partial<{ mfaEnforced: string; mfaRegistered: string; legacyAuth: string; covered: string; kind: string }>;
  /** Text every listed fragment must appear in, across the account's verdict reasons. */
  reasons?: string[];
  /** The account's factors as `type/strength`. */
  factors?: string[];
}

const subject = 'subject@example.com';

const oktaProfile = () => samlProfile('okta01', 'Okta', 'http://www.okta.com/exk1demo', 'https://contoso-demo.okta.com/app/google/exk1demo/sso/saml');

const cases: Case[] = [
  {
    name: 'a user enrolled under an enforcing root is covered',
    setup: (tenant) => tenant.users.push(user(subject)),
    expected: { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'blocked', covered: 'yes' },
    reasons: ['policies/root-2sv'],
  },
  {
    name: "a child unit inherits its parent's 'off' (grandchild of /Sales)",
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'sales-2sv', setting: 'enforcement', value: off, orgUnitId: units.sales }));
      tenant.users.push(user(subject, { orgUnitPath: '/Sales/EMEA', isEnforcedIn2Sv: false }));
    },
    expected: { mfaEnforced: 'no', covered: 'no' },
    reasons: ['enforcement is off', 'OU /Sales (inherited)'],
  },
  {
    name: "a child unit's own setting wins over its parent's",
    setup: (tenant) => {
      tenant.policies.push(
        policy({ name: 'sales-2sv', setting: 'enforcement', value: off, orgUnitId: units.sales }),
        policy({ name: 'emea-2sv', setting: 'enforcement', value: on, orgUnitId: units.salesEmea }),
      );
      tenant.users.push(user(subject, { orgUnitPath: '/Sales/EMEA' }));
    },
    expected: { mfaEnforced: 'yes', covered: 'yes' },
    reasons: ['policies/emea-2sv', 'OU /Sales/EMEA'],
  },
  {
    name: "with no enforcement policy anywhere, Google's default (off) applies",
    setup: (tenant) => {
      tenant.policies = tenant.policies.filter((candidate) => candidate.name !== 'policies/root-2sv');
      tenant.users.push(user(subject, { isEnforcedIn2Sv: false }));
    },
    expected: { mfaEnforced: 'no', covered: 'no' },
    reasons: ["Google's default"],
  },
  {
    name: 'enforcement scheduled in the future does not protect yet',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'sales-2sv', setting: 'enforcement', value: { enforcedFrom: '2025-09-01T00:00:00Z' }, orgUnitId: units.sales }));
      tenant.users.push(user(subject, { orgUnitPath: '/Sales', isEnforcedIn2Sv: false }));
    },
    expected: { mfaEnforced: 'no', covered: 'no' },
    reasons: ['only starts on 2025-09-01'],
  },
  {
    name: 'enforcement whose start date has passed protects',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'sales-2sv', setting: 'enforcement', value: { enforcedFrom: '2025-05-01T00:00:00Z' }, orgUnitId: units.sales }));
      tenant.users.push(user(subject, { orgUnitPath: '/Sales' }));
    },
    expected: { mfaEnforced: 'yes', covered: 'yes' },
  },
  {
    name: 'a group policy turning enforcement on wins over an OU that has it off',
    setup: (tenant) => {
      tenant.policies.push(
        policy({ name: 'sales-2sv', setting: 'enforcement', value: off, orgUnitId: units.sales }),
        policy({ name: 'admins-2sv', setting: 'enforcement', value: on, groupId: 'grp-admins', sortOrder: 20 }),
      );
      tenant.groups.push(group('grp-admins', 'admins@example.com'));
      tenant.groupMembers.set('grp-admins', [member('u-subject', subject)]);
      tenant.users.push(user(subject, { id: 'u-subject', orgUnitPath: '/Sales' }));
    },
    expected: { mfaEnforced: 'yes', covered: 'yes' },
    reasons: ['group admins@example.com'],
  },
  {
    name: 'a group policy turning enforcement off wins over an enforcing OU',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'exempt-2sv', setting: 'enforcement', value: off, groupId: 'grp-exempt', sortOrder: 20 }));
      tenant.groups.push(group('grp-exempt', 'mfa-exempt@example.com'));
      tenant.groupMembers.set('grp-exempt', [member('u-subject', subject)]);
      tenant.users.push(user(subject, { id: 'u-subject', isEnforcedIn2Sv: false }));
    },
    expected: { mfaEnforced: 'no', covered: 'no' },
    reasons: ['mfa-exempt@example.com'],
  },
  {
    name: 'between two groups, the higher sortOrder wins',
    setup: (tenant) => {
      tenant.policies.push(
        policy({ name: 'exempt-2sv', setting: 'enforcement', value: off, groupId: 'grp-exempt', sortOrder: 20 }),
        policy({ name: 'strict-2sv', setting: 'enforcement', value: on, groupId: 'grp-strict', sortOrder: 30 }),
      );
      tenant.groups.push(group('grp-exempt', 'mfa-exempt@example.com'), group('grp-strict', 'strict@example.com'));
      tenant.groupMembers.set('grp-exempt', [member('u-subject', subject)]);
      tenant.groupMembers.set('grp-strict', [member('u-subject', subject)]);
      tenant.users.push(user(subject, { id: 'u-subject' }));
    },
    expected: { mfaEnforced: 'yes', covered: 'yes' },
    reasons: ['strict@example.com'],
  },
  {
    name: 'a group reaching everyone in the account (CUSTOMER member) applies to every user',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'all-off', setting: 'enforcement', value: off, groupId: 'grp-all', sortOrder: 20 }));
      tenant.groups.push(group('grp-all', 'everyone@example.com'));
      tenant.groupMembers.set('grp-all', [member('C01demo00', '', 'CUSTOMER')]);
      tenant.users.push(user(subject));
    },
    expected: { mfaEnforced: 'no' },
  },
  {
    name: 'a group policy whose members could not be read makes enforcement unknown',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'exempt-2sv', setting: 'enforcement', value: off, groupId: 'grp-exempt', sortOrder: 20 }));
      tenant.groups.push(group('grp-exempt', 'mfa-exempt@example.com'));
      tenant.users.push(user(subject));
    },
    drop: ['groupMembers'],
    errors: [{ endpoint: 'groupMembers', code: 'PERMISSION_MISSING', message: 'refused', permission: 'https://www.googleapis.com/auth/admin.directory.group.readonly', httpStatus: 403 }],
    expected: { mfaEnforced: 'unknown', covered: 'unknown' },
    reasons: ['members of mfa-exempt@example.com are unknown'],
  },
  {
    name: 'a group that no longer exists (404) reaches nobody',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'ghost-2sv', setting: 'enforcement', value: off, groupId: 'grp-ghost', sortOrder: 20 }));
      tenant.users.push(user(subject));
    },
    append: { groupMembers: [{ key: 'grp-ghost', status: 404, body: { error: { code: 404, message: 'Resource Not Found: groupKey' } } }] },
    expected: { mfaEnforced: 'yes', covered: 'yes' },
  },
  {
    name: 'a policy narrowed by a licence condition that would change the answer makes it unknown',
    setup: (tenant) => {
      tenant.policies.push(
        policy({
          name: 'licensed-off',
          setting: 'enforcement',
          value: off,
          orgUnitId: units.sales,
          query: "entity.org_units.exists(org_unit, org_unit.org_unit_id == orgUnitId('03ph8a2zsales')) && entity.licenses.exists(license, license in ['/product/101031/sku/1010310008'])",
        }),
      );
      tenant.users.push(user(subject, { orgUnitPath: '/Sales' }));
    },
    expected: { mfaEnforced: 'unknown', covered: 'unknown' },
    reasons: ['condition the scanner cannot evaluate'],
  },
  {
    name: 'an enrolled user where every method is allowed: enrolled, method not readable (unknown strength, never "no factor")',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'sales-factors', setting: 'factors', value: { allowedSignInFactorSet: 'ALL' }, orgUnitId: units.sales }));
      tenant.users.push(user(subject, { orgUnitPath: '/Sales' }));
    },
    expected: { mfaEnforced: 'yes', mfaRegistered: 'yes', covered: 'yes' },
    reasons: ['Enrolled, method not readable', 'ALL'],
    factors: ['unknown/unknown'],
  },
  {
    name: 'an enrolled user in the base unit (no telephony): still not readable',
    setup: (tenant) => tenant.users.push(user(subject)),
    expected: { mfaRegistered: 'yes' },
    reasons: ['Enrolled, method not readable', 'NO_TELEPHONY'],
    factors: ['unknown/unknown'],
  },
  {
    name: 'a super admin in a unit restricted to passkeys and security keys: phishing-resistant, inferred from the allowed methods',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'it-passkeys', setting: 'factors', value: { allowedSignInFactorSet: 'PASSKEY_ONLY' }, orgUnitId: units.it }));
      tenant.users.push(user(subject, { isAdmin: true, orgUnitPath: '/IT' }));
    },
    expected: { mfaRegistered: 'yes', covered: 'yes' },
    reasons: ['admit only passkeys and security keys'],
    factors: ['passkey/phishing-resistant'],
  },
  {
    name: 'allowed methods unreadable: enrolled, method not readable',
    setup: (tenant) => tenant.users.push(user(subject)),
    drop: ['policies'],
    expected: { mfaRegistered: 'yes' },
    reasons: ['Enrolled, method not readable', 'allowed methods that reach the user are unknown'],
    factors: ['unknown/unknown'],
  },
  {
    name: 'not enrolled: no factor at all',
    setup: (tenant) => tenant.users.push(user(subject, { isEnrolledIn2Sv: false })),
    expected: { mfaRegistered: 'no' },
    factors: [],
  },
  {
    name: 'a user never signed in, not enrolled, inside a new-user enrolment period is partial',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'root-grace', setting: 'gracePeriod', value: { enrollmentGracePeriod: '604800s' } }));
      tenant.users.push(user(subject, { isEnrolledIn2Sv: false, isEnforcedIn2Sv: false, lastLoginTime: null, creationTime: '2025-05-31T09:00:00Z' }));
    },
    expected: { mfaEnforced: 'partial', mfaRegistered: 'no', covered: 'no' },
    reasons: ['never signed in', '7-day new-user enrolment period'],
  },
  {
    name: 'a user who signed in yesterday may still be inside the enrolment period',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'root-grace', setting: 'gracePeriod', value: { enrollmentGracePeriod: '1209600s' } }));
      tenant.users.push(user(subject, { isEnrolledIn2Sv: false, lastLoginTime: '2025-05-31T08:00:00Z' }));
    },
    expected: { mfaEnforced: 'partial', covered: 'no' },
    reasons: ['possibly inside the 14-day'],
  },
  {
    name: 'a user past the enrolment period is enforced but, unenrolled, not covered',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'root-grace', setting: 'gracePeriod', value: { enrollmentGracePeriod: '604800s' } }));
      tenant.users.push(user(subject, { isEnrolledIn2Sv: false, lastLoginTime: '2025-04-01T08:00:00Z' }));
    },
    expected: { mfaEnforced: 'yes', mfaRegistered: 'no', covered: 'no' },
    reasons: ['whoever holds the password can enrol'],
  },
  {
    name: 'an enrolment period that cannot be determined leaves a not-enrolled user unknown, not partial',
    setup: (tenant) => {
      tenant.policies.push(
        policy({ name: 'root-grace', setting: 'gracePeriod', value: { enrollmentGracePeriod: '0s' } }),
        policy({ name: 'newcomers-grace', setting: 'gracePeriod', value: { enrollmentGracePeriod: '604800s' }, groupId: 'grp-new', sortOrder: 20 }),
      );
      tenant.groups.push(group('grp-new', 'newcomers@example.com'));
      tenant.users.push(user(subject, { isEnrolledIn2Sv: false, lastLoginTime: '2025-05-31T08:00:00Z' }));
    },
    drop: ['groupMembers'],
    errors: [{ endpoint: 'groupMembers', code: 'PERMISSION_MISSING', message: 'refused', permission: 'https://www.googleapis.com/auth/admin.directory.group.readonly', httpStatus: 403 }],
    // Not enrolled: not covered whatever the period; the enforcement verdict just does not claim a password path.
    expected: { mfaEnforced: 'unknown', mfaRegistered: 'no', covered: 'no' },
    reasons: ['whether a new-user enrolment period still lets a password alone through is unknown', 'newcomers@example.com'],
  },
  {
    name: 'an enrolled user is enforced whatever the enrolment period',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'root-grace', setting: 'gracePeriod', value: { enrollmentGracePeriod: '604800s' } }));
      tenant.users.push(user(subject, { lastLoginTime: null }));
    },
    expected: { mfaEnforced: 'yes', covered: 'yes' },
  },
  {
    name: 'a unit delegated by SAML SSO to Okta: delegated, coverage decided by the target IdP',
    setup: (tenant) => {
      tenant.samlProfiles.push(oktaProfile());
      tenant.ssoAssignments.push(ssoAssignment({ id: 'eng', mode: 'SAML_SSO', profileId: 'okta01', orgUnitId: units.engineering }));
      tenant.users.push(user(subject, { orgUnitPath: '/Engineering', isEnrolledIn2Sv: false, isEnforcedIn2Sv: false }));
    },
    expected: { mfaEnforced: 'delegated', mfaRegistered: 'unknown', legacyAuth: 'blocked', covered: 'unknown' },
    reasons: ['SSO profile "Okta"', 'http://www.okta.com/exk1demo', 'coverage decided by the target IdP'],
  },
  {
    name: 'a sub-unit of a delegated unit inherits the delegation',
    setup: (tenant) => {
      tenant.samlProfiles.push(oktaProfile());
      tenant.ssoAssignments.push(ssoAssignment({ id: 'sales', mode: 'SAML_SSO', profileId: 'okta01', orgUnitId: units.sales }));
      tenant.users.push(user(subject, { orgUnitPath: '/Sales/EMEA' }));
    },
    expected: { mfaEnforced: 'delegated', covered: 'unknown' },
    reasons: ['OU /Sales'],
  },
  {
    name: 'a super admin in a delegated unit still signs in at Google, so Google 2SV decides',
    setup: (tenant) => {
      tenant.samlProfiles.push(oktaProfile());
      tenant.ssoAssignments.push(ssoAssignment({ id: 'eng', mode: 'SAML_SSO', profileId: 'okta01', orgUnitId: units.engineering }));
      tenant.users.push(user(subject, { orgUnitPath: '/Engineering', isAdmin: true }));
    },
    expected: { mfaEnforced: 'yes', mfaRegistered: 'yes', covered: 'yes' },
    reasons: ['Super administrators always sign in at Google', 'delegated to SSO profile'],
  },
  {
    name: 'a group SSO assignment turning SSO off wins over the unit delegation',
    setup: (tenant) => {
      tenant.samlProfiles.push(oktaProfile());
      tenant.ssoAssignments.push(
        ssoAssignment({ id: 'eng', mode: 'SAML_SSO', profileId: 'okta01', orgUnitId: units.engineering }),
        ssoAssignment({ id: 'breakglass', mode: 'SSO_OFF', groupId: 'grp-bg', rank: 1 }),
      );
      tenant.groups.push(group('grp-bg', 'break-glass@example.com'));
      tenant.groupMembers.set('grp-bg', [member('u-subject', subject)]);
      tenant.users.push(user(subject, { id: 'u-subject', orgUnitPath: '/Engineering' }));
    },
    expected: { mfaEnforced: 'yes', covered: 'yes' },
  },
  {
    name: "redirectCondition NEVER keeps Google's own sign-in open: its verdict stands when it is weaker",
    setup: (tenant) => {
      tenant.samlProfiles.push(oktaProfile());
      tenant.policies.push(policy({ name: 'eng-2sv', setting: 'enforcement', value: off, orgUnitId: units.engineering }));
      tenant.ssoAssignments.push(ssoAssignment({ id: 'eng', mode: 'SAML_SSO', profileId: 'okta01', orgUnitId: units.engineering, redirectNever: true }));
      tenant.users.push(user(subject, { orgUnitPath: '/Engineering', isEnforcedIn2Sv: false }));
    },
    expected: { mfaEnforced: 'no', covered: 'no' },
    reasons: ['redirectCondition NEVER'],
  },
  {
    name: 'a domain-wide SSO assignment the API cannot describe makes enforcement unknown',
    setup: (tenant) => {
      tenant.ssoAssignments.push(ssoAssignment({ id: 'root', mode: 'DOMAIN_WIDE_SAML_IF_ENABLED' }));
      tenant.users.push(user(subject));
    },
    expected: { mfaEnforced: 'unknown', covered: 'unknown' },
    reasons: ['domain-wide SSO profile'],
  },
  {
    name: 'unreadable SSO assignments make enforcement unknown for everyone but super admins',
    setup: (tenant) => tenant.users.push(user(subject)),
    errors: [{ endpoint: 'inboundSsoAssignments', code: 'PERMISSION_MISSING', message: 'refused', permission: 'https://www.googleapis.com/auth/cloud-identity.inboundsso.readonly', httpStatus: 403 }],
    expected: { mfaEnforced: 'unknown', covered: 'unknown' },
    reasons: ['cloud-identity.inboundsso.readonly'],
  },
  {
    name: 'policies enforcing 2SV while Google reports it not enforced for the user: the weaker answer',
    setup: (tenant) => tenant.users.push(user(subject, { isEnforcedIn2Sv: false })),
    expected: { mfaEnforced: 'no', covered: 'no' },
    reasons: ['isEnforcedIn2Sv=false'],
  },
  {
    name: 'an org unit missing from the listing leaves the inherited policies unknown',
    setup: (tenant) => tenant.users.push(user(subject, { orgUnitPath: '/Contractors' })),
    expected: { mfaEnforced: 'unknown', legacyAuth: 'unknown', covered: 'unknown' },
    reasons: ['/Contractors is not in the org-unit listing'],
  },
  {
    name: 'an enforcement value the scanner cannot read is unknown, never assumed',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'odd-2sv', setting: 'enforcement', value: { enforcedFrom: 'soon' }, orgUnitId: units.sales }));
      tenant.users.push(user(subject, { orgUnitPath: '/Sales' }));
    },
    expected: { mfaEnforced: 'unknown', covered: 'unknown' },
    reasons: ['cannot read'],
  },
  {
    name: 'a unit where enrolment is not allowed says so in the registration reasons',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'sales-enrol', setting: 'enrollment', value: { allowEnrollment: false }, orgUnitId: units.sales }));
      tenant.users.push(user(subject, { orgUnitPath: '/Sales', isEnrolledIn2Sv: false }));
    },
    expected: { mfaRegistered: 'no', covered: 'no' },
    reasons: ['cannot enrol', 'policies/sales-enrol'],
  },
  {
    name: 'an org-unit listing without the root (type=all) still places users under it',
    setup: (tenant) => {
      tenant.orgUnits = tenant.orgUnits.filter((unit) => unit.orgUnitPath !== '/');
      tenant.users.push(user(subject, { orgUnitPath: '/Sales/EMEA' }));
    },
    expected: { mfaEnforced: 'yes', covered: 'yes' },
    reasons: ['policies/root-2sv', 'OU / (inherited)'],
  },
  {
    name: 'less secure apps allowed for a unit leave legacy access open',
    setup: (tenant) => {
      tenant.policies.push(policy({ name: 'sales-lsa', setting: 'lessSecureApps', value: { allowLessSecureApps: true }, orgUnitId: units.sales }));
      tenant.users.push(user(subject, { orgUnitPath: '/Sales' }));
    },
    expected: { mfaEnforced: 'yes', legacyAuth: 'open', covered: 'no' },
    reasons: ['Less secure apps', 'policies/sales-lsa'],
  },
  {
    name: 'an app password leaves legacy access open',
    setup: (tenant) => {
      tenant.users.push(user(subject, { id: 'u-subject' }));
      tenant.appPasswords.set('u-subject', [appPassword('u-subject', 3, 'Outlook 2016')]);
    },
    expected: { legacyAuth: 'open', covered: 'no' },
    reasons: ['Outlook 2016'],
  },
  {
    name: 'a suspended user is not applicable',
    setup: (tenant) => tenant.users.push(user(subject, { suspended: true, isEnforcedIn2Sv: false })),
    expected: { mfaEnforced: 'n/a', legacyAuth: 'n/a', covered: 'n/a' },
  },
  {
    name: 'an archived user is not applicable',
    setup: (tenant) => tenant.users.push(user(subject, { archived: true })),
    expected: { mfaEnforced: 'n/a', covered: 'n/a' },
    reasons: ['Archived'],
  },
  {
    name: 'a service account by name is listed but not counted',
    login: 'svc-backup@example.com',
    setup: (tenant) => tenant.users.push(user('svc-backup@example.com', { isEnrolledIn2Sv: false })),
    expected: { covered: 'n/a', kind: 'service' },
  },
  {
    name: 'a guest user is assessed as a guest',
    setup: (tenant) => tenant.users.push(user(subject, { isGuestUser: true })),
    expected: { kind: 'guest', covered: 'yes' },
  },
  {
    name: "with policies unreadable, Google's own isEnforcedIn2Sv still decides enforcement",
    setup: (tenant) => tenant.users.push(user(subject)),
    errors: [{ endpoint: 'policies', code: 'PERMISSION_MISSING', message: 'refused', permission: 'https://www.googleapis.com/auth/cloud-identity.policies.readonly', httpStatus: 403 }],
    expected: { mfaEnforced: 'yes', legacyAuth: 'unknown', covered: 'unknown' },
    reasons: ['isEnforcedIn2Sv=true'],
  },
];

describe('Google account evaluation', () => {
  it.each(cases)('$name', async (testCase) => {
    const tenant = baseTenant();
    testCase.setup(tenant);
    const source = await memoryGoogleSource(tenant, {
      ...(testCase.errors ? { errors: testCase.errors } : {}),
      ...(testCase.drop ? { drop: testCase.drop } : {}),
      ...(testCase.append ? { append: testCase.append } : {}),
    });
    const analysis = await analyseGoogle(source, { asOf, settings: defaultAnalysisSettings });
    const account = analysis.accounts.find((candidate) => candidate.login === (testCase.login ?? subject)) as AssessedAccount;
    expect(account).toBeDefined();
    const actual = {
      mfaEnforced: account.mfaEnforced.value,
      mfaRegistered: account.mfaRegistered.value,
      legacyAuth: account.legacyAuth.value,
      covered: account.covered,
      kind: account.kind,
    };
    expect(actual).toMatchObject(testCase.expected);
    const text = [...account.mfaEnforced.reasons, ...account.legacyAuth.reasons, ...account.mfaRegistered.reasons, ...account.reasons].join(' | ');
    for (const fragment of testCase.reasons ?? []) expect(text).toContain(fragment);
    if (testCase.factors) expect(account.factors.map((factor) => `${factor.type}/${factor.strength}`)).toEqual(testCase.factors);
  });

  it('has at least twenty cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
});

describe('Google factors through reconcile', () => {
  it('an enrolled administrator whose method is not readable: method policy unknown, no weak-method gap, no quiet exemption', async () => {
    const tenant = baseTenant();
    tenant.users.push(user(subject, { isAdmin: true }));
    tenant.users.push(user('keys@example.com', { isAdmin: true, orgUnitPath: '/IT' }));
    tenant.policies.push(policy({ name: 'it-passkeys', setting: 'factors', value: { allowedSignInFactorSet: 'PASSKEY_ONLY' }, orgUnitId: units.it }));
    const analysis = await analyseGoogle(await memoryGoogleSource(tenant), { asOf, settings: defaultAnalysisSettings });
    const reconciliation = run({ accounts: analysis.accounts.map((account) => ({ sourceId: 'google', account })) });
    const admin = reconciliation.accounts.find((entry) => entry.account.login === subject);
    expect(admin?.methodPolicy.value).toBe('unknown');
    expect(admin?.gaps).toEqual([]);
    const keys = reconciliation.accounts.find((entry) => entry.account.login === 'keys@example.com');
    expect(keys?.methodPolicy.value).toBe('met');
    expect(keys?.gaps).toEqual([]);
  });
});
