/** One block per Entra finding rule: a case that fires it and a near miss that must not. */
import { readFile, readdir } from 'node:fs/promises';
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import { entraFindingRules } from '../../../src/connectors/entra/entra-finding-rules.js';
import { defaultAuthenticationMethodsPolicy, type EntraTenantFixture } from '../../../src/simulators/entra/entra-tenant-fixture.js';
import type { MemoryEntraSourceOptions } from './memory-entra-source.js';
import { analyse, baseTenant, blockLegacy, ids, logins, policy, roles, setMethods } from './entra-tenant-cases.js';

async function findingsOf(tenant: EntraTenantFixture, ruleId: string, options: MemoryEntraSourceOptions = {}, settings = defaultAnalysisSettings) {
  return (await analyse(tenant, options, settings)).findings.filter((finding) => finding.ruleId === ruleId);
}

/** MFA for all users and a legacy block: nothing to report. */
function goodTenant(): EntraTenantFixture {
  const tenant = baseTenant();
  tenant.conditionalAccessPolicies.push(policy({ displayName: 'Require MFA for all users' }), blockLegacy());
  return tenant;
}

const tested = new Set<string>();
function ruleBlock(ruleId: string, body: () => void): void {
  tested.add(ruleId);
  describe(ruleId, body);
}

describe('a well-run tenant', () => {
  it('raises no finding at all', async () => {
    expect((await analyse(goodTenant())).findings).toEqual([]);
  });
});

ruleBlock('entra-no-mfa-policy', () => {
  it('reports a tenant with no enabled MFA policy and security defaults off, naming unenforced policies', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ displayName: 'Pilot MFA', state: 'enabledForReportingButNotEnforced' }));
    const findings = await findingsOf(tenant, 'entra-no-mfa-policy');
    expect(findings.map((finding) => [finding.subject.type, finding.severity])).toEqual([['tenant', 'critical']]);
    expect(findings[0]?.message).toMatch(/not enforced: 'Pilot MFA' \(report-only\)/);
  });
  it('stays quiet with security defaults on, with an enabled MFA policy, or when policies are unreadable', async () => {
    const defaults = baseTenant();
    defaults.securityDefaults.isEnabled = true;
    expect(await findingsOf(defaults, 'entra-no-mfa-policy')).toEqual([]);
    expect(await findingsOf(goodTenant(), 'entra-no-mfa-policy')).toEqual([]);
    const unreadable = { drop: ['conditionalAccessPolicies'], errors: [{ endpoint: 'conditionalAccessPolicies', code: 'PERMISSION_MISSING', message: 'denied', permission: 'Policy.Read.All' }] };
    expect(await findingsOf(baseTenant(), 'entra-no-mfa-policy', unreadable)).toEqual([]);
  });
});

ruleBlock('entra-admin-not-covered', () => {
  it('reports an administrator who can sign in without a second factor', async () => {
    const tenant = goodTenant();
    setMethods(tenant, 'dave', []);
    const findings = await findingsOf(tenant, 'entra-admin-not-covered');
    expect(findings.map((finding) => finding.subject.name)).toEqual([logins.dave]);
    expect(findings[0]?.message).toMatch(/\(User Administrator\) can sign in without a second factor/);
  });
  it('reports an administrator whose coverage is unknown, and ignores covered administrators and ordinary users', async () => {
    const tenant = goodTenant();
    setMethods(tenant, 'alice', []);
    expect(await findingsOf(tenant, 'entra-admin-not-covered')).toEqual([]);
    const unknown = await findingsOf(goodTenant(), 'entra-admin-not-covered', { drop: ['userRegistrationDetails'], errors: [{ endpoint: 'userRegistrationDetails', code: 'PERMISSION_MISSING', message: 'no licence' }] });
    expect(unknown.map((finding) => finding.subject.name).sort()).toEqual([logins.carol, logins.dave]);
    expect(unknown[0]?.message).toMatch(/could not be verified/);
  });
});

