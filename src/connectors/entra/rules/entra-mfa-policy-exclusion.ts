/**
 * Users and groups carved out of an enabled MFA policy and left with no MFA enforced otherwise: the quiet
 * exemptions nobody recorded. Administrators are reported by entra-excluded-admin instead.
 */
import type { Finding, FindingRule, FindingSubject } from '../../../model/finding.js';
import { describeExclusion } from '../policy-audience.js';
import { accountSubject, finding, groupSubject, isInteractive, listLogins, mfaReferences, policySubject, type EntraRuleInput } from './entra-rule-input.js';

interface Exempted {
  subject: FindingSubject;
  policy: string;
  route: string;
  logins: Set<string>;
}

export const entraMfaPolicyExclusion: FindingRule<EntraRuleInput> = {
  id: 'entra-mfa-policy-exclusion',
  title: 'A user or group is excluded from an MFA policy and has no MFA enforced otherwise',
  severity: 'high',
  rationale:
    'Exclusions added for an onboarding, a broken phone or a pilot are rarely removed. The excluded accounts sign in with a password alone while the policy list still reads "Require MFA for all users": a quiet exemption with no owner and no expiry.',
  remediation:
    'Remove the group or user from the policy\'s exclusions. If an exception is truly needed, record it in the exception register with an owner, a reason and an expiry, and cover the accounts with another MFA policy (e.g. one requiring a compliant device AND MFA).',
  references: mfaReferences,
  evaluate({ tenant, assessments }) {
    const exempted = new Map<string, Exempted>();
    for (const assessment of assessments) {
      const { account, evaluation } = assessment;
      if (!isInteractive(assessment) || assessment.privileged === 'yes' || !evaluation || account.mfaEnforced.value === 'yes') continue;
      for (const exclusion of evaluation.mfaExclusions) {
        if (exclusion.shape.state !== 'enabled') continue;
        const { route } = exclusion;
        const policy = exclusion.shape.policy;
        const subject =
          route.kind === 'group'
            ? groupSubject(tenant, route.groupId, route.label)
            : route.kind === 'user'
              ? accountSubject(tenant, assessment)
              : policySubject(tenant, policy);
        const key = `${policy.id}|${subject.type}|${subject.id}|${describeExclusion(route)}`;
        const entry = exempted.get(key) ?? { subject, policy: policy.displayName, route: describeExclusion(route), logins: new Set<string>() };
        entry.logins.add(account.login);
        exempted.set(key, entry);
      }
    }
    return [...exempted.values()].map((entry): Finding => {
      const message =
        entry.subject.type === 'account'
          ? `${entry.subject.name} is excluded by name from '${entry.policy}' and has no MFA enforced otherwise.`
          : entry.subject.type === 'group'
            ? `${capitalise(entry.subject.name)} is excluded from '${entry.policy}'; ${entry.logins.size} enabled account(s) in it have no MFA enforced otherwise: ${listLogins(entry.logins)}.`
            : `'${entry.policy}' excludes accounts ${entry.route}; ${entry.logins.size} enabled account(s) so excluded have no MFA enforced otherwise: ${listLogins(entry.logins)}.`;
      return finding(this.id, this.severity, entry.subject, message);
    });
  },
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
