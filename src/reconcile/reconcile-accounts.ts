/**
 * Reconcile: a pure function of (accounts and findings of every source, the directory, the exception register,
 * the configuration, the snapshot's creation time). Links accounts to people, classifies and tiers them, checks
 * each tier's method policy, follows federation, derives each account's gaps and their exemption states, judges
 * the register's entries, places the organisation on the maturity scale and runs the reconcile finding rules.
 * Inputs are sorted first, so the result does not depend on the order connectors listed anything in.
 */
import type { AnalysisSettings } from '../connectors/connector.js';
import type { Coverage, Verdict } from '../model/account.js';
import type { Finding } from '../model/finding.js';
import { compileTiers } from './assign-tier.js';
import { classGapEvidence, deriveGaps, type DerivedGap } from './account-gaps.js';
import { compileClassifier } from './classify-account.js';
import { compileCorrelation, correlateAccount, indexPeople, type CompiledCorrelation, type IdentityLink } from './correlate-identities.js';
import type { ExceptionRegister } from './exception-register.js';
import { ExceptionMatcher } from './exemption-states.js';
import { assessMaturity } from './maturity-level.js';
import { compileMethodPolicy, type MethodPolicyValue } from './method-policy.js';
import type { Directory, Person } from './person.js';
import { reconcileFindingRules } from './reconcile-finding-rules.js';
import type { ReconcileConfig } from './reconcile-config.js';
import type { AccountGap, ExceptionOutcome, ReconciledAccount, ReconciledPerson, Reconciliation } from './reconciliation.js';
import { flatString } from './flat-string.js';
import { compare, sortSourcedAccounts, type SourcedAccount } from './sourced-account.js';

export interface ReconcileInput {
  /** The snapshot's creation time: expiry dates and leavers are judged against it, never the wall clock. */
  asOf: Date;
  settings: AnalysisSettings;
  accounts: readonly SourcedAccount[];
  /** The connectors' findings: account findings add evidence (and gaps) to their account. */
  findings: readonly Finding[];
  directory: Directory | null;
  register: ExceptionRegister | null;
  config: ReconcileConfig;
  /**
   * Sources that failed (no account list): any person may have accounts there, so nobody can be called covered or
   * not applicable; those people are `unknown`, naming the sources. A person with an account not covered stays `no`.
   */
  unreadSources?: readonly string[];
}

export function reconcile(input: ReconcileInput): Reconciliation {
  const { config, asOf } = input;
  // The indexes and maps of the account passes (people index, federation maps, person keys) live only inside
  // accountOutcomes, so that the collector can take them back while the people and the findings are built.
  const { people, reconciled, exceptions } = accountOutcomes(input);
  const reconciledPeople = personOutcomes(people, reconciled, asOf, input.unreadSources ?? []);
  const partial = {
    asOf: asOf.toISOString(),
    directory: directorySummary(input.directory, people.length),
    register: input.register ? { file: input.register.file, entries: input.register.entries.length } : null,
    accounts: reconciled,
    people: reconciledPeople,
    exceptions,
    findings: [] as Finding[],
    maturity: assessMaturity(reconciled),
  };
  const ruleInput = { asOf, settings: input.settings, config, directoryConfigured: input.directory !== null, registerConfigured: input.register !== null, reconciliation: partial };
  const findings: Finding[] = [];
  for (const rule of reconcileFindingRules) for (const finding of rule.evaluate(ruleInput)) findings.push(finding);
  return { ...partial, findings };
}

