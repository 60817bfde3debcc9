/**
 * Whether an account's registered factors meet its tier's method policy (by default tier 1 phishing-resistant,
 * tiers 2 and 3 a standard factor, never SMS, voice or email alone). Fails closed: unreadable factors do not
 * meet any policy.
 */
import type { AssessedAccount, Coverage, Verdict } from '../model/account.js';
import { countsAsSecondFactor, factorStrengths, type Factor, type FactorStrength } from '../model/factor.js';
import type { MethodPolicyConfig, Tier } from './reconcile-config.js';

export const methodPolicyValues = ['met', 'not-met', 'n/a'] as const;
export type MethodPolicyValue = (typeof methodPolicyValues)[number];

/** phishing-resistant 0, standard 1, weak 2: lower is stronger. */
const rank = new Map<FactorStrength, number>(factorStrengths.map((strength, index) => [strength, index]));

export function evaluateMethodPolicy(
  account: Pick<AssessedAccount, 'factors' | 'mfaRegistered'>,
  covered: Coverage,
  tier: Tier,
  config: MethodPolicyConfig,
): Verdict<MethodPolicyValue> {
  if (covered === 'n/a') return { value: 'n/a', reasons: ['Not an interactive account: no method policy applies.'] };
  const minimum = config[`tier${tier}`].minimumStrength;
  if (account.mfaRegistered.value === 'unknown') {
    return { value: 'not-met', reasons: [`Registered factors could not be read; tier ${tier} requires ${minimum}.`] };
  }
  const usable = account.factors.filter(countsAsSecondFactor);
  const strongest = strongestOf(usable);
  if (!strongest) return { value: 'not-met', reasons: [`No second factor registered; tier ${tier} requires ${minimum}.`] };
  const types = [...new Set(usable.filter((factor) => factor.strength === strongest).map((factor) => factor.type))].join(', ');
  if ((rank.get(strongest) ?? 2) <= (rank.get(minimum) ?? 2)) {
    return { value: 'met', reasons: [`Strongest factor ${strongest} (${types}) meets tier ${tier}'s ${minimum}.`] };
  }
  return { value: 'not-met', reasons: [`Strongest factor is ${strongest} (${types}); tier ${tier} requires ${minimum}.`] };
}

export function strongestOf(factors: readonly Factor[]): FactorStrength | undefined {
  let best: FactorStrength | undefined;
  for (const factor of factors) if (best === undefined || (rank.get(factor.strength) ?? 2) < (rank.get(best) ?? 2)) best = factor.strength;
  return best;
}
