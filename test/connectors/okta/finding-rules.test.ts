/** One block per Okta finding rule: a case that fires it and a near miss that must not. */
import { readdir } from 'node:fs/promises';
import { oktaFindingRules } from '../../../src/connectors/okta/okta-finding-rules.js';
import { accessRule, oktaFactor, oktaVerifyAuthenticator, signOnRule } from '../../../src/simulators/okta/okta-org-fixture.js';
import type { OktaOrgFixture } from '../../../src/simulators/okta/okta-org-fixture.js';
import { analyse, baseOrg, ids, logins, withDashboardRules, withSignOnRules } from './okta-org-cases.js';

async function findingsOf(org: OktaOrgFixture, ruleId: string) {
  return (await analyse(org)).findings.filter((finding) => finding.ruleId === ruleId);
}

const tested = new Set<string>();
function ruleBlock(ruleId: string, body: () => void): void {
  tested.add(ruleId);
  describe(ruleId, body);
}

ruleBlock('okta-password-only-path', () => {
  it('names the rule, the zone and the app that let a password through', async () => {
    const org = withDashboardRules(
      baseOrg(),
      accessRule({ id: 'office', name: 'Office password only', priority: 1, factorMode: '1FA', network: { connection: 'ZONE', include: [ids.office] } }),
      accessRule({ id: 'dashCatchAll', name: 'Catch-all Rule', priority: 99, system: true, factorMode: '2FA' }),
    );
    const findings = await findingsOf(org, 'okta-password-only-path');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.subject).toMatchObject({ type: 'policy', id: `${ids.dashboard}/office` });
    expect(findings[0]?.message).toMatch(/lets 4 account\(s\) sign in with a password alone from zone 'Office' to Okta Dashboard/);
  });
  it('stays quiet when every path needs a second factor', async () => {
    expect(await findingsOf(baseOrg(), 'okta-password-only-path')).toEqual([]);
  });
});

ruleBlock('okta-mfa-rule-exclusion', () => {
  const excludeBob = (fallback: '1FA' | '2FA') =>
    withDashboardRules(
      baseOrg(),
      accessRule({ id: 'mfa', name: 'Require MFA', priority: 1, factorMode: '2FA', people: { includeGroups: ['00geveryone'], excludeUsers: [ids.bob] } }),
      accessRule({ id: 'dashCatchAll', name: 'Catch-all Rule', priority: 99, system: true, factorMode: fallback }),
    );
  it('reports a user excluded by name who is left with a password path', async () => {
    const findings = await findingsOf(excludeBob('1FA'), 'okta-mfa-rule-exclusion');
    expect(findings.map((finding) => finding.subject.name)).toEqual([logins.bob]);
    expect(findings[0]?.message).toMatch(/excluded by name from rule 'Require MFA'/);
  });
  it('reports group exclusions with the group named', async () => {
    const org = withDashboardRules(
      baseOrg(),
      accessRule({ id: 'mfa', name: 'Require MFA', priority: 1, factorMode: '2FA', people: { includeGroups: ['00geveryone'], excludeGroups: [ids.staff] } }),
      accessRule({ id: 'dashCatchAll', name: 'Catch-all Rule', priority: 99, system: true, factorMode: '1FA' }),
    );
    const findings = await findingsOf(org, 'okta-mfa-rule-exclusion');
    expect(findings.map((finding) => finding.subject.name)).toEqual([logins.alice]);
    expect(findings[0]?.message).toMatch(/through group 'Staff'/);
  });
  it('stays quiet when a later rule still demands a second factor', async () => {
    expect(await findingsOf(excludeBob('2FA'), 'okta-mfa-rule-exclusion')).toEqual([]);
  });
});

ruleBlock('okta-admin-weak-factors-only', () => {
  it('reports an administrator with SMS and voice only', async () => {
    const org = baseOrg();
    org.factors.set(ids.carol, [oktaFactor(ids.carol, 'sms'), oktaFactor(ids.carol, 'call', 'ACTIVE', 1)]);
    const findings = await findingsOf(org, 'okta-admin-weak-factors-only');
    expect(findings.map((finding) => finding.subject.name)).toEqual([logins.carol]);
    expect(findings[0]?.message).toMatch(/Super Administrator.*sms.*call/);
  });
  it('ignores an administrator who also has a strong factor, and non-administrators with SMS', async () => {
    const org = baseOrg();
    org.factors.set(ids.carol, [oktaFactor(ids.carol, 'sms'), oktaFactor(ids.carol, 'webauthn', 'ACTIVE', 1)]);
    org.factors.set(ids.bob, [oktaFactor(ids.bob, 'sms')]);
    expect(await findingsOf(org, 'okta-admin-weak-factors-only')).toEqual([]);
  });
});

ruleBlock('okta-admin-console-not-phishing-resistant', () => {
  it('reports a console rule that accepts any second factor', async () => {
    const org = baseOrg();
    org.rules.set(ids.console, [accessRule({ id: 'consoleCatchAll', name: 'Catch-all Rule', priority: 99, system: true, factorMode: '2FA' })]);
    const findings = await findingsOf(org, 'okta-admin-console-not-phishing-resistant');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/lets 1 administrator\(s\) in without a phishing-resistant factor/);
  });
  it('stays quiet when the console requires phishing resistance', async () => {
    expect(await findingsOf(baseOrg(), 'okta-admin-console-not-phishing-resistant')).toEqual([]);
  });
});

