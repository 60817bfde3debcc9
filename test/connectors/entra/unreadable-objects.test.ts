/**
 * One bad object must not lose the report (issue 11 item 9): a policy or user the schema refuses costs that object,
 * the verdicts it could affect become `unknown` naming it, and the source becomes partial; only a line that is not
 * JSON stops the analysis. PowerShell-SDK exports (PascalCase keys, `@odata.type`) are read like Graph's own shape.
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { analyseEntra } from '../../../src/connectors/entra/analyse-entra.js';
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import { analyseSnapshot } from '../../../src/reconcile/analyse-snapshot.js';
import { openRawSource, type Snapshot } from '../../../src/snapshot/snapshot-reader.js';
import type { RawSource } from '../../../src/snapshot/snapshot-reader.js';
import { SnapshotError } from '../../../src/errors.js';
import { accountOf, analyse, asOf, baseTenant, blockLegacy, ids, policy } from './entra-tenant-cases.js';
import { memoryEntraSource } from './memory-entra-source.js';
import { powerShellExport } from './powershell-export.js';
import { temporaryDirectory, writeTenantSource } from './entra-scan-harness.js';

const brokenPolicy = {
  '@odata.type': '#microsoft.graph.conditionalAccessPolicy',
  id: 'bad00000-0000-0000-0000-000000000001',
  displayName: 'Hand-edited policy',
  state: 'enabled',
  // `includeUsers` must be a list: the schema refuses the policy.
  conditions: { users: { includeUsers: 'All' }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
  grantControls: { operator: 'OR', builtInControls: ['mfa'] },
};

const withPolicyLine = (extra: unknown) => (lines: Map<string, unknown[]>) => {
  const pages = lines.get('conditionalAccessPolicies') ?? [];
  const first = (pages[0] ?? { value: [] }) as { value: unknown[] };
  lines.set('conditionalAccessPolicies', [{ ...first, value: [...first.value, extra] }, ...pages.slice(1)]);
};

function snapshotOf(source: RawSource): Snapshot {
  return {
    directory: '(memory)',
    manifest: { format: 'mfa-coverage-snapshot', formatVersion: 1, createdAt: asOf.toISOString(), scannerVersion: 'test', sources: [source.meta.sourceId] },
    sources: [source],
  };
}

describe('Entra analysis with objects it cannot understand', () => {
  it('keeps the report when one enabled policy is refused: unknown for accounts it could affect, the policy named, the source partial', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ excludeUsers: [ids.alice] }), blockLegacy());
    const source = await memoryEntraSource(tenant, { edit: withPolicyLine(brokenPolicy) });
    const analysis = await analyseEntra(source, { asOf, settings: defaultAnalysisSettings });
    const alice = accountOf(analysis, 'alice');
    expect(alice.mfaEnforced.value).toBe('unknown');
    expect(alice.mfaEnforced.reasons[0]).toMatch(/'Hand-edited policy' \(bad00000-0000-0000-0000-000000000001\) \(enabled\) could not be understood.*conditionalAccessPolicies\.jsonl:1: field conditions\.users\.includeUsers/);
    // A policy can only add enforcement: Bob's MFA and everyone's legacy block stand.
    expect(accountOf(analysis, 'bob').mfaEnforced.value).toBe('yes');
    expect(alice.legacyAuth.value).toBe('blocked');
    expect(analysis.problems).toEqual([expect.objectContaining({ endpoint: 'conditionalAccessPolicies', code: 'INPUT_INVALID', message: expect.stringContaining("'Hand-edited policy'") })]);
    expect(analysis.policies.find((summary) => summary.state === 'unreadable')?.name).toBe("Conditional access: 'Hand-edited policy' (bad00000-0000-0000-0000-000000000001)");

    const report = await analyseSnapshot(snapshotOf(source), { organisation: { name: 'Contoso' }, settings: defaultAnalysisSettings, generatedAt: asOf });
    expect(report.sources[0]?.status).toBe('partial');
    expect(report.sources[0]?.errors).toEqual([expect.objectContaining({ code: 'INPUT_INVALID', endpoint: 'conditionalAccessPolicies' })]);
  });

  it('ignores a refused policy whose state says it cannot enforce', async () => {
    const tenant = baseTenant();
    const analysis = await analyse(tenant, { edit: withPolicyLine({ ...brokenPolicy, state: 'disabled' }) });
    expect(accountOf(analysis, 'alice').mfaEnforced.value).toBe('no');
    expect(analysis.problems).toHaveLength(1);
  });

  it('lists a refused user with every verdict unknown, and assesses the others', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy());
    const source = await memoryEntraSource(tenant, {
      edit: (lines) => {
        const page = (lines.get('users') ?? [])[0] as { value: Array<Record<string, unknown>> };
        page.value.push({ id: 'bad-user', userPrincipalName: 'zed@contoso.example', accountEnabled: 'yes' });
      },
    });
    const analysis = await analyseEntra(source, { asOf, settings: defaultAnalysisSettings });
    const zed = analysis.accounts.find((account) => account.id === 'bad-user');
    expect(zed).toMatchObject({ login: 'zed@contoso.example', covered: 'unknown', mfaEnforced: { value: 'unknown' }, kind: 'unknown' });
    expect(zed?.reasons[0]).toMatch(/field accountEnabled/);
    expect(accountOf(analysis, 'alice').covered).toBe('yes');
  });

  it('makes a group whose member listing is refused unknown, not the whole analysis', async () => {
    const tenant = baseTenant();
    tenant.conditionalAccessPolicies.push(policy({ excludeGroups: [ids.contractors] }));
    const analysis = await analyse(tenant, {
      edit: (lines) => lines.set('groupMembers', (lines.get('groupMembers') ?? []).map((line) => ((line as { key: string }).key === ids.contractors ? { key: ids.contractors, status: 200, body: { value: 'nobody' } } : line))),
    });
    expect(accountOf(analysis, 'alice').mfaEnforced.value).toBe('unknown');
    expect(accountOf(analysis, 'alice').mfaEnforced.reasons.join(' ')).toMatch(/member listing could not be understood/);
  });

  it('reads a policy exported by the PowerShell SDK (PascalCase, @odata.type, null device filter) like Graph returns it', async () => {
    const tenant = baseTenant();
    const made = policy({ displayName: 'Exported MFA', excludeUsers: [ids.bob], deviceFilter: { mode: null, rule: null } });
    const exported = powerShellExport(made, '#microsoft.graph.conditionalAccessPolicy');
    expect(Object.keys(exported as object)).toEqual(expect.arrayContaining(['@odata.type', 'Id', 'DisplayName', 'Conditions', 'GrantControls', 'AdditionalProperties']));
    const analysis = await analyse(tenant, { edit: withPolicyLine(exported) });
    expect(analysis.problems).toEqual([]);
    expect(accountOf(analysis, 'alice').mfaEnforced).toMatchObject({ value: 'yes', reasons: [expect.stringMatching(/'Exported MFA' requires MFA for all cloud apps/)] });
    expect(accountOf(analysis, 'bob').mfaEnforced.reasons.join(' ')).toMatch(/Excluded from 'Exported MFA'/);
  });

  it('still refuses a snapshot file line that is not JSON, naming file and line', async () => {
    const directory = await temporaryDirectory();
    try {
      const folder = await writeTenantSource(directory.path, 'broken', baseTenant());
      await appendFile(path.join(folder, 'conditionalAccessPolicies.jsonl'), '{"value": [ {"id": \n');
      const source = await openRawSource(folder);
      await expect(analyseEntra(source, { asOf, settings: defaultAnalysisSettings })).rejects.toThrow(SnapshotError);
      await expect(analyseEntra(source, { asOf, settings: defaultAnalysisSettings })).rejects.toThrow(/conditionalAccessPolicies\.jsonl:2: not valid JSON/);
    } finally {
      await directory.remove();
    }
  });
});
