/**
 * An account's class: who or what is behind it. Break-glass only when declared (a guess would hide an
 * emergency account's missing MFA behind a label); a cloud account's root user is its own class (not a shared
 * account: it needs no register entry to justify it, its MFA, keys and use are judged by their own findings);
 * shared/generic from naming patterns, and only when the directory does not know the account as one person's.
 */
import type { AssessedAccount } from '../model/account.js';
import type { Person } from './person.js';
import type { AccountClass, BreakGlassAccount } from './reconcile-config.js';
import { loginLocalPart } from './sourced-account.js';

export interface ClassDecision {
  value: AccountClass;
  reasons: string[];
}

export interface ClassifyInput {
  sourceId: string;
  account: AssessedAccount;
  person: Person | undefined;
  directoryConfigured: boolean;
  breakGlass: readonly BreakGlassAccount[];
  sharedPatterns: readonly RegExp[];
}

export function classifyAccount(input: ClassifyInput): ClassDecision {
  return compileClassifier(input)(input);
}

/**
 * The classifier for one run. Reasons name the rule that decided, not the person (the link names the person), so
 * the decisions are a handful of shared objects however many accounts there are.
 */
export function compileClassifier({
  directoryConfigured,
  breakGlass,
  sharedPatterns,
}: Pick<ClassifyInput, 'directoryConfigured' | 'breakGlass' | 'sharedPatterns'>): (input: Pick<ClassifyInput, 'sourceId' | 'account' | 'person'>) => ClassDecision {
  const decisions = new Map<string, ClassDecision>();
  const decide = (value: AccountClass, reason: string): ClassDecision => {
    const key = `${value}\u0000${reason}`;
    let decision = decisions.get(key);
    if (!decision) {
      decision = { value, reasons: [reason] };
      decisions.set(key, decision);
    }
    return decision;
  };
  const declared = new Map<string, BreakGlassAccount[]>();
  for (const entry of breakGlass) {
    const key = entry.login.toLowerCase();
    declared.set(key, [...(declared.get(key) ?? []), entry]);
  }
  return ({ sourceId, account, person }) => {
    const candidates = declared.size > 0 ? declared.get(account.login.toLowerCase()) : undefined;
    if (candidates && isDeclaredBreakGlass(sourceId, account.login, candidates)) return decide('break-glass', 'Declared a break-glass account in the configuration (breakGlass).');
    if (account.kind === 'service') return decide('service', 'Non-interactive service account (as the connector classified it).');
    if (account.kind === 'root') {
      return decide('root', "A cloud account's root user: no person's daily account, best left unused with hardware MFA and no access keys; judged by its own findings.");
    }
    if (account.kind === 'guest') return decide('guest', 'Guest (external) account in the identity provider.');
    if (person?.employmentType === 'contractor' || person?.employmentType === 'vendor') {
      return decide('contractor', `Linked to a ${person.employmentType} of the directory: third-party access.`);
    }
    if (person?.employmentType === 'external') return decide('guest', 'Linked to an external person of the directory.');
    if (!person) {
      const local = loginLocalPart(account.login);
      const pattern = sharedPatterns.find((candidate) => candidate.test(local));
      if (pattern) {
        return decide(
          'shared',
          `Login matches the shared-account pattern ${pattern.source}${directoryConfigured ? ' and no person of the directory owns it' : ' (no directory configured to confirm)'}.`,
        );
      }
    }
    return decide('human', person ? 'Linked to a person of the directory.' : "A person's account (no directory link).");
  };
}

export function isDeclaredBreakGlass(sourceId: string, login: string, breakGlass: readonly BreakGlassAccount[]): boolean {
  const lower = login.toLowerCase();
  return breakGlass.some(
    (entry) => entry.login.toLowerCase() === lower && (entry.sourceId === undefined || entry.sourceId === sourceId || sourceId.startsWith(`${entry.sourceId}.`)),
  );
}
