import { monthsBefore } from '../../src/demo/demo-history.js';

describe('monthsBefore', () => {
  it.each<[string, number, string]>([
    ['2026-12-02T01:09:55.113Z', 1, '2026-11-02T01:09:55.113Z'],
    ['2026-12-02T01:09:55.113Z', 2, '2026-10-02T01:09:55.113Z'],
    ['2026-01-15T00:00:00.000Z', 1, '2025-12-15T00:00:00.000Z'],
    ['2026-03-31T12:00:00.000Z', 1, '2026-02-28T12:00:00.000Z'],
    ['2024-03-31T12:00:00.000Z', 1, '2024-02-29T12:00:00.000Z'],
    ['2026-05-31T23:59:59.999Z', 1, '2026-04-30T23:59:59.999Z'],
    ['2026-07-10T08:00:00.000Z', 12, '2025-07-10T08:00:00.000Z'],
  ])('%s minus %i month(s) is %s', (from, months, expected) => {
    expect(monthsBefore(new Date(from), months).toISOString()).toBe(expected);
  });
});
