/**
 * Where an account is carved out of a rule that would demand a second factor of it: listed in the rule's user
 * exclusions, or a member of an excluded group. The exclusion only matters when it leaves a password path, which
 * the finding rule checks against the account's verdict.
 */
import type { OktaUser } from './okta-payloads.js';
import type { OktaOrg, PolicyWithRules } from './okta-org.js';
import { appSignOnRuleRequirement, signOnRuleRequirement } from './rule-requirement.js';
import { isActive, matchPeople, type GroupDirectory } from './policy-conditions.js';
import type { AppTarget } from './sign-in-paths.js';

export interface MfaExclusion {
  policyId: string;
  policyName: string;
  ruleId: string;
  ruleName: string;
  /** `user`, or the excluded group's name. */
  by: { kind: 'user' } | { kind: 'group'; groupName: string };
}

export function mfaExclusions(user: OktaUser, org: OktaOrg, apps: readonly AppTarget[], groups: GroupDirectory): MfaExclusion[] {
  const exclusions: MfaExclusion[] = [];
  const scan = (entries: readonly PolicyWithRules[], kind: 'sign-on' | 'access'): void => {
    for (const entry of entries) {
      if (!isActive(entry.policy)) continue;
      for (const rule of entry.rules) {
        if (!isActive(rule)) continue;
        const requirement = kind === 'sign-on' ? signOnRuleRequirement(rule) : appSignOnRuleRequirement(rule);
        if (requirement.kind !== 'mfa') continue;
        const people = matchPeople(rule.conditions?.people, user.id, groups);
        if (people.excludedBy && people.included === 'yes') {
          exclusions.push({
            policyId: entry.policy.id,
            policyName: entry.policy.name,
            ruleId: rule.id,
            ruleName: rule.name,
            by: people.excludedBy.kind === 'user' ? { kind: 'user' } : { kind: 'group', groupName: people.excludedBy.groupName },
          });
        }
      }
    }
  };
  if (org.signOnPolicies.readable) {
    const applicable = org.signOnPolicies.value.filter((entry) => matchPeople(entry.policy.conditions?.people, user.id, groups).matches !== 'no');
    scan(applicable, 'sign-on');
  }
  const seen = new Set<string>();
  const appPolicies = apps.flatMap((app) => (app.policy && app.reach !== 'no' && !seen.has(app.policy.policy.id) && seen.add(app.policy.policy.id) ? [app.policy] : []));
  scan(appPolicies, 'access');
  return exclusions;
}
