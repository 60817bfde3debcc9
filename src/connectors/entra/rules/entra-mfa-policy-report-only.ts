/** A conditional-access policy that requires MFA but only reports what it would do. */
import type { FindingRule } from '../../../model/finding.js';
import { requiresMfa } from '../evaluate-conditional-access.js';
import { grantDetail } from '../policy-shape.js';
import { finding, isInteractive, listLogins, mfaReferences, policySubject, type EntraRuleInput } from './entra-rule-input.js';

export const entraMfaPolicyReportOnly: FindingRule<EntraRuleInput> = {
  id: 'entra-mfa-policy-report-only',
  title: 'A conditional-access policy requiring MFA is in report-only mode',
  severity: 'medium',
  rationale:
    'Report-only is meant for a short trial. A policy left in it looks like protection in the policy list while enforcing nothing: the accounts it names sign in without the second factor it describes.',
  remediation:
    'Review the policy\'s report-only results in the sign-in logs, then switch it to On. If it is no longer wanted, delete it so nobody mistakes it for protection.',
  references: mfaReferences,
  evaluate({ tenant, conditionalAccess, assessments }) {
    if (!conditionalAccess.policies.readable) return [];
    return conditionalAccess.policies.value
      .filter((shape) => shape.state === 'report-only' && requiresMfa(shape))
      .map((shape) => {
        const exposed = assessments
          .filter((assessment) => isInteractive(assessment) && assessment.account.mfaEnforced.value !== 'yes')
          .filter((assessment) => assessment.evaluation?.notEnforced.some((match) => match.shape === shape))
          .map((assessment) => assessment.account.login);
        const who = exposed.length > 0 ? `; ${exposed.length} enabled account(s) it names have no MFA enforced otherwise: ${listLogins(exposed)}` : '';
        return finding(this.id, this.severity, policySubject(tenant, shape.policy), `'${shape.policy.displayName}' ${grantDetail(shape.grant)} only in report-only mode${who}.`);
      });
  },
};
