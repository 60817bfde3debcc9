/** Rules that let accounts sign in with a password alone, from the network zones and to the apps named. */
import type { FindingRule } from '../../../model/finding.js';
import { describeLocation, type SignInPath } from '../sign-in-paths.js';
import { finding, mfaReferences, policySubject, type OktaRuleInput } from './okta-rule-input.js';

interface Offender {
  policy: { id: string; name: string };
  rule: { id: string; name: string };
  accounts: Set<string>;
  where: Set<string>;
  apps: Set<string>;
}

/** The rule that let the password through: the app layer's when it had one, else the global session rule. */
function decidingRule(path: SignInPath): { policy: { id: string; name: string }; rule: { id: string; name: string } } | undefined {
  const step = path.access && path.access.policyId ? path.access : path.signOn;
  if (!step.policyId || !step.policyName) return undefined;
  return { policy: { id: step.policyId, name: step.policyName }, rule: { id: step.ruleId ?? 'none', name: step.ruleName ?? '(no rule)' } };
}

export const oktaPasswordOnlyPath: FindingRule<OktaRuleInput> = {
  id: 'okta-password-only-path',
  title: 'A policy rule lets accounts sign in with a password alone',
  severity: 'high',
  rationale:
    'Whoever phishes or guesses the password of an account on such a path signs in without a second factor. Trusted office zones are the usual cause: a network location is not a factor, and an attacker on the network, a compromised device or a VPN exit in the zone inherits the exemption.',
  remediation:
    'Require two factors (factorMode 2FA) in the authentication policy rule, or require a factor in the global session rule; if a zone must be treated differently, make it stricter, not weaker. Re-scan and check the affected accounts report mfaEnforced: yes.',
  references: mfaReferences,
  evaluate({ org, assessments }) {
    const offenders = new Map<string, Offender>();
    for (const assessment of assessments) {
      if (!assessment.account.enabled) continue;
      for (const path of assessment.paths) {
        if (path.outcome !== 'single-factor') continue;
        const deciding = decidingRule(path);
        if (!deciding) continue;
        const key = `${deciding.policy.id}/${deciding.rule.id}`;
        const offender = offenders.get(key) ?? { ...deciding, accounts: new Set(), where: new Set(), apps: new Set() };
        offender.accounts.add(assessment.account.login);
        offender.where.add(describeLocation(path.location));
        offender.apps.add(path.app.label);
        offenders.set(key, offender);
      }
    }
    return [...offenders.values()].map((offender) =>
      finding(
        this.id,
        this.severity,
        policySubject(org, offender.policy, offender.rule),
        `Rule '${offender.rule.name}' of policy '${offender.policy.name}' lets ${offender.accounts.size} account(s) sign in with a password alone ${[...offender.where].sort().join(', ')} to ${[...offender.apps].sort().join(', ')}.`,
      ),
    );
  },
};
