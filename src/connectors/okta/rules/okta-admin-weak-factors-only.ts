/** Administrators whose only second factors can be intercepted or redirected: SMS, voice call, email. */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, finding, adminStrengthReferences, type OktaRuleInput } from './okta-rule-input.js';

export const oktaAdminWeakFactorsOnly: FindingRule<OktaRuleInput> = {
  id: 'okta-admin-weak-factors-only',
  title: 'An administrator has only SMS, voice or email factors',
  severity: 'high',
  rationale:
    'SMS and voice codes fall to SIM swaps and real-time phishing, email codes to a compromised mailbox; an Okta administrator protected only by them is one phishing page away from controlling every account in the org.',
  remediation:
    'Enrol the administrator in a phishing-resistant authenticator (FIDO2 security key, Okta Verify FastPass) and remove the SMS, voice and email factors; require phishing resistance for the Admin Console.',
  references: adminStrengthReferences,
  evaluate({ org, assessments }) {
    return assessments.flatMap((assessment) => {
      const { account } = assessment;
      if (!account.enabled || !account.privileged || account.factors.length === 0) return [];
      if (!account.factors.every((factor) => factor.strength === 'weak')) return [];
      return [
        finding(
          this.id,
          this.severity,
          accountSubject(org, assessment),
          `${account.login} (${account.roles.join(', ')}) can authenticate only with ${account.factors.map((factor) => factor.vendorType).join(', ')}.`,
        ),
      ];
    });
  },
};
