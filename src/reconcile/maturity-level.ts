/**
 * The organisation's place on the five-level MFA maturity scale, with the evidence that placed it there:
 * 1 optional → 2 mandated but inconsistently enforced → 3 uniform with documented exceptions → 4 vulnerable
 * methods prohibited → 5 hardware keys centrally managed. Each level needs the one below; the first check that
 * fails stops the climb, and every check's outcome is kept as evidence.
 */
import type { ReconciledAccount } from './reconciliation.js';

export const maturityLabels = {
  1: 'MFA optional',
  2: 'MFA mandated but inconsistently enforced',
  3: 'MFA uniform, with documented exceptions',
  4: 'Vulnerable methods prohibited',
  5: 'Phishing-resistant keys for everyone',
} as const;
export type MaturityLevel = keyof typeof maturityLabels;

export interface MaturityAssessment {
  level: MaturityLevel;
  label: string;
  /** One line per check, in level order, each saying met or not met with the counts behind it. */
  evidence: string[];
}

const mfaGapKinds = new Set(['no-mfa', 'policy-exclusion', 'trusted-location', 'legacy-protocol']);

export function assessMaturity(accounts: readonly ReconciledAccount[]): MaturityAssessment {
  const inScope = accounts.filter((entry) => entry.effectiveCovered.value !== 'n/a');
  const total = inScope.length;
  const evidence: string[] = [];
  const stop = (level: MaturityLevel): MaturityAssessment => ({ level, label: maturityLabels[level], evidence });
  if (total === 0) {
    evidence.push('Level 2 not met: no in-scope account was read.');
    return stop(1);
  }

  const enforced = inScope.filter((entry) => ['yes', 'partial'].includes(entry.account.mfaEnforced.value) || entry.effectiveCovered.value === 'yes').length;
  const mandated = enforced * 2 >= total;
  evidence.push(`Level 2 ${mandated ? 'met' : 'not met'}: a policy requires MFA for ${enforced} of ${total} in-scope accounts (at least half needed).`);
  if (!mandated) return stop(1);

  const unknown = inScope.filter((entry) => entry.effectiveCovered.value === 'unknown').length;
  const undocumented = inScope.filter((entry) => entry.gaps.some((gap) => mfaGapKinds.has(gap.kind) && gap.state !== 'documented')).length;
  const uniform = unknown === 0 && undocumented === 0;
  evidence.push(
    `Level 3 ${uniform ? 'met' : 'not met'}: ${undocumented} in-scope account${undocumented === 1 ? '' : 's'} with an MFA gap and no valid register entry, ${unknown} with unknown coverage (none of either allowed).`,
  );
  if (!uniform) return stop(2);

  const weak = inScope.filter((entry) => entry.gaps.some((gap) => gap.kind === 'weak-method' && gap.state !== 'documented')).length;
  const prohibited = weak === 0;
  evidence.push(`Level 4 ${prohibited ? 'met' : 'not met'}: ${weak} in-scope account${weak === 1 ? '' : 's'} below their tier's method policy without a valid register entry.`);
  if (!prohibited) return stop(3);

  const withoutKey = inScope.filter((entry) => !entry.account.factors.some((factor) => factor.strength === 'phishing-resistant')).length;
  const keys = withoutKey === 0;
  evidence.push(
    `Level 5 ${keys ? 'met' : 'not met'}: ${withoutKey} in-scope account${withoutKey === 1 ? '' : 's'} without a phishing-resistant factor (central management of the keys cannot be observed from the identity providers).`,
  );
  return stop(keys ? 5 : 4);
}
