/** Super administrators whose second step is not restricted to passkeys and security keys. */
import type { FindingRule } from '../../../model/finding.js';
import { describeFactorSet, isPasskeyOnly } from '../policy-settings.js';
import { accountSubject, finding, strengthReferences, type GoogleRuleInput } from './google-rule-input.js';

export const googleSuperAdminNotPasskeyOnly: FindingRule<GoogleRuleInput> = {
  id: 'google-super-admin-not-passkey-only',
  title: 'A super administrator is not restricted to passkeys or security keys',
  severity: 'high',
  rationale:
    'Super administrators always sign in at Google, whatever SSO the domain uses, and can change every setting; only passkeys and security keys (FIDO2) bind the sign-in to google.com, so codes and prompts can be phished in real time.',
  remediation:
    "Move super administrators to an org unit or group whose allowed 2-step verification methods are 'Only security key' (passkeys and security keys), after enrolling at least two keys for each.",
  references: strengthReferences,
  evaluate({ domain, assessments }) {
    return assessments.flatMap((assessment) => {
      const { account, settings } = assessment;
      if (!assessment.superAdmin || !account.enabled) return [];
      if (settings.factors.state === 'unknown') {
        return [
          finding(
            this.id,
            this.severity,
            accountSubject(domain, assessment),
            `Super administrator ${account.login}: whether sign-in is restricted to passkeys and security keys could not be determined (${settings.factors.reasons.join('; ')}).`,
          ),
        ];
      }
      if (isPasskeyOnly(settings.factors.value.allowedSignInFactorSet)) return [];
      return [
        finding(
          this.id,
          this.severity,
          accountSubject(domain, assessment),
          `Super administrator ${account.login} may sign in with ${describeFactorSet(settings.factors.value.allowedSignInFactorSet)} (${settings.factors.description}).`,
        ),
      ];
    });
  },
};
