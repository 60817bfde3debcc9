/**
 * Builds AWS accounts as wire payloads and records them as a source in the snapshot layout, for the demo, the
 * simulator and the tests. The payloads have the shapes the SDK returns (dates as ISO strings, policy documents
 * URL-encoded, the credential report base64); `recordAwsAccount` writes them as the collector would have stored
 * them, plus `mfaDevices` for every user with a device (the simulator's truth for per-user `ListMFADevices`).
 */
import type { SourceRecorder } from '../../snapshot/snapshot-writer.js';
import { awsEndpoints } from '../../connectors/aws/aws-endpoints.js';
import { administratorAccessArn, iamFullAccessArn } from '../../connectors/aws/policy-effects.js';

type Json = Record<string, unknown>;
export type MfaKind = 'virtual' | 'hardware' | 'fido';

export interface AwsAccessKeySpec {
  active: boolean;
  /** ISO time the key was created (credential report `access_key_N_last_rotated`). */
  created: string;
  lastUsed?: string;
}

export interface AwsUserSpec {
  userName: string;
  userId?: string;
  createdAt?: string;
  /** A console password (login profile). */
  password?: boolean;
  passwordLastUsed?: string;
  mfa?: MfaKind[];
  keys?: AwsAccessKeySpec[];
  groups?: string[];
  /** Managed policy ARNs attached to the user. */
  attached?: string[];
  /** Inline policies: name → document (an object, stored URL-encoded). */
  inline?: Record<string, unknown>;
}

export interface AwsGroupSpec {
  name: string;
  attached?: string[];
  inline?: Record<string, unknown>;
}

export interface AwsManagedPolicySpec {
  name: string;
  document: unknown;
  /** Older versions, not the default: the analysis must ignore them. */
  olderVersions?: unknown[];
}

export interface AwsAccountFixture {
  accountId: string;
  /** Present for a member of an organisation: recorded as `organisationAccount`. */
  organisation?: { id: string; managementAccountId: string; name: string; email: string; status?: string };
  users: AwsUserSpec[];
  groups: AwsGroupSpec[];
  /** Customer managed policies (ARN `arn:aws:iam::<account>:policy/<name>`). */
  managedPolicies: AwsManagedPolicySpec[];
  root: { mfa: 'none' | MfaKind; accessKeys: boolean; passwordLastUsed?: string };
  /** The credential report's generation time. */
  reportGeneratedAt: string;
}

export function emptyAwsAccount(accountId: string, reportGeneratedAt = '2025-06-01T11:00:00Z'): AwsAccountFixture {
  return { accountId, users: [], groups: [], managedPolicies: [], root: { mfa: 'hardware', accessKeys: false }, reportGeneratedAt };
}

/** The AWS "force MFA" deny (everything but MFA self-service without MFA), with a chosen condition operator. */
export function forceMfaPolicy(operator: 'BoolIfExists' | 'Bool' = 'BoolIfExists'): Json {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], Resource: '*' },
      {
        Sid: 'DenyAllExceptListedIfNoMFA',
        Effect: 'Deny',
        NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice', 'iam:ChangePassword', 'sts:GetSessionToken'],
        Resource: '*',
        Condition: { [operator]: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    ],
  };
}

export const allowEverything: Json = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const awsManagedDocuments = new Map<string, Json>([
  [administratorAccessArn, allowEverything],
  [iamFullAccessArn, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:*', 'organizations:DescribeAccount'], Resource: '*' }] }],
  ['arn:aws:iam::aws:policy/ReadOnlyAccess', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*', 's3:Get*'], Resource: '*' }] }],
]);

export function userArn(accountId: string, userName: string): string {
  return `arn:aws:iam::${accountId}:user/${userName}`;
}

export function deviceSerial(accountId: string, userName: string, kind: MfaKind, index = 0): string {
  if (kind === 'virtual') return `arn:aws:iam::${accountId}:mfa/${userName}${index ? `-${index}` : ''}`;
  if (kind === 'fido') return `arn:aws:iam::${accountId}:u2f/user/${userName}/fidosecuritykey-${String(index).padStart(4, '0')}ABCDEFGHIJKLMN`;
  return `GAHT${accountId.slice(-4)}${String(index).padStart(4, '0')}`;
}

function userIdOf(accountId: string, user: AwsUserSpec): string {
  return user.userId ?? `AIDA${accountId.slice(-6)}${user.userName.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(10, 'X').slice(0, 10)}`;
}

export function encodePolicy(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document));
}

