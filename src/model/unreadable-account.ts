/**
 * An account whose identity-provider object the analysis could not understand (a schema refused it): listed with
 * every verdict `unknown` and the reason naming the object, so it is neither lost nor counted as covered.
 */
import type { AssessedAccount } from './account.js';
import type { IdentityProviderId } from './identity-provider.js';

export interface UnreadableAccountInput {
  idp: IdentityProviderId;
  tenant: string;
  id: string;
  login: string;
  /** Why the object could not be understood, naming file, line and field. */
  problem: string;
}

export function unreadableAccount(input: UnreadableAccountInput): AssessedAccount {
  const reason = `The account's object could not be understood, so nothing about it is known: ${input.problem}.`;
  const unknown = { value: 'unknown' as const, reasons: [reason] };
  return {
    idp: input.idp,
    tenant: input.tenant,
    id: input.id,
    login: input.login,
    displayName: input.login,
    enabled: true,
    kind: 'unknown',
    privileged: false,
    roles: [],
    lastSignInAt: null,
    createdAt: null,
    factors: [],
    mfaRegistered: unknown,
    mfaEnforced: unknown,
    legacyAuth: unknown,
    covered: 'unknown',
    reasons: [reason],
  };
}
