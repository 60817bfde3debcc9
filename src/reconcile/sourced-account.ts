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

export function compare(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
