/** Okta Verify push accepted without a number challenge on every sign-in. */
import type { FindingRule } from '../../../model/finding.js';
import { finding, strengthReferences, tenantSubject, type OktaRuleInput } from './okta-rule-input.js';

export const oktaPushWithoutNumberChallenge: FindingRule<OktaRuleInput> = {
  id: 'okta-push-without-number-challenge',
  title: 'Okta Verify push is accepted without a number challenge',
  severity: 'medium',
  rationale:
    'Without a number challenge a push is a yes/no prompt: an attacker holding the password sends pushes until a tired user approves one (push fatigue), as in several public breaches.',
  remediation:
    'In Security > Authenticators > Okta Verify, set the number challenge for push to "All push challenges" (channelBinding.required: ALWAYS), or move users to FastPass.',
  references: strengthReferences,
  evaluate({ org, assessments }) {
    const pushUsers = assessments.filter(
      (assessment) => assessment.account.enabled && assessment.activeFactors.some((factor) => factor.factorType === 'push'),
    ).length;
    if (!org.authenticators.readable) {
      // Unreadable settings are not a pass, but without push enrolled there is nothing a setting could expose.
      if (pushUsers === 0) return [];
      return [
        finding(
          this.id,
          this.severity,
          tenantSubject(org),
          `Whether Okta Verify requires a number challenge could not be read (${org.authenticators.reason}); ${pushUsers} enabled account(s) have push enrolled.`,
        ),
      ];
    }
    const verify = org.authenticators.value.find((authenticator) => authenticator.key === 'okta_verify' && authenticator.status === 'ACTIVE');
    if (!verify) return [];
    const required = verify.settings?.channelBinding?.required ?? 'NEVER';
    if (required === 'ALWAYS') return [];
    return [
      finding(
        this.id,
        this.severity,
        tenantSubject(org),
        `Okta Verify's number challenge is ${required === 'HIGH_RISK_ONLY' ? 'required only for high-risk sign-ins' : 'not required'}; ${pushUsers} enabled account(s) have push enrolled.`,
      ),
    ];
  },
};
