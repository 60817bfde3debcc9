/**
 * One bad object must not lose the Okta report (issue 11 item 9): a user the schema refuses is listed unknown, a
 * refused access-policy rule makes that policy's verdicts unknown naming it, the source becomes partial.
 */
import { analyse, baseOrg, logins } from './okta-org-cases.js';

describe('Okta analysis with objects it cannot understand', () => {
  it('lists a refused user as unknown and assesses the others', async () => {
    const baseline = await analyse(baseOrg());
    const analysis = await analyse(baseOrg(), {
      edit: (lines) => {
        const page = (lines.get('users') ?? [])[0] as unknown[];
        page.push({ id: '00uBROKEN', status: 'ACTIVE', profile: { login: 'zed@example.com', email: 7 } });
      },
    });
    expect(analysis.accounts.find((account) => account.login === 'zed@example.com')).toMatchObject({ covered: 'unknown', mfaEnforced: { value: 'unknown' } });
    const alice = (result: typeof analysis) => result.accounts.find((account) => account.login === logins.alice)?.covered;
    expect(alice(analysis)).toBe(alice(baseline));
    expect(analysis.problems).toEqual([expect.objectContaining({ endpoint: 'users', code: 'INPUT_INVALID', message: expect.stringContaining('00uBROKEN') })]);
  });

  it('makes the verdicts a refused policy rule could affect unknown, naming the rule, instead of failing', async () => {
    const analysis = await analyse(baseOrg(), {
      edit: (lines) => {
        // A rule of an app sign-in (access) policy: the policy that decides the factors a sign-in needs.
        const accessIds = new Set(((lines.get('accessPolicies') ?? []) as Array<Array<{ id: string }>>).flat().map((policy) => policy.id));
        const line = (lines.get('policyRules') ?? []).find((candidate) => accessIds.has((candidate as { key: string }).key)) as { key: string; body: Array<Record<string, unknown>> };
        line.body.push({ id: '0prBROKEN', name: 'Hand-edited rule', status: 'ACTIVE', priority: 'first' });
      },
    });
    expect(analysis.problems).toEqual([expect.objectContaining({ endpoint: 'policyRules', code: 'INPUT_INVALID', message: expect.stringMatching(/policyRules\.jsonl:\d+ \(key .+\):.*field body\.\d+\.priority/) })]);
    const affected = analysis.accounts.filter((account) => account.mfaEnforced.reasons.some((reason) => /could not be understood/.test(reason)));
    expect(affected.length).toBeGreaterThan(0);
    expect(affected.some((account) => account.mfaEnforced.value === 'unknown')).toBe(true);
    expect(affected.every((account) => account.covered !== 'yes' || account.mfaEnforced.value === 'yes')).toBe(true);
  });
});
