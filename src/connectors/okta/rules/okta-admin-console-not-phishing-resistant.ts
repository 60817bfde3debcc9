/** The Okta Admin Console reachable with a factor that can be phished. */
import type { FindingRule } from '../../../model/finding.js';
import { finding, policySubject, adminStrengthReferences, tenantSubject, type OktaRuleInput } from './okta-rule-input.js';

export const oktaAdminConsoleNotPhishingResistant: FindingRule<OktaRuleInput> = {
  id: 'okta-admin-console-not-phishing-resistant',
  title: 'The Admin Console does not require a phishing-resistant factor',
  severity: 'high',
  rationale:
    'Okta administrators are the target of real-time phishing kits that relay passwords, codes and pushes; only an origin-bound factor (FIDO2, FastPass) defeats them. Okta recommends phishing resistance for the Admin Console.',
  remediation:
    'In the Okta Admin Console authentication policy, require a possession factor with "phishing resistant" in every ALLOW rule; enrol administrators in FIDO2 keys or FastPass first.',
  references: adminStrengthReferences,
  evaluate({ org, assessments }) {
    if (!org.accessPolicies.readable || org.accessPolicies.value.length === 0) return [];
    const weak = new Map<string, { policy: { id: string; name: string }; rule: { id: string; name: string }; admins: Set<string> }>();
    let unknownPolicy: string | undefined;
    for (const assessment of assessments) {
      if (!assessment.account.enabled || !assessment.account.privileged) continue;
      for (const path of assessment.paths) {
        if (!path.app.adminConsole) continue;
        if (path.app.policyUnknown) unknownPolicy = path.app.policyUnknown;
        if ((path.outcome === 'mfa' && !path.phishingResistant) || path.outcome === 'single-factor') {
          const step = path.access;
          if (!step?.policyId || !step.policyName) continue;
          const key = `${step.policyId}/${step.ruleId ?? 'none'}`;
          const entry = weak.get(key) ?? { policy: { id: step.policyId, name: step.policyName }, rule: { id: step.ruleId ?? 'none', name: step.ruleName ?? '(no rule)' }, admins: new Set() };
          entry.admins.add(assessment.account.login);
          weak.set(key, entry);
        }
      }
    }
    const findings = [...weak.values()].map((entry) =>
      finding(
        this.id,
        this.severity,
        policySubject(org, entry.policy, entry.rule),
        `Rule '${entry.rule.name}' of the Admin Console policy '${entry.policy.name}' lets ${entry.admins.size} administrator(s) in without a phishing-resistant factor.`,
      ),
    );
    if (unknownPolicy && findings.length === 0) {
      findings.push(finding(this.id, this.severity, tenantSubject(org), `The Admin Console's authentication policy could not be determined (${unknownPolicy}); phishing resistance for administrators is unverified.`));
    }
    return findings;
  },
};
