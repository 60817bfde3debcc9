/** Runs the rows of the fault matrix for some connectors: one scan per row and connector, checked against a baseline. */
import { exitStatus } from '../../src/cli/exit-status.js';
import type { IdentityProviderId } from '../../src/model/identity-provider.js';
import { all, matrix } from './fault-matrix-table.js';
import { startFaultHarness, type FaultHarness, type ScanOutcome } from './fault-harness.js';

/** The other source scanned beside the targeted one, to show it reports normally. */
const companion: Record<IdentityProviderId, IdentityProviderId> = { entra: 'google', okta: 'entra', google: 'entra', aws: 'entra' };

export function describeFaultMatrix(connectors: readonly IdentityProviderId[]): void {
  let harness: FaultHarness;
  let baseline: ScanOutcome;

  beforeAll(async () => {
    harness = await startFaultHarness();
    baseline = await harness.scan();
  }, 60_000);

  afterAll(async () => {
    await harness.close();
  });

  const isTarget = (sourceId: string, connector: IdentityProviderId): boolean => {
    const configId = harness.sourceIdOf(connector);
    return sourceId === configId || sourceId.startsWith(`${configId}.`);
  };

  it('has a baseline: exit 0, a report, no source failed', () => {
    expect(baseline.exit).toBe(exitStatus.ok);
    expect(baseline.reportWritten).toBe(true);
    expect(Object.values(baseline.statuses)).not.toContain('failed');
  });

  const cases = matrix.flatMap((row) => (row.connectors ?? all).filter((connector) => connectors.includes(connector)).map((connector) => [row.fault, connector, row] as const));
  it.each(cases)('%s [%s]', async (_fault, connector, row) => {
    const outcome = await harness.scan({
      connector,
      rules: row.rules(connector),
      only: [connector, companion[connector]],
      ...(row.settings ? { settings: { [connector]: row.settings } } : {}),
    });
    expect(outcome.fired.some((count) => count > 0)).toBe(true);
    expect(outcome.reportWritten).toBe(true);
    const errors = Object.fromEntries((outcome.report?.sources ?? []).map((source) => [source.sourceId, source.errors.map((error) => `${error.endpoint}: ${error.message}`)]));
    const expected = Object.fromEntries(
      Object.keys(outcome.statuses).map((sourceId) => [
        sourceId,
        !isTarget(sourceId, connector) || row.target === 'baseline' ? baseline.statuses[sourceId] : row.target,
      ]),
    );
    expect({ statuses: outcome.statuses, errors }).toEqual({ statuses: expected, errors: expect.any(Object) });
    expect(Object.keys(outcome.statuses).some((sourceId) => isTarget(sourceId, connector))).toBe(true);
    expect(outcome.exit).toBe(row.exit);
    if (row.target === 'failed') {
      // Anyone may have an account in the failed source: nobody is covered or not applicable, and the reason says so.
      const people = outcome.report?.people ?? [];
      expect(people.length).toBeGreaterThan(0);
      expect(people.filter((person) => person.covered === 'yes' || person.covered === 'n/a')).toEqual([]);
      const withoutAccounts = people.filter((person) => person.accounts.length === 0);
      expect(withoutAccounts.length).toBeGreaterThan(0);
      expect(withoutAccounts.filter((person) => person.covered !== 'unknown' || !person.reasons.some((reason) => reason.includes('failed')))).toEqual([]);
    }
    if (row.check) row.check(outcome.report!);
    if (row.says) {
      const messages = Object.entries(errors).filter(([sourceId]) => isTarget(sourceId, connector)).flatMap(([, list]) => list);
      expect(messages.join('\n')).toMatch(row.says);
    }
  }, 30_000);
}
