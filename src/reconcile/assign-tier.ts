/** An account's tier: 1 privileged/remote/admin, 2 all staff, 3 proportional. Privileged is always tier 1. */
import type { AssessedAccount } from '../model/account.js';
import type { Person } from './person.js';
import type { AccountClass, Tier, TierRule, TiersConfig } from './reconcile-config.js';

export interface TierDecision {
  value: Tier;
  reasons: string[];
}

export interface TierInput {
  sourceId: string;
  account: AssessedAccount;
  accountClass: AccountClass;
  person: Person | undefined;
}

export function assignTier(input: TierInput, config: TiersConfig): TierDecision {
  if (input.account.privileged) {
    const roles = input.account.roles.length > 0 ? `: ${input.account.roles.join(', ')}` : '';
    return { value: 1, reasons: [`Privileged${roles} (privileged accounts are always tier 1).`] };
  }
  for (const [position, rule] of config.rules.entries()) {
    const matched = ruleMatches(rule, input);
    if (matched) return { value: rule.tier, reasons: [`Tier rule ${position + 1}: ${matched}.`] };
  }
  return { value: config.default, reasons: [`No tier rule matched: the default tier ${config.default}.`] };
}

/** What matched, or undefined when any condition fails. */
function ruleMatches(rule: TierRule, { sourceId, account, accountClass, person }: TierInput): string | undefined {
  const matched: string[] = [];
  const lower = (values: readonly string[]) => new Set(values.map((value) => value.toLowerCase()));
  if (rule.roles) {
    const wanted = lower(rule.roles);
    const role = account.roles.find((candidate) => wanted.has(candidate.toLowerCase()));
    if (!role) return undefined;
    matched.push(`role ${role}`);
  }
  if (rule.departments) {
    const department = person?.department;
    if (!department || !lower(rule.departments).has(department.toLowerCase())) return undefined;
    matched.push(`department ${department}`);
  }
  if (rule.sourceIds) {
    if (!rule.sourceIds.some((id) => id === sourceId || sourceId.startsWith(`${id}.`))) return undefined;
    matched.push(`source ${sourceId}`);
  }
  if (rule.classes) {
    if (!rule.classes.includes(accountClass)) return undefined;
    matched.push(`class ${accountClass}`);
  }
  if (rule.employmentTypes) {
    if (!person || !rule.employmentTypes.includes(person.employmentType)) return undefined;
    matched.push(`employment type ${person.employmentType}`);
  }
  if (rule.loginPatterns) {
    const pattern = rule.loginPatterns.find((candidate) => new RegExp(candidate, 'i').test(account.login));
    if (pattern === undefined) return undefined;
    matched.push(`login matches ${pattern}`);
  }
  return matched.join(', ');
}
