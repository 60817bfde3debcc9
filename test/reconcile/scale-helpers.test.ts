/** The helpers that keep reconcile fast at a million accounts must not change what it computes. */
import fc from 'fast-check';
import { flatString } from '../../src/reconcile/flat-string.js';
import { compareSourcedAccounts, sortSourcedAccounts } from '../../src/reconcile/sourced-account.js';
import { sourced } from './reconcile-fixtures.js';

describe('sortSourcedAccounts', () => {
  it('orders exactly as compareSourcedAccounts, for any ids (case, digits, non-ASCII, duplicates) (property)', () => {
    const id = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a', 'A', 'b', 'é', 'e\u0301', '10', '9', '😀', 'Z'));
    fc.assert(
      fc.property(fc.array(fc.record({ sourceId: fc.constantFrom('entra-main', 'okta', 'aws.1', 'aws', 'Okta'), id }), { maxLength: 40 }), (specs) => {
        const accounts = specs.map((spec, position) => {
          const entry = sourced({ id: spec.id, sourceId: spec.sourceId });
          entry.account.displayName = `input ${position}`;
          return entry;
        });
        expect(sortSourcedAccounts(accounts)).toEqual([...accounts].sort(compareSourcedAccounts));
      }),
      { numRuns: 300 },
    );
  });
});

describe('flatString', () => {
  it('returns the same text, whatever it holds (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), (a, b) => {
        const built = `${a} and ${b}`;
        expect(flatString(built)).toBe(built);
        expect(flatString(a)).toBe(a);
      }),
    );
  });
});
