/**
 * The coverage decision shared by all connectors: can this account sign in without a second factor?
 * Fail closed: any unknown input makes the account `unknown`, never `yes`.
 */
import type { Coverage, Enforcement, LegacyAuth, Registration, Verdict } from './account.js';

export interface CoverageInput {
  /** Disabled accounts and non-interactive service accounts are listed but not counted. */
  applicable: boolean;
  notApplicableReason?: string;
  mfaEnforced: Verdict<Enforcement>;
  mfaRegistered: Verdict<Registration>;
  legacyAuth: Verdict<LegacyAuth>;
}

export interface CoverageDecision {
  covered: Coverage;
  reasons: string[];
}

export function decideCoverage(input: CoverageInput): CoverageDecision {
  if (!input.applicable) {
    return { covered: 'n/a', reasons: [input.notApplicableReason ?? 'Not an interactive account: excluded from coverage.'] };
  }
  const { mfaEnforced, mfaRegistered, legacyAuth } = input;
  const blocking: string[] = [];
  const unknown: string[] = [];

  if (mfaEnforced.value === 'unknown' || mfaEnforced.value === 'delegated') unknown.push(...mfaEnforced.reasons);
  else if (mfaEnforced.value !== 'yes') blocking.push(...labelled('MFA not enforced', mfaEnforced));

  if (mfaRegistered.value === 'unknown') unknown.push(...mfaRegistered.reasons);
  else if (mfaRegistered.value === 'no') {
    blocking.push(
      mfaEnforced.value === 'yes'
        ? 'MFA enforced but no method registered: whoever holds the password can enrol their own factor.'
        : 'No MFA method registered.',
    );
  }

  if (legacyAuth.value === 'unknown') unknown.push(...legacyAuth.reasons);
  else if (legacyAuth.value === 'open') blocking.push(...labelled('Legacy authentication open', legacyAuth));

  if (blocking.length > 0) return { covered: 'no', reasons: [...blocking, ...unknown] };
  if (unknown.length > 0) return { covered: 'unknown', reasons: unknown };
  return { covered: 'yes', reasons: ['MFA enforced, a method registered and legacy authentication blocked.'] };
}

function labelled(label: string, verdict: Verdict<string>): string[] {
  if (verdict.reasons.length === 0) return [`${label} (${verdict.value}).`];
  return verdict.reasons.map((reason) => `${label} (${verdict.value}): ${reason}`);
}