ruleBlock('entra-excluded-admin', () => {
  it('reports an administrator excluded from the MFA policy through a group, naming policy and route', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ displayName: 'Require MFA for all users', excludeGroups: [ids.admins] }), blockLegacy());
    const findings = await findingsOf(tenant, 'entra-excluded-admin');
    expect(findings.map((finding) => finding.subject.name)).toEqual([logins.carol]);
    expect(findings[0]?.message).toMatch(/\(Global Administrator\) is excluded from 'Require MFA for all users' through group 'Tenant-Admins'.*methods: microsoftAuthenticatorPush/);
  });
  it('stays quiet when another policy still enforces MFA for the excluded administrator', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(
      policy({ displayName: 'Require MFA for all users', excludeGroups: [ids.admins] }),
      policy({ displayName: 'Admins', includeUsers: [], includeRoles: [roles.globalAdministrator.id] }),
      blockLegacy(),
    );
    expect(await findingsOf(tenant, 'entra-excluded-admin')).toEqual([]);
  });
});

ruleBlock('entra-admin-weak-factors-only', () => {
  it('reports an administrator with SMS and voice only', async () => {
    const tenant = goodTenant();
    setMethods(tenant, 'carol', ['phone', 'voice']);
    const findings = await findingsOf(tenant, 'entra-admin-weak-factors-only');
    expect(findings.map((finding) => finding.subject.name)).toEqual([logins.carol]);
    expect(findings[0]?.message).toMatch(/\(Global Administrator\) can authenticate only with mobilePhone, officePhone/);
  });
  it('ignores an administrator who also has a strong method, and non-administrators with SMS only', async () => {
    const tenant = goodTenant();
    setMethods(tenant, 'carol', ['phone', 'fido2']);
    setMethods(tenant, 'alice', ['phone']);
    expect(await findingsOf(tenant, 'entra-admin-weak-factors-only')).toEqual([]);
  });
});

ruleBlock('entra-mfa-policy-exclusion', () => {
  it('names the excluded group and the accounts it leaves without MFA', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ displayName: 'Require MFA for all users', excludeGroups: [ids.contractors] }), blockLegacy());
    const findings = await findingsOf(tenant, 'entra-mfa-policy-exclusion', {});
    expect(findings.map((finding) => [finding.subject.type, finding.subject.id, finding.subject.name])).toEqual([['group', ids.contractors, "group 'Contractors'"]]);
    expect(findings[0]?.message).toBe(`Group 'Contractors' is excluded from 'Require MFA for all users'; 1 enabled account(s) in it have no MFA enforced otherwise: ${logins.erin}.`);
  });
  it('still reports the exclusion beside a block limited to device-code flow (issue 11: the flow block is no block of everything)', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(
      policy({ displayName: 'Require MFA for all users', excludeGroups: [ids.contractors] }),
      policy({ displayName: 'Block device code flow', builtInControls: ['block'], transferMethods: 'deviceCodeFlow' }),
      blockLegacy(),
    );
    const findings = await findingsOf(tenant, 'entra-mfa-policy-exclusion');
    expect(findings.map((finding) => finding.subject.name)).toEqual(["group 'Contractors'"]);
  });
  it('reports a user excluded by name', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ displayName: 'Require MFA for all users', excludeUsers: [ids.alice] }), blockLegacy());
    const findings = await findingsOf(tenant, 'entra-mfa-policy-exclusion');
    expect(findings.map((finding) => [finding.subject.type, finding.subject.name])).toEqual([['account', logins.alice]]);
  });
  it('stays quiet when another policy covers the excluded group, and leaves administrators to entra-excluded-admin', async () => {
    const covered = baseTenant();
    covered.conditionalAccessPolicies.push(
      policy({ displayName: 'Require MFA for all users', excludeGroups: [ids.contractors] }),
      policy({ displayName: 'Contractors', includeUsers: [], includeGroups: [ids.contractors], builtInControls: ['mfa', 'compliantDevice'], operator: 'AND' }),
      blockLegacy(),
    );
    expect(await findingsOf(covered, 'entra-mfa-policy-exclusion')).toEqual([]);
    const admins = baseTenant();
    admins.conditionalAccessPolicies.push(policy({ excludeGroups: [ids.admins] }), blockLegacy());
    expect(await findingsOf(admins, 'entra-mfa-policy-exclusion')).toEqual([]);
  });
});

