/** Root users holding access keys. */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, finding, rootReferences, type AwsRuleInput } from './aws-rule-input.js';

export const awsRootAccessKeys: FindingRule<AwsRuleInput> = {
  id: 'aws-root-access-keys',
  title: 'The root user has access keys',
  severity: 'critical',
  rationale:
    'Root access keys carry every permission in the account, never ask for MFA and cannot be limited by IAM policies or permission boundaries; a leaked key is a full account takeover.',
  remediation: 'Delete the root access keys (Security credentials as root); give automation an IAM role with only the permissions it needs.',
  references: rootReferences,
  evaluate({ tenant, root }) {
    const { accessKeysPresent, keys } = root.facts;
    const present = accessKeysPresent.readable ? accessKeysPresent.value : keys.some((key) => key.active);
    if (!present) return [];
    return [finding(this.id, this.severity, accountSubject(tenant, root.account), `The root user of account ${tenant} has access keys, usable without MFA.`)];
  },
};
