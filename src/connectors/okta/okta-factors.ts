/**
 * Okta factor types in the shared factor model. Only ACTIVE factors count: enrolment that was never finished
 * (PENDING_ACTIVATION), or a factor that was reset, cannot be used to sign in. Okta Verify FastPass
 * (`signed_nonce`) and WebAuthn/U2F are phishing-resistant; SMS, voice, email and security questions are weak.
 */
import { makeFactor, type Factor } from '../../model/factor.js';
import type { OktaFactor } from './okta-payloads.js';

export function normaliseOktaFactor(factor: OktaFactor): Factor {
  const vendorType = factor.provider ? `${factor.factorType} (${factor.provider})` : factor.factorType;
  switch (factor.factorType) {
    case 'webauthn':
    case 'u2f':
      return makeFactor('fido2', vendorType);
    case 'signed_nonce':
      return makeFactor('platform-authenticator', `${vendorType}: Okta Verify FastPass`);
    case 'push':
      return makeFactor('authenticator-push', vendorType);
    case 'token:software:totp':
      return makeFactor('totp-software', vendorType);
    case 'token:hardware':
    case 'token:hotp':
    case 'token':
      return makeFactor('totp-hardware', vendorType);
    case 'sms':
      return makeFactor('sms', vendorType);
    case 'call':
      return makeFactor('voice', vendorType);
    case 'email':
      return makeFactor('email', vendorType);
    case 'question':
      return makeFactor('security-question', vendorType);
    default:
      return makeFactor('other', vendorType);
  }
}

export function activeFactors(factors: readonly OktaFactor[]): Factor[] {
  return factors.filter((factor) => factor.status === 'ACTIVE').map(normaliseOktaFactor);
}