/** Links, classes, tiers, method policy, federation, gaps and the register's outcomes: everything per account. */
function accountOutcomes(input: ReconcileInput): { people: Person[]; reconciled: ReconciledAccount[]; exceptions: ExceptionOutcome[] } {
  const { config, asOf } = input;
  const accounts = sortSourcedAccounts(input.accounts);
  const people = peopleOf(input.directory, accounts);
  const index = indexPeople(people);
  const directoryConfigured = input.directory !== null;
  const findingsByAccount = accountFindings(input.findings);
  // Settings compiled once: a million accounts must not compile a pattern, or build a reason, a million times.
  const correlation = compileCorrelation(config.correlation);
  const classify = compileClassifier({
    directoryConfigured,
    breakGlass: config.breakGlass,
    sharedPatterns: config.correlation.sharedAccountPatterns.map((pattern) => new RegExp(pattern, 'i')),
  });
  const tierOf = compileTiers(config.tiers);
  const methodPolicyOf = compileMethodPolicy(config.methodPolicy);

  // Pass 1: links, classes, tiers. Each account's result object is made here and completed in pass 2, with its
  // person kept beside it, so that a million accounts need no intermediate objects.
  const persons: Array<Person | undefined> = [];
  const reconciled: ReconciledAccount[] = accounts.map((entry) => {
    const { sourceId, account } = entry;
    const link = linkOf(entry, input.directory, index, correlation);
    const person = link?.personId ? index.byId.get(link.personId) : undefined;
    persons.push(person);
    const accountClass = classify({ sourceId, account, person });
    const tier = tierOf({ sourceId, account, accountClass: accountClass.value, person });
    return { sourceId, account, link, accountClass, tier, methodPolicy: pending, effectiveCovered: pending as Verdict<Coverage>, gaps: noGaps };
  });

  // Pass 2: federation needs every account's person first; only the sources others delegate to are indexed.
  const targets = new Set(Object.values(config.federation).map((federation) => federation.delegatesTo));
  const byPersonAndSource = new Map<string, Map<string, ReconciledAccount[]>>();
  const byLoginAndSource = new Map<string, Map<string, ReconciledAccount[]>>();
  for (const target of targets) {
    byPersonAndSource.set(target, new Map());
    byLoginAndSource.set(target, new Map());
  }
  reconciled.forEach((entry, position) => {
    const byPerson = byPersonAndSource.get(entry.sourceId);
    if (!byPerson) return;
    const person = persons[position];
    if (person) pushTo(byPerson, person.id, entry);
    pushTo(byLoginAndSource.get(entry.sourceId) as Map<string, ReconciledAccount[]>, entry.account.login.toLowerCase(), entry);
  });

  const delegates = new Map<string, string | undefined>();
  const delegateOf = (sourceId: string) => {
    if (!delegates.has(sourceId)) delegates.set(sourceId, federationTarget(sourceId, config));
    return delegates.get(sourceId);
  };
  const matcher = new ExceptionMatcher([...(input.register?.entries ?? [])].sort((a, b) => compare(a.id, b.id)), asOf);
  const exceptionReasons = new Map<string, string[]>();
  const personKeysOf = new Map<Person, string[]>();
  reconciled.forEach((entry, position) => {
    const person = persons[position];
    const federated = effectiveCoverage(entry, person, delegateOf, byPersonAndSource, byLoginAndSource);
    const effectiveCovered = federated.verdict;
    const policyAccount = federated.via ?? entry.account;
    const methodPolicy = methodPolicyOf(policyAccount, effectiveCovered.value, entry.tier.value);
    const derived = deriveGaps({
      account: entry.account,
      accountClass: entry.accountClass.value,
      covered: effectiveCovered.value,
      methodPolicy,
      accountFindings: findingsByAccount.get(entry.account.idp)?.get(entry.account.tenant)?.get(entry.account.id) ?? noFindings,
    });
    let gaps = noGaps;
    if (derived.length > 0) {
      const personKeys = person ? keysOf(person, personKeysOf) : noKeys;
      // `map`, not `push`: an array grown by push keeps room for 17 entries, most accounts have one or two gaps.
      gaps = derived.map((gap): AccountGap => {
        const exception = matcher.match({ sourceId: entry.sourceId, login: entry.account.login, personKeys }, gap.kind, gap.evidence);
        if (!exception) return quietGap(gap);
        const standing = matcher.standingOf(exception);
        let reasons = exceptionReasons.get(exception.id);
        if (!reasons) {
          reasons = [`${exception.id} (${exception.origin}): ${standing.reasons.join(' ')}`];
          exceptionReasons.set(exception.id, reasons);
        }
        return { kind: gap.kind, state: standing.state, exceptionId: exception.id, evidence: gap.evidence, reasons };
      });
    }
    entry.methodPolicy = methodPolicy;
    entry.effectiveCovered = effectiveCovered;
    entry.gaps = gaps;
  });

  const exceptions: ExceptionOutcome[] = matcher.entries.map((entry) => {
    const gaps = matcher.matched.get(entry.id) ?? 0;
    if (gaps === 0) {
      return { entry, state: 'stale', gaps, reasons: [`Matches no ${entry.gap} gap of ${entry.account !== undefined ? `an account ${entry.account}` : `person ${entry.person ?? ''}`} in this scan.`] };
    }
    const standing = matcher.standingOf(entry);
    return { entry, state: standing.state, gaps, reasons: standing.reasons };
  });
  return { people, reconciled, exceptions };
}

/** Shared and frozen: most accounts have no connector finding, no gap documented, no person key. */
const noFindings: readonly Finding[] = Object.freeze([]);
const noKeys: readonly string[] = Object.freeze([]);
const noGaps: AccountGap[] = Object.freeze([]) as unknown as AccountGap[];
/** Stands for the verdicts pass 2 fills in; never left in a result. */
const pending: Verdict<MethodPolicyValue> = Object.freeze({ value: 'n/a', reasons: Object.freeze(['Not evaluated yet.']) as unknown as string[] });
const quietReasons: string[] = Object.freeze(['No register entry names this gap.']) as unknown as string[];
/** A quiet gap whose evidence is a class's shared sentence (shared, service, break-glass) is one frozen gap per class. */
const sharedQuietGaps: ReadonlyMap<readonly string[], AccountGap> = new Map(
  [...classGapEvidence].map(([kind, evidence]) => [evidence, Object.freeze({ kind, state: 'quiet', exceptionId: null, evidence: evidence as string[], reasons: quietReasons }) as AccountGap]),
);

