/** MFA-enforcing deny policies written with a plain `Bool`, which long-term access keys slip past. */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, finding, mfaReferences, type AwsRuleInput } from './aws-rule-input.js';

export const awsMfaDenyMissesAccessKeys: FindingRule<AwsRuleInput> = {
  id: 'aws-mfa-deny-misses-access-keys',
  title: "An MFA-enforcing policy does not stop the user's access keys",
  severity: 'medium',
  rationale:
    'Requests signed with long-term access keys carry no aws:MultiFactorAuthPresent key, and a plain Bool condition does not match an absent key: the deny enforces MFA in the console while the keys keep working without it.',
  remediation:
    'Write the condition as BoolIfExists {"aws:MultiFactorAuthPresent": "false"} so absent MFA context is denied too, and have key users call sts:GetSessionToken with their MFA code.',
  references: mfaReferences,
  evaluate({ tenant, users }) {
    return users.flatMap(({ account, facts, activeKeys }) => {
      if (account.kind !== 'human' || activeKeys.length === 0 || !facts.authorization.readable) return [];
      const denies = facts.authorization.value.mfaDenies.filter((deny) => deny.broad);
      if (denies.some((deny) => deny.accessKeys)) return [];
      const bool = denies.find((deny) => deny.console);
      if (!bool) return [];
      return [
        finding(this.id, this.severity, accountSubject(tenant, account), `${bool.origin} (${bool.condition}) enforces MFA in the console, but ${account.login}'s ${activeKeys.length} active access key(s) still work without MFA.`),
      ];
    });
  },
};
