import { decideCoverage } from '../../src/model/coverage.js';
import type { Verdict } from '../../src/model/account.js';

const v = <T extends string>(value: T, ...reasons: string[]): Verdict<T> => ({ value, reasons });

describe('decideCoverage', () => {
  const cases: Array<[string, Parameters<typeof decideCoverage>[0], string]> = [
    ['all good', { applicable: true, mfaEnforced: v('yes'), mfaRegistered: v('yes'), legacyAuth: v('blocked') }, 'yes'],
    ['not applicable', { applicable: false, mfaEnforced: v('no'), mfaRegistered: v('no'), legacyAuth: v('open') }, 'n/a'],
    ['enforced, not registered', { applicable: true, mfaEnforced: v('yes'), mfaRegistered: v('no'), legacyAuth: v('blocked') }, 'no'],
    ['partial enforcement', { applicable: true, mfaEnforced: v('partial', 'trusted IPs'), mfaRegistered: v('yes'), legacyAuth: v('blocked') }, 'no'],
    ['legacy open', { applicable: true, mfaEnforced: v('yes'), mfaRegistered: v('yes'), legacyAuth: v('open') }, 'no'],
    ['n/a legacy counts as blocked', { applicable: true, mfaEnforced: v('yes'), mfaRegistered: v('yes'), legacyAuth: v('n/a') }, 'yes'],
    ['unknown registration fails closed', { applicable: true, mfaEnforced: v('yes'), mfaRegistered: v('unknown', 'x'), legacyAuth: v('blocked') }, 'unknown'],
    ['unknown enforcement fails closed', { applicable: true, mfaEnforced: v('unknown', 'x'), mfaRegistered: v('yes'), legacyAuth: v('blocked') }, 'unknown'],
    ['delegated is unknown here', { applicable: true, mfaEnforced: v('delegated', 'SSO'), mfaRegistered: v('yes'), legacyAuth: v('blocked') }, 'unknown'],
    ['a known gap beats an unknown', { applicable: true, mfaEnforced: v('no'), mfaRegistered: v('unknown', 'x'), legacyAuth: v('blocked') }, 'no'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    const decision = decideCoverage(input);
    expect(decision.covered).toBe(expected);
    expect(decision.reasons.length).toBeGreaterThan(0);
  });

  it('says that an enforced-but-unregistered account lets the password holder enrol', () => {
    const decision = decideCoverage({ applicable: true, mfaEnforced: v('yes'), mfaRegistered: v('no'), legacyAuth: v('blocked') });
    expect(decision.reasons.join(' ')).toMatch(/enrol their own factor/);
  });
});
