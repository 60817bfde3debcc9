/**
 * Enrolled authentication factors, normalised across identity providers.
 * Strength classes follow CIR 2024/2690 11.7 and common supervisory practice: phishing-resistant factors
 * bind the sign-in to the origin (FIDO2, platform authenticators, certificates); weak factors are those an
 * attacker can intercept or reset through a third party (SMS, voice, email, security questions).
 */

export const factorTypes = [
  'fido2',
  'passkey',
  'windows-hello',
  'certificate',
  'platform-authenticator',
  'authenticator-push',
  'authenticator-passwordless',
  'totp-software',
  'totp-hardware',
  'sms',
  'voice',
  'email',
  'security-question',
  'temporary-access-pass',
  'other',
] as const;
export type FactorType = (typeof factorTypes)[number];

export const factorStrengths = ['phishing-resistant', 'standard', 'weak'] as const;
export type FactorStrength = (typeof factorStrengths)[number];

export interface Factor {
  type: FactorType;
  strength: FactorStrength;
  /** The identity provider's own name for the method, kept for evidence. */
  vendorType: string;
}

const strengthByType: Record<FactorType, FactorStrength> = {
  fido2: 'phishing-resistant',
  passkey: 'phishing-resistant',
  'windows-hello': 'phishing-resistant',
  certificate: 'phishing-resistant',
  'platform-authenticator': 'phishing-resistant',
  'authenticator-push': 'standard',
  'authenticator-passwordless': 'standard',
  'totp-software': 'standard',
  'totp-hardware': 'standard',
  sms: 'weak',
  voice: 'weak',
  email: 'weak',
  'security-question': 'weak',
  'temporary-access-pass': 'weak',
  other: 'standard',
};

export function factorStrength(type: FactorType): FactorStrength {
  return strengthByType[type];
}

export function makeFactor(type: FactorType, vendorType: string): Factor {
  return { type, strength: factorStrength(type), vendorType };
}

/**
 * Factors that count as a second factor for `mfaRegistered`. A temporary access pass is a bootstrap
 * credential, and email/security questions are not accepted as MFA by Entra or Okta for sign-in.
 */
export function countsAsSecondFactor(factor: Factor): boolean {
  return factor.type !== 'temporary-access-pass' && factor.type !== 'security-question' && factor.type !== 'email';
}
