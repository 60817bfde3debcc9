/** Rules that remember a verified factor for more than twelve hours. */
import type { FindingRule } from '../../../model/finding.js';
import { factorLifetimeMinutes } from '../rule-requirement.js';
import { finding, mfaReferences, policySubject, type OktaRuleInput } from './okta-rule-input.js';

/** Beyond a working day, "remember this device" turns MFA into a weekly formality. */
export const maxFactorLifetimeMinutes = 12 * 60;

export const oktaLongFactorLifetime: FindingRule<OktaRuleInput> = {
  id: 'okta-long-factor-lifetime',
  title: 'A rule remembers a verified factor for more than 12 hours',
  severity: 'medium',
  rationale:
    'A long factor lifetime ("remember device", or a long re-authentication interval) lets a stolen session cookie or an unattended device sign in for days without a second factor; CIR 2024/2690 asks for authentication strength proportionate to the risk, re-checked.',
  remediation: 'Set the factor lifetime (or reauthenticateIn) to 12 hours or less; for administrators, ask for the factor on every sign-in.',
  references: [...mfaReferences, 'CIR 2024/2690 11.6.2(e)'],
  evaluate({ org }) {
    const layers = [org.signOnPolicies, org.accessPolicies];
    return layers.flatMap((layer) =>
      layer.readable
        ? layer.value.flatMap((entry) =>
            entry.policy.status !== 'ACTIVE'
              ? []
              : entry.rules.flatMap((rule) => {
                  const minutes = factorLifetimeMinutes(rule);
                  if (rule.status !== 'ACTIVE' || minutes <= maxFactorLifetimeMinutes) return [];
                  const hours = Math.round((minutes / 60) * 10) / 10;
                  return [
                    finding(this.id, this.severity, policySubject(org, entry.policy, rule), `Rule '${rule.name}' of policy '${entry.policy.name}' remembers a verified factor for ${hours} hours.`),
                  ];
                }),
          )
        : [],
    );
  },
};