/** The credential report CSV (header + root row + one row per user), base64 as IAM sends it. */
export function credentialReportContent(account: AwsAccountFixture): string {
  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
  const keyCells = (key: AwsAccessKeySpec | undefined): string[] =>
    key ? [String(key.active), key.created, key.lastUsed ?? 'N/A', key.lastUsed ? 'eu-west-1' : 'N/A', key.lastUsed ? 's3' : 'N/A'] : ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const rootKeys: AwsAccessKeySpec[] = account.root.accessKeys ? [{ active: true, created: '2019-03-01T00:00:00Z', lastUsed: '2025-01-01T00:00:00Z' }] : [];
  const rootRow = [
    '<root_account>',
    `arn:aws:iam::${account.accountId}:root`,
    '2019-01-01T00:00:00+00:00',
    'not_supported',
    account.root.passwordLastUsed ?? 'no_information',
    'not_supported',
    'not_supported',
    String(account.root.mfa !== 'none'),
    ...keyCells(rootKeys[0]),
    ...keyCells(undefined),
    'false',
    'N/A',
    'false',
    'N/A',
  ];
  const rows = account.users.map((user) => [
    user.userName,
    userArn(account.accountId, user.userName),
    user.createdAt ?? '2023-01-10T09:00:00+00:00',
    String(user.password === true),
    user.password ? (user.passwordLastUsed ?? 'no_information') : 'N/A',
    user.password ? '2024-06-01T00:00:00+00:00' : 'N/A',
    'N/A',
    String((user.mfa ?? []).length > 0),
    ...keyCells(user.keys?.[0]),
    ...keyCells(user.keys?.[1]),
    'false',
    'N/A',
    'false',
    'N/A',
  ]);
  const csv = [header, rootRow.join(','), ...rows.map((row) => row.join(','))].join('\n');
  return Buffer.from(csv, 'utf8').toString('base64');
}

export interface AwsAccountPayloads {
  users: Json[];
  virtualDevices: Json[];
  mfaDevices: Map<string, Json[]>;
  summary: Json;
  userDetails: Json[];
  groupDetails: Json[];
  policies: Json[];
  credentialReport: Json;
  organisationAccount: Json | undefined;
}

