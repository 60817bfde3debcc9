/** IAM users with a console password who can sign in without MFA ("MFA optional"). */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, finding, mfaReferences, type AwsRuleInput } from './aws-rule-input.js';

export const awsConsoleUserWithoutMfa: FindingRule<AwsRuleInput> = {
  id: 'aws-console-user-without-mfa',
  title: 'An IAM user can sign in to the console without MFA',
  severity: 'high',
  rationale:
    'AWS does not require MFA for IAM users: a user with a console password and no MFA device signs in with the password alone unless a policy denies access without MFA.',
  remediation:
    'Assign an MFA device (preferably a FIDO security key) to the user, and attach a policy that denies everything but MFA self-service when aws:MultiFactorAuthPresent is not true (BoolIfExists); better, move people to IAM Identity Center.',
  references: mfaReferences,
  evaluate({ tenant, users }) {
    return users.flatMap(({ account, facts }) => {
      if (!facts.credentials.readable || !facts.credentials.value.passwordEnabled || facts.credentials.value.mfaActive) return [];
      if (account.mfaEnforced.value !== 'no' && account.mfaEnforced.value !== 'partial') return [];
      return [
        finding(this.id, account.privileged ? 'critical' : this.severity, accountSubject(tenant, account), `${account.login} has a console password and no MFA device: ${account.mfaEnforced.reasons.join(' ')}`),
      ];
    });
  },
};
