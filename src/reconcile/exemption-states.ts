/**
 * Matches gaps to register entries and gives each its state, as of the snapshot's creation time (never the
 * wall clock, so a re-analysis next year says what was true then). A gap is documented by a complete, unexpired
 * entry; an entry that names an account or person but matches no gap is stale.
 */
import type { ExceptionEntry, GapKind } from './exception-register.js';

export const exemptionStates = ['documented', 'expired', 'incomplete', 'quiet'] as const;
export type ExemptionState = (typeof exemptionStates)[number];

export const exceptionEntryStates = ['documented', 'expired', 'incomplete', 'stale'] as const;
export type ExceptionEntryState = (typeof exceptionEntryStates)[number];

/** What an entry says about itself, before matching: complete and in date, or why not. */
export interface EntryStanding {
  state: 'documented' | 'expired' | 'incomplete';
  reasons: string[];
}

const monitoringWords = /monitor|alert|siem|notif|watch/i;

export function entryStanding(entry: ExceptionEntry, asOf: Date): EntryStanding {
  const missing: string[] = [];
  if (!entry.riskOwner) missing.push('no risk owner');
  if (entry.compensatingControls.length === 0) missing.push('no compensating control');
  if (!entry.expires) missing.push('no review or expiry date');
  if (entry.gap === 'break-glass' && entry.compensatingControls.length > 0 && !entry.compensatingControls.some((control) => monitoringWords.test(control))) {
    missing.push('no monitoring among the controls of a break-glass account');
  }
  if (entry.expires && endOfDay(entry.expires) < asOf.getTime()) {
    return { state: 'expired', reasons: [`Expired on ${entry.expires} (as of ${asOf.toISOString()}).`, ...missing.map((what) => `Also ${what}.`)] };
  }
  if (missing.length > 0) return { state: 'incomplete', reasons: [`Incomplete: ${missing.join(', ')}.`] };
  return { state: 'documented', reasons: [`Documented until ${entry.expires}; risk owner ${entry.riskOwner}.`] };
}

/** The entry valid through the whole day it names, in UTC. */
function endOfDay(date: string): number {
  return new Date(`${date}T23:59:59.999Z`).getTime();
}

const preference: Record<EntryStanding['state'], number> = { documented: 0, incomplete: 1, expired: 2 };

export interface GapSubject {
  sourceId: string;
  login: string;
  /** The linked person's employee id and email, lower-cased, when linked. */
  personKeys: readonly string[];
}

/** Indexes entries by the account login or person key they name, for a lookup per gap. */
export class ExceptionMatcher {
  private readonly byAccount = new Map<string, ExceptionEntry[]>();
  private readonly byPerson = new Map<string, ExceptionEntry[]>();
  private readonly standings = new Map<string, EntryStanding>();
  readonly matched = new Map<string, number>();

  constructor(
    readonly entries: readonly ExceptionEntry[],
    asOf: Date,
  ) {
    for (const entry of entries) {
      const [index, key] = entry.account !== undefined ? [this.byAccount, entry.account.toLowerCase()] : [this.byPerson, (entry.person ?? '').toLowerCase()];
      const list = index.get(key) ?? [];
      list.push(entry);
      index.set(key, list);
      this.standings.set(entry.id, entryStanding(entry, asOf));
      this.matched.set(entry.id, 0);
    }
  }

  standingOf(entry: ExceptionEntry): EntryStanding {
    return this.standings.get(entry.id) ?? { state: 'incomplete', reasons: ['Not indexed.'] };
  }

  /** The best entry for a gap (documented over incomplete over expired; then by id), or undefined when quiet. */
  match(subject: GapSubject, kind: GapKind, evidence: readonly string[]): ExceptionEntry | undefined {
    const byAccount = this.byAccount.size > 0 ? this.byAccount.get(subject.login.toLowerCase()) : undefined;
    const byPerson = this.byPerson.size > 0 ? subject.personKeys.flatMap((key) => this.byPerson.get(key) ?? []) : [];
    if (!byAccount && byPerson.length === 0) return undefined;
    const candidates = [
      ...(byAccount ?? []).filter((entry) => entry.sourceId === undefined || entry.sourceId === subject.sourceId || subject.sourceId.startsWith(`${entry.sourceId}.`)),
      ...byPerson,
    ].filter((entry) => entry.gap === kind && policyMatches(entry, evidence));
    for (const entry of candidates) this.matched.set(entry.id, (this.matched.get(entry.id) ?? 0) + 1);
    return candidates.sort(
      (a, b) => preference[this.standingOf(a).state] - preference[this.standingOf(b).state] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )[0];
  }
}

/** A policy-exclusion entry documents the exclusion from the policy it names, not from any other. */
function policyMatches(entry: ExceptionEntry, evidence: readonly string[]): boolean {
  if (entry.gap !== 'policy-exclusion' || entry.policy === undefined) return true;
  const policy = entry.policy.toLowerCase();
  return evidence.some((line) => line.toLowerCase().includes(policy));
}