ruleBlock('entra-legacy-authentication-open', () => {
  it('reports each account excluded from the legacy block, with the group', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'] }), blockLegacy({ excludeGroups: [ids.staff] }));
    const findings = await findingsOf(tenant, 'entra-legacy-authentication-open');
    expect(findings.map((finding) => finding.subject.name)).toEqual([logins.bob]);
    expect(findings[0]?.message).toMatch(/Excluded from 'Block legacy authentication' \(which blocks legacy clients\) through group 'Staff'\./);
  });
  it('reports the tenant once when nothing blocks legacy authentication', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'] }));
    const findings = await findingsOf(tenant, 'entra-legacy-authentication-open');
    expect(findings.map((finding) => finding.subject.type)).toEqual(['tenant']);
    expect(findings[0]?.message).toMatch(/9 enabled account\(s\) can sign in over IMAP/);
  });
  it('stays quiet when legacy authentication is blocked for everyone', async () => {
    expect(await findingsOf(goodTenant(), 'entra-legacy-authentication-open')).toEqual([]);
  });
});

ruleBlock('entra-mfa-enforced-not-registered', () => {
  it('reports an enforced account with no method registered', async () => {
    const tenant = goodTenant();
    setMethods(tenant, 'bob', []);
    const findings = await findingsOf(tenant, 'entra-mfa-enforced-not-registered');
    expect(findings.map((finding) => finding.subject.name)).toEqual([logins.bob]);
    expect(findings[0]?.message).toMatch(/registers their own/);
  });
  it('stays quiet for an account only a device-code-flow block applies to (it enforces nothing at ordinary sign-ins)', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ displayName: 'Block device code flow', builtInControls: ['block'], transferMethods: 'deviceCodeFlow' }), blockLegacy());
    setMethods(tenant, 'bob', []);
    expect(await findingsOf(tenant, 'entra-mfa-enforced-not-registered')).toEqual([]);
  });
  it('ignores unregistered accounts MFA is not enforced for, and disabled ones', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ excludeUsers: [ids.bob] }), blockLegacy());
    setMethods(tenant, 'bob', []);
    setMethods(tenant, 'frank', []);
    expect(await findingsOf(tenant, 'entra-mfa-enforced-not-registered')).toEqual([]);
  });
});

ruleBlock('entra-mfa-policy-report-only', () => {
  it('reports a report-only MFA policy with the accounts it leaves unprotected', async () => {
    const tenant = goodTenant();
    tenant.conditionalAccessPolicies[0] = policy({ displayName: 'Require MFA for all users', excludeGroups: [ids.admins] });
    tenant.conditionalAccessPolicies.push(policy({ displayName: 'Admins phishing-resistant', state: 'enabledForReportingButNotEnforced', includeUsers: [], includeRoles: [roles.globalAdministrator.id], builtInControls: [], authenticationStrengthId: '00000000-0000-0000-0000-000000000004' }));
    const findings = await findingsOf(tenant, 'entra-mfa-policy-report-only');
    expect(findings.map((finding) => finding.subject.name)).toEqual(['Admins phishing-resistant']);
    expect(findings[0]?.message).toBe(`'Admins phishing-resistant' requires authentication strength 'Phishing-resistant MFA' only in report-only mode; 1 enabled account(s) it names have no MFA enforced otherwise: ${logins.carol}.`);
  });
  it('stays quiet for enabled policies and for report-only policies that do not require MFA', async () => {
    const tenant = goodTenant();
    tenant.conditionalAccessPolicies.push(blockLegacy({ displayName: 'Block legacy (pilot)', state: 'enabledForReportingButNotEnforced' }));
    expect(await findingsOf(tenant, 'entra-mfa-policy-report-only')).toEqual([]);
  });
});

