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
  /** A second factor known to be enrolled whose method the identity provider does not say (AWS root hardware/FIDO, Google 2SV). */
  'unknown',
] as const;
export type FactorType = (typeof factorTypes)[number];

/** The strengths a method can be graded at, strongest first: what a tier's method policy can require. */
export const gradedFactorStrengths = ['phishing-resistant', 'standard', 'weak'] as const;
export type GradedFactorStrength = (typeof gradedFactorStrengths)[number];

/** Every strength a factor can carry: `unknown` when the method itself could not be read, never a guess. */
export const factorStrengths = [...gradedFactorStrengths, 'unknown'] as const;
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
  unknown: 'unknown',
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
