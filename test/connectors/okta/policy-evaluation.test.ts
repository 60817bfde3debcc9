/**
 * Okta's two-layer policy walk, table-driven: each case edits the base org and states, per account, the verdict
 * fields it expects and a pattern the reasons must contain.
 */
import type { OktaOrgFixture } from '../../../src/simulators/okta/okta-org-fixture.js';
import { accessRule, oktaFactor, oktaLegacyIpZone, oktaPolicy, signOnRule } from '../../../src/simulators/okta/okta-org-fixture.js';
import type { SourceError } from '../../../src/snapshot/snapshot-format.js';
import { analyse, baseOrg, ids, logins, withDashboardRules, withSignOnRules, withWiki } from './okta-org-cases.js';

interface Expectation {
  login: string;
  mfaEnforced?: string;
  legacyAuth?: string;
  covered?: string;
  mfaRegistered?: string;
  /** Must match one of the account's mfaEnforced reasons (or legacyAuth reasons for RADIUS cases). */
  reason?: RegExp;
}

interface Case {
  name: string;
  org: () => OktaOrgFixture;
  errors?: SourceError[];
  drop?: string[];
  expect: Expectation[];
}

const catchAll = (factorMode: '1FA' | '2FA', extra: Record<string, unknown> = {}) =>
  accessRule({ id: 'dashCatchAll', name: 'Catch-all Rule', priority: 99, system: true, factorMode, ...extra });

