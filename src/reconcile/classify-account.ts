/**
 * An account's class: who or what is behind it. Break-glass only when declared (a guess would hide an
 * emergency account's missing MFA behind a label); shared/generic from naming patterns, and only when the
 * directory does not know the account as one person's.
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

export function classifyAccount({ sourceId, account, person, directoryConfigured, breakGlass, sharedPatterns }: ClassifyInput): ClassDecision {
  if (isDeclaredBreakGlass(sourceId, account.login, breakGlass)) return { value: 'break-glass', reasons: ['Declared a break-glass account in the configuration (breakGlass).'] };
  if (account.kind === 'service') return { value: 'service', reasons: ['Non-interactive service account (as the connector classified it).'] };
  if (account.kind === 'root') return { value: 'shared', reasons: ["A cloud account's root user: a credential, not a person's account; declare it under breakGlass if it is one."] };
  if (account.kind === 'guest') return { value: 'guest', reasons: ['Guest (external) account in the identity provider.'] };
  if (person?.employmentType === 'contractor' || person?.employmentType === 'vendor') {
    return { value: 'contractor', reasons: [`Linked to ${person.id}, a ${person.employmentType} in the directory: third-party access.`] };
  }
  if (person?.employmentType === 'external') return { value: 'guest', reasons: [`Linked to ${person.id}, an external person in the directory.`] };
  const local = loginLocalPart(account.login);
  const pattern = sharedPatterns.find((candidate) => candidate.test(local));
  if (pattern && !person) {
    return {
      value: 'shared',
      reasons: [
        `Login matches the shared-account pattern ${pattern.source}${directoryConfigured ? ' and no person of the directory owns it' : ' (no directory configured to confirm)'}.`,
      ],
    };
  }
  return { value: 'human', reasons: [person ? `Linked to ${person.id}.` : 'A person\'s account (no directory link).'] };
}

export function isDeclaredBreakGlass(sourceId: string, login: string, breakGlass: readonly BreakGlassAccount[]): boolean {
  const lower = login.toLowerCase();
  return breakGlass.some(
    (entry) => entry.login.toLowerCase() === lower && (entry.sourceId === undefined || entry.sourceId === sourceId || sourceId.startsWith(`${entry.sourceId}.`)),
  );
}
