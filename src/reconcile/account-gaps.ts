/**
 * The gaps of an account: each way it falls short of MFA (no MFA, excluded from a named policy, a trusted
 * location carve-out, a legacy protocol, a method weaker than its tier needs) and each class that needs a
 * written justification (shared, service, break-glass). Derived from the verdicts and from the connectors'
 * account findings; the exception register then decides whether each gap is documented or quiet.
 */
import type { AssessedAccount, Coverage, Verdict } from '../model/account.js';
import type { Finding } from '../model/finding.js';
import type { GapKind } from './exception-register.js';
import type { MethodPolicyValue } from './method-policy.js';
import type { AccountClass } from './reconcile-config.js';

export interface DerivedGap {
  kind: GapKind;
  /** The evidence: verdict reasons and connector finding messages that name the policy, zone or protocol. */
  evidence: string[];
}

/**
 * Connector rules whose account findings are gaps of a kind. Rules not listed fall back on their id's words
 * (legacy, imap, pop, less-secure → legacy protocol; trusted, zone, location, device-trust → trusted location;
 * exclusion, excluded → policy exclusion; weak, telephony, sms → weak method).
 */
export const gapKindByConnectorRule: Readonly<Record<string, GapKind>> = {
  'okta-mfa-rule-exclusion': 'policy-exclusion',
  'okta-password-only-path': 'trusted-location',
  'okta-admin-weak-factors-only': 'weak-method',
  'google-imap-pop-enabled': 'legacy-protocol',
  'google-less-secure-apps-allowed': 'legacy-protocol',
  'google-admin-app-passwords': 'legacy-protocol',
  'google-device-trust-allowed': 'trusted-location',
  'google-admin-telephony-factors': 'weak-method',
};

const ruleWords: ReadonlyArray<readonly [RegExp, GapKind]> = [
  [/legacy|imap|pop|less-secure|basic-auth|app-password/, 'legacy-protocol'],
  [/trusted|zone|location|device-trust/, 'trusted-location'],
  [/exclu/, 'policy-exclusion'],
  [/weak|telephony|sms/, 'weak-method'],
];

export function gapKindOfRule(ruleId: string): GapKind | undefined {
  return gapKindByConnectorRule[ruleId] ?? ruleWords.find(([pattern]) => pattern.test(ruleId))?.[1];
}

export interface GapInput {
  account: AssessedAccount;
  accountClass: AccountClass;
  covered: Coverage;
  methodPolicy: Verdict<MethodPolicyValue>;
  accountFindings: readonly Finding[];
}

export function deriveGaps({ account, accountClass, covered, methodPolicy, accountFindings }: GapInput): DerivedGap[] {
  // A gap's evidence is the verdict's own reasons array until a second source adds to it: most gaps have one.
  const gaps = new Map<GapKind, readonly string[]>();
  const add = (kind: GapKind, evidence: readonly string[]) => {
    const known = gaps.get(kind);
    if (!known) gaps.set(kind, evidence.length > 1 && new Set(evidence).size < evidence.length ? [...new Set(evidence)] : evidence);
    else {
      const fresh = evidence.filter((line, position) => !known.includes(line) && evidence.indexOf(line) === position);
      if (fresh.length > 0) gaps.set(kind, [...known, ...fresh]);
    }
  };
  if (account.enabled) {
    if (accountClass === 'shared') add('shared-account', sharedEvidence);
    if (accountClass === 'service') add('service-account', serviceEvidence);
    if (accountClass === 'break-glass') add('break-glass', breakGlassEvidence);
  }
  if (covered !== 'n/a') {
    const { mfaEnforced, mfaRegistered, legacyAuth } = account;
    if (mfaEnforced.value === 'no') add('no-mfa', reasonsOr(mfaEnforced, 'MFA is not enforced.'));
    if (mfaRegistered.value === 'no') add('no-mfa', reasonsOr(mfaRegistered, 'No MFA method registered.'));
    if (mfaEnforced.value === 'partial') {
      // The kind comes from the connector's structured cause, never from the reason's words. A cause that explains
      // every reason (the usual case) shares the verdict's own array: no copy per account.
      const causes = mfaEnforced.causes ?? [];
      for (const cause of causes) add(cause.kind, cause.reasons.length > 0 ? cause.reasons : reasonsOr(mfaEnforced, 'MFA is enforced only in part.'));
      // A connector that named no cause leaves the carve-out unclassified: filed as the policy exclusion it most often is.
      if (causes.length === 0) add('policy-exclusion', reasonsOr(mfaEnforced, 'MFA is enforced only in part.'));
    }
    if (legacyAuth.value === 'open') add('legacy-protocol', reasonsOr(legacyAuth, 'Legacy authentication is open.'));
    if (methodPolicy.value === 'not-met' && mfaRegistered.value === 'yes') add('weak-method', methodPolicy.reasons);
    for (const finding of accountFindings) {
      const kind = gapKindOfRule(finding.ruleId);
      if (kind) add(kind, [`${finding.ruleId}: ${finding.message}`]);
    }
  }
  const derived: DerivedGap[] = [];
  for (const [kind, evidence] of gaps) derived.push({ kind, evidence: evidence as string[] });
  return derived;
}

// Shared, frozen: every shared, service or break-glass account carries the same sentence.
const sharedEvidence = Object.freeze(['A shared or generic account: no single person answers for its sign-ins.']);
const serviceEvidence = Object.freeze(['A non-interactive account: its credentials need compensating controls.']);
const breakGlassEvidence = Object.freeze(['An emergency-access account: it needs a register entry with monitoring as a control.']);

/** The class gaps and their one evidence array each, so that reconcile can share a quiet gap of a class too. */
export const classGapEvidence: ReadonlyMap<GapKind, readonly string[]> = new Map<GapKind, readonly string[]>([
  ['shared-account', sharedEvidence],
  ['service-account', serviceEvidence],
  ['break-glass', breakGlassEvidence],
]);

function reasonsOr(verdict: Verdict<string>, fallback: string): string[] {
  return verdict.reasons.length > 0 ? verdict.reasons : [fallback];
}
