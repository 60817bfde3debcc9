/** Root users without any MFA device. */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, finding, rootReferences, type AwsRuleInput } from './aws-rule-input.js';

export const awsRootWithoutMfa: FindingRule<AwsRuleInput> = {
  id: 'aws-root-without-mfa',
  title: 'The root user has no MFA',
  severity: 'critical',
  rationale:
    "The root user can do anything in the account, including closing it and changing its contact details, and IAM policies cannot restrict it; without MFA its password (or a password reset through the account's email) is all it takes.",
  remediation:
    'Sign in as root and assign a FIDO security key (two, kept apart) under Security credentials; in an organisation, consider centralised root access so member accounts have no root credentials at all.',
  references: rootReferences,
  evaluate({ tenant, root }) {
    const { mfaEnabled } = root.facts;
    if (!mfaEnabled.readable || mfaEnabled.value) return [];
    return [finding(this.id, this.severity, accountSubject(tenant, root.account), `The root user of account ${tenant} has no MFA device: the password alone signs in.`)];
  },
};