ruleBlock('entra-mfa-policy-disabled', () => {
  it('reports a disabled MFA policy', async () => {
    const tenant = goodTenant();
    tenant.conditionalAccessPolicies.push(policy({ displayName: 'OLD MFA outside the office', state: 'disabled', excludeLocations: ['AllTrusted'] }));
    const findings = await findingsOf(tenant, 'entra-mfa-policy-disabled');
    expect(findings.map((finding) => [finding.subject.type, finding.subject.name])).toEqual([['policy', 'OLD MFA outside the office']]);
    expect(findings[0]?.message).toBe("'OLD MFA outside the office' requires MFA but is disabled.");
  });
  it('stays quiet for a disabled block policy', async () => {
    const tenant = goodTenant();
    tenant.conditionalAccessPolicies.push(blockLegacy({ state: 'disabled' }));
    expect(await findingsOf(tenant, 'entra-mfa-policy-disabled')).toEqual([]);
  });
});

ruleBlock('entra-trusted-location-bypass', () => {
  it('reports a trusted location excluded from an enabled MFA policy, with its ranges', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ displayName: 'MFA outside HQ', excludeLocations: [ids.hq] }), blockLegacy());
    const findings = await findingsOf(tenant, 'entra-trusted-location-bypass');
    expect(findings.map((finding) => [finding.subject.type, finding.subject.name])).toEqual([['location', 'HQ office']]);
    expect(findings[0]?.message).toBe("'MFA outside HQ' does not ask for MFA from trusted location 'HQ office' (198.51.100.0/24); a password alone signs in from there for the 8 enabled account(s) the policy applies to.");
  });
  it('also reports AllTrusted', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ excludeLocations: ['AllTrusted'] }));
    expect((await findingsOf(tenant, 'entra-trusted-location-bypass')).map((finding) => finding.subject.id)).toEqual([ids.hq]);
  });
  it('stays quiet for an untrusted location and for disabled policies', async () => {
    const tenant = goodTenant();
    tenant.conditionalAccessPolicies.push(policy({ excludeLocations: [ids.branch] }), policy({ state: 'disabled', excludeLocations: [ids.hq] }));
    expect(await findingsOf(tenant, 'entra-trusted-location-bypass')).toEqual([]);
  });
});

ruleBlock('entra-dormant-account-without-mfa', () => {
  const dormantTenant = () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ excludeUsers: [ids.bob, ids.erin] }), blockLegacy());
    const bob = tenant.users.find((user) => user.id === ids.bob);
    if (bob?.signInActivity) bob.signInActivity = { lastSignInDateTime: '2024-12-01T00:00:00Z', lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: null };
    const erin = tenant.users.find((user) => user.id === ids.erin);
    if (erin) erin.signInActivity = { lastSignInDateTime: null, lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: null };
    return tenant;
  };
  it('reports an enabled account not used for longer than the threshold, and one never used, that MFA does not cover', async () => {
    const findings = await findingsOf(dormantTenant(), 'entra-dormant-account-without-mfa');
    expect(findings.map((finding) => finding.subject.name)).toEqual([logins.bob, logins.erin]);
    expect(findings[0]?.message).toMatch(/last signed in on 2024-12-01, 182 days before the snapshot \(threshold 90 days\)/);
    expect(findings[1]?.message).toMatch(/never signed in since its creation on 2022-01-10/);
  });
  it('judges against the threshold as of the snapshot, and stays quiet without sign-in data', async () => {
    expect(await findingsOf(dormantTenant(), 'entra-dormant-account-without-mfa', {}, { ...defaultAnalysisSettings, dormantAfterDays: 200 })).toHaveLength(1);
    expect(await findingsOf(dormantTenant(), 'entra-dormant-account-without-mfa', { licenceFree: true })).toEqual([]);
  });
  it('stays quiet for a dormant account that MFA covers', async () => {
    const tenant = goodTenant();
    const bob = tenant.users.find((user) => user.id === ids.bob);
    if (bob) bob.signInActivity = { lastSignInDateTime: '2024-01-01T00:00:00Z', lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: null };
    expect(await findingsOf(tenant, 'entra-dormant-account-without-mfa')).toEqual([]);
  });
});

