/** Small fixture tenants shared by the Google tests. */
import {
  emptyGoogleTenant,
  googleUser,
  orgUnit,
  policy,
  rootOrgUnitId,
  type GoogleTenantFixture,
  type GoogleUserOptions,
} from '../../../src/simulators/google/google-tenant-fixture.js';

export const units = {
  root: rootOrgUnitId,
  sales: '03ph8a2zsales',
  salesEmea: '03ph8a2zemea0',
  engineering: '03ph8a2zeng00',
  it: '03ph8a2zit000',
};

/** A root unit enforcing 2SV since 2024, with /Sales, /Sales/EMEA, /Engineering and /IT below it. */
export function baseTenant(): GoogleTenantFixture {
  const tenant = emptyGoogleTenant('example.com');
  tenant.orgUnits.push(
    orgUnit(units.sales, '/Sales'),
    orgUnit(units.salesEmea, '/Sales/EMEA', 'EMEA', units.sales),
    orgUnit(units.engineering, '/Engineering'),
    orgUnit(units.it, '/IT'),
  );
  tenant.policies.push(
    policy({ name: 'root-2sv', setting: 'enforcement', value: { enforcedFrom: '2024-01-01T00:00:00Z' }, type: 'ADMIN' }),
    policy({ name: 'root-lsa', setting: 'lessSecureApps', value: { allowLessSecureApps: false }, type: 'SYSTEM' }),
    policy({ name: 'root-trust', setting: 'deviceTrust', value: { allowTrustingDevice: false } }),
    policy({ name: 'root-factors', setting: 'factors', value: { allowedSignInFactorSet: 'NO_TELEPHONY' } }),
    policy({ name: 'root-imap', setting: 'imap', value: { enableImapAccess: false } }),
    policy({ name: 'root-pop', setting: 'pop', value: { enablePopAccess: false } }),
  );
  return tenant;
}

let counter = 0;

/** A user enrolled in 2SV and reported enforced, in `/` unless told otherwise. */
export function user(email: string, options: Partial<GoogleUserOptions> = {}): ReturnType<typeof googleUser> {
  counter += 1;
  return googleUser({ id: options.id ?? `1${String(counter).padStart(20, '0')}`, email, isEnrolledIn2Sv: true, isEnforcedIn2Sv: true, ...options });
}