ruleBlock('okta-push-without-number-challenge', () => {
  it.each([
    ['NEVER', /not required; 4 enabled account\(s\) have push/],
    ['HIGH_RISK_ONLY', /required only for high-risk/],
  ] as const)('reports number challenge %s', async (setting, message) => {
    const org = baseOrg();
    org.authenticators = [oktaVerifyAuthenticator(setting)];
    const findings = await findingsOf(org, 'okta-push-without-number-challenge');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.subject.type).toBe('tenant');
    expect(findings[0]?.message).toMatch(message);
  });
  it('stays quiet when every push carries a number challenge', async () => {
    expect(await findingsOf(baseOrg(), 'okta-push-without-number-challenge')).toEqual([]);
  });
  it('reports the setting as unverified, not passed, when the authenticators could not be read and push is enrolled', async () => {
    const errors = [{ endpoint: 'authenticators', code: 'PERMISSION_MISSING', message: 'refused', permission: 'okta.authenticators.read', httpStatus: 403 }];
    const unreadable = await analyse(baseOrg(), { errors, drop: ['authenticators'] });
    const findings = unreadable.findings.filter((finding) => finding.ruleId === 'okta-push-without-number-challenge');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/could not be read \(.*okta\.authenticators\.read.*\); 4 enabled account\(s\) have push enrolled/);
    const noPush = baseOrg();
    for (const [userId, factors] of noPush.factors) noPush.factors.set(userId, factors.filter((factor) => factor.factorType !== 'push'));
    const quiet = await analyse(noPush, { errors, drop: ['authenticators'] });
    expect(quiet.findings.filter((finding) => finding.ruleId === 'okta-push-without-number-challenge')).toEqual([]);
  });
});

ruleBlock('okta-long-factor-lifetime', () => {
  it('reports a 24-hour re-authentication interval and a remembered device for a week', async () => {
    const org = withSignOnRules(
      withDashboardRules(baseOrg(), accessRule({ id: 'dashCatchAll', name: 'Catch-all Rule', priority: 99, system: true, factorMode: '2FA', reauthenticateIn: 'PT24H' })),
      signOnRule({ id: 'g', name: 'Remember', priority: 1, system: true, requireFactor: true, factorPromptMode: 'DEVICE', factorLifetime: 10080 }),
    );
    const messages = (await findingsOf(org, 'okta-long-factor-lifetime')).map((finding) => finding.message).sort();
    expect(messages).toEqual([
      "Rule 'Catch-all Rule' of policy 'Dashboard Policy' remembers a verified factor for 24 hours.",
      "Rule 'Remember' of policy 'Default Policy' remembers a verified factor for 168 hours.",
    ]);
  });
  it('accepts twelve hours', async () => {
    const org = withDashboardRules(baseOrg(), accessRule({ id: 'dashCatchAll', name: 'Catch-all Rule', priority: 99, system: true, factorMode: '2FA', reauthenticateIn: 'PT12H' }));
    expect(await findingsOf(org, 'okta-long-factor-lifetime')).toEqual([]);
  });
});

ruleBlock('okta-single-factor-rule', () => {
  it('reports an active 1FA authentication rule even when no one reaches it today', async () => {
    const org = withDashboardRules(
      baseOrg(),
      accessRule({ id: 'old', name: 'Old office', priority: 1, factorMode: '1FA', network: { connection: 'ZONE', include: [ids.retired] } }),
      accessRule({ id: 'dashCatchAll', name: 'Catch-all Rule', priority: 99, system: true, factorMode: '2FA' }),
    );
    const findings = await findingsOf(org, 'okta-single-factor-rule');
    expect(findings.map((finding) => finding.subject.id)).toEqual([`${ids.dashboard}/old`]);
  });
  it('reports requireFactor: false only in Classic orgs, where the sign-on policy decides', async () => {
    expect(await findingsOf(baseOrg(), 'okta-single-factor-rule')).toEqual([]);
    const classic = baseOrg();
    classic.accessPolicies = [];
    expect((await findingsOf(classic, 'okta-single-factor-rule')).map((finding) => finding.message)).toEqual([
      "Rule 'Default Rule' of policy 'Default Policy' allows one factor (requireFactor: false).",
    ]);
  });
});

describe('the Okta rule catalogue', () => {
  it('has one file per rule, named by its id, each tested above and referencing NIS2', async () => {
    const files = (await readdir(new URL('../../../src/connectors/okta/rules/', import.meta.url)))
      .filter((file) => file.startsWith('okta-') && file !== 'okta-rule-input.ts')
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(oktaFindingRules.map((rule) => rule.id).sort()).toEqual(files);
    for (const rule of oktaFindingRules) {
      expect(tested.has(rule.id)).toBe(true);
      expect(rule.references).toContain('NIS2 Art.21(2)(j)');
      expect(rule.rationale.length).toBeGreaterThan(40);
      expect(rule.remediation.length).toBeGreaterThan(40);
    }
  });
});
