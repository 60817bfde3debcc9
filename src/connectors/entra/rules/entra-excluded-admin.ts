/**
 * Administrators excluded from an enabled MFA policy and left without MFA: either emergency-access (break-glass)
 * accounts, which must be documented and guarded, or an administrator quietly exempted.
 */
import type { FindingRule } from '../../../model/finding.js';
import { describeExclusion } from '../policy-audience.js';
import { accountSubject, finding, privilegedReferences, type EntraRuleInput } from './entra-rule-input.js';

export const entraExcludedAdmin: FindingRule<EntraRuleInput> = {
  id: 'entra-excluded-admin',
  title: 'An administrator is excluded from an MFA policy (break-glass or quiet exemption)',
  severity: 'high',
  rationale:
    'Microsoft recommends two emergency-access accounts excluded from conditional access, so a broken policy cannot lock everyone out. Each is then a Global Administrator without a policy-enforced second factor: acceptable only with a phishing-resistant method, a recorded exception, and an alert on every sign-in. Any other excluded administrator is a quiet exemption.',
  remediation:
    'For emergency-access accounts: register FIDO2 keys kept in a safe, record the exception (owner, reason, review date) and alert on every sign-in. For any other administrator: remove the exclusion.',
  references: privilegedReferences,
  evaluate({ tenant, assessments }) {
    return assessments.flatMap((assessment) => {
      const { account, evaluation } = assessment;
      if (!account.enabled || !account.privileged || !evaluation || account.mfaEnforced.value === 'yes') return [];
      const exclusions = evaluation.mfaExclusions.filter((exclusion) => exclusion.shape.state === 'enabled');
      if (exclusions.length === 0) return [];
      const roles = [...new Set(assessment.heldRoles.filter((role) => role.privileged).map((role) => role.displayName))].join(', ');
      const where = exclusions.map((exclusion) => `'${exclusion.shape.policy.displayName}' ${describeExclusion(exclusion.route)}`).join('; ');
      const methods = account.factors.length > 0 ? account.factors.map((factor) => factor.vendorType).join(', ') : 'no method registered';
      return [
        finding(this.id, this.severity, accountSubject(tenant, assessment), `${account.login} (${roles}) is excluded from ${where}, and no other policy enforces MFA for it (methods: ${methods}).`),
      ];
    });
  },
};
