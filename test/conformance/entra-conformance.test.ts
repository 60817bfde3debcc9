/**
 * The Entra conformance suite: real-world-style conditional-access policy sets over a synthetic directory, each
 * account's verdicts checked against the hand-derived ones checked in beside the set. It runs the sets in
 * test/conformance/entra/ and every set dropped into `../shared/conformance/entra/<set-name>/` (relative to the
 * repository root) in the same layout. Across every set, no account is `covered: yes` on the strength of a policy that
 * narrows to a flow, risk, time, application or device filter.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultAnalysisSettings } from '../../src/connectors/connector.js';
import { analyseEntraTenant } from '../../src/connectors/entra/analyse-entra.js';
import { loadEntraTenant } from '../../src/connectors/entra/load-entra-tenant.js';
import { memoryEntraSource } from '../connectors/entra/memory-entra-source.js';
import { conformanceTenant, readConformanceSets, type ConformanceSet } from './entra-conformance-set.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repositoryRoot = path.resolve(here, '..', '..');
const ownSets = path.join(here, 'entra');
const sharedSets = path.resolve(repositoryRoot, '..', 'shared', 'conformance', 'entra');
const asOf = new Date('2025-06-01T12:00:00Z');

const sets: ConformanceSet[] = [...(await readConformanceSets(ownSets)), ...(await readConformanceSets(sharedSets))];

async function analyseSet(set: ConformanceSet) {
  const tenant = await loadEntraTenant(await memoryEntraSource(conformanceTenant(set)));
  return { tenant, analysis: analyseEntraTenant(tenant, { asOf, settings: defaultAnalysisSettings }) };
}

describe('Entra conformance sets', () => {
  it('has the three checked-in sets, the baseline with dozens of policies', () => {
    expect(sets.map((set) => set.name)).toEqual(expect.arrayContaining(['authentication-flows', 'microsoft-common-policies', 'powershell-tenant-export']));
    expect(sets.find((set) => set.name === 'microsoft-common-policies')?.policies.length).toBeGreaterThanOrEqual(24);
  });

  describe.each(sets.map((set) => [set.name, set] as const))('%s', (_name, set) => {
    it('reads every policy (no object refused)', async () => {
      const { analysis, tenant } = await analyseSet(set);
      expect(analysis.problems).toEqual([]);
      expect(tenant.policies.readable && tenant.policies.value.length).toBe(set.policies.length);
    });

    it('gives every account its hand-derived verdicts', async () => {
      const { analysis } = await analyseSet(set);
      const actual = Object.fromEntries(
        analysis.accounts.map((account) => [account.login, { mfaEnforced: account.mfaEnforced.value, legacyAuth: account.legacyAuth.value, covered: account.covered }]),
      );
      const expected = Object.fromEntries(Object.entries(set.expected.accounts).map(([login, { why: _why, ...verdicts }]) => [login, verdicts]));
      expect(actual).toEqual(expected);
    });
  });

  it('never rests covered: yes on a policy that narrows to a flow, risk, time, application or device filter', async () => {
    let narrowed = 0;
    let coveredAccounts = 0;
    for (const set of sets) {
      const { analysis } = await analyseSet(set);
      for (const assessment of analysis.assessments) {
        narrowed += assessment.evaluation ? assessment.evaluation.enforcing.filter((match) => match.shape.narrowed).length : 0;
        if (assessment.account.covered !== 'yes') continue;
        coveredAccounts += 1;
        const deciding = assessment.evaluation?.decidedBy ?? [];
        expect({ login: assessment.account.login, narrowedDeciders: deciding.filter((shape) => shape.narrowed).map((shape) => shape.policy.displayName) }).toEqual({
          login: assessment.account.login,
          narrowedDeciders: [],
        });
        // Under security defaults no policy decides; otherwise some policy must have made MFA `yes`.
        if (!set.directory.securityDefaults) expect(deciding.length).toBeGreaterThan(0);
      }
    }
    // Not vacuous: narrowed policies did apply to accounts, and some accounts are covered.
    expect(narrowed).toBeGreaterThan(0);
    expect(coveredAccounts).toBeGreaterThan(0);
  });
});
