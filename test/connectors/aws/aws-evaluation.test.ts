/**
 * Table-driven evaluation of IAM users and root users: console and key combinations, administrators by managed
 * policy, group and inline `*:*`, MFA-enforcing deny policies (BoolIfExists, Bool, Null, MultiFactorAuthAge), service
 * users, root variants, and unreadable data failing closed.
 */
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import { analyseAwsAccount } from '../../../src/connectors/aws/analyse-aws.js';
import { loadAwsAccount } from '../../../src/connectors/aws/load-aws-account.js';
import type { AssessedAccount } from '../../../src/model/account.js';
import { allowEverything, type AwsAccountFixture, type AwsUserSpec } from '../../../src/simulators/aws/aws-account-fixture.js';
import type { SourceError } from '../../../src/snapshot/snapshot-format.js';
import { accountId, asOf, baseAccount, daysAgo } from './aws-account-cases.js';
import { memoryAwsSource, type MemorySourceOptions } from './memory-aws-source.js';

const context = { asOf, settings: defaultAnalysisSettings };
const recentKey = { active: true, created: daysAgo(10), lastUsed: daysAgo(1) };
const denyNoMfa = (condition: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: condition }] });

async function analyse(account: AwsAccountFixture, options: MemorySourceOptions = {}) {
  return analyseAwsAccount(await loadAwsAccount(await memoryAwsSource(account, options)), context);
}

async function assessUser(spec: AwsUserSpec, options: MemorySourceOptions = {}): Promise<AssessedAccount> {
  const account = baseAccount();
  account.users.push(spec);
  const analysis = await analyse(account, options);
  const found = analysis.accounts.find((candidate) => candidate.login === spec.userName);
  if (!found) throw new Error(`${spec.userName} not assessed`);
  return found;
}

interface Expected {
  kind?: string;
  enabled?: boolean;
  privileged?: boolean;
  mfaEnforced: string;
  mfaRegistered: string;
  legacyAuth: string;
  covered: string;
  /** A fragment some reason must contain. */
  reason?: string;
  factors?: string[];
  strengths?: string[];
}

type UserCase = [string, AwsUserSpec, Expected, MemorySourceOptions?];

