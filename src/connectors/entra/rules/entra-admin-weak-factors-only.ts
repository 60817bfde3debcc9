/** Administrators whose only registered second factors can be intercepted or redirected: SMS, voice, email. */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, finding, adminStrengthReferences, type EntraRuleInput } from './entra-rule-input.js';

export const entraAdminWeakFactorsOnly: FindingRule<EntraRuleInput> = {
  id: 'entra-admin-weak-factors-only',
  title: 'An administrator has only SMS, voice or email methods',
  severity: 'high',
  rationale:
    'SMS and voice codes fall to SIM swaps and real-time phishing proxies, email codes to a compromised mailbox. A directory administrator protected only by them is one phishing page away from controlling the tenant.',
  remediation:
    'Register a phishing-resistant method for the administrator (FIDO2 key, Windows Hello for Business, passkey in Authenticator), remove the phone and email methods, and require the "Phishing-resistant MFA" authentication strength for administrator roles.',
  references: adminStrengthReferences,
  evaluate({ tenant, assessments }) {
    return assessments.flatMap((assessment) => {
      const { account } = assessment;
      if (!account.enabled || !account.privileged || account.factors.length === 0) return [];
      if (!account.factors.every((factor) => factor.strength === 'weak')) return [];
      const roles = assessment.heldRoles.filter((role) => role.privileged).map((role) => role.displayName);
      return [
        finding(
          this.id,
          this.severity,
          accountSubject(tenant, assessment),
          `${account.login} (${[...new Set(roles)].join(', ')}) can authenticate only with ${account.factors.map((factor) => factor.vendorType).join(', ')}.`,
        ),
      ];
    });
  },
};