export function awsAccountPayloads(account: AwsAccountFixture): AwsAccountPayloads {
  const id = account.accountId;
  const users = account.users.map((user) => ({
    Path: '/',
    UserName: user.userName,
    UserId: userIdOf(id, user),
    Arn: userArn(id, user.userName),
    CreateDate: user.createdAt ?? '2023-01-10T09:00:00.000Z',
    ...(user.passwordLastUsed ? { PasswordLastUsed: user.passwordLastUsed } : {}),
  }));
  const virtualDevices: Json[] = [];
  const mfaDevices = new Map<string, Json[]>();
  for (const user of account.users) {
    const devices = (user.mfa ?? []).map((kind, index) => ({ UserName: user.userName, SerialNumber: deviceSerial(id, user.userName, kind, index), EnableDate: '2024-02-01T10:00:00.000Z' }));
    if (devices.length > 0) mfaDevices.set(user.userName, devices);
    (user.mfa ?? []).forEach((kind, index) => {
      if (kind !== 'virtual') return;
      virtualDevices.push({
        SerialNumber: deviceSerial(id, user.userName, kind, index),
        EnableDate: '2024-02-01T10:00:00.000Z',
        User: { Path: '/', UserName: user.userName, UserId: userIdOf(id, user), Arn: userArn(id, user.userName), CreateDate: user.createdAt ?? '2023-01-10T09:00:00.000Z' },
      });
    });
  }
  if (account.root.mfa === 'virtual') {
    virtualDevices.push({
      SerialNumber: `arn:aws:iam::${id}:mfa/root-account-mfa-device`,
      EnableDate: '2020-01-01T00:00:00.000Z',
      User: { UserId: id, Arn: `arn:aws:iam::${id}:root`, CreateDate: '2019-01-01T00:00:00.000Z' },
    });
  }
  const inlineList = (inline: Record<string, unknown> | undefined) => Object.entries(inline ?? {}).map(([PolicyName, document]) => ({ PolicyName, PolicyDocument: encodePolicy(document) }));
  const attachedList = (arns: string[] | undefined) => (arns ?? []).map((PolicyArn) => ({ PolicyName: PolicyArn.split('/').at(-1) ?? PolicyArn, PolicyArn }));
  const userDetails = account.users.map((user) => ({
    Path: '/',
    UserName: user.userName,
    UserId: userIdOf(id, user),
    Arn: userArn(id, user.userName),
    CreateDate: user.createdAt ?? '2023-01-10T09:00:00.000Z',
    UserPolicyList: inlineList(user.inline),
    GroupList: user.groups ?? [],
    AttachedManagedPolicies: attachedList(user.attached),
    Tags: [],
  }));
  const groupDetails = account.groups.map((group) => ({
    Path: '/',
    GroupName: group.name,
    GroupId: `AGPA${id.slice(-6)}${group.name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(10, 'X').slice(0, 10)}`,
    Arn: `arn:aws:iam::${id}:group/${group.name}`,
    CreateDate: '2022-01-01T00:00:00.000Z',
    GroupPolicyList: inlineList(group.inline),
    AttachedManagedPolicies: attachedList(group.attached),
  }));
  const attachedArns = new Set([...account.users.flatMap((user) => user.attached ?? []), ...account.groups.flatMap((group) => group.attached ?? [])]);
  const policyDetail = (name: string, arn: string, document: unknown, older: unknown[] = []) => ({
    PolicyName: name,
    PolicyId: `ANPA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(12, 'X').slice(0, 12)}`,
    Arn: arn,
    Path: '/',
    DefaultVersionId: `v${older.length + 1}`,
    AttachmentCount: 1,
    IsAttachable: true,
    CreateDate: '2022-01-01T00:00:00.000Z',
    UpdateDate: '2022-01-01T00:00:00.000Z',
    PolicyVersionList: [
      ...older.map((olderDocument, index) => ({ Document: encodePolicy(olderDocument), VersionId: `v${index + 1}`, IsDefaultVersion: false, CreateDate: '2022-01-01T00:00:00.000Z' })),
      { Document: encodePolicy(document), VersionId: `v${older.length + 1}`, IsDefaultVersion: true, CreateDate: '2022-01-01T00:00:00.000Z' },
    ],
  });
  const policies = [
    ...account.managedPolicies.map((policy) => policyDetail(policy.name, `arn:aws:iam::${id}:policy/${policy.name}`, policy.document, policy.olderVersions)),
    ...[...awsManagedDocuments].filter(([arn]) => attachedArns.has(arn)).map(([arn, document]) => policyDetail(arn.split('/').at(-1) ?? arn, arn, document)),
  ];
  const summary = {
    SummaryMap: {
      Users: account.users.length,
      Groups: account.groups.length,
      Policies: account.managedPolicies.length,
      MFADevices: virtualDevices.length + [...mfaDevices.values()].flat().length,
      MFADevicesInUse: [...mfaDevices.values()].flat().length + (account.root.mfa === 'none' ? 0 : 1),
      AccountMFAEnabled: account.root.mfa === 'none' ? 0 : 1,
      AccountAccessKeysPresent: account.root.accessKeys ? 1 : 0,
      AccountSigningCertificatesPresent: 0,
      UsersQuota: 5000,
    },
  };
  const organisation = account.organisation;
  return {
    users,
    virtualDevices,
    mfaDevices,
    summary,
    userDetails,
    groupDetails,
    policies,
    credentialReport: { Content: credentialReportContent(account), ReportFormat: 'text/csv', GeneratedTime: account.reportGeneratedAt },
    organisationAccount: organisation
      ? {
          Id: id,
          Arn: `arn:aws:organizations::${organisation.managementAccountId}:account/${organisation.id}/${id}`,
          Email: organisation.email,
          Name: organisation.name,
          Status: organisation.status ?? 'ACTIVE',
          JoinedMethod: id === organisation.managementAccountId ? 'INVITED' : 'CREATED',
          JoinedTimestamp: '2021-04-01T00:00:00.000Z',
        }
      : undefined,
  };
}

