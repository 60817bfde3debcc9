/**
 * One bad object must not lose the AWS report (issue 11 item 9): an IAM user the schema refuses is listed unknown, a
 * refused authorization-details entry makes enforcement unknown naming the object, the source becomes partial.
 */
import { analyseAws } from '../../../src/connectors/aws/analyse-aws.js';
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import { recordAwsAccount } from '../../../src/simulators/aws/aws-account-fixture.js';
import { memoryRawSource, memoryRecorder } from '../memory-raw-source.js';
import { accountId, asOf, baseAccount } from './aws-account-cases.js';

async function analyseEdited(edit: (lines: Map<string, unknown[]>) => void) {
  const account = baseAccount();
  account.users.push({ userName: 'alice', password: true, mfa: ['virtual'], groups: ['Mfa'] }, { userName: 'carl', password: true, groups: ['Mfa'] });
  const memory = memoryRecorder('aws');
  await recordAwsAccount(memory.recorder, account);
  edit(memory.lines);
  return analyseAws(memoryRawSource({ ...memory, connector: 'aws', sourceId: 'aws', tenant: accountId }), { asOf, settings: defaultAnalysisSettings });
}

describe('AWS analysis with objects it cannot understand', () => {
  it('lists a refused IAM user that no other endpoint names as unknown, and keeps the rest', async () => {
    const analysis = await analyseEdited((lines) => {
      const page = (lines.get('users') ?? [])[0] as { Users: unknown[] };
      page.Users.push({ UserName: 'zed', UserId: 'AIDAZED', Arn: 42 });
    });
    expect(analysis.accounts.find((account) => account.login === 'zed')).toMatchObject({ covered: 'unknown', mfaEnforced: { value: 'unknown' } });
    expect(analysis.accounts.find((account) => account.login === 'alice')?.covered).toBe('yes');
    expect(analysis.problems).toEqual([expect.objectContaining({ endpoint: 'users', code: 'INPUT_INVALID', message: expect.stringContaining("'zed'") })]);
  });

  it('makes enforcement unknown, naming the refused object, when an authorization-details entry is refused', async () => {
    const analysis = await analyseEdited((lines) => {
      const page = (lines.get('authorizationDetails') ?? [])[0] as { Policies: Array<Record<string, unknown>> };
      page.Policies.push({ PolicyName: 'Broken', Arn: 'arn:aws:iam::123456789012:policy/Broken', PolicyVersionList: 'not a list' });
    });
    // Carl has no MFA device: whether ForceMFA denies his password-only sign-ins is now unknown. Alice's device stands.
    const carl = analysis.accounts.find((account) => account.login === 'carl');
    expect(analysis.accounts.find((account) => account.login === 'alice')?.mfaEnforced.value).toBe('yes');
    expect(carl?.mfaEnforced.value).toBe('unknown');
    expect(carl?.mfaEnforced.reasons.join(' ')).toMatch(/authorizationDetails\.jsonl:1: field Policies\.\d+\.PolicyVersionList/);
    expect(analysis.problems).toEqual([expect.objectContaining({ endpoint: 'authorizationDetails', code: 'INPUT_INVALID' })]);
  });
});
