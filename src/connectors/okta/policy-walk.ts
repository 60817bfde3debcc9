/**
 * Okta's policy walk for one layer (global session or one app's authentication policy): the first active policy
 * whose people condition matches, then its first active rule whose conditions match. Okta denies a sign-in no
 * policy or rule matches. Where the scan cannot decide whether a rule matches (device, risk, platform, expression
 * conditions, unreadable group membership) the walk branches: one branch where the rule applies, one where the walk
 * goes on. Every branch is a path a real sign-in can take; the verdict needs all of them.
 */
import type { OktaPolicy, OktaPolicyRule, OktaUser } from './okta-payloads.js';
import type { PolicyWithRules } from './okta-org.js';
import { appSignOnRuleRequirement, signOnRuleRequirement, type RuleRequirement } from './rule-requirement.js';
import {
  isActive,
  matchAuthContext,
  matchNetwork,
  matchPeople,
  undecidableConditions,
  type GroupDirectory,
  type SignInContext,
  type SignInLocation,
} from './policy-conditions.js';

export type LayerKind = 'sign-on' | 'access';

export interface LayerBranch {
  policy: OktaPolicy | undefined;
  rule: OktaPolicyRule | undefined;
  requirement: RuleRequirement;
  /** Conditions under which this branch is taken (device, risk, …, or that an earlier conditional rule did not apply). */
  conditions: string[];
  /** Assumptions about data the scan could not read (group membership) that this branch depends on. */
  uncertain: string[];
}

export interface WalkInput {
  kind: LayerKind;
  policies: readonly PolicyWithRules[];
  user: OktaUser;
  location: SignInLocation;
  context: SignInContext;
  groups: GroupDirectory;
}

interface Carry {
  conditions: string[];
  uncertain: string[];
}

/** Bounds the branching on pathological policy sets; beyond it the rest of the walk is reported unknown. */
const maxBranches = 64;

export function walkLayer(input: WalkInput): LayerBranch[] {
  const branches: LayerBranch[] = [];
  const policies = input.policies.filter((entry) => isActive(entry.policy));
  walkPolicies(input, policies, 0, { conditions: [], uncertain: [] }, branches);
  return branches;
}

function walkPolicies(input: WalkInput, policies: readonly PolicyWithRules[], index: number, carry: Carry, out: LayerBranch[]): void {
  if (out.length >= maxBranches) {
    out.push(unknownBranch(undefined, carry, 'the policy walk has too many conditional branches to follow'));
    return;
  }
  const entry = policies[index];
  if (!entry) {
    out.push({ policy: undefined, rule: undefined, requirement: { kind: 'deny' }, conditions: [...carry.conditions, 'no policy applies'], uncertain: carry.uncertain });
    return;
  }
  // Authentication policies apply to their apps, not to people; global session policies are assigned to groups.
  const people = input.kind === 'sign-on' ? matchPeople(entry.policy.conditions?.people, input.user.id, input.groups) : { matches: 'yes' as const, reason: undefined };
  if (people.matches === 'no') {
    walkPolicies(input, policies, index + 1, carry, out);
    return;
  }
  if (people.matches === 'unknown') {
    const because = people.reason ?? 'group membership is unknown';
    walkRules(input, entry, { conditions: carry.conditions, uncertain: [...carry.uncertain, `policy '${entry.policy.name}' applies (${because})`] }, out);
    walkPolicies(input, policies, index + 1, { conditions: carry.conditions, uncertain: [...carry.uncertain, `policy '${entry.policy.name}' does not apply (${because})`] }, out);
    return;
  }
  walkRules(input, entry, carry, out);
}

function walkRules(input: WalkInput, entry: PolicyWithRules, start: Carry, out: LayerBranch[]): void {
  const { policy } = entry;
  if (entry.rulesUnreadable) {
    out.push(unknownBranch(policy, start, entry.rulesUnreadable));
    return;
  }
  const requirementOf = input.kind === 'sign-on' ? signOnRuleRequirement : appSignOnRuleRequirement;
  let carry = start;
  for (const rule of entry.rules) {
    if (!isActive(rule)) continue;
    const conditions = rule.conditions;
    if (!matchAuthContext(conditions, input.context)) continue;
    if (!matchNetwork(conditions?.network, input.location)) continue;
    const people = matchPeople(conditions?.people, input.user.id, input.groups);
    if (people.matches === 'no') continue;
    const undecidable = undecidableConditions(conditions, input.user);
    if (undecidable === 'never') continue;
    const requirement = requirementOf(rule);
    if (people.matches === 'yes' && undecidable === undefined) {
      out.push({ policy, rule, requirement, conditions: carry.conditions, uncertain: carry.uncertain });
      return;
    }
    if (out.length >= maxBranches) {
      out.push(unknownBranch(policy, carry, 'the policy walk has too many conditional branches to follow'));
      return;
    }
    const applies: Carry = { conditions: [...carry.conditions], uncertain: [...carry.uncertain] };
    const skips: Carry = { conditions: [...carry.conditions], uncertain: [...carry.uncertain] };
    if (undecidable !== undefined) {
      applies.conditions.push(`when ${undecidable}`);
      skips.conditions.push(`unless ${undecidable}`);
    }
    if (people.matches === 'unknown') {
      const because = people.reason ?? 'group membership is unknown';
      applies.uncertain.push(`rule '${rule.name}' applies (${because})`);
      skips.uncertain.push(`rule '${rule.name}' does not apply (${because})`);
    }
    out.push({ policy, rule, requirement, conditions: applies.conditions, uncertain: applies.uncertain });
    carry = skips;
  }
  out.push({ policy, rule: undefined, requirement: { kind: 'deny' }, conditions: [...carry.conditions, `no rule of policy '${policy.name}' matches`], uncertain: carry.uncertain });
}

function unknownBranch(policy: OktaPolicy | undefined, carry: Carry, detail: string): LayerBranch {
  return { policy, rule: undefined, requirement: { kind: 'unknown', detail }, conditions: carry.conditions, uncertain: carry.uncertain };
}
