/** Root users whose MFA is a virtual (phone app) device rather than a hardware token or FIDO key. */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, finding, rootReferences, type AwsRuleInput } from './aws-rule-input.js';

export const awsRootVirtualMfa: FindingRule<AwsRuleInput> = {
  id: 'aws-root-virtual-mfa',
  title: 'The root user relies on a virtual MFA device',
  severity: 'high',
  rationale:
    'A virtual MFA app lives on a phone that is lost, replaced or shared, and its codes can be phished; CIS asks for hardware MFA on root, and a FIDO security key also binds the sign-in to the AWS sign-in page.',
  remediation: 'Assign a FIDO security key (or a hardware TOTP token) to the root user, then remove the virtual device.',
  references: rootReferences,
  evaluate({ tenant, root }) {
    const { mfaEnabled, virtualMfa } = root.facts;
    if (!mfaEnabled.readable || !mfaEnabled.value || !virtualMfa.readable || !virtualMfa.value) return [];
    return [
      finding(
        this.id,
        this.severity,
        accountSubject(tenant, root.account),
        `The root user of account ${tenant} has a virtual MFA device; no hardware or FIDO device can be confirmed (IAM cannot list root's other devices).`,
      ),
    ];
  },
};
