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

export function correlateAccount(entry: SourcedAccount, index: PersonIndex, config: CorrelationConfig): IdentityLink {
  const candidates = candidatesOf(entry, index, config);
  const conflicts: string[] = [];
  let chosen: { person: Person; candidate: Candidate } | undefined;
  for (const candidate of candidates) {
    const distinct = unique(candidate.people);
    if (distinct.length > 1) {
      conflicts.push(`${candidate.key} names ${distinct.length} people (${distinct.map((person) => person.id).join(', ')}), so it links nobody`);
      continue;
    }
    const person = distinct[0];
    if (!person) continue;
    if (!chosen) chosen = { person, candidate };
    else if (chosen.person.id !== person.id) {
      conflicts.push(`${candidate.key} names ${person.id}, but ${chosen.candidate.key} names ${chosen.person.id}`);
    }
  }
  if (!chosen) {
    return { personId: null, method: null, detail: conflicts.length > 0 ? 'Only ambiguous keys matched.' : 'No key matched a person of the directory.', conflicts };
  }
  return { personId: chosen.person.id, method: chosen.candidate.method, detail: `${chosen.candidate.key} matches ${chosen.person.id}.`, conflicts };
}

function candidatesOf(entry: SourcedAccount, index: PersonIndex, config: CorrelationConfig): Candidate[] {
  const { account } = entry;
  const candidates: Candidate[] = [];
  const add = (method: LinkMethod, key: string, people: Person[] | undefined) => {
    if (people && people.length > 0) candidates.push({ method, key, people });
  };
  if (account.employeeId) add('employee-id', `employee id ${account.employeeId}`, index.byEmployeeId.get(account.employeeId.trim().toLowerCase()));

  const login = account.login.trim().toLowerCase();
  const addresses = [login, ...(account.aliases ?? []).map(normaliseAlias)].filter((address) => address !== '');
  for (const [position, address] of addresses.entries()) {
    const what = position === 0 ? `login ${address}` : `account alias ${address}`;
    add(position === 0 ? 'email' : 'alias', `${what} (roster email)`, index.byAddress.get(address));
    add('alias', `${what} (roster alias)`, index.byAlias.get(address));
  }
  for (const address of addresses) {
    const mapped = withAliasedDomain(address, config.domainAliases);
    if (mapped === undefined) continue;
    add('domain-alias', `${address} as ${mapped}`, [...(index.byAddress.get(mapped) ?? []), ...(index.byAlias.get(mapped) ?? [])]);
  }
  config.rules.forEach((rule, position) => {
    if (!ruleApplies(rule, entry)) return;
    const pattern = new RegExp(rule.loginPattern, 'i');
    if (!pattern.test(account.login)) return;
    const value = account.login.replace(pattern, rule.value).trim().toLowerCase();
    const people = rule.key === 'employeeId' ? index.byEmployeeId.get(value) : [...(index.byAddress.get(value) ?? []), ...(index.byAlias.get(value) ?? [])];
    add('rule', `correlation rule ${position + 1} (${rule.key} ${value})`, people);
  });
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

function withAliasedDomain(address: string, domainAliases: Readonly<Record<string, string>>): string | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0) return undefined;
  const domain = address.slice(at + 1);
  for (const [from, to] of Object.entries(domainAliases)) {
    if (from.toLowerCase() === domain) return `${address.slice(0, at)}@${to.toLowerCase()}`;
  }
  return undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique(people: readonly Person[]): Person[] {
  const seen = new Map<string, Person>();
  for (const person of people) if (!seen.has(person.id)) seen.set(person.id, person);
  return [...seen.values()];
}
