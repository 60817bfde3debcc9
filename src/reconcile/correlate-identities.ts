/**
 * Links accounts to people. Every key is tried (employee id, login as email/UPN, the person's aliases, the
 * account's own aliases, domain aliases, configured rules), so that a key naming someone else is caught as a
 * conflict instead of silently losing to the first match. The strongest key wins: an employee id outranks an
 * address, an address outranks a rule. A key that two people share links nobody and is reported.
 * Case-insensitive throughout; independent of input order (people and rules are indexed, not scanned).
 */
import type { Person } from './person.js';
import type { CorrelationConfig, CorrelationRule } from './reconcile-config.js';
import { compare, type SourcedAccount } from './sourced-account.js';

export const linkMethods = ['directory-account', 'employee-id', 'email', 'alias', 'domain-alias', 'rule'] as const;
export type LinkMethod = (typeof linkMethods)[number];

export interface IdentityLink {
  personId: string | null;
  method: LinkMethod | null;
  /** How the link was made, or why none was: names the key and its value. */
  detail: string;
  /** Keys that named a different person, or several people; empty when the account's keys agree. */
  conflicts: string[];
}

export interface PersonIndex {
  byId: ReadonlyMap<string, Person>;
  byEmployeeId: ReadonlyMap<string, Person[]>;
  byAddress: ReadonlyMap<string, Person[]>;
  byAlias: ReadonlyMap<string, Person[]>;
}

export function indexPeople(people: readonly Person[]): PersonIndex {
  const byId = new Map<string, Person>();
  const byEmployeeId = new Map<string, Person[]>();
  const byAddress = new Map<string, Person[]>();
  const byAlias = new Map<string, Person[]>();
  const sorted = [...people].sort((a, b) => compare(a.id, b.id));
  for (const person of sorted) {
    byId.set(person.id, person);
    if (person.employeeId) push(byEmployeeId, person.employeeId.toLowerCase(), person);
    if (person.email) push(byAddress, person.email.toLowerCase(), person);
    for (const alias of person.aliases) push(byAlias, alias.toLowerCase(), person);
  }
  return { byId, byEmployeeId, byAddress, byAlias };
}

interface Candidate {
  method: LinkMethod;
  key: string;
  people: Person[];
}

/** The correlation settings made ready once per run: patterns compiled, domain aliases lower-cased. */
export interface CompiledCorrelation {
  rules: ReadonlyArray<{ rule: CorrelationRule; pattern: RegExp; label: string }>;
  domainAliases: ReadonlyMap<string, string>;
  /** `@domain` of every aliased domain. */
  aliasedSuffixes: readonly string[];
}

export function compileCorrelation(config: CorrelationConfig): CompiledCorrelation {
  const domainAliases = new Map<string, string>();
  for (const [from, to] of Object.entries(config.domainAliases)) {
    const key = from.toLowerCase();
    if (!domainAliases.has(key)) domainAliases.set(key, to.toLowerCase());
  }
  return {
    rules: config.rules.map((rule, position) => ({ rule, pattern: new RegExp(rule.loginPattern, 'i'), label: `correlation rule ${position + 1}` })),
    domainAliases,
    aliasedSuffixes: [...domainAliases.keys()].map((domain) => `@${domain}`),
  };
}

/**
 * Shared by every link without conflicts; frozen so that no caller can add to all of them at once. (A link's
 * detail is joined rather than templated: `join` gives one flat string, a template a tree of its pieces.)
 */
const noConflicts: string[] = Object.freeze([]) as unknown as string[];

export function correlateAccount(entry: SourcedAccount, index: PersonIndex, correlation: CompiledCorrelation): IdentityLink {
  const candidates = candidatesOf(entry, index, correlation);
  let conflicts: string[] | undefined;
  let chosen: { person: Person; candidate: Candidate } | undefined;
  for (const candidate of candidates) {
    const distinct = unique(candidate.people);
    if (distinct.length > 1) {
      (conflicts ??= []).push(`${candidate.key} names ${distinct.length} people (${distinct.map((person) => person.id).join(', ')}), so it links nobody`);
      continue;
    }
    const person = distinct[0];
    if (!person) continue;
    if (!chosen) chosen = { person, candidate };
    else if (chosen.person.id !== person.id) {
      (conflicts ??= []).push(`${candidate.key} names ${person.id}, but ${chosen.candidate.key} names ${chosen.person.id}`);
    }
  }
  if (!chosen) {
    return { personId: null, method: null, detail: conflicts ? 'Only ambiguous keys matched.' : 'No key matched a person of the directory.', conflicts: conflicts ?? noConflicts };
  }
  return { personId: chosen.person.id, method: chosen.candidate.method, detail: [chosen.candidate.key, ' matches ', chosen.person.id, '.'].join(''), conflicts: conflicts ?? noConflicts };
}

