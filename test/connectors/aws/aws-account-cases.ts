/** Shared fixture pieces for the AWS tests. */
import { emptyAwsAccount, forceMfaPolicy, type AwsAccountFixture } from '../../../src/simulators/aws/aws-account-fixture.js';

export const asOf = new Date('2025-06-01T12:00:00Z');
export const accountId = '123456789012';

export function daysAgo(days: number): string {
  return new Date(asOf.getTime() - days * 86_400_000).toISOString();
}

/** An account with a ForceMFA (BoolIfExists) policy, a Bool variant, and the usual groups. */
export function baseAccount(): AwsAccountFixture {
  const account = emptyAwsAccount(accountId, daysAgo(0));
  account.managedPolicies.push({ name: 'ForceMFA', document: forceMfaPolicy('BoolIfExists') }, { name: 'ForceMFABool', document: forceMfaPolicy('Bool') });
  account.groups.push(
    { name: 'Admins', attached: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
    { name: 'IamAdmins', attached: ['arn:aws:iam::aws:policy/IAMFullAccess'] },
    { name: 'Mfa', attached: [`arn:aws:iam::${accountId}:policy/ForceMFA`] },
    { name: 'MfaBool', attached: [`arn:aws:iam::${accountId}:policy/ForceMFABool`] },
    { name: 'Developers', attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
  );
  return account;
}