export interface RecordAwsOptions {
  /** Items per stored page (the collector's are up to 1000). */
  pageSize?: number;
  settings?: { unusedAfterDays: number; rotateAfterDays: number };
}

/** Writes an account as a source, in the collector's file layout. */
export async function recordAwsAccount(recorder: SourceRecorder, account: AwsAccountFixture, options: RecordAwsOptions = {}): Promise<void> {
  const payloads = awsAccountPayloads(account);
  const pageSize = options.pageSize ?? 1000;
  const write = (name: string, value: unknown) => recorder.endpoint(name).write(value);
  await write(awsEndpoints.callerIdentity.name, { UserId: 'AIDASCANNER', Account: account.accountId, Arn: `arn:aws:iam::${account.accountId}:user/mfa-coverage-scanner` });
  if (payloads.organisationAccount) await write(awsEndpoints.organisationAccount.name, payloads.organisationAccount);
  await write(awsEndpoints.scanSettings.name, options.settings ?? { unusedAfterDays: 90, rotateAfterDays: 90 });
  await write(awsEndpoints.credentialReport.name, payloads.credentialReport);
  await writePages(recorder, awsEndpoints.users.name, payloads.users, pageSize, (items) => ({ Users: items }));
  await writePages(recorder, awsEndpoints.virtualMfaDevices.name, payloads.virtualDevices, pageSize, (items) => ({ VirtualMFADevices: items }));
  await write(awsEndpoints.accountSummary.name, payloads.summary);
  const details = [
    ...payloads.userDetails.map((item) => ['UserDetailList', item] as const),
    ...payloads.groupDetails.map((item) => ['GroupDetailList', item] as const),
    ...payloads.policies.map((item) => ['Policies', item] as const),
  ];
  await writePages(recorder, awsEndpoints.authorizationDetails.name, details, pageSize, (items) => ({
    UserDetailList: items.filter(([list]) => list === 'UserDetailList').map(([, item]) => item),
    GroupDetailList: items.filter(([list]) => list === 'GroupDetailList').map(([, item]) => item),
    RoleDetailList: [],
    Policies: items.filter(([list]) => list === 'Policies').map(([, item]) => item),
  }));
  if (payloads.mfaDevices.size > 0) {
    const writer = recorder.endpoint(awsEndpoints.mfaDevices.name, { keyed: true });
    for (const [userName, devices] of [...payloads.mfaDevices].sort(([a], [b]) => a.localeCompare(b))) {
      await writer.write({ key: userName, status: 200, body: { MFADevices: devices, IsTruncated: false } });
    }
  }
}

async function writePages<T>(recorder: SourceRecorder, name: string, items: readonly T[], pageSize: number, body: (items: T[]) => Json): Promise<void> {
  const writer = recorder.endpoint(name);
  if (items.length === 0) {
    await writer.write({ ...body([]), IsTruncated: false });
    return;
  }
  for (let start = 0; start < items.length; start += pageSize) {
    const truncated = start + pageSize < items.length;
    await writer.write({ ...body(items.slice(start, start + pageSize)), IsTruncated: truncated, ...(truncated ? { Marker: `m${start + pageSize}` } : {}) });
  }
}
