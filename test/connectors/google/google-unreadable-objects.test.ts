/**
 * One bad object must not lose the Google report (issue 11 item 9): a user the schema refuses is listed unknown, a
 * refused policy makes the settings (and the verdicts resting on them) unknown naming it, the source becomes partial.
 */
import { analyseGoogle } from '../../../src/connectors/google/analyse-google.js';
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import { recordGoogleTenant } from '../../../src/simulators/google/google-tenant-fixture.js';
import { memoryRawSource, memoryRecorder } from '../memory-raw-source.js';
import { baseTenant, user } from './google-tenant-cases.js';

const asOf = new Date('2025-06-01T12:00:00Z');

async function analyseEdited(edit: (lines: Map<string, unknown[]>) => void) {
  const tenant = baseTenant();
  tenant.users.push(user('alice@example.com'), user('bob@example.com'));
  const memory = memoryRecorder('google');
  await recordGoogleTenant(memory.recorder, tenant, { appPasswordsForEveryone: true });
  edit(memory.lines);
  return analyseGoogle(memoryRawSource({ ...memory, connector: 'google', sourceId: 'google', tenant: tenant.domain }), { asOf, settings: defaultAnalysisSettings });
}

describe('Google analysis with objects it cannot understand', () => {
  it('lists a refused user as unknown and assesses the others', async () => {
    const baseline = await analyseEdited(() => undefined);
    const analysis = await analyseEdited((lines) => {
      const page = (lines.get('users') ?? [])[0] as { users: unknown[] };
      page.users.push({ id: '199999999999999999999', primaryEmail: 'zed@example.com', suspended: 'no' });
    });
    expect(analysis.accounts.find((account) => account.login === 'zed@example.com')).toMatchObject({ covered: 'unknown', mfaEnforced: { value: 'unknown' } });
    const alice = (result: typeof analysis) => result.accounts.find((account) => account.login === 'alice@example.com')?.covered;
    expect(alice(analysis)).toBe(alice(baseline));
    expect(analysis.problems).toEqual([expect.objectContaining({ endpoint: 'users', code: 'INPUT_INVALID', message: expect.stringContaining('zed@example.com') })]);
  });

  it('makes what rests on the policies unknown, naming the refused policy, when one policy is refused', async () => {
    const analysis = await analyseEdited((lines) => {
      const page = (lines.get('policies') ?? [])[0] as { policies: Array<Record<string, unknown>> };
      page.policies.push({ name: 42, setting: { type: 'settings/security.two_step_verification_enforcement' } });
    });
    const alice = analysis.accounts.find((account) => account.login === 'alice@example.com');
    // Google's own enforcement flag stands; what rests on the policies (less secure apps) becomes unknown, naming the object.
    expect(alice?.legacyAuth.value).toBe('unknown');
    expect(alice?.legacyAuth.reasons.join(' ')).toMatch(/policies\.jsonl:1: field policies\.\d+\.name/);
    expect(alice?.covered).toBe('unknown');
    expect(analysis.problems).toEqual([expect.objectContaining({ endpoint: 'policies', code: 'INPUT_INVALID' })]);
  });
});