const userCases: UserCase[] = [
  ['console + virtual MFA, no keys', { userName: 'u1', password: true, mfa: ['virtual'] }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes', factors: ['totp-software'], reason: 'No policy denies access without MFA: MFA rests on the device alone' }],
  ['a device holder under ForceMFA: the enforcing policy is named', { userName: 'u1b', password: true, mfa: ['virtual'], groups: ['Mfa'] }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes', reason: 'policy "ForceMFA" via group "Mfa" denies everything but MFA self-service without MFA' }],
  ['a device holder under a narrow deny: says no policy enforces MFA beyond it', { userName: 'u1c', password: true, mfa: ['fido'], inline: { s3only: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }] } } }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes', reason: 'no policy enforces MFA should the device be removed' }],
  ['console + FIDO key', { userName: 'u2', password: true, mfa: ['fido'] }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes', factors: ['fido2'] }],
  ['console + hardware TOTP', { userName: 'u3', password: true, mfa: ['hardware'] }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes', factors: ['totp-hardware'] }],
  ['console, no MFA, no policy: MFA optional', { userName: 'u4', password: true }, { mfaEnforced: 'no', mfaRegistered: 'no', legacyAuth: 'n/a', covered: 'no', reason: 'MFA is optional' }],
  ['console, no MFA, ForceMFA via group: enforced but not registered', { userName: 'u5', password: true, groups: ['Mfa'] }, { mfaEnforced: 'yes', mfaRegistered: 'no', legacyAuth: 'n/a', covered: 'no', reason: 'MFA enforced but no method registered' }],
  ['console + MFA + active key, no deny: keys open', { userName: 'u6', password: true, mfa: ['virtual'], keys: [recentKey] }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'open', covered: 'no', reason: 'sign API calls without MFA' }],
  ['console + MFA + key + BoolIfExists deny: keys blocked', { userName: 'u7', password: true, mfa: ['fido'], keys: [recentKey], groups: ['Mfa'] }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'blocked', covered: 'yes', reason: 'long-term keys' }],
  ['console + MFA + key + plain Bool deny: keys stay open', { userName: 'u8', password: true, mfa: ['fido'], keys: [recentKey], groups: ['MfaBool'] }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'open', covered: 'no', reason: 'a plain Bool condition does not match an absent key' }],
  ['console, no MFA, Bool deny: console enforced', { userName: 'u9', password: true, groups: ['MfaBool'] }, { mfaEnforced: 'yes', mfaRegistered: 'no', legacyAuth: 'n/a', covered: 'no' }],
  ['keys only, no password: service', { userName: 'svc-ci', keys: [recentKey] }, { kind: 'service', mfaEnforced: 'n/a', mfaRegistered: 'no', legacyAuth: 'open', covered: 'n/a', reason: 'programmatic (service) user' }],
  ['no password, only an inactive key: cannot authenticate', { userName: 'old', keys: [{ active: false, created: daysAgo(400) }] }, { enabled: false, mfaEnforced: 'n/a', mfaRegistered: 'no', legacyAuth: 'n/a', covered: 'n/a', reason: 'cannot authenticate' }],
  ['admin via group AdministratorAccess', { userName: 'a1', password: true, mfa: ['fido'], groups: ['Admins'] }, { privileged: true, mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes' }],
  ['admin via IAMFullAccess on the group', { userName: 'a2', password: true, mfa: ['fido'], groups: ['IamAdmins'] }, { privileged: true, mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes' }],
  ['admin via inline *:* on the user', { userName: 'a3', password: true, mfa: ['virtual'], inline: { everything: allowEverything } }, { privileged: true, mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes' }],
  ['admin via attached AdministratorAccess', { userName: 'a4', password: true, attached: ['arn:aws:iam::aws:policy/AdministratorAccess'] }, { privileged: true, mfaEnforced: 'no', mfaRegistered: 'no', legacyAuth: 'n/a', covered: 'no' }],
  ['read-only user is not privileged', { userName: 'r1', password: true, mfa: ['virtual'], groups: ['Developers'] }, { privileged: false, mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes' }],
  ['inline Null MultiFactorAuthAge deny blocks keys', { userName: 'n1', password: true, mfa: ['fido'], keys: [recentKey], inline: { nullAge: denyNoMfa({ Null: { 'aws:MultiFactorAuthAge': 'true' } }) } }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'blocked', covered: 'yes' }],
  ['NumericGreaterThan MultiFactorAuthAge alone enforces nothing', { userName: 'n2', password: true, inline: { age: denyNoMfa({ NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } }) } }, { mfaEnforced: 'no', mfaRegistered: 'no', legacyAuth: 'n/a', covered: 'no' }],
  ['NumericGreaterThanIfExists MultiFactorAuthAge enforces and blocks keys', { userName: 'n3', password: true, keys: [recentKey], inline: { age: denyNoMfa({ NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }) } }, { mfaEnforced: 'yes', mfaRegistered: 'no', legacyAuth: 'blocked', covered: 'no' }],
  [
    'a deny of only some actions without MFA is partial',
    { userName: 'p1', password: true, inline: { s3only: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }] } } },
    { mfaEnforced: 'partial', mfaRegistered: 'no', legacyAuth: 'n/a', covered: 'no', reason: 'denies only some actions' },
  ],
  ['case-insensitive condition key', { userName: 'c1', password: true, inline: { lower: denyNoMfa({ Bool: { 'AWS:multifactorauthpresent': false } }) } }, { mfaEnforced: 'yes', mfaRegistered: 'no', legacyAuth: 'n/a', covered: 'no' }],
  ['authorization details unreadable: no device → enforcement unknown', { userName: 'x1', password: true }, { mfaEnforced: 'unknown', mfaRegistered: 'no', legacyAuth: 'n/a', covered: 'no' }, { drop: ['authorizationDetails'] }],
  ['authorization details unreadable: device → yes, keys unknown', { userName: 'x2', password: true, mfa: ['fido'], keys: [recentKey] }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'unknown', covered: 'unknown' }, { drop: ['authorizationDetails'] }],
  [
    'credential report refused: everything unknown, never covered',
    { userName: 'x3', password: true, mfa: ['fido'] },
    { mfaEnforced: 'unknown', mfaRegistered: 'unknown', legacyAuth: 'unknown', covered: 'unknown', reason: 'iam:GetCredentialReport' },
    { errors: [{ endpoint: 'credentialReport', code: 'PERMISSION_MISSING', message: 'AccessDenied', permission: 'iam:GetCredentialReport', httpStatus: 403 }] as SourceError[] },
  ],
  [
    'customer managed policy missing from the details: uncertain, fail closed',
    { userName: 'x4', password: true, attached: [`arn:aws:iam::${accountId}:policy/Vanished`] },
    { mfaEnforced: 'unknown', mfaRegistered: 'no', legacyAuth: 'n/a', covered: 'no', reason: 'Vanished' },
  ],
];

describe('AWS IAM user evaluation', () => {
  // A rest parameter keeps jest from taking a missing fourth column for a `done` callback.
  it.each(userCases)('%s', async (...[, spec, expected, options]: UserCase) => {
    const account = await assessUser(spec, options);
    expect({
      mfaEnforced: account.mfaEnforced.value,
      mfaRegistered: account.mfaRegistered.value,
      legacyAuth: account.legacyAuth.value,
      covered: account.covered,
    }).toEqual({ mfaEnforced: expected.mfaEnforced, mfaRegistered: expected.mfaRegistered, legacyAuth: expected.legacyAuth, covered: expected.covered });
    expect(account.kind).toBe(expected.kind ?? 'human');
    if (expected.enabled !== undefined) expect(account.enabled).toBe(expected.enabled);
    if (expected.privileged !== undefined) expect(account.privileged).toBe(expected.privileged);
    if (expected.factors) expect(account.factors.map((factor) => factor.type)).toEqual(expected.factors);
    if (expected.reason) {
      const reasons = [...account.reasons, ...account.mfaEnforced.reasons, ...account.legacyAuth.reasons, ...account.mfaRegistered.reasons].join(' | ');
      expect(reasons).toContain(expected.reason);
    }
  });

  it('only the default version of a managed policy counts', async () => {
    const account = baseAccount();
    account.managedPolicies.push({ name: 'WasAdmin', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, olderVersions: [allowEverything] });
    account.users.push({ userName: 'v1', password: true, mfa: ['fido'], attached: [`arn:aws:iam::${accountId}:policy/WasAdmin`] });
    const analysis = await analyse(account);
    expect(analysis.accounts.find((candidate) => candidate.login === 'v1')?.privileged).toBe(false);
  });

  it('names where administrator rights come from', async () => {
    const account = baseAccount();
    account.users.push({ userName: 'both', password: true, mfa: ['fido'], groups: ['Admins'], inline: { star: allowEverything } });
    const user = (await analyse(account)).accounts.find((candidate) => candidate.login === 'both');
    expect(user?.roles).toEqual(['inline policy "star" allows "*" on "*"', 'AdministratorAccess via group "Admins"']);
  });
});

type RootCase = [string, AwsAccountFixture['root'], Partial<Expected> & { covered: string }, MemorySourceOptions?];

const rootCases: RootCase[] = [
  ['root with a hardware token: IAM cannot tell it from a FIDO key, so its strength is unknown', { mfa: 'hardware', accessKeys: false }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes', factors: ['unknown'], strengths: ['unknown'] }],
  ['root with a FIDO key: the same, unknown strength', { mfa: 'fido', accessKeys: false }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes', factors: ['unknown'], strengths: ['unknown'], reason: 'whether it is phishing-resistant is unknown' }],
  ['root with MFA whose kind cannot be read: unknown strength', { mfa: 'hardware', accessKeys: false }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes', factors: ['unknown'] }, { drop: ['virtualMfaDevices'] }],
  ['root with a virtual device', { mfa: 'virtual', accessKeys: false }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes', factors: ['totp-software'] }],
  ['root without MFA', { mfa: 'none', accessKeys: false }, { mfaEnforced: 'no', mfaRegistered: 'no', legacyAuth: 'n/a', covered: 'no' }],
  ['root with access keys', { mfa: 'fido', accessKeys: true }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'open', covered: 'no', reason: 'root user has access keys' }],
  ['root, account summary unreadable: falls back to the report row', { mfa: 'fido', accessKeys: false }, { mfaEnforced: 'yes', mfaRegistered: 'yes', legacyAuth: 'n/a', covered: 'yes' }, { drop: ['accountSummary'] }],
  ['root, summary and report unreadable: unknown', { mfa: 'fido', accessKeys: false }, { mfaEnforced: 'unknown', mfaRegistered: 'unknown', legacyAuth: 'unknown', covered: 'unknown' }, { drop: ['accountSummary', 'credentialReport'] }],
];

describe('AWS root user evaluation', () => {
  it.each(rootCases)('%s', async (...[, root, expected, options]: RootCase) => {
    const account = baseAccount();
    account.root = root;
    const analysis = await analyse(account, options);
    const rootAccount = analysis.accounts.find((candidate) => candidate.kind === 'root');
    expect(rootAccount).toMatchObject({ kind: 'root', privileged: true, id: `arn:aws:iam::${accountId}:root`, login: `root@${accountId}` });
    expect({ mfaEnforced: rootAccount?.mfaEnforced.value, mfaRegistered: rootAccount?.mfaRegistered.value, legacyAuth: rootAccount?.legacyAuth.value, covered: rootAccount?.covered }).toEqual({
      mfaEnforced: expected.mfaEnforced,
      mfaRegistered: expected.mfaRegistered,
      legacyAuth: expected.legacyAuth,
      covered: expected.covered,
    });
    if (expected.factors) expect(rootAccount?.factors.map((factor) => factor.type)).toEqual(expected.factors);
    if (expected.strengths) expect(rootAccount?.factors.map((factor) => factor.strength)).toEqual(expected.strengths);
    if (expected.reason) expect([...(rootAccount?.reasons ?? []), ...(rootAccount?.mfaRegistered.reasons ?? [])].join(' ')).toContain(expected.reason);
  });
});
