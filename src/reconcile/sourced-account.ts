/** An assessed account with the source it was read from: the unit reconcile works on. */
import type { AssessedAccount } from '../model/account.js';

export interface SourcedAccount {
  sourceId: string;
  account: AssessedAccount;
}

/** Unique within a report: a source never lists one account id twice. */
export function accountKey(sourceId: string, accountId: string): string {
  return `${sourceId}\u0000${accountId}`;
}

/** The part of a login before `@`, lower-cased; the whole login when it has none (an IAM user name). */
export function loginLocalPart(login: string): string {
  const at = login.indexOf('@');
  return (at < 0 ? login : login.slice(0, at)).toLowerCase();
}

/** Stable order whatever order the connectors listed accounts in. */
export function compareSourcedAccounts(a: SourcedAccount, b: SourcedAccount): number {
  return compare(a.sourceId, b.sourceId) || compare(a.account.id, b.account.id);
}

/**
 * A new array in `compareSourcedAccounts` order. Sources are few, so accounts are grouped by source and each
 * group's ids sorted by the engine's own string order (the default sort, which compares UTF-16 code units exactly
 * as `compare` does) without a JavaScript comparator: a comparator call per comparison was most of the time of
 * sorting a million accounts.
 */
export function sortSourcedAccounts(accounts: readonly SourcedAccount[]): SourcedAccount[] {
  const bySource = new Map<string, Map<string, SourcedAccount[]>>();
  for (const entry of accounts) {
    let byId = bySource.get(entry.sourceId);
    if (!byId) bySource.set(entry.sourceId, (byId = new Map()));
    const same = byId.get(entry.account.id);
    if (same) same.push(entry);
    else byId.set(entry.account.id, [entry]);
  }
  const sorted: SourcedAccount[] = [];
  for (const sourceId of [...bySource.keys()].sort()) {
    const byId = bySource.get(sourceId) as Map<string, SourcedAccount[]>;
    for (const id of [...byId.keys()].sort()) for (const entry of byId.get(id) as SourcedAccount[]) sorted.push(entry);
  }
  return sorted;
}

export function compare(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
