/**
 * Whether an account's registered factors meet its tier's method policy (by default tier 1 phishing-resistant,
 * tiers 2 and 3 a standard factor, never SMS, voice or email alone). Fails closed: unreadable factors do not
 * meet any policy. A second factor known to be enrolled whose method the identity provider does not say (strength
 * `unknown`) makes the verdict `unknown` unless a known factor already meets the policy: it is never `not-met`
 * (which would file a weak-method gap nobody can close) and never `met`.
 */
import type { AssessedAccount, Coverage, Verdict } from '../model/account.js';
import { countsAsSecondFactor, gradedFactorStrengths, type Factor, type FactorStrength, type GradedFactorStrength } from '../model/factor.js';
import type { MethodPolicyConfig, Tier } from './reconcile-config.js';

export const methodPolicyValues = ['met', 'not-met', 'unknown', 'n/a'] as const;
export type MethodPolicyValue = (typeof methodPolicyValues)[number];

/** phishing-resistant 0, standard 1, weak 2: lower is stronger. `unknown` has no rank. */
const rank = new Map<FactorStrength, number>(gradedFactorStrengths.map((strength, index) => [strength, index]));

export function evaluateMethodPolicy(
  account: Pick<AssessedAccount, 'factors' | 'mfaRegistered'>,
  covered: Coverage,
  tier: Tier,
  config: MethodPolicyConfig,
): Verdict<MethodPolicyValue> {
  return compileMethodPolicy(config)(account, covered, tier);
}

/**
 * The method policy as a function that hands out one shared verdict per distinct outcome: every account whose
 * strongest factors and tier are alike gets the same object, so a million accounts cost a few dozen verdicts.
 */
export function compileMethodPolicy(config: MethodPolicyConfig): (account: Pick<AssessedAccount, 'factors' | 'mfaRegistered'>, covered: Coverage, tier: Tier) => Verdict<MethodPolicyValue> {
  const verdicts = new Map<string, Verdict<MethodPolicyValue>>();
  const notApplicable: Verdict<MethodPolicyValue> = { value: 'n/a', reasons: ['Not an interactive account: no method policy applies.'] };
  const shared = (key: string, make: () => Verdict<MethodPolicyValue>) => {
    let verdict = verdicts.get(key);
    if (!verdict) {
      verdict = make();
      verdicts.set(key, verdict);
    }
    return verdict;
  };
  return (account, covered, tier) => {
    if (covered === 'n/a') return notApplicable;
    const minimum = config[`tier${tier}`].minimumStrength;
    if (account.mfaRegistered.value === 'unknown') {
      return shared(`${tier}?`, () => ({ value: 'not-met', reasons: [`Registered factors could not be read; tier ${tier} requires ${minimum}.`] }));
    }
    let strongest: GradedFactorStrength | undefined;
    let names: string[] = [];
    let unreadable: string | undefined;
    for (const factor of account.factors) {
      if (!countsAsSecondFactor(factor)) continue;
      if (factor.strength === 'unknown') {
        unreadable ??= factor.vendorType;
        continue;
      }
      const better = strongest === undefined || (rank.get(factor.strength) ?? 2) < (rank.get(strongest) ?? 2);
      if (better) {
        strongest = factor.strength;
        names = [factor.type];
      } else if (factor.strength === strongest && !names.includes(factor.type)) names.push(factor.type);
    }
    const met = strongest !== undefined && (rank.get(strongest) ?? 2) <= (rank.get(minimum) ?? 2);
    if (!met && unreadable !== undefined) {
      const method = unreadable;
      const known = strongest === undefined ? '' : `; the strongest readable factor is ${strongest} (${names.join(', ')})`;
      return shared(`${tier}? ${method} ${strongest ?? ''} ${names.join(', ')}`, () => ({
        value: 'unknown',
        reasons: [`A second factor is enrolled but its method is not readable (${method})${known}; whether it meets tier ${tier}'s ${minimum} is unknown.`],
      }));
    }
    if (!strongest) return shared(`${tier}-`, () => ({ value: 'not-met', reasons: [`No second factor registered; tier ${tier} requires ${minimum}.`] }));
    const found = strongest;
    const types = names.join(', ');
    return shared(`${tier} ${found} ${types}`, () =>
      met
        ? { value: 'met', reasons: [`Strongest factor ${found} (${types}) meets tier ${tier}'s ${minimum}.`] }
        : { value: 'not-met', reasons: [`Strongest factor is ${found} (${types}); tier ${tier} requires ${minimum}.`] },
    );
  };
}

/** The strongest graded strength among the factors; a factor of unknown strength grades nothing. */
export function strongestOf(factors: readonly Factor[]): FactorStrength | undefined {
  let best: FactorStrength | undefined;
  for (const factor of factors) {
    if (factor.strength === 'unknown') continue;
    if (best === undefined || (rank.get(factor.strength) ?? 2) < (rank.get(best) ?? 2)) best = factor.strength;
  }
  return best;
}
