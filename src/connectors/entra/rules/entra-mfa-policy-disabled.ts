/** A conditional-access policy that requires MFA but is switched off. */
import type { FindingRule } from '../../../model/finding.js';
import { requiresMfa } from '../evaluate-conditional-access.js';
import { finding, isInteractive, listLogins, mfaReferences, policySubject, type EntraRuleInput } from './entra-rule-input.js';

export const entraMfaPolicyDisabled: FindingRule<EntraRuleInput> = {
  id: 'entra-mfa-policy-disabled',
  title: 'A conditional-access policy requiring MFA is disabled',
  severity: 'low',
  rationale:
    'A disabled MFA policy is either a leftover that confuses reviews ("we have a policy for that") or protection someone switched off during an incident and never switched back on.',
  remediation: 'Switch the policy on if it is still meant to protect the accounts it names; otherwise delete it.',
  references: mfaReferences,
  evaluate({ tenant, conditionalAccess, assessments }) {
    if (!conditionalAccess.policies.readable) return [];
    return conditionalAccess.policies.value
      .filter((shape) => shape.state === 'disabled' && requiresMfa(shape))
      .map((shape) => {
        const exposed = assessments
          .filter((assessment) => isInteractive(assessment) && assessment.account.mfaEnforced.value !== 'yes')
          .filter((assessment) => assessment.evaluation?.notEnforced.some((match) => match.shape === shape))
          .map((assessment) => assessment.account.login);
        const who = exposed.length > 0 ? `; enabled, it would ask MFA of ${exposed.length} account(s) that have none enforced today: ${listLogins(exposed)}` : '';
        return finding(this.id, this.severity, policySubject(tenant, shape.policy), `'${shape.policy.displayName}' requires MFA but is disabled${who}.`);
      });
  },
};