const cases: Case[] = [
  {
    name: 'two factors in the catch-all: enforced',
    org: baseOrg,
    expect: [{ login: logins.alice, mfaEnforced: 'yes', covered: 'yes', legacyAuth: 'n/a', reason: /requires a second factor/ }],
  },
  {
    name: 'a one-factor catch-all: password alone from any network',
    org: () => withDashboardRules(baseOrg(), catchAll('1FA')),
    expect: [{ login: logins.bob, mfaEnforced: 'no', covered: 'no', reason: /from any network to Okta Dashboard.*Catch-all Rule.*factorMode 1FA/ }],
  },
  {
    name: 'priority order: the 2FA rule at priority 1 wins over a 1FA rule at priority 2',
    org: () =>
      withDashboardRules(
        baseOrg(),
        accessRule({ id: 'one', name: 'One factor', priority: 2, factorMode: '1FA' }),
        accessRule({ id: 'two', name: 'Two factors', priority: 1, factorMode: '2FA' }),
        catchAll('1FA'),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'yes' }],
  },
  {
    name: 'priority order: a 1FA rule at priority 1 shadows the 2FA rule after it',
    org: () =>
      withDashboardRules(
        baseOrg(),
        accessRule({ id: 'one', name: 'One factor', priority: 1, factorMode: '1FA' }),
        accessRule({ id: 'two', name: 'Two factors', priority: 2, factorMode: '2FA' }),
        catchAll('2FA'),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'no', reason: /rule 'One factor'/ }],
  },
  {
    name: 'the system catch-all is evaluated last whatever its priority number',
    org: () => withDashboardRules(baseOrg(), catchAll('1FA', { priority: 0 }), accessRule({ id: 'two', name: 'Two factors', priority: 5, factorMode: '2FA' })),
    expect: [{ login: logins.bob, mfaEnforced: 'yes' }],
  },
  {
    name: 'an inactive rule is skipped',
    org: () => withDashboardRules(baseOrg(), accessRule({ id: 'off', name: 'Disabled 1FA', priority: 1, factorMode: '1FA', status: 'INACTIVE' }), catchAll('2FA')),
    expect: [{ login: logins.bob, mfaEnforced: 'yes' }],
  },
  {
    name: 'a trusted zone with a one-factor rule: partial, zone and rule named',
    org: () =>
      withDashboardRules(baseOrg(), accessRule({ id: 'office', name: 'Office password only', priority: 1, factorMode: '1FA', network: { connection: 'ZONE', include: [ids.office] } }), catchAll('2FA')),
    expect: [
      { login: logins.alice, mfaEnforced: 'partial', covered: 'no', reason: /from zone 'Office' to Okta Dashboard.*Office password only/ },
      { login: logins.bob, mfaEnforced: 'partial' },
    ],
  },
  {
    name: 'a zone excluded from the 2FA rule falls through to a one-factor catch-all',
    org: () => withDashboardRules(baseOrg(), accessRule({ id: 'mfa', name: 'MFA off-site', priority: 1, factorMode: '2FA', network: { connection: 'ZONE', exclude: [ids.vpn] } }), catchAll('1FA')),
    expect: [{ login: logins.bob, mfaEnforced: 'partial', reason: /from zone 'VPN'.*Catch-all Rule/ }],
  },
  {
    name: 'a rule on an inactive zone matches no sign-in',
    org: () => withDashboardRules(baseOrg(), accessRule({ id: 'old', name: 'Old office', priority: 1, factorMode: '1FA', network: { connection: 'ZONE', include: [ids.retired] } }), catchAll('2FA')),
    expect: [{ login: logins.bob, mfaEnforced: 'yes' }],
  },
  {
    name: 'a rule on a blocklisted zone matches no sign-in (blocked before policies)',
    org: () => withDashboardRules(baseOrg(), accessRule({ id: 'blk', name: 'Blocked 1FA', priority: 1, factorMode: '1FA', network: { connection: 'ZONE', include: [ids.blocked] } }), catchAll('2FA')),
    expect: [{ login: logins.bob, mfaEnforced: 'yes' }],
  },
  {
    name: 'DENY is not a password path: deny outside the office, 2FA inside',
    org: () =>
      withDashboardRules(
        baseOrg(),
        accessRule({ id: 'off', name: 'Deny off-site', priority: 1, access: 'DENY', network: { connection: 'ZONE', exclude: [ids.office] } }),
        catchAll('2FA'),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'yes' }],
  },
  {
    name: 'every path denied: enforced (nobody signs in with a password alone)',
    org: () => withDashboardRules(baseOrg(), catchAll('1FA', { access: 'DENY' })),
    expect: [{ login: logins.bob, mfaEnforced: 'yes', reason: /denied/ }],
  },
  {
    name: 'a group excluded from the 2FA rule falls to the 1FA catch-all',
    org: () =>
      withDashboardRules(baseOrg(), accessRule({ id: 'mfa', name: 'MFA', priority: 1, factorMode: '2FA', people: { includeGroups: ['00geveryone'], excludeGroups: [ids.staff] } }), catchAll('1FA')),
    expect: [
      { login: logins.alice, mfaEnforced: 'no', reason: /Excluded from rule 'MFA' of policy 'Dashboard Policy' \(which requires a second factor\) through group 'Staff'/ },
      { login: logins.bob, mfaEnforced: 'yes' },
    ],
  },
  {
    name: 'a user excluded by name from the 2FA rule',
    org: () =>
      withDashboardRules(baseOrg(), accessRule({ id: 'mfa', name: 'MFA', priority: 1, factorMode: '2FA', people: { includeGroups: ['00geveryone'], excludeUsers: [ids.bob] } }), catchAll('1FA')),
    expect: [
      { login: logins.alice, mfaEnforced: 'yes' },
      { login: logins.bob, mfaEnforced: 'no', reason: /Excluded from rule 'MFA' of policy 'Dashboard Policy' \(which requires a second factor\) by name/ },
    ],
  },
  {
    name: 'a group excluded from the MFA rule of another app: partial, the group named in the reasons',
    org: () =>
      withWiki(
        baseOrg(),
        [
          accessRule({ id: 'wikiMfa', name: 'Wiki MFA', priority: 1, factorMode: '2FA', people: { includeGroups: ['00geveryone'], excludeGroups: [ids.staff] } }),
          accessRule({ id: 'wiki', name: 'Wiki catch-all', priority: 99, system: true, factorMode: '1FA' }),
        ],
        [ids.alice, ids.bob],
      ),
    expect: [
      { login: logins.alice, mfaEnforced: 'partial', reason: /Excluded from rule 'Wiki MFA' of policy 'Wiki Policy' \(which requires a second factor\) through group 'Staff'/ },
      { login: logins.bob, mfaEnforced: 'yes' },
    ],
  },
  {
    name: 'a one-factor rule for a group applies to its members only',
    org: () => withDashboardRules(baseOrg(), accessRule({ id: 'staff', name: 'Staff 1FA', priority: 1, factorMode: '1FA', people: { includeGroups: [ids.staff] } }), catchAll('2FA')),
    expect: [
      { login: logins.alice, mfaEnforced: 'no' },
      { login: logins.bob, mfaEnforced: 'yes' },
    ],
  },
  {
    name: 'a one-factor rule for users named directly',
    org: () => withDashboardRules(baseOrg(), accessRule({ id: 'bob', name: 'Bob 1FA', priority: 1, factorMode: '1FA', people: { includeUsers: [ids.bob] } }), catchAll('2FA')),
    expect: [
      { login: logins.alice, mfaEnforced: 'yes' },
      { login: logins.bob, mfaEnforced: 'no' },
    ],
  },
  {
    name: 'unreadable membership that decides a password path: unknown, never covered',
    org: () => withDashboardRules(baseOrg(), accessRule({ id: 'op', name: 'Opaque 1FA', priority: 1, factorMode: '1FA', people: { includeGroups: [ids.opaque] } }), catchAll('2FA')),
    expect: [{ login: logins.bob, mfaEnforced: 'unknown', covered: 'unknown', reason: /membership of group 'Opaque' is unknown/ }],
  },
  {
    name: 'unreadable membership that changes nothing: still enforced',
    org: () => withDashboardRules(baseOrg(), accessRule({ id: 'op', name: 'Opaque 2FA', priority: 1, factorMode: '2FA', people: { includeGroups: [ids.opaque] } }), catchAll('2FA')),
    expect: [{ login: logins.bob, mfaEnforced: 'yes' }],
  },
  {
    name: 'the global session rule requiring a factor covers a one-factor app rule',
    org: () => withSignOnRules(withDashboardRules(baseOrg(), catchAll('1FA')), signOnRule({ id: 'g', name: 'MFA session', priority: 1, system: true, requireFactor: true })),
    expect: [{ login: logins.bob, mfaEnforced: 'yes' }],
  },
  {
    name: 'a global session rule without a factor in the office zone, with a 1FA app rule: partial',
    org: () =>
      withSignOnRules(
        withDashboardRules(baseOrg(), catchAll('1FA')),
        signOnRule({ id: 'gOffice', name: 'Office session', priority: 1, requireFactor: false, network: { connection: 'ZONE', include: [ids.office] } }),
        signOnRule({ id: 'g', name: 'MFA session', priority: 2, system: true, requireFactor: true }),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'partial', reason: /from zone 'Office'.*Office session/ }],
  },
  {
    name: 'a global session DENY for a group closes every path for its members',
    org: () =>
      withSignOnRules(
        withDashboardRules(baseOrg(), catchAll('1FA')),
        signOnRule({ id: 'gDeny', name: 'Deny staff', priority: 1, access: 'DENY', people: { includeGroups: [ids.staff] } }),
        signOnRule({ id: 'g', name: 'Default', priority: 2, system: true, requireFactor: false }),
      ),
    expect: [
      { login: logins.alice, mfaEnforced: 'yes' },
      { login: logins.bob, mfaEnforced: 'no' },
    ],
  },
  {
    name: 'global session policies apply by group, first by priority',
    org: () => {
      const org = withDashboardRules(baseOrg(), catchAll('1FA'));
      org.signOnPolicies.unshift(oktaPolicy({ id: '00pstaff', name: 'Staff policy', type: 'OKTA_SIGN_ON', priority: 1, groups: [ids.staff] }));
      org.rules.set('00pstaff', [signOnRule({ id: 'gStaff', name: 'Staff MFA', priority: 1, requireFactor: true })]);
      return org;
    },
    expect: [
      { login: logins.alice, mfaEnforced: 'yes' },
      { login: logins.bob, mfaEnforced: 'no' },
    ],
  },
  {
    name: 'Classic Engine (no authentication policies): requireFactor false means password only',
    org: () => {
      const org = baseOrg();
      org.accessPolicies = [];
      return org;
    },
    expect: [{ login: logins.bob, mfaEnforced: 'no', reason: /Okta sign-in \(Classic Engine.*requireFactor: false/ }],
  },
  {
    name: 'Classic Engine with requireFactor true: enforced',
    org: () => {
      const org = withSignOnRules(baseOrg(), signOnRule({ id: 'g', name: 'MFA', priority: 1, system: true, requireFactor: true }));
      org.accessPolicies = [];
      return org;
    },
    expect: [{ login: logins.bob, mfaEnforced: 'yes', covered: 'yes' }],
  },
  {
    name: 'Classic ON_NETWORK rule without a factor: partial from the legacy gateway zone',
    org: () => {
      const org = withSignOnRules(
        baseOrg(),
        signOnRule({ id: 'gOn', name: 'On network', priority: 1, requireFactor: false, network: { connection: 'ON_NETWORK' } }),
        signOnRule({ id: 'g', name: 'MFA', priority: 2, system: true, requireFactor: true }),
      );
      org.accessPolicies = [];
      return org;
    },
    expect: [{ login: logins.bob, mfaEnforced: 'partial', reason: /LegacyIpZone/ }],
  },
  {
    name: 'the system LegacyIpZone without gateways holds no sign-in: never named as a place a password opens from',
    org: () => {
      const org = withDashboardRules(baseOrg(), accessRule({ id: 'zones', name: 'Any zone 1FA', priority: 1, factorMode: '1FA', network: { connection: 'ZONE', include: ['ALL_ZONES'] } }), catchAll('2FA'));
      org.zones.push(oktaLegacyIpZone());
      return org;
    },
    expect: [{ login: logins.bob, mfaEnforced: 'partial', reason: /^(?![\s\S]*LegacyIpZone)[\s\S]*from zone 'Office', from zone 'VPN' to Okta Dashboard/ }],
  },
  {
    name: 'Classic ON_NETWORK without a factor, LegacyIpZone listed without gateways: no sign-in is on network, enforced',
    org: () => {
      const org = withSignOnRules(
        baseOrg(),
        signOnRule({ id: 'gOn', name: 'On network', priority: 1, requireFactor: false, network: { connection: 'ON_NETWORK' } }),
        signOnRule({ id: 'g', name: 'MFA', priority: 2, system: true, requireFactor: true }),
      );
      org.accessPolicies = [];
      org.zones.push(oktaLegacyIpZone());
      return org;
    },
    expect: [{ login: logins.bob, mfaEnforced: 'yes' }],
  },
  {
    name: "Classic ON_NETWORK without a factor, LegacyIpZone with gateways: partial from the org's gateway IPs",
    org: () => {
      const org = withSignOnRules(
        baseOrg(),
        signOnRule({ id: 'gOn', name: 'On network', priority: 1, requireFactor: false, network: { connection: 'ON_NETWORK' } }),
        signOnRule({ id: 'g', name: 'MFA', priority: 2, system: true, requireFactor: true }),
      );
      org.accessPolicies = [];
      org.zones.push(oktaLegacyIpZone(['198.51.100.0/24']));
      return org;
    },
    expect: [{ login: logins.bob, mfaEnforced: 'partial', reason: /from the org's gateway IPs \(system zone 'LegacyIpZone'/ }],
  },
  {
    name: 'a one-factor rule only for some devices: partial, with the condition named',
    org: () =>
      withDashboardRules(baseOrg(), accessRule({ id: 'dev', name: 'Managed devices', priority: 1, factorMode: '1FA', conditions: { device: { managed: true, registered: true } } }), catchAll('2FA')),
    expect: [{ login: logins.bob, mfaEnforced: 'partial', reason: /when device condition/ }],
  },
  {
    name: 'MFA only for high-risk sign-ins: password alone is the rule',
    org: () => withDashboardRules(baseOrg(), accessRule({ id: 'risk', name: 'Risky', priority: 1, factorMode: '2FA', conditions: { riskScore: { level: 'HIGH' } } }), catchAll('1FA')),
    expect: [{ login: logins.bob, mfaEnforced: 'no', reason: /unless risk score HIGH/ }],
  },
  {
    name: "Identity Engine's match-all conditions narrow nothing: a one-factor rule carrying them is the default path",
    org: () =>
      withDashboardRules(
        baseOrg(),
        accessRule({
          id: 'noop',
          name: 'Password only',
          priority: 1,
          factorMode: '1FA',
          conditions: {
            riskScore: { level: 'ANY' },
            userType: { include: [], exclude: [] },
            platform: { include: [], exclude: [] },
            device: { registered: false, assurance: { include: [] } },
            elCondition: null,
          },
        }),
        catchAll('2FA'),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'no', covered: 'no', reason: /from any network to Okta Dashboard.*rule 'Password only'/ }],
  },
  {
    name: 'a global session rule with risk {behaviors: []} and identityProvider ANY applies to every sign-in',
    org: () =>
      withSignOnRules(
        withDashboardRules(baseOrg(), catchAll('1FA')),
        signOnRule({
          id: 'gDefault',
          name: 'Default Rule',
          priority: 1,
          system: true,
          requireFactor: true,
          conditions: { risk: { behaviors: [] }, identityProvider: { provider: 'ANY' }, riskScore: { level: 'ANY' }, authContext: { authType: 'ANY' } },
        }),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'yes', covered: 'yes', reason: /requires a second factor/ }],
  },
  {
    name: 'a platform list of only {type: ANY, os: ANY} matches every platform',
    org: () =>
      withDashboardRules(
        baseOrg(),
        accessRule({ id: 'any', name: 'Any platform 1FA', priority: 1, factorMode: '1FA', conditions: { platform: { include: [{ type: 'ANY', os: { type: 'ANY' } }], exclude: [] } } }),
        catchAll('2FA'),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'no' }],
  },
  {
    name: 'a platform that really narrows (iOS only) stays undecidable: partial, condition named',
    org: () =>
      withDashboardRules(
        baseOrg(),
        accessRule({ id: 'ios', name: 'iOS 1FA', priority: 1, factorMode: '1FA', conditions: { platform: { include: [{ type: 'MOBILE', os: { type: 'IOS' } }], exclude: [] } } }),
        catchAll('2FA'),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'partial', reason: /when platform condition.*iOS 1FA/ }],
  },
  {
    name: 'a session rule for one identity provider only narrows: partial, the provider named',
    org: () =>
      withSignOnRules(
        withDashboardRules(baseOrg(), catchAll('1FA')),
        signOnRule({ id: 'gIdp', name: 'Partner IdP', priority: 1, requireFactor: false, conditions: { identityProvider: { provider: 'SPECIFIC_IDP', idpIds: ['0oapartner'] } } }),
        signOnRule({ id: 'g', name: 'MFA', priority: 2, system: true, requireFactor: true }),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'partial', reason: /when identity provider SPECIFIC_IDP \(0oapartner\)/ }],
  },
  {
    name: 'MFA only on risky behaviours: the ordinary sign-in goes without',
    org: () =>
      withSignOnRules(
        withDashboardRules(baseOrg(), catchAll('1FA')),
        signOnRule({ id: 'gRisk', name: 'New device MFA', priority: 1, requireFactor: true, conditions: { risk: { behaviors: ['New Device'] } } }),
        signOnRule({ id: 'g', name: 'Default', priority: 2, system: true, requireFactor: false }),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'no', reason: /unless risk behaviours New Device/ }],
  },
  {
    name: 'MFA only on managed devices: the ordinary sign-in goes without',
    org: () =>
      withDashboardRules(
        baseOrg(),
        accessRule({ id: 'managed', name: 'Managed 2FA', priority: 1, factorMode: '2FA', conditions: { device: { registered: true, managed: true } } }),
        catchAll('1FA'),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'no', reason: /unless device condition/ }],
  },
  {
    name: 'a device assurance policy narrows a one-factor rule: partial',
    org: () =>
      withDashboardRules(
        baseOrg(),
        accessRule({ id: 'assured', name: 'Assured 1FA', priority: 1, factorMode: '1FA', conditions: { device: { registered: true, assurance: { include: ['dae1compliant'] } } } }),
        catchAll('2FA'),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'partial', reason: /when device condition/ }],
  },
  {
    name: 'an empty expression is no condition',
    org: () => withDashboardRules(baseOrg(), accessRule({ id: 'el', name: 'Blank expression 1FA', priority: 1, factorMode: '1FA', conditions: { elCondition: { condition: '' } } }), catchAll('2FA')),
    expect: [{ login: logins.bob, mfaEnforced: 'no' }],
  },
  {
    name: 'a user type the account does not have: the rule never applies',
    org: () =>
      withDashboardRules(baseOrg(), accessRule({ id: 'ut', name: 'Contractors 1FA', priority: 1, factorMode: '1FA', conditions: { userType: { include: ['oty1contractor'], exclude: [] } } }), catchAll('2FA')),
    expect: [{ login: logins.bob, mfaEnforced: 'yes' }],
  },
  {
    name: 'one factor that must be a user-verified possession factor counts as two',
    org: () =>
      withDashboardRules(baseOrg(), catchAll('1FA', { constraints: [{ possession: { required: true, userVerification: 'REQUIRED', phishingResistant: 'REQUIRED' } }] })),
    expect: [{ login: logins.bob, mfaEnforced: 'yes' }],
  },
  {
    name: 'a verification method the scan does not evaluate: unknown',
    org: () => withDashboardRules(baseOrg(), catchAll('2FA', { verificationType: 'AUTH_METHOD_CHAIN' })),
    expect: [{ login: logins.bob, mfaEnforced: 'unknown', covered: 'unknown', reason: /AUTH_METHOD_CHAIN/ }],
  },
  {
    name: 'deprovisioned and suspended users cannot sign in: not applicable',
    org: () => withDashboardRules(baseOrg(), catchAll('1FA')),
    expect: [
      { login: logins.dave, mfaEnforced: 'n/a', covered: 'n/a', mfaRegistered: 'unknown' },
      { login: logins.erin, mfaEnforced: 'n/a', covered: 'n/a' },
    ],
  },
  {
    name: 'admins also meet the Admin Console policy: a 1FA console rule makes them partial',
    org: () => {
      const org = baseOrg();
      org.rules.set(ids.console, [accessRule({ id: 'consoleCatchAll', name: 'Console catch-all', priority: 99, system: true, factorMode: '1FA' })]);
      return org;
    },
    expect: [
      { login: logins.carol, mfaEnforced: 'partial', reason: /to Okta Admin Console.*Console catch-all/ },
      { login: logins.alice, mfaEnforced: 'yes' },
    ],
  },
  {
    name: 'another app with a one-factor policy reaches only its assigned users',
    org: () => withWiki(baseOrg(), [accessRule({ id: 'wiki', name: 'Wiki 1FA', priority: 99, system: true, factorMode: '1FA' })], [ids.alice]),
    expect: [
      { login: logins.alice, mfaEnforced: 'partial', reason: /to Wiki/ },
      { login: logins.bob, mfaEnforced: 'yes' },
    ],
  },
  {
    name: 'unknown assignments of a one-factor app: unknown',
    org: () => withWiki(baseOrg(), [accessRule({ id: 'wiki', name: 'Wiki 1FA', priority: 99, system: true, factorMode: '1FA' })], undefined),
    expect: [{ login: logins.bob, mfaEnforced: 'unknown', reason: /assignments of app 'Wiki' are unknown/ }],
  },
  {
    name: 'authentication policies unreadable: unknown, naming the scope',
    org: baseOrg,
    errors: [{ endpoint: 'accessPolicies', code: 'PERMISSION_MISSING', message: 'refused', permission: 'okta.policies.read', httpStatus: 403 }],
    expect: [{ login: logins.bob, mfaEnforced: 'unknown', covered: 'unknown', reason: /okta\.policies\.read/ }],
  },
  {
    name: 'authentication policies unreadable but the session layer demands a factor: enforced',
    org: () => withSignOnRules(baseOrg(), signOnRule({ id: 'g', name: 'MFA', priority: 1, system: true, requireFactor: true })),
    errors: [{ endpoint: 'accessPolicies', code: 'PERMISSION_MISSING', message: 'refused', permission: 'okta.policies.read', httpStatus: 403 }],
    expect: [{ login: logins.bob, mfaEnforced: 'yes' }],
  },
  {
    name: 'a RADIUS rule without a factor leaves legacy sign-in open',
    org: () =>
      withSignOnRules(
        baseOrg(),
        signOnRule({ id: 'gRadius', name: 'VPN RADIUS', priority: 1, requireFactor: false, conditions: { authContext: { authType: 'RADIUS' } } }),
        signOnRule({ id: 'g', name: 'Default', priority: 2, system: true, requireFactor: true }),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'yes', legacyAuth: 'open', covered: 'no' }],
  },
  {
    name: 'a session rule for the LDAP Interface only demands nothing of web sign-ins (no false coverage)',
    org: () =>
      withSignOnRules(
        withDashboardRules(baseOrg(), catchAll('1FA')),
        signOnRule({ id: 'gLdap', name: 'LDAP MFA', priority: 1, requireFactor: true, conditions: { authContext: { authType: 'LDAP_INTERFACE' } } }),
        signOnRule({ id: 'g', name: 'Default', priority: 2, system: true, requireFactor: false }),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'no', covered: 'no', reason: /global session rule 'Default'/ }],
  },
  {
    name: 'an authentication context the scanner does not know: both branches followed, named',
    org: () =>
      withSignOnRules(
        withDashboardRules(baseOrg(), catchAll('1FA')),
        signOnRule({ id: 'gNew', name: 'New context MFA', priority: 1, requireFactor: true, conditions: { authContext: { authType: 'DEVICE_CODE' } } }),
        signOnRule({ id: 'g', name: 'Default', priority: 2, system: true, requireFactor: false }),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'no', reason: /unless authentication context DEVICE_CODE/ }],
  },
  {
    name: 'a network connection type the scanner does not know never counts as every network',
    org: () =>
      withDashboardRules(
        baseOrg(),
        accessRule({ id: 'odd', name: 'Odd network MFA', priority: 1, factorMode: '2FA', conditions: { network: { connection: 'ANY_NEW_KIND' } } }),
        catchAll('1FA'),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'no', reason: /unless network connection ANY_NEW_KIND/ }],
  },
  {
    name: 'a RADIUS rule with a factor: legacy sign-in blocked',
    org: () =>
      withSignOnRules(
        baseOrg(),
        signOnRule({ id: 'gRadius', name: 'VPN RADIUS', priority: 1, requireFactor: true, conditions: { authContext: { authType: 'RADIUS' } } }),
        signOnRule({ id: 'g', name: 'Default', priority: 2, system: true, requireFactor: false }),
      ),
    expect: [{ login: logins.bob, mfaEnforced: 'yes', legacyAuth: 'blocked', covered: 'yes' }],
  },
  {
    name: 'enforced but nothing usable registered: not covered',
    org: () => {
      const org = baseOrg();
      org.factors.set(ids.bob, [oktaFactor(ids.bob, 'push', 'PENDING_ACTIVATION'), oktaFactor(ids.bob, 'email')]);
      return org;
    },
    expect: [{ login: logins.bob, mfaEnforced: 'yes', mfaRegistered: 'no', covered: 'no' }],
  },
  {
    name: 'service accounts are listed but not counted',
    org: baseOrg,
    expect: [{ login: logins.svc, covered: 'n/a', mfaEnforced: 'yes' }],
  },
];

describe('Okta policy evaluation', () => {
  it('has at least 25 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const analysis = await analyse(testCase.org(), { errors: testCase.errors ?? [], drop: testCase.drop ?? [] });
    for (const expectation of testCase.expect) {
      const account = analysis.accounts.find((candidate) => candidate.login === expectation.login);
      expect(account).toBeDefined();
      if (!account) continue;
      const actual = {
        login: expectation.login,
        ...(expectation.mfaEnforced ? { mfaEnforced: account.mfaEnforced.value } : {}),
        ...(expectation.legacyAuth ? { legacyAuth: account.legacyAuth.value } : {}),
        ...(expectation.covered ? { covered: account.covered } : {}),
        ...(expectation.mfaRegistered ? { mfaRegistered: account.mfaRegistered.value } : {}),
      };
      const { reason, ...wanted } = expectation;
      expect({ ...actual, reasons: account.mfaEnforced.reasons }).toMatchObject({ ...wanted });
      if (reason) expect([...account.mfaEnforced.reasons, ...account.legacyAuth.reasons].join('\n')).toMatch(reason);
    }
  });
});
