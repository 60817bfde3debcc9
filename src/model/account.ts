/** The normalised account model every connector produces and every later stage consumes. */
import type { Factor } from './factor.js';
import type { IdentityProviderId } from './identity-provider.js';

export const accountKinds = ['human', 'guest', 'service', 'root', 'unknown'] as const;
export type AccountKind = (typeof accountKinds)[number];

export const enforcementValues = ['yes', 'partial', 'no', 'delegated', 'unknown', 'n/a'] as const;
export type Enforcement = (typeof enforcementValues)[number];

export const legacyAuthValues = ['blocked', 'open', 'unknown', 'n/a'] as const;
export type LegacyAuth = (typeof legacyAuthValues)[number];

export const registrationValues = ['yes', 'no', 'unknown'] as const;
export type Registration = (typeof registrationValues)[number];

export const coverageValues = ['yes', 'no', 'unknown', 'n/a'] as const;
export type Coverage = (typeof coverageValues)[number];

/** A value with the human-readable reasons that led to it. */
export interface Verdict<T extends string> {
  value: T;
  reasons: string[];
}

/**
 * What leaves enforcement `partial`, as structured data so that later stages (the gap kinds the exception register
 * files) never read it from reason text: a network or location that skips the second factor, or a policy the
 * account is carved out of (excluded by user or group, a narrower rule, an app or a condition the MFA policy
 * leaves out, an enrolment window).
 */
export const partialEnforcementCauses = ['trusted-location', 'policy-exclusion'] as const;
export type PartialEnforcementCause = (typeof partialEnforcementCauses)[number];

export interface EnforcementCause {
  kind: PartialEnforcementCause;
  /** The verdict's reasons this cause explains (the same strings, naming the policy, rule, zone or location). */
  reasons: string[];
}

/** `mfaEnforced`: a `partial` value carries one cause per kind of carve-out; every connector sets them. */
export interface EnforcementVerdict extends Verdict<Enforcement> {
  causes?: EnforcementCause[];
}

export interface Account {
  idp: IdentityProviderId;
  tenant: string;
  /** The identity provider's immutable id. */
  id: string;
  login: string;
  displayName: string;
  enabled: boolean;
  kind: AccountKind;
  privileged: boolean;
  /** Display names of privileged (and other directory) roles held. */
  roles: string[];
  lastSignInAt: string | null;
  createdAt: string | null;
  /** Active factors; empty when none or unknown (see `mfaRegistered`). */
  factors: Factor[];
  mfaRegistered: Verdict<Registration>;
  /** Correlation hint: the HR employee id the identity provider stores (Entra employeeId, Okta employeeNumber). */
  employeeId?: string;
  /** Correlation hint: other addresses of the account (Entra proxyAddresses without `smtp:`, alternate emails). */
  aliases?: string[];
}

/** An account after its connector evaluated enforcement and legacy exposure. */
export interface AssessedAccount extends Account {
  mfaEnforced: EnforcementVerdict;
  legacyAuth: Verdict<LegacyAuth>;
  covered: Coverage;
  /** Why `covered` has its value, most decisive first. */
  reasons: string[];
}
