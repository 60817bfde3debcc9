/**
 * Every connector that answers `partial` says why in structured form (`mfaEnforced.causes`), so the gap kind the
 * exception register files is never guessed from the words of a reason: a network or location carve-out is a
 * trusted location, anything else (an exclusion, a narrower rule or policy, an enrolment window) a policy exclusion.
 */
import { defaultAnalysisSettings } from '../../src/connectors/connector.js';
import { analyseAwsAccount } from '../../src/connectors/aws/analyse-aws.js';
import { loadAwsAccount } from '../../src/connectors/aws/load-aws-account.js';
import { analyseGoogle } from '../../src/connectors/google/analyse-google.js';
import type { AssessedAccount } from '../../src/model/account.js';
import { accessRule } from '../../src/simulators/okta/okta-org-fixture.js';
import { policy as googlePolicy } from '../../src/simulators/google/google-tenant-fixture.js';
import { baseAccount } from './aws/aws-account-cases.js';
import { memoryAwsSource } from './aws/memory-aws-source.js';
import { accountOf, analyse as analyseEntra, baseTenant as entraTenant, ids as entraIds, policy as entraPolicy } from './entra/entra-tenant-cases.js';
import { baseTenant as googleTenant, user as googleUser } from './google/google-tenant-cases.js';
import { memoryGoogleSource } from './google/memory-google-source.js';
import { analyse as analyseOkta, baseOrg, ids as oktaIds, logins as oktaLogins, withDashboardRules, withWiki } from './okta/okta-org-cases.js';

const asOf = new Date('2025-06-01T12:00:00Z');

/** The cause kinds, each with the number of reasons it explains; every reason must be explained by a cause. */
function causesOf(account: AssessedAccount | undefined): Array<[string, number]> {
  expect(account?.mfaEnforced.value).toBe('partial');
  const causes = account?.mfaEnforced.causes ?? [];
  for (const cause of causes) for (const reason of cause.reasons) expect(account?.mfaEnforced.reasons).toContain(reason);
  return causes.map((cause) => [cause.kind, cause.reasons.length]);
}

describe('structured causes of partial enforcement', () => {
  it('Okta: a password path from a zone only is a trusted location', async () => {
    const org = withDashboardRules(
      baseOrg(),
      accessRule({ id: 'office', name: 'Office password only', priority: 1, factorMode: '1FA', network: { connection: 'ZONE', include: [oktaIds.office] } }),
      accessRule({ id: 'dashCatchAll', name: 'Catch-all Rule', priority: 99, system: true, factorMode: '2FA' }),
    );
    const analysis = await analyseOkta(org);
    expect(causesOf(analysis.accounts.find((account) => account.login === oktaLogins.bob))).toEqual([['trusted-location', 1]]);
  });

  it('Okta: a one-factor app open from any network is a policy exclusion, though its reason says "network"', async () => {
    const org = withWiki(baseOrg(), [accessRule({ id: 'wiki', name: 'Wiki 1FA', priority: 99, system: true, factorMode: '1FA' })], [oktaIds.alice]);
    const alice = (await analyseOkta(org)).accounts.find((account) => account.login === oktaLogins.alice);
    expect(alice?.mfaEnforced.reasons.join(' ')).toMatch(/from any network to Wiki/);
    expect(causesOf(alice)).toEqual([['policy-exclusion', 1]]);
  });

  it('Okta: both kinds at once', async () => {
    const org = withWiki(
      withDashboardRules(
        baseOrg(),
        accessRule({ id: 'office', name: 'Office password only', priority: 1, factorMode: '1FA', network: { connection: 'ZONE', include: [oktaIds.office] } }),
        accessRule({ id: 'dashCatchAll', name: 'Catch-all Rule', priority: 99, system: true, factorMode: '2FA' }),
      ),
      [accessRule({ id: 'wiki', name: 'Wiki 1FA', priority: 99, system: true, factorMode: '1FA' })],
      [oktaIds.alice],
    );
    const alice = (await analyseOkta(org)).accounts.find((account) => account.login === oktaLogins.alice);
    expect(causesOf(alice).map(([kind]) => kind).sort()).toEqual(['policy-exclusion', 'trusted-location']);
  });

  it('Entra: a location excluded from the MFA policy is a trusted location', async () => {
    const tenant = entraTenant();
    tenant.conditionalAccessPolicies.push(entraPolicy({ excludeLocations: [entraIds.hq] }));
    expect(causesOf(accountOf(await analyseEntra(tenant), 'alice'))).toEqual([['trusted-location', 1]]);
  });

  it('Entra: an app left out of the MFA policy is a policy exclusion', async () => {
    const tenant = entraTenant();
    tenant.conditionalAccessPolicies.push(entraPolicy({ excludeApplications: ['00000003-0000-0ff1-ce00-000000000000'] }));
    expect(causesOf(accountOf(await analyseEntra(tenant), 'alice'))).toEqual([['policy-exclusion', 1]]);
  });

  it('AWS: a deny of only some actions without MFA is a policy exclusion', async () => {
    const account = baseAccount();
    account.users.push({
      userName: 'p1',
      password: true,
      inline: { s3only: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }] } },
    });
    const analysis = analyseAwsAccount(await loadAwsAccount(await memoryAwsSource(account)), { asOf, settings: defaultAnalysisSettings });
    expect(causesOf(analysis.accounts.find((candidate) => candidate.login === 'p1'))).toEqual([['policy-exclusion', 1]]);
  });

  it('Google: the new-user enrolment window is a policy exclusion', async () => {
    const tenant = googleTenant();
    tenant.policies.push(googlePolicy({ name: 'root-grace', setting: 'gracePeriod', value: { enrollmentGracePeriod: '604800s' } }));
    tenant.users.push(googleUser('new@example.com', { isEnrolledIn2Sv: false, isEnforcedIn2Sv: false, lastLoginTime: null, creationTime: '2025-05-31T09:00:00Z' }));
    const analysis = await analyseGoogle(await memoryGoogleSource(tenant), { asOf, settings: defaultAnalysisSettings });
    expect(causesOf(analysis.accounts.find((candidate) => candidate.login === 'new@example.com'))).toEqual([['policy-exclusion', 1]]);
  });
});
