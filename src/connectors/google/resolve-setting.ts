/**
 * Which policy decides a setting for one user (or one org unit), following Google's precedence:
 * 1. a policy on a group the user belongs to wins over any org-unit policy (between groups, the higher
 *    `sortOrder` wins);
 * 2. otherwise the innermost org unit that sets the value itself: a child unit's own setting wins over what it
 *    would inherit from its parent;
 * 3. otherwise Google's default.
 * A policy that only might reach the user (a group whose members could not be read, a CEL query narrowed by
 * licences) is a possibility, not a decision: when possibilities disagree the setting is unknown, never guessed.
 */
import type { Readable } from './google-domain.js';
import type { OrgUnitNode } from './org-unit-tree.js';
import { settingDefaults, type AnyCloudPolicy, type CloudPolicy, type SettingKey, type SettingValues } from './policy-settings.js';

export type Applicability = 'yes' | 'no' | 'maybe';

/** Where the user (or unit) sits, as precedence needs it. */
export interface PolicyTarget {
  /** Its org unit and the unit's ancestors, innermost first; `missing` names a unit the listing lacks. */
  chain: { nodes: readonly OrgUnitNode[]; missing: string | undefined } | { unreadable: string };
  /** Whether a group reaches the target; `reason` says why it is only `maybe`. */
  inGroup(groupId: string): { applies: Applicability; reason?: string };
}

export interface PolicyLabels {
  orgUnit(id: string): string;
  group(id: string): string;
}

export type SettingOrigin =
  | { kind: 'group'; policy: string; groupId: string }
  | { kind: 'orgUnit'; policy: string; orgUnitId: string; inherited: boolean }
  | { kind: 'default' };

export type ResolvedSetting<V> =
  | { state: 'known'; value: V; origin: SettingOrigin; description: string }
  | { state: 'unknown'; cause: 'unreadable' | 'ambiguous'; reasons: string[] };

/** The policies of every setting, sorted for precedence once. */
export class PolicyIndex {
  private readonly groupPolicies = new Map<SettingKey, AnyCloudPolicy[]>();
  private readonly unitPolicies = new Map<string, AnyCloudPolicy[]>();

  constructor(readonly policies: readonly AnyCloudPolicy[]) {
    const bySortOrder = (a: AnyCloudPolicy, b: AnyCloudPolicy): number => b.sortOrder - a.sortOrder || a.name.localeCompare(b.name);
    for (const policy of policies) {
      if (policy.groupId !== undefined) push(this.groupPolicies, policy.key, policy);
      else if (policy.orgUnitId !== undefined) push(this.unitPolicies, `${policy.key} ${policy.orgUnitId}`, policy);
    }
    for (const list of [...this.groupPolicies.values(), ...this.unitPolicies.values()]) list.sort(bySortOrder);
  }

  groupPoliciesOf<K extends SettingKey>(key: K): CloudPolicy<K>[] {
    return (this.groupPolicies.get(key) ?? []) as CloudPolicy<K>[];
  }

  unitPoliciesOf<K extends SettingKey>(key: K, orgUnitId: string): CloudPolicy<K>[] {
    return (this.unitPolicies.get(`${key} ${orgUnitId}`) ?? []) as CloudPolicy<K>[];
  }
}

interface Possibility<V> {
  value: V | undefined;
  origin: SettingOrigin;
  description: string;
  /** Why this possibility is not certain to apply. */
  doubt: string | undefined;
}

export function resolveSetting<K extends SettingKey>(
  key: K,
  index: Readable<PolicyIndex>,
  target: PolicyTarget,
  labels: PolicyLabels,
): ResolvedSetting<SettingValues[K]> {
  if (!index.readable) return { state: 'unknown', cause: 'unreadable', reasons: [index.reason] };
  const possibilities: Possibility<SettingValues[K]>[] = [];

  for (const policy of index.value.groupPoliciesOf(key)) {
    const groupId = policy.groupId as string;
    const membership = target.inGroup(groupId);
    if (membership.applies === 'no') continue;
    const doubt = policy.conditional ? `policy ${policy.name} narrows its target with a condition the scanner cannot evaluate` : membership.reason;
    possibilities.push({
      value: policy.value,
      origin: { kind: 'group', policy: policy.name, groupId },
      description: `policy ${policy.name} on group ${labels.group(groupId)}`,
      doubt: membership.applies === 'maybe' || policy.conditional ? (doubt ?? 'membership undetermined') : undefined,
    });
    if (membership.applies === 'yes' && !policy.conditional) return settle(possibilities);
  }

  if ('unreadable' in target.chain) {
    return { state: 'unknown', cause: 'unreadable', reasons: [...doubts(possibilities), target.chain.unreadable] };
  }
  if (target.chain.missing !== undefined) {
    return {
      state: 'unknown',
      cause: 'unreadable',
      reasons: [...doubts(possibilities), `org unit ${target.chain.missing} is not in the org-unit listing, so the policies it inherits are unknown`],
    };
  }
  for (const [depth, unit] of target.chain.nodes.entries()) {
    for (const policy of index.value.unitPoliciesOf(key, unit.id)) {
      const inherited = depth > 0;
      possibilities.push({
        value: policy.value,
        origin: { kind: 'orgUnit', policy: policy.name, orgUnitId: unit.id, inherited },
        description: `policy ${policy.name} on OU ${labels.orgUnit(unit.id)}${inherited ? ' (inherited)' : ''}`,
        doubt: policy.conditional ? `policy ${policy.name} narrows its target with a condition the scanner cannot evaluate` : undefined,
      });
      if (!policy.conditional) return settle(possibilities);
    }
  }
  possibilities.push({ value: settingDefaults[key], origin: { kind: 'default' }, description: "Google's default (no policy sets it)", doubt: undefined });
  return settle(possibilities);
}

function settle<V>(possibilities: readonly Possibility<V>[]): ResolvedSetting<V> {
  const unreadable = possibilities.filter((possibility) => possibility.value === undefined);
  if (unreadable.length > 0) {
    return {
      state: 'unknown',
      cause: 'ambiguous',
      reasons: unreadable.map((possibility) => `${possibility.description} has a value the scanner cannot read`),
    };
  }
  const decisive = possibilities[possibilities.length - 1] as Possibility<V>;
  const first = JSON.stringify(decisive.value);
  if (possibilities.every((possibility) => JSON.stringify(possibility.value) === first)) {
    return { state: 'known', value: decisive.value as V, origin: decisive.origin, description: decisive.description };
  }
  return {
    state: 'unknown',
    cause: 'ambiguous',
    reasons: possibilities.map((possibility) =>
      possibility.doubt ? `${possibility.description} may apply (${possibility.doubt})` : `otherwise ${possibility.description} applies`,
    ),
  };
}

function doubts<V>(possibilities: readonly Possibility<V>[]): string[] {
  return possibilities.map((possibility) => `${possibility.description} may apply (${possibility.doubt ?? 'undetermined'})`);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
