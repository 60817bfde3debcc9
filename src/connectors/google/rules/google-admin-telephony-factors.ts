/** Administrators who may complete 2-step verification with an SMS or voice code. */
import type { FindingRule } from '../../../model/finding.js';
import { allowsTelephony, describeFactorSet } from '../policy-settings.js';
import { accountSubject, finding, signsInAtGoogle, strengthReferences, type GoogleRuleInput } from './google-rule-input.js';

export const googleAdminTelephonyFactors: FindingRule<GoogleRuleInput> = {
  id: 'google-admin-telephony-factors',
  title: 'An administrator is allowed SMS or voice codes as a second step',
  severity: 'high',
  rationale:
    'SMS and voice codes fall to SIM swaps, number porting and real-time phishing; an administrator who may use them is one intercepted code away from control over every account in the domain.',
  remediation:
    "Put administrators in an org unit or group whose 2-step verification methods are 'Only security key' (or at least 'Any except verification codes via text, phone call'), and enrol them in security keys or passkeys first.",
  references: strengthReferences,
  evaluate({ domain, assessments }) {
    return assessments.flatMap((assessment) => {
      const { account, settings } = assessment;
      if (!account.privileged || !signsInAtGoogle(assessment)) return [];
      if (settings.factors.state === 'unknown') {
        // Unreadable is not a pass: the administrator may well be allowed codes by text or call.
        return [
          finding(
            this.id,
            this.severity,
            accountSubject(domain, assessment),
            `${account.login} (${account.roles.join(', ') || 'administrator'}): whether SMS or voice codes are allowed could not be determined (${settings.factors.reasons.join('; ')}).`,
          ),
        ];
      }
      if (!allowsTelephony(settings.factors.value.allowedSignInFactorSet)) return [];
      return [
        finding(
          this.id,
          this.severity,
          accountSubject(domain, assessment),
          `${account.login} (${account.roles.join(', ') || 'administrator'}) may use ${describeFactorSet(settings.factors.value.allowedSignInFactorSet)}: ${settings.factors.description}.`,
        ),
      ];
    });
  },
};
