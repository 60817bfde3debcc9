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

/**
 * The tier rules made ready once per run (names lower-cased into sets, patterns compiled). Decisions with the same
 * tier and reason are one shared object: a million accounts fall into a handful of them.
 */
export function compileTiers(config: TiersConfig): (input: TierInput) => TierDecision {
  const rules = config.rules.map((rule, position) => ({ position, tier: rule.tier, match: compileRule(rule) }));
  const decisions = new Map<Tier, Map<string, TierDecision>>(([1, 2, 3] as const).map((tier) => [tier, new Map()]));
  const decide = (value: Tier, reason: string): TierDecision => {
    const byReason = decisions.get(value) as Map<string, TierDecision>;
    let decision = byReason.get(reason);
    if (!decision) {
      decision = { value, reasons: [reason] };
      byReason.set(reason, decision);
    }
    return decision;
  };
  const fallback = decide(config.default, `No tier rule matched: the default tier ${config.default}.`);
  return (input) => {
    if (input.account.privileged) {
      const roles = input.account.roles.length > 0 ? `: ${input.account.roles.join(', ')}` : '';
      return decide(1, `Privileged${roles} (privileged accounts are always tier 1).`);
    }
    for (const rule of rules) {
      const matched = rule.match(input);
      if (matched !== undefined) return decide(rule.tier, `Tier rule ${rule.position + 1}: ${matched}.`);
    }
    return fallback;
  };
}

export function assignTier(input: TierInput, config: TiersConfig): TierDecision {
  return compileTiers(config)(input);
}

/** What matched, or undefined when any condition fails. */
function compileRule(rule: TierRule): (input: TierInput) => string | undefined {
  const lower = (values: readonly string[] | undefined) => (values ? new Set(values.map((value) => value.toLowerCase())) : undefined);
  const roles = lower(rule.roles);
  const departments = lower(rule.departments);
  const patterns = rule.loginPatterns?.map((pattern) => ({ pattern, regExp: new RegExp(pattern, 'i') }));
  return ({ sourceId, account, accountClass, person }) => {
    const matched: string[] = [];
    if (roles) {
      const role = account.roles.find((candidate) => roles.has(candidate.toLowerCase()));
      if (!role) return undefined;
      matched.push(`role ${role}`);
    }
    if (departments) {
      const department = person?.department;
      if (!department || !departments.has(department.toLowerCase())) return undefined;
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
    if (patterns) {
      const found = patterns.find(({ regExp }) => regExp.test(account.login));
      if (found === undefined) return undefined;
      matched.push(`login matches ${found.pattern}`);
    }
    return matched.join(', ');
  };
}
