/**
 * The demo Workspace domain end to end: written as a source, served by the simulator, scanned through the real
 * clients, analysed; every planted problem is found, by account.
 */
import path from 'node:path';
import { analyseGoogle } from '../../../src/connectors/google/analyse-google.js';
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import type { AssessedAccount } from '../../../src/model/account.js';
import { SnapshotWriter } from '../../../src/snapshot/snapshot-writer.js';
import { buildDemoGoogleTenant, writeDemoGoogleTenant } from '../../../src/simulators/google/demo-google-tenant.js';
import { scanTenant, scanTime, temporaryDirectory } from '../../connectors/google/google-scan-harness.js';

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeAll(async () => {
  directory = await temporaryDirectory();
});
afterAll(async () => {
  await directory.remove();
});

function field(account: AssessedAccount, name: string): string {
  const value = (account as unknown as Record<string, unknown>)[name];
  if (value && typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
}

describe('the demo Google Workspace domain', () => {
  it('is deterministic for a seed', () => {
    expect(JSON.stringify(buildDemoGoogleTenant({ seed: 7 }))).toBe(JSON.stringify(buildDemoGoogleTenant({ seed: 7 })));
    expect(JSON.stringify(buildDemoGoogleTenant({ seed: 7 }))).not.toBe(JSON.stringify(buildDemoGoogleTenant({ seed: 8 })));
  });

  it('takes the shared demo population, keeping logins and departments', () => {
    const demo = buildDemoGoogleTenant({
      people: [
        { login: 'ada.lovelace@contoso-demo.example', givenName: 'Ada', familyName: 'Lovelace', department: 'Engineering' },
        { login: 'alan.turing@elsewhere.example', givenName: 'Alan', familyName: 'Turing', department: 'Sales' },
      ],
    });
    const logins = demo.tenant.users.map((user) => [user.primaryEmail, user.orgUnitPath]);
    expect(logins).toEqual(expect.arrayContaining([['ada.lovelace@contoso-demo.example', '/Engineering'], ['alan.turing@contoso-demo.example', '/Sales']]));
  });

  it('shows every planted problem, by account, after a scan through the simulator', async () => {
    const target = path.join(directory.path, 'demo-tenant');
    const writer = await SnapshotWriter.create(target, { now: () => scanTime, scannerVersion: 'test' });
    const { sourceId, plantedProblems } = await writeDemoGoogleTenant(writer, { userCount: 120, asOf: scanTime });
    await writer.commit();
    const scan = await scanTenant(path.join(target, 'sources', sourceId), directory.path, 'demo-scan', { config: { domain: 'contoso-demo.example' } });
    expect(scan.meta.status).toBe('complete');
    const analysis = await analyseGoogle(scan.source, { asOf: scanTime, settings: defaultAnalysisSettings });
    const byLogin = new Map(analysis.accounts.map((account) => [account.login, account]));

    expect(plantedProblems.map((problem) => problem.id)).toEqual([
      'google-ou-without-enforcement',
      'google-admin-allowed-sms',
      'google-ou-delegated-to-okta',
      'google-admin-app-password',
    ]);
    for (const problem of plantedProblems) {
      expect(problem.accounts.length).toBeGreaterThan(0);
      const { field: name, value, ruleId } = problem.expectation;
      for (const login of problem.accounts) {
        const account = byLogin.get(login);
        expect(account).toBeDefined();
        if (name === 'finding') {
          expect(analysis.findings.some((finding) => finding.ruleId === ruleId && finding.subject.type === value && finding.subject.name === login)).toBe(true);
        } else {
          expect([problem.id, login, field(account as AssessedAccount, name)]).toEqual([problem.id, login, value]);
        }
      }
      if (ruleId) expect(analysis.findings.some((finding) => finding.ruleId === ruleId)).toBe(true);
    }

    const delegated = byLogin.get(plantedProblems[2]?.accounts[0] ?? '');
    expect(delegated?.covered).toBe('unknown');
    expect(delegated?.mfaEnforced.reasons.join(' ')).toContain('contoso-demo.okta.com');
    // The demo is not all problems: most people elsewhere are covered.
    expect(analysis.accounts.filter((account) => account.covered === 'yes').length).toBeGreaterThan(30);
  });
});
