/**
 * Analyses one AWS account source: load it, assess every IAM user (from the credential report, joined with
 * ListUsers, the MFA devices and the authorization details) and the root user, run the finding rules, and list the
 * MFA-enforcing deny policies. Pure apart from reading the snapshot; judged as of `asOf`.
 */
import type { AnalyseContext, PolicySummary, SourceAnalysis } from '../connector.js';
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import type { AwsAccountData, Readable } from './aws-account-data.js';
import type { UserAuthorization } from './authorization-index.js';
import { assessAwsRoot, type AwsRootAssessment } from './assess-aws-root.js';
import { assessAwsUser, type AwsUserAssessment, type AwsUserFacts, type UserCredentials } from './assess-aws-user.js';
import { awsFindingRules } from './aws-finding-rules.js';
import { rootAccountRowName } from './credential-report.js';
import { isRootArn } from './mfa-device-kind.js';
import { loadAwsAccount } from './load-aws-account.js';
import { unreadableAccount } from '../../model/unreadable-account.js';

export async function analyseAws(source: RawSource, context: AnalyseContext): Promise<SourceAnalysis> {
  return analyseAwsAccount(await loadAwsAccount(source), context);
}

export function analyseAwsAccount(data: AwsAccountData, context: AnalyseContext): SourceAnalysis & { users: AwsUserAssessment[]; root: AwsRootAssessment } {
  const users = userFacts(data).map(assessAwsUser);
  const root = assessAwsRoot(rootFacts(data));
  const input = { tenant: data.tenant, users, root, settings: data.settings, asOf: context.asOf };
  const findings = awsFindingRules
    .flatMap((rule) => rule.evaluate(input))
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.subject.id.localeCompare(b.subject.id) || a.message.localeCompare(b.message));
  const assessed = new Set(users.map((user) => user.account.login));
  // A user whose ListUsers entry was refused and who is not in the credential report either is listed as unreadable.
  const unreadable = (data.unreadableUsers ?? [])
    .filter((user) => !assessed.has(user.userName))
    .map((user) => unreadableAccount({ idp: 'aws', tenant: data.tenant, id: user.id, login: user.userName, problem: user.problem }));
  const accounts = [root.account, ...users.map((user) => user.account), ...unreadable];
  return { accounts, findings, policies: mfaPolicySummaries(users), problems: data.problems ?? [], users, root };
}

/** Every IAM user the credential report or ListUsers names, with what each endpoint says about them. */
export function userFacts(data: AwsAccountData): AwsUserFacts[] {
  const listed = new Map((data.users.readable ? data.users.value : []).map((user) => [user.UserName, user]));
  const rows = new Map((data.report.readable ? data.report.value.rows : []).filter((row) => row.user !== rootAccountRowName).map((row) => [row.user, row]));
  const virtualHolders = new Set(
    (data.virtualDevices.readable ? data.virtualDevices.value : []).filter((device) => !isRootArn(device.User?.Arn)).map((device) => device.User?.UserName),
  );
  const names = [...new Set([...listed.keys(), ...rows.keys()])].sort();
  return names.map((userName) => {
    const user = listed.get(userName);
    const row = rows.get(userName);
    let credentials: Readable<UserCredentials>;
    if (!data.report.readable) credentials = { readable: false, reason: data.report.reason };
    else if (!row) {
      credentials = { readable: false, reason: `The user is not in the credential report generated at ${data.report.value.generatedAt ?? 'an unknown time'} (created since?)` };
    } else credentials = { readable: true, value: { passwordEnabled: row.passwordEnabled === true, passwordLastUsed: row.passwordLastUsed, mfaActive: row.mfaActive, keys: row.keys } };

    const perUser = data.mfaDevices.get(userName);
    let devices: AwsUserFacts['devices'];
    if (perUser && perUser.status >= 200 && perUser.status < 300) devices = { kinds: perUser.kinds, complete: true };
    else if (row?.mfaActive && virtualHolders.has(userName)) devices = { kinds: ['virtual'], complete: false };
    else devices = { kinds: [], complete: !row?.mfaActive };

    let authorization: Readable<UserAuthorization>;
    if (!data.authorization.readable) authorization = { readable: false, reason: data.authorization.reason };
    else {
      const found = data.authorization.value.userAuthorization(userName);
      authorization = found ? { readable: true, value: found } : { readable: false, reason: 'the user is not in the authorization details' };
    }
    return {
      tenant: data.tenant,
      userName,
      userId: user?.UserId,
      arn: user?.Arn ?? row?.arn ?? `arn:aws:iam::${data.tenant}:user/${userName}`,
      createdAt: user?.CreateDate ?? row?.createdAt,
      credentials,
      devices,
      authorization,
    };
  });
}

export function rootFacts(data: AwsAccountData): Parameters<typeof assessAwsRoot>[0] {
  const rootRow = data.report.readable ? data.report.value.rows.find((row) => row.user === rootAccountRowName) : undefined;
  const summary = data.summary.readable ? data.summary.value : undefined;
  const mfaEnabled: Readable<boolean> =
    summary && summary.AccountMFAEnabled !== undefined
      ? { readable: true, value: summary.AccountMFAEnabled > 0 }
      : rootRow
        ? { readable: true, value: rootRow.mfaActive }
        : { readable: false, reason: data.summary.readable ? 'GetAccountSummary has no AccountMFAEnabled' : data.summary.reason };
  const accessKeysPresent: Readable<boolean> =
    summary && summary.AccountAccessKeysPresent !== undefined
      ? { readable: true, value: summary.AccountAccessKeysPresent > 0 }
      : { readable: false, reason: data.summary.readable ? 'GetAccountSummary has no AccountAccessKeysPresent' : data.summary.reason };
  const virtualMfa: Readable<boolean> = data.virtualDevices.readable
    ? { readable: true, value: data.virtualDevices.value.some((device) => isRootArn(device.User?.Arn) || device.SerialNumber.endsWith(':mfa/root-account-mfa-device')) }
    : { readable: false, reason: data.virtualDevices.reason };
  return {
    tenant: data.tenant,
    accountId: data.tenant,
    login: data.rootEmail ?? `root@${data.tenant}`,
    mfaEnabled,
    accessKeysPresent,
    virtualMfa,
    passwordLastUsed: rootRow?.passwordLastUsed,
    keys: rootRow?.keys ?? [],
  };
}

/** One summary per policy holding an MFA deny, with the users it reaches. */
function mfaPolicySummaries(users: readonly AwsUserAssessment[]): PolicySummary[] {
  const byPolicy = new Map<string, { condition: string; broad: boolean; users: string[] }>();
  for (const user of users) {
    if (!user.facts.authorization.readable) continue;
    for (const deny of user.facts.authorization.value.mfaDenies) {
      const policy = deny.origin.replace(/ via group "[^"]*"$/, '');
      const entry = byPolicy.get(policy) ?? { condition: deny.condition, broad: deny.broad, users: [] };
      if (!entry.users.includes(user.account.login)) entry.users.push(user.account.login);
      byPolicy.set(policy, entry);
    }
  }
  return [...byPolicy.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([policy, entry]) => ({
      id: policy,
      name: policy,
      state: 'attached',
      requiresMfa: entry.broad,
      scope: [`Denies ${entry.broad ? 'everything but MFA self-service' : 'some actions'} when ${entry.condition}`, `Reaches ${entry.users.length} user(s): ${entry.users.sort().slice(0, 10).join(', ')}`],
    }));
}
