/** Administrators whose only MFA is a virtual device. */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, finding, adminStrengthReferences, type AwsRuleInput } from './aws-rule-input.js';

export const awsAdminVirtualMfaOnly: FindingRule<AwsRuleInput> = {
  id: 'aws-admin-virtual-mfa-only',
  title: 'An administrator has only a virtual MFA device',
  severity: 'high',
  rationale:
    'Codes from a virtual MFA app can be phished in real time; administrators (AdministratorAccess, IAMFullAccess, "*" on "*") can change everything, so their second factor should be phishing-resistant.',
  remediation: 'Register a FIDO security key for the administrator (IAM allows up to eight devices per user), then remove the virtual device.',
  references: adminStrengthReferences,
  evaluate({ tenant, users }) {
    return users.flatMap(({ account, facts, adminVia }) => {
      if (!account.privileged || !account.enabled || account.kind === 'service') return [];
      const kinds = new Set(facts.devices.kinds);
      if (kinds.size !== 1 || !kinds.has('virtual')) return [];
      return [
        finding(
          this.id,
          this.severity,
          accountSubject(tenant, account),
          `Administrator ${account.login} (${adminVia.join('; ')}) has only a virtual MFA device${facts.devices.complete ? '' : ' (its other devices could not be listed)'}.`,
        ),
      ];
    });
  },
};
