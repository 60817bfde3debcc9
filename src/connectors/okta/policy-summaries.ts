/** The report's "which policy covers whom": one summary per Okta policy, rules in evaluation order. */
import type { PolicySummary } from '../connector.js';
import type { OktaOrg, PolicyWithRules, Readable } from './okta-org.js';
import type { OktaPolicyRule } from './okta-payloads.js';
import { appSignOnRuleRequirement, signOnRuleRequirement, type RuleRequirement } from './rule-requirement.js';
import { groupName, type GroupDirectory } from './policy-conditions.js';

const layerLabels = { OKTA_SIGN_ON: 'Global session policy', ACCESS_POLICY: 'Authentication policy', MFA_ENROLL: 'Authenticator enrollment policy' } as const;

export function policySummaries(org: OktaOrg, groups: GroupDirectory): PolicySummary[] {
  const summaries: PolicySummary[] = [];
  const layer = (entries: Readable<PolicyWithRules[]>, requirementOf: ((rule: OktaPolicyRule) => RuleRequirement) | undefined): void => {
    if (!entries.readable) return;
    for (const entry of entries.value) {
      const { policy } = entry;
      const label = layerLabels[policy.type as keyof typeof layerLabels] ?? policy.type;
      const activeRules = entry.rules.filter((rule) => rule.status === 'ACTIVE');
      const requirements = requirementOf ? activeRules.map(requirementOf) : [];
      const requiresMfa =
        requirementOf !== undefined &&
        !entry.rulesUnreadable &&
        requirements.length > 0 &&
        requirements.every((requirement) => requirement.kind === 'mfa' || requirement.kind === 'deny') &&
        requirements.some((requirement) => requirement.kind === 'mfa');
      const scope: string[] = [];
      const assigned = policy.conditions?.people?.groups?.include;
      if (assigned && assigned.length > 0) scope.push(`Assigned to: ${assigned.map((id) => groupName(groups, id)).join(', ')}.`);
      if (policy.type === 'ACCESS_POLICY') {
        scope.push(entry.appsUnreadable ? `Apps: unknown (${entry.appsUnreadable}).` : `Apps: ${entry.apps.map((app) => app.label ?? app.name).join(', ') || 'none'}.`);
      }
      if (entry.rulesUnreadable) scope.push(`Rules unknown: ${entry.rulesUnreadable}.`);
      for (const rule of entry.rules) scope.push(describeRuleScope(rule, requirementOf, groups));
      summaries.push({ id: policy.id, name: `${label}: ${policy.name}`, state: policy.status, requiresMfa, scope });
    }
  };
  layer(org.signOnPolicies, signOnRuleRequirement);
  layer(org.accessPolicies, appSignOnRuleRequirement);
  layer(org.mfaEnrollPolicies, undefined);
  return summaries;
}

function describeRuleScope(rule: OktaPolicyRule, requirementOf: ((rule: OktaPolicyRule) => RuleRequirement) | undefined, groups: GroupDirectory): string {
  const conditions = rule.conditions;
  const parts: string[] = [];
  const people = conditions?.people;
  const list = (ids: readonly string[] | null | undefined, name: (id: string) => string): string => (ids ?? []).map(name).join(', ');
  const includes = [list(people?.users?.include, (id) => `user ${id}`), list(people?.groups?.include, (id) => groupName(groups, id))].filter(Boolean).join(', ');
  const excludes = [list(people?.users?.exclude, (id) => `user ${id}`), list(people?.groups?.exclude, (id) => groupName(groups, id))].filter(Boolean).join(', ');
  parts.push(includes ? `people: ${includes}` : 'people: everyone');
  if (excludes) parts.push(`except ${excludes}`);
  const network = conditions?.network;
  if (network?.connection && network.connection !== 'ANYWHERE') {
    const zones = [network.include?.length ? `in ${network.include.join(', ')}` : '', network.exclude?.length ? `not in ${network.exclude.join(', ')}` : ''].filter(Boolean).join(' ');
    parts.push(`network: ${network.connection}${zones ? ` ${zones}` : ''}`);
  }
  if (conditions?.authContext?.authType && conditions.authContext.authType !== 'ANY') parts.push(`clients: ${conditions.authContext.authType}`);
  const requirement = requirementOf?.(rule);
  const outcome = requirement ? (requirement.kind === 'deny' ? 'deny' : requirement.detail) : 'enrollment settings';
  const priority = rule.system ? 'catch-all' : `#${rule.priority ?? '?'}`;
  return `${priority} '${rule.name}'${rule.status === 'ACTIVE' ? '' : ` [${rule.status}]`}: ${parts.join('; ')} → ${outcome}`;
}
