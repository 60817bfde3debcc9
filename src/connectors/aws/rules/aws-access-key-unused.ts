/** Active access keys not used for the configured number of days (or never, since at least that long). */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, daysBefore, finding, keyReferences, type AwsRuleInput } from './aws-rule-input.js';

export const awsAccessKeyUnused: FindingRule<AwsRuleInput> = {
  id: 'aws-access-key-unused',
  title: 'An active access key has not been used for a long time',
  severity: 'medium',
  rationale:
    'A long-term key nobody uses still works, without MFA, for whoever holds a copy; unused credentials are the easiest to leak unnoticed and the cheapest to remove.',
  remediation: 'Deactivate the key, wait for anything that breaks, then delete it; replace what still needs access with a role.',
  references: [...keyReferences, 'CIR 2024/2690 11.5.4'],
  evaluate({ tenant, users, settings, asOf }) {
    const limit = settings.unusedAfterDays;
    return users.flatMap(({ account, activeKeys }) =>
      activeKeys.flatMap((key) => {
        const since = key.lastUsed ?? key.lastRotated;
        if (since === undefined) return [];
        const days = daysBefore(asOf, since);
        if (days < limit) return [];
        const what = key.lastUsed ? `last used ${days} days ago (${key.lastUsed.slice(0, 10)})` : `never used since it was created ${days} days ago`;
        return [finding(this.id, this.severity, accountSubject(tenant, account), `Access key ${key.slot} of ${account.login} (${account.kind}) is active and ${what}; the limit is ${limit} days.`)];
      }),
    );
  },
};
