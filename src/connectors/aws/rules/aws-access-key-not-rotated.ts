/** Active access keys older than the configured rotation age. */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, daysBefore, finding, keyReferences, type AwsRuleInput } from './aws-rule-input.js';

export const awsAccessKeyNotRotated: FindingRule<AwsRuleInput> = {
  id: 'aws-access-key-not-rotated',
  title: 'An active access key is older than the rotation age',
  severity: 'medium',
  rationale:
    'The longer a long-term key lives, the more copies of it exist (laptops, CI variables, old images); rotation bounds how long a leaked copy keeps working.',
  remediation: 'Create a second key, move every consumer to it, deactivate and delete the old one; prefer roles or IAM Identity Center, which issue short-lived credentials.',
  references: [...keyReferences, 'CIR 2024/2690 11.6.2(c)'],
  evaluate({ tenant, users, settings, asOf }) {
    const limit = settings.rotateAfterDays;
    return users.flatMap(({ account, activeKeys }) =>
      activeKeys.flatMap((key) => {
        if (key.lastRotated === undefined) return [];
        const days = daysBefore(asOf, key.lastRotated);
        if (days < limit) return [];
        return [
          finding(this.id, this.severity, accountSubject(tenant, account), `Access key ${key.slot} of ${account.login} (${account.kind}) was created ${days} days ago (${key.lastRotated.slice(0, 10)}); the rotation age is ${limit} days.`),
        ];
      }),
    );
  },
};
