import path from 'node:path';
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import { analyseOkta } from '../../../src/connectors/okta/analyse-okta.js';
import type { AssessedAccount } from '../../../src/model/account.js';
import type { Finding } from '../../../src/model/finding.js';
import { buildDemoOktaOrg, writeDemoOktaOrg, type PlantedProblem } from '../../../src/simulators/okta/demo-okta-org.js';
import { SnapshotWriter } from '../../../src/snapshot/snapshot-writer.js';
import { scaledClock } from '../../../src/connectors/okta/okta-clock.js';
import { scanOrg, temporaryDirectory } from '../../connectors/okta/okta-scan-harness.js';

function holds(problem: PlantedProblem, accounts: readonly AssessedAccount[], findings: readonly Finding[]): string[] {
  const failures: string[] = [];
  const { field, value, ruleId } = problem.expectation;
  if (field === 'finding') {
    if (problem.accounts.length === 0 && !findings.some((f) => f.ruleId === ruleId && f.subject.type === value)) failures.push(`no ${ruleId} finding on a ${value}`);
    for (const login of problem.accounts) {
      if (!findings.some((f) => f.ruleId === ruleId && f.subject.type === 'account' && f.subject.name === login)) failures.push(`${login}: no ${ruleId} finding`);
    }
    return failures;
  }
  for (const login of problem.accounts) {
    const account = accounts.find((candidate) => candidate.login === login);
    const actual = account ? (account as unknown as Record<string, unknown>)[field] : undefined;
    const shown = actual && typeof actual === 'object' && 'value' in actual ? (actual as { value: unknown }).value : actual;
    if (shown !== value) failures.push(`${login}: ${field} is ${String(shown)}, expected ${value}`);
  }
  if (ruleId && !findings.some((f) => f.ruleId === ruleId)) failures.push(`no ${ruleId} finding`);
  return failures;
}

describe('the demo Okta org', () => {
  it('is deterministic for a seed', () => {
    expect(JSON.stringify(buildDemoOktaOrg({ seed: 7 }).org.users)).toBe(JSON.stringify(buildDemoOktaOrg({ seed: 7 }).org.users));
    expect(JSON.stringify(buildDemoOktaOrg({ seed: 7 }).org.users)).not.toBe(JSON.stringify(buildDemoOktaOrg({ seed: 8 }).org.users));
  });

  it('has every planted problem found, by account, after a scan through the simulator and the SDK', async () => {
    const directory = await temporaryDirectory();
    try {
      const target = path.join(directory.path, 'tenant');
      const writer = await SnapshotWriter.create(target, { now: () => new Date('2025-06-01T00:00:00Z'), scannerVersion: 'test' });
      const { sourceId, plantedProblems } = await writeDemoOktaOrg(writer, { seed: 42, userCount: 200 });
      await writer.commit();
      const scan = await scanOrg(path.join(target, 'sources', sourceId), directory.path, 'scan', { clock: scaledClock(60) });
      expect(scan.meta.status).toBe('complete');
      const analysis = await analyseOkta(scan.source, { asOf: new Date('2025-06-01T00:00:00Z'), settings: defaultAnalysisSettings });
      expect(plantedProblems).toHaveLength(4);
      for (const problem of plantedProblems) {
        expect(problem.accounts.length > 0 || problem.expectation.field === 'finding').toBe(true);
        expect({ problem: problem.id, failures: holds(problem, analysis.accounts, analysis.findings) }).toEqual({ problem: problem.id, failures: [] });
      }
      const covered = analysis.accounts.filter((account) => account.covered === 'yes').length;
      expect(covered).toBeGreaterThan(50);
    } finally {
      await directory.remove();
    }
  });
});