/**
 * Every key of the account that names someone, strongest first. Most lookups miss, so a candidate's label is
 * only written once its lookup has found people.
 */
function candidatesOf(entry: SourcedAccount, index: PersonIndex, correlation: CompiledCorrelation): Candidate[] {
  const { account } = entry;
  const candidates: Candidate[] = [];
  if (account.employeeId) {
    const people = index.byEmployeeId.get(account.employeeId.trim().toLowerCase());
    if (people) candidates.push({ method: 'employee-id', key: `employee id ${account.employeeId}`, people });
  }

  const login = account.login.trim().toLowerCase();
  const addresses = account.aliases && account.aliases.length > 0 ? [login, ...account.aliases.map(normaliseAlias)].filter((address) => address !== '') : login === '' ? [] : [login];
  const aliasesKnown = index.byAlias.size > 0;
  for (let position = 0; position < addresses.length; position += 1) {
    const address = addresses[position] as string;
    const what = position === 0 ? 'login' : 'account alias';
    const byEmail = index.byAddress.get(address);
    if (byEmail) candidates.push({ method: position === 0 ? 'email' : 'alias', key: `${what} ${address} (roster email)`, people: byEmail });
    const byAlias = aliasesKnown ? index.byAlias.get(address) : undefined;
    if (byAlias) candidates.push({ method: 'alias', key: `${what} ${address} (roster alias)`, people: byAlias });
  }
  if (correlation.domainAliases.size > 0) {
    for (const address of addresses) {
      const mapped = withAliasedDomain(address, correlation);
      if (mapped === undefined) continue;
      const people = [...(index.byAddress.get(mapped) ?? []), ...(index.byAlias.get(mapped) ?? [])];
      if (people.length > 0) candidates.push({ method: 'domain-alias', key: `${address} as ${mapped}`, people });
    }
  }
  for (const { rule, pattern, label } of correlation.rules) {
    if (!ruleApplies(rule, entry) || !pattern.test(account.login)) continue;
    const value = account.login.replace(pattern, rule.value).trim().toLowerCase();
    const people = rule.key === 'employeeId' ? index.byEmployeeId.get(value) : [...(index.byAddress.get(value) ?? []), ...(index.byAlias.get(value) ?? [])];
    if (people && people.length > 0) candidates.push({ method: 'rule', key: `${label} (${rule.key} ${value})`, people });
  }
  return candidates;
}

function ruleApplies(rule: CorrelationRule, entry: SourcedAccount): boolean {
  if (rule.sourceId !== undefined && rule.sourceId !== entry.sourceId && !entry.sourceId.startsWith(`${rule.sourceId}.`)) return false;
  return rule.idp === undefined || rule.idp === entry.account.idp;
}

/** Entra proxy addresses carry a protocol prefix (`SMTP:` primary, `smtp:` secondary). */
function normaliseAlias(alias: string): string {
  return alias.trim().replace(/^smtp:/i, '').toLowerCase();
}

/** The address with its domain replaced by the one it aliases; checked by suffix first, so most addresses allocate nothing. */
function withAliasedDomain(address: string, { domainAliases, aliasedSuffixes }: CompiledCorrelation): string | undefined {
  if (!aliasedSuffixes.some((suffix) => address.endsWith(suffix))) return undefined;
  const at = address.lastIndexOf('@');
  if (at < 0) return undefined;
  const to = domainAliases.get(address.slice(at + 1));
  return to === undefined ? undefined : `${address.slice(0, at)}@${to}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique(people: Person[]): Person[] {
  if (people.length < 2) return people;
  const seen = new Map<string, Person>();
  for (const person of people) if (!seen.has(person.id)) seen.set(person.id, person);
  return [...seen.values()];
}
