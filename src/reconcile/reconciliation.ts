/** The reconciled model: accounts with their person, class, tier, method policy and gaps; people; the register. */
import type { AssessedAccount, Coverage, Verdict } from '../model/account.js';
import type { Finding } from '../model/finding.js';
import type { ClassDecision } from './classify-account.js';
import type { IdentityLink } from './correlate-identities.js';
import type { ExceptionEntry, GapKind } from './exception-register.js';
import type { ExceptionEntryState, ExemptionState } from './exemption-states.js';
import type { MaturityAssessment } from './maturity-level.js';
import type { MethodPolicyValue } from './method-policy.js';
import type { Person } from './person.js';
import type { TierDecision } from './assign-tier.js';

export interface AccountGap {
  kind: GapKind;
  state: ExemptionState;
  /** The register entry that decided the state; null when quiet. */
  exceptionId: string | null;
  evidence: string[];
  /** Why the state: the entry's standing, or that no entry names this gap. */
  reasons: string[];
}

export interface ReconciledAccount {
  sourceId: string;
  account: AssessedAccount;
  /** Null when no directory is configured or no key matched. */
  link: IdentityLink | null;
  accountClass: ClassDecision;
  tier: TierDecision;
  methodPolicy: Verdict<MethodPolicyValue>;
  /**
   * Coverage after federation: the account's own `covered`, or, for a sign-in delegated to another source, that
   * of the account there which authenticates it.
   */
  effectiveCovered: Verdict<Coverage>;
  gaps: AccountGap[];
}

export interface PersonAccountRef {
  sourceId: string;
  id: string;
  login: string;
}

export interface ReconciledPerson {
  person: Person;
  accounts: PersonAccountRef[];
  /** The weakest coverage of the person's interactive accounts; n/a when they have none. */
  covered: Coverage;
  reasons: string[];
  /** The strictest tier of their accounts; null without accounts. */
  tier: 1 | 2 | 3 | null;
  leaver: boolean;
}

export interface ExceptionOutcome {
  entry: ExceptionEntry;
  state: ExceptionEntryState;
  /** Gaps the entry matched. */
  gaps: number;
  reasons: string[];
}

export interface Reconciliation {
  asOf: string;
  directory: { kind: 'roster' | 'source'; name: string; people: number } | null;
  register: { file: string; entries: number } | null;
  /** Sorted by source id, account id. */
  accounts: ReconciledAccount[];
  /** Sorted by person id. */
  people: ReconciledPerson[];
  /** Sorted by entry id. */
  exceptions: ExceptionOutcome[];
  findings: Finding[];
  maturity: MaturityAssessment;
}
