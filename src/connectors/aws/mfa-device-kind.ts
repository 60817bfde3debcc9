/**
 * The kind of an IAM MFA device, read from its serial number: virtual devices are `arn:…:mfa/<name>`, FIDO security
 * keys `arn:…:u2f/…`, and hardware TOTP tokens carry the token's own serial (`GAHT12345678`), not an ARN.
 */
import { makeFactor, type Factor } from '../../model/factor.js';

export type MfaDeviceKind = 'virtual' | 'fido' | 'hardware';

export function mfaDeviceKind(serialNumber: string): MfaDeviceKind {
  if (/^arn:aws[\w-]*:iam::\d{12}:u2f\//.test(serialNumber)) return 'fido';
  if (/^arn:aws[\w-]*:iam::\d{12}:mfa\//.test(serialNumber)) return 'virtual';
  return 'hardware';
}

export function factorOfDevice(kind: MfaDeviceKind): Factor {
  switch (kind) {
    case 'fido':
      return makeFactor('fido2', 'FIDO security key');
    case 'virtual':
      return makeFactor('totp-software', 'virtual MFA device');
    case 'hardware':
      return makeFactor('totp-hardware', 'hardware TOTP token');
  }
}

/** Whether an ARN names an account's root user (`arn:aws:iam::123456789012:root`). */
export function isRootArn(arn: string | undefined): boolean {
  return arn !== undefined && /^arn:aws[\w-]*:iam::\d{12}:root$/.test(arn);
}
