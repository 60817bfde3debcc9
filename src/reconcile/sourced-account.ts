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
 * A new array in `compareSourcedAccounts` order. Sources are few, so accounts are grouped by source and each group
 * sorted through an index array over its ids read out once: connectors' accounts come in many object shapes, and
 * reading `account.id` inside the comparator was most of the time of sorting a million of them. Equal ids (which a
 * source should never list) keep their input order.
 */
export function sortSourcedAccounts(accounts: readonly SourcedAccount[]): SourcedAccount[] {
  const bySource = new Map<string, SourcedAccount[]>();
  for (const entry of accounts) {
    const group = bySource.get(entry.sourceId);
    if (group) group.push(entry);
    else bySource.set(entry.sourceId, [entry]);
  }
  const sorted: SourcedAccount[] = [];
  for (const sourceId of [...bySource.keys()].sort(compare)) {
    const group = bySource.get(sourceId) as SourcedAccount[];
    const ids = group.map((entry) => entry.account.id);
    const order = new Uint32Array(group.length);
    for (let position = 0; position < order.length; position += 1) order[position] = position;
    order.sort((a, b) => compare(ids[a] as string, ids[b] as string) || a - b);
    for (const position of order) sorted.push(group[position] as SourcedAccount);
  }
  return sorted;
}

export function compare(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
