/**
 * The factor class of a user enrolled in Google 2-step verification. The Directory API says whether a user is
 * enrolled (`isEnrolledIn2Sv`), never with which methods. Where the allowed-methods setting that reaches the user
 * (`allowedSignInFactorSet` of their group or org unit) admits only passkeys and security keys, the user can only
 * have enrolled one of those: the class is phishing-resistant. Anywhere else the method is not readable and the
 * factor is `unknown`, which makes the tier's method policy `unknown`: never "no second factor", never weak.
 */
import type { Registration, Verdict } from '../../model/account.js';
import { makeFactor, type Factor } from '../../model/factor.js';
import { isPasskeyOnly, type SettingValues } from './policy-settings.js';
import type { ResolvedSetting } from './resolve-setting.js';

export interface EnrolledFactors {
  factors: Factor[];
  /** Why the factor list is what it is, for `mfaRegistered`'s reasons. */
  reason: string | undefined;
}

export function enrolledFactors(registered: Verdict<Registration>, allowed: ResolvedSetting<SettingValues['factors']>): EnrolledFactors {
  if (registered.value !== 'yes') return { factors: [], reason: undefined };
  // The same sets the super-admin rule accepts: a plain security code can be relayed, so that set is not inferred.
  if (allowed.state === 'known' && isPasskeyOnly(allowed.value.allowedSignInFactorSet)) {
    const set = allowed.value.allowedSignInFactorSet;
    return {
      factors: [makeFactor('passkey', `passkey or security key (inferred: ${set} allowed by ${allowed.description})`)],
      reason: `The allowed methods (${set}, by ${allowed.description}) admit only passkeys and security keys: the enrolled method is phishing-resistant.`,
    };
  }
  const why =
    allowed.state === 'known'
      ? `the allowed methods (${allowed.value.allowedSignInFactorSet}, by ${allowed.description}) admit more than passkeys and security keys`
      : `the allowed methods that reach the user are unknown (${allowed.reasons.join('; ')})`;
  return {
    factors: [makeFactor('unknown', '2-step verification, method not readable')],
    reason: `Enrolled, method not readable: the Directory API does not say which method, and ${why}.`,
  };
}