function quietGap(gap: DerivedGap): AccountGap {
  const shared = sharedQuietGaps.get(gap.evidence);
  return shared?.kind === gap.kind ? shared : { kind: gap.kind, state: 'quiet', exceptionId: null, evidence: gap.evidence, reasons: quietReasons };
}

/** A person's employee id and email, lower-cased: what a register entry's `person` names. */
function keysOf(person: Person, cache: Map<Person, string[]>): string[] {
  let keys = cache.get(person);
  if (!keys) {
    keys = [person.employeeId, person.email].filter((key): key is string => !!key).map((key) => key.toLowerCase());
    cache.set(person, keys);
  }
  return keys;
}

function peopleOf(directory: Directory | null, accounts: readonly SourcedAccount[]): Person[] {
  if (!directory) return [];
  if (directory.kind === 'roster') return [...directory.people];
  const seen = new Set<string>();
  const people: Person[] = [];
  for (const { sourceId, account } of accounts) {
    if (sourceId !== directory.sourceId) continue;
    const id = seen.has(account.login.toLowerCase()) ? `${account.login.toLowerCase()}#${account.id}` : account.login.toLowerCase();
    seen.add(id);
    people.push({
      id,
      employeeId: account.employeeId ?? null,
      email: account.login.includes('@') ? account.login.toLowerCase() : null,
      name: account.displayName,
      status: account.enabled ? 'active' : 'terminated',
      startDate: null,
      terminationDate: null,
      employmentType: account.kind === 'guest' ? 'external' : 'employee',
      department: null,
      manager: null,
      aliases: (account.aliases ?? []).map((alias) => alias.replace(/^smtp:/i, '').toLowerCase()),
      origin: `source ${sourceId} account ${account.id}`,
    });
  }
  return people;
}

function linkOf(entry: SourcedAccount, directory: Directory | null, index: ReturnType<typeof indexPeople>, correlation: CompiledCorrelation): IdentityLink | null {
  if (!directory) return null;
  if (directory.kind === 'source' && entry.sourceId === directory.sourceId) {
    const login = entry.account.login.toLowerCase();
    const id = index.byId.has(`${login}#${entry.account.id}`) ? `${login}#${entry.account.id}` : login;
    return { personId: id, method: 'directory-account', detail: `The directory's own account (source ${directory.sourceId}).`, conflicts: [] };
  }
  return correlateAccount(entry, index, correlation);
}

function effectiveCoverage(
  entry: ReconciledAccount,
  person: Person | undefined,
  delegateOf: (sourceId: string) => string | undefined,
  byPersonAndSource: ReadonlyMap<string, ReadonlyMap<string, readonly ReconciledAccount[]>>,
  byLoginAndSource: ReadonlyMap<string, ReadonlyMap<string, readonly ReconciledAccount[]>>,
): { verdict: Verdict<Coverage>; via?: ReconciledAccount['account'] } {
  const own: Verdict<Coverage> = { value: entry.account.covered, reasons: entry.account.reasons };
  const delegate = delegateOf(entry.sourceId);
  if (!delegate || entry.account.mfaEnforced.value !== 'delegated' || entry.account.covered === 'n/a') return { verdict: own };
  const candidates = person ? (byPersonAndSource.get(delegate)?.get(person.id) ?? []) : (byLoginAndSource.get(delegate)?.get(entry.account.login.toLowerCase()) ?? []);
  const interactive = candidates.filter((candidate) => candidate.account.covered !== 'n/a');
  const via = weakest(interactive);
  if (!via) {
    const who = person ? `person ${person.id}` : `login ${entry.account.login}`;
    return { verdict: { value: 'unknown', reasons: [flatString(`Sign-in is delegated to ${delegate}, where ${who} has no enabled interactive account: whoever authenticates it is unknown.`)] } };
  }
  return {
    verdict: {
      value: via.account.covered,
      reasons: [flatString(`Sign-in is delegated to ${delegate}: ${via.account.login} there is ${coverageWords[via.account.covered]}.`), ...via.account.reasons],
    },
    via: via.account,
  };
}

const coverageWords: Record<Coverage, string> = { yes: 'covered', no: 'not covered', unknown: 'of unknown coverage', 'n/a': 'not applicable' };