ruleBlock('entra-sms-sign-in-enabled', () => {
  it('reports SMS usable for sign-in', async () => {
    const tenant = goodTenant();
    tenant.authenticationMethodsPolicy = defaultAuthenticationMethodsPolicy({ smsSignIn: true });
    const findings = await findingsOf(tenant, 'entra-sms-sign-in-enabled');
    expect(findings.map((finding) => finding.message)).toEqual(['SMS can be used to sign in without a password by all users.']);
  });
  it('stays quiet when SMS is for MFA only, and when the policy is unreadable', async () => {
    expect(await findingsOf(goodTenant(), 'entra-sms-sign-in-enabled')).toEqual([]);
    const tenant = goodTenant();
    tenant.authenticationMethodsPolicy = defaultAuthenticationMethodsPolicy({ smsSignIn: true });
    expect(await findingsOf(tenant, 'entra-sms-sign-in-enabled', { drop: ['authenticationMethodsPolicy'], errors: [{ endpoint: 'authenticationMethodsPolicy', code: 'PERMISSION_MISSING', message: 'denied' }] })).toEqual([]);
  });
});

ruleBlock('entra-number-matching-disabled', () => {
  it('reports number matching disabled in featureSettings (older payloads)', async () => {
    const tenant = goodTenant();
    tenant.authenticationMethodsPolicy = defaultAuthenticationMethodsPolicy({ numberMatching: 'disabled' });
    const findings = await findingsOf(tenant, 'entra-number-matching-disabled');
    expect(findings.map((finding) => finding.message)).toEqual(['Microsoft Authenticator push is configured without number matching: featureSettings.numberMatchingRequiredState is disabled.']);
  });
  it('reports number matching disabled on an include target (beta payloads)', async () => {
    const tenant = goodTenant();
    const authenticator = tenant.authenticationMethodsPolicy.authenticationMethodConfigurations.find((configuration) => configuration.id === 'MicrosoftAuthenticator');
    const target = authenticator?.includeTargets?.[0];
    if (target) target.numberMatchingRequiredState = 'disabled';
    expect((await findingsOf(tenant, 'entra-number-matching-disabled'))[0]?.message).toMatch(/include target all users has numberMatchingRequiredState disabled/);
  });
  it('stays quiet for v1.0 payloads without the setting, and for enabled or default', async () => {
    expect(await findingsOf(goodTenant(), 'entra-number-matching-disabled')).toEqual([]);
    for (const numberMatching of ['enabled', 'default'] as const) {
      const tenant = goodTenant();
      tenant.authenticationMethodsPolicy = defaultAuthenticationMethodsPolicy({ numberMatching });
      expect(await findingsOf(tenant, 'entra-number-matching-disabled')).toEqual([]);
    }
  });
});

describe('the Entra rule catalogue', () => {
  it('has one file per rule, named by its id, each tested above and referencing NIS2', async () => {
    const files = (await readdir(new URL('../../../src/connectors/entra/rules/', import.meta.url)))
      .filter((file) => file.startsWith('entra-') && file !== 'entra-rule-input.ts')
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(entraFindingRules.map((rule) => rule.id).sort()).toEqual(files);
    for (const rule of entraFindingRules) {
      expect(tested.has(rule.id)).toBe(true);
      expect(rule.references).toContain('NIS2 Art.21(2)(j)');
      expect(rule.rationale.length).toBeGreaterThan(40);
      expect(rule.remediation.length).toBeGreaterThan(40);
    }
  });
  it('is documented in docs/findings.md, rule by rule', async () => {
    const catalogue = await readFile(new URL('../../../docs/findings.md', import.meta.url), 'utf8');
    for (const rule of entraFindingRules) expect(catalogue).toContain(`| \`${rule.id}\` | ${rule.severity} | ${rule.title} |`);
  });
});
