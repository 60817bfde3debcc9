/** Active rules that ask for one factor only: authentication rules with factorMode 1FA; Classic sign-on rules without requireFactor. */
import type { FindingRule } from '../../../model/finding.js';
import { appSignOnRuleRequirement, signOnRuleRequirement } from '../rule-requirement.js';
import { finding, mfaReferences, policySubject, type OktaRuleInput } from './okta-rule-input.js';

export const oktaSingleFactorRule: FindingRule<OktaRuleInput> = {
  id: 'okta-single-factor-rule',
  title: 'An active policy rule allows sign-in with one factor',
  severity: 'medium',
  rationale:
    'A one-factor rule is a password path waiting for its conditions to match: whether it is reachable today depends on rule order, zones and group membership, all of which change without anyone revisiting the rule.',
  remediation:
    'Change the rule to factorMode 2FA (authentication policies) or requireFactor: true (Classic sign-on policies), or deny access in it; delete rules that no longer serve a purpose.',
  references: mfaReferences,
  evaluate({ org }) {
    const findings = [];
    // In Identity Engine orgs the global session rule may leave the factor to the app policy; only Classic orgs decide there.
    const classic = org.accessPolicies.readable && org.accessPolicies.value.length === 0;
    const layers = [
      { entries: org.accessPolicies, requirementOf: appSignOnRuleRequirement, applies: true },
      { entries: org.signOnPolicies, requirementOf: signOnRuleRequirement, applies: classic },
    ];
    for (const layer of layers) {
      if (!layer.applies || !layer.entries.readable) continue;
      for (const entry of layer.entries.value) {
        if (entry.policy.status !== 'ACTIVE') continue;
        for (const rule of entry.rules) {
          if (rule.status !== 'ACTIVE') continue;
          const requirement = layer.requirementOf(rule);
          if (requirement.kind !== 'single-factor') continue;
          findings.push(finding(this.id, this.severity, policySubject(org, entry.policy, rule), `Rule '${rule.name}' of policy '${entry.policy.name}' allows one factor (${requirement.detail}).`));
        }
      }
    }
    return findings;
  },
};