function federationTarget(sourceId: string, config: ReconcileConfig): string | undefined {
  const direct = config.federation[sourceId];
  if (direct) return direct.delegatesTo;
  const parent = Object.keys(config.federation).find((id) => sourceId.startsWith(`${id}.`));
  return parent ? config.federation[parent]?.delegatesTo : undefined;
}

const coverageRank: Record<Coverage, number> = { no: 0, unknown: 1, yes: 2, 'n/a': 3 };

function weakest<T extends SourcedAccount>(entries: readonly T[]): T | undefined {
  let result: T | undefined;
  for (const entry of entries) {
    if (!result || coverageRank[entry.account.covered] < coverageRank[result.account.covered]) result = entry;
  }
  return result;
}

function personOutcomes(people: readonly Person[], accounts: readonly ReconciledAccount[], asOf: Date, unreadSources: readonly string[]): ReconciledPerson[] {
  const unread =
    unreadSources.length === 0
      ? undefined
      : [`Source${unreadSources.length === 1 ? '' : 's'} ${[...unreadSources].sort().join(', ')} failed: this person's accounts there, if any, could not be read.`];
  const byPerson = new Map<string, ReconciledAccount[]>();
  for (const entry of accounts) if (entry.link?.personId) pushTo(byPerson, entry.link.personId, entry);
  // The sentences most people share are one array each.
  const sentences = new Map<string, string[]>();
  const sentence = (text: string) => {
    let reasons = sentences.get(text);
    if (!reasons) sentences.set(text, (reasons = [text]));
    return reasons;
  };
  return [...people]
    .sort((a, b) => compare(a.id, b.id))
    .map((person) => {
      const own = byPerson.get(person.id) ?? [];
      const interactive = own.filter((entry) => entry.effectiveCovered.value !== 'n/a');
      let covered: Coverage = 'n/a';
      let reasons = sentence(own.length === 0 ? 'No account in any scanned source.' : 'No enabled interactive account.');
      if (interactive.length > 0) {
        const worst = interactive.reduce((a, b) => (coverageRank[b.effectiveCovered.value] < coverageRank[a.effectiveCovered.value] ? b : a));
        covered = worst.effectiveCovered.value;
        reasons =
          covered === 'yes'
            ? sentence(`All ${interactive.length} interactive account${interactive.length === 1 ? ' is' : 's are'} covered.`)
            : interactive
                .filter((entry) => entry.effectiveCovered.value === covered)
                .map((entry) => flatString(`${entry.sourceId} ${entry.account.login} is ${coverageWords[covered]}: the weakest account decides.`));
      }
      // Fail closed: an unread source may hold this person's uncovered account.
      if (unread && (covered === 'yes' || covered === 'n/a')) {
        covered = 'unknown';
        reasons = [...unread, ...reasons];
      }
      let tier: 1 | 2 | 3 | null = null;
      for (const entry of own) if (tier === null || entry.tier.value < tier) tier = entry.tier.value;
      return {
        person,
        accounts: own.map((entry) => ({ sourceId: entry.sourceId, id: entry.account.id, login: entry.account.login })),
        covered,
        reasons,
        tier,
        leaver: isLeaver(person, asOf),
      };
    });
}

/** Terminated in the directory, or past a termination date as of the snapshot. */
export function isLeaver(person: Person, asOf: Date): boolean {
  if (person.status === 'terminated') return true;
  if (!person.terminationDate) return false;
  const date = person.terminationDate.length === 10 ? `${person.terminationDate}T23:59:59.999Z` : person.terminationDate;
  return new Date(date).getTime() < asOf.getTime();
}

function directorySummary(directory: Directory | null, people: number): Reconciliation['directory'] {
  if (!directory) return null;
  return directory.kind === 'roster' ? { kind: 'roster', name: directory.file, people } : { kind: 'source', name: directory.sourceId, people };
}

/** Account findings by identity provider, tenant and account id: looked up per account without building a key. */
function accountFindings(findings: readonly Finding[]): Map<string, Map<string, Map<string, Finding[]>>> {
  const byIdp = new Map<string, Map<string, Map<string, Finding[]>>>();
  for (const finding of findings) {
    if (finding.subject.type !== 'account') continue;
    const { idp, tenant, id } = finding.subject;
    let byTenant = byIdp.get(idp);
    if (!byTenant) byIdp.set(idp, (byTenant = new Map()));
    let byId = byTenant.get(tenant);
    if (!byId) byTenant.set(tenant, (byId = new Map()));
    pushTo(byId, id, finding);
  }
  for (const byTenant of byIdp.values()) {
    for (const byId of byTenant.values()) for (const list of byId.values()) list.sort((a, b) => compare(a.ruleId, b.ruleId) || compare(a.message, b.message));
  }
  return byIdp;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
