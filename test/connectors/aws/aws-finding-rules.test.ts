/** One test per AWS finding rule: what it reports, on which subject, and what it leaves alone. */
import { existsSync } from 'node:fs';
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import { analyseAws } from '../../../src/connectors/aws/analyse-aws.js';
import { awsFindingRules } from '../../../src/connectors/aws/aws-finding-rules.js';
import type { Finding } from '../../../src/model/finding.js';
import type { AwsAccountFixture } from '../../../src/simulators/aws/aws-account-fixture.js';
import { asOf, baseAccount, daysAgo } from './aws-account-cases.js';
import { memoryAwsSource, type MemorySourceOptions } from './memory-aws-source.js';

async function findings(account: AwsAccountFixture, ruleId: string, options: MemorySourceOptions = {}): Promise<Finding[]> {
  const analysis = await analyseAws(await memoryAwsSource(account, options), { asOf, settings: defaultAnalysisSettings });
  return analysis.findings.filter((finding) => finding.ruleId === ruleId);
}

const names = (list: Finding[]) => list.map((finding) => finding.subject.name);

describe('AWS finding rules', () => {
  it.each(awsFindingRules.map((rule) => [rule.id, rule] as const))('%s is documented data: file name, references, remediation', (id, rule) => {
    expect(id).toMatch(/^aws-[a-z0-9-]+$/);
    expect(existsSync(new URL(`../../../src/connectors/aws/rules/${id}.ts`, import.meta.url))).toBe(true);
    expect(rule.references).toContain('NIS2 Art.21(2)(j)');
    expect(rule.rationale.length).toBeGreaterThan(40);
    expect(rule.remediation.length).toBeGreaterThan(40);
  });

  it('aws-root-without-mfa: critical on a root user without MFA, silent with a device', async () => {
    const account = baseAccount();
    account.root = { mfa: 'none', accessKeys: false };
    const result = await findings(account, 'aws-root-without-mfa');
    expect(result).toEqual([expect.objectContaining({ severity: 'critical', subject: expect.objectContaining({ type: 'account', name: 'root@123456789012' }) })]);
    account.root = { mfa: 'fido', accessKeys: false };
    expect(await findings(account, 'aws-root-without-mfa')).toEqual([]);
  });

  it('aws-root-access-keys: critical when root has keys', async () => {
    const account = baseAccount();
    account.root = { mfa: 'fido', accessKeys: true };
    expect(await findings(account, 'aws-root-access-keys')).toHaveLength(1);
    account.root = { mfa: 'fido', accessKeys: false };
    expect(await findings(account, 'aws-root-access-keys')).toEqual([]);
  });

  it('aws-root-virtual-mfa: a virtual root device is reported, hardware and FIDO are not', async () => {
    const account = baseAccount();
    account.root = { mfa: 'virtual', accessKeys: false };
    expect((await findings(account, 'aws-root-virtual-mfa'))[0]?.message).toContain('virtual MFA device');
    account.root = { mfa: 'hardware', accessKeys: false };
    expect(await findings(account, 'aws-root-virtual-mfa')).toEqual([]);
    account.root = { mfa: 'virtual', accessKeys: false };
    expect(await findings(account, 'aws-root-virtual-mfa', { drop: ['virtualMfaDevices'] })).toEqual([]);
  });

  it('aws-root-recently-used: root signed in with its password or used a key within 30 days; unused root is silent', async () => {
    const account = baseAccount();
    account.root = { mfa: 'fido', accessKeys: false, passwordLastUsed: daysAgo(3) };
    const result = await findings(account, 'aws-root-recently-used');
    expect(result).toEqual([expect.objectContaining({ severity: 'medium', subject: expect.objectContaining({ name: 'root@123456789012' }) })]);
    expect(result[0]?.message).toContain('signed in with its password on');
    account.root = { mfa: 'fido', accessKeys: false, passwordLastUsed: daysAgo(45) };
    expect(await findings(account, 'aws-root-recently-used')).toEqual([]);
    account.root = { mfa: 'fido', accessKeys: false };
    expect(await findings(account, 'aws-root-recently-used')).toEqual([]);
  });

  it('aws-console-user-without-mfa: password users with no device and no (or a partial) deny; critical for administrators', async () => {
    const account = baseAccount();
    account.users.push(
      { userName: 'plain', password: true },
      { userName: 'boss', password: true, groups: ['Admins'] },
      { userName: 'forced', password: true, groups: ['Mfa'] },
      { userName: 'device', password: true, mfa: ['virtual'] },
      { userName: 'svc', keys: [{ active: true, created: daysAgo(1), lastUsed: daysAgo(1) }] },
    );
    const result = await findings(account, 'aws-console-user-without-mfa');
    expect(result.map((finding) => [finding.subject.name, finding.severity])).toEqual([
      ['boss', 'critical'],
      ['plain', 'high'],
    ]);
  });

  it('aws-admin-virtual-mfa-only: administrators whose every device is virtual', async () => {
    const account = baseAccount();
    account.users.push(
      { userName: 'admin.virtual', password: true, mfa: ['virtual'], groups: ['Admins'] },
      { userName: 'admin.fido', password: true, mfa: ['virtual', 'fido'], groups: ['Admins'] },
      { userName: 'dev.virtual', password: true, mfa: ['virtual'], groups: ['Developers'] },
    );
    expect(names(await findings(account, 'aws-admin-virtual-mfa-only'))).toEqual(['admin.virtual']);
  });

  it('aws-mfa-deny-misses-access-keys: a Bool deny with active keys, not BoolIfExists', async () => {
    const account = baseAccount();
    const key = { active: true, created: daysAgo(5), lastUsed: daysAgo(1) };
    account.users.push(
      { userName: 'bool', password: true, mfa: ['fido'], groups: ['MfaBool'], keys: [key] },
      { userName: 'ifexists', password: true, mfa: ['fido'], groups: ['Mfa'], keys: [key] },
      { userName: 'nokeys', password: true, mfa: ['fido'], groups: ['MfaBool'] },
    );
    const result = await findings(account, 'aws-mfa-deny-misses-access-keys');
    expect(names(result)).toEqual(['bool']);
    expect(result[0]?.message).toContain('Bool aws:MultiFactorAuthPresent=false');
  });

  it('aws-access-key-unused: active keys unused (or never used) for the recorded limit, humans and services alike', async () => {
    const account = baseAccount();
    account.users.push(
      { userName: 'stale.human', password: true, mfa: ['fido'], keys: [{ active: true, created: daysAgo(30), lastUsed: daysAgo(120) }] },
      { userName: 'never.used', keys: [{ active: true, created: daysAgo(100) }] },
      { userName: 'fresh', keys: [{ active: true, created: daysAgo(100), lastUsed: daysAgo(3) }] },
      { userName: 'inactive', keys: [{ active: false, created: daysAgo(400), lastUsed: daysAgo(300) }] },
    );
    const result = await findings(account, 'aws-access-key-unused');
    expect(names(result)).toEqual(['never.used', 'stale.human']);
    expect(result.find((finding) => finding.subject.name === 'stale.human')?.message).toContain('(human)');
    expect(names(await findings(account, 'aws-access-key-unused', { settings: { unusedAfterDays: 110, rotateAfterDays: 90 } }))).toEqual(['stale.human']);
  });

  it('aws-access-key-not-rotated: active keys older than the recorded rotation age', async () => {
    const account = baseAccount();
    account.users.push(
      { userName: 'old', keys: [{ active: true, created: daysAgo(200), lastUsed: daysAgo(1) }, { active: true, created: daysAgo(10), lastUsed: daysAgo(1) }] },
      { userName: 'young', keys: [{ active: true, created: daysAgo(80), lastUsed: daysAgo(1) }] },
    );
    expect(names(await findings(account, 'aws-access-key-not-rotated'))).toEqual(['old']);
    expect(names(await findings(account, 'aws-access-key-not-rotated', { settings: { unusedAfterDays: 90, rotateAfterDays: 60 } }))).toEqual(['old', 'young']);
  });
});
