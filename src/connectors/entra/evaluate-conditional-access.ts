/**
 * The conditional-access verdicts for one account, as a pure function of the policies, the account's place in the
 * directory (groups, roles, guest) and security defaults.
 *
 * `mfaEnforced` is `yes` when an enabled policy requiring MFA (the `mfa` control under AND or alone, or an
 * authentication strength) applies to the account for all cloud apps, all client-app types (or the modern pair
 * when legacy clients are blocked for the account), all locations and all platforms, exclusions expanded; or when
 * the account holds an administrator role security defaults require MFA of at every sign-in (security-defaults.ts).
 * It is `partial` when such a policy applies only with carve-outs (excluded locations, apps or platforms, MFA OR-ed
 * with another control) or fires only under a narrower condition (an authentication flow, a risk level, a time, an
 * application or device filter with a rule, a condition this version does not know), and for everyone else under
 * security defaults; `unknown` when a policy that would decide depends on data that could not be read; `no`
 * otherwise. Report-only and disabled policies never count; nor do policies for user actions, authentication
 * contexts or workload identities. An enabled policy that blocks every sign-in of the account (all apps and clients,
 * no carve-out or narrowing condition) also makes it `yes`: no password alone gets in. A narrowed block is named in
 * the reasons and counts for nothing.
 *
 * `legacyAuth` is `blocked` when an enabled policy that blocks, or requires MFA of, Exchange ActiveSync and other
 * clients applies to the account for all apps without carve-outs or narrowing conditions (legacy clients cannot perform MFA), or security
 * defaults are on; `unknown` when that depends on unreadable data; `open` otherwise.
 */
import type { Enforcement, EnforcementCause, EnforcementVerdict, LegacyAuth, Verdict } from '../../model/account.js';
import type { Readable, UnreadableObject } from './entra-tenant.js';
import { describeExclusion, matchAudience, type AudienceDirectory, type AudienceMatch, type AudienceSubject, type ExclusionRoute } from './policy-audience.js';
import { grantDetail, type PolicyShape } from './policy-shape.js';
import { securityDefaultsEnforcement, securityDefaultsLegacy } from './security-defaults.js';

export interface ConditionalAccessContext {
  /** Every policy, in a stable order, with its shape computed once. */
  policies: Readable<readonly PolicyShape[]>;
  /** Whether security defaults are enabled. */
  securityDefaults: Readable<boolean>;
  /** Policies the analysis could not understand; absent = none. */
  unreadablePolicies?: readonly UnreadableObject[];
  directory: AudienceDirectory;
}

export interface PolicyMatch {
  shape: PolicyShape;
  audience: AudienceMatch;
}

export interface PolicyExclusion {
  shape: PolicyShape;
  route: ExclusionRoute;
}

export interface ConditionalAccessEvaluation {
  mfaEnforced: EnforcementVerdict;
  legacyAuth: Verdict<LegacyAuth>;
  /** Policies requiring MFA (any state) that would take the account in but for an exclusion, one entry per route. */
  mfaExclusions: PolicyExclusion[];
  /** Enabled policies requiring MFA that apply to the account (with or without carve-outs). */
  enforcing: PolicyMatch[];
  /** Report-only or disabled policies requiring MFA that would apply to the account if enabled. */
  notEnforced: PolicyMatch[];
  /** The policies that made `mfaEnforced` `yes` (each requires MFA or blocks every sign-in of the account); empty otherwise. */
  decidedBy: PolicyShape[];
}

type Matches = Omit<ConditionalAccessEvaluation, 'mfaEnforced' | 'legacyAuth' | 'decidedBy'>;

export function requiresMfa(shape: PolicyShape): boolean {
  return shape.targetsSignIn && (shape.grant.kind === 'mfa' || shape.grant.kind === 'mfa-optional');
}

/** A policy that, applied, keeps legacy clients out: they can neither pass a block nor perform MFA. */
export function stopsLegacyClients(shape: PolicyShape): boolean {
  return shape.targetsSignIn && shape.clientApps.legacy && (shape.grant.kind === 'block' || shape.grant.kind === 'mfa');
}

export function evaluateConditionalAccess(subject: AudienceSubject, context: ConditionalAccessContext): ConditionalAccessEvaluation {
  const defaults = context.securityDefaults;
  if (defaults.readable && defaults.value) {
    const policies = context.policies.readable ? context.policies.value : [];
    return {
      mfaEnforced: securityDefaultsEnforcement(subject),
      legacyAuth: securityDefaultsLegacy,
      ...policyMatches(policies, subject, context),
      decidedBy: [],
    };
  }
  if (!context.policies.readable) {
    const reason = `Conditional-access policies unknown: ${context.policies.reason}.`;
    const defaultsNote = defaults.readable ? [] : [`Security defaults unknown: ${defaults.reason}.`];
    return {
      mfaEnforced: { value: 'unknown', reasons: [reason, ...defaultsNote] },
      legacyAuth: { value: 'unknown', reasons: [reason, ...defaultsNote] },
      mfaExclusions: [],
      enforcing: [],
      notEnforced: [],
      decidedBy: [],
    };
  }
  const policies = context.policies.value;
  const matches = policyMatches(policies, subject, context);
  // Entra refuses to enable conditional-access policies while security defaults are on, so an enabled policy proves them off.
  const anyEnabled = policies.some((shape) => shape.state === 'enabled');
  const defaultsUnknown = defaults.readable ? undefined : anyEnabled ? undefined : `Security defaults unknown (${defaults.reason}), and no conditional-access policy is enabled: they may be on.`;
  const defaultsOff = defaults.readable ? 'security defaults are off' : 'security defaults cannot be on while conditional-access policies are enabled';

  const legacyAuth = legacyVerdict(policies, subject, context, defaultsUnknown, defaultsOff);
  const { verdict: mfaEnforced, decidedBy } = enforcementVerdict(policies, subject, context, legacyAuth, matches, defaultsUnknown, defaultsOff);
  const doubts = unreadableDoubts(context.unreadablePolicies ?? []);
  if (doubts.length === 0) return { mfaEnforced, legacyAuth, ...matches, decidedBy };
  // A policy that could not be understood can only add enforcement: verdicts already `yes`/`blocked` stand.
  return {
    mfaEnforced: mfaEnforced.value === 'yes' ? mfaEnforced : { value: 'unknown', reasons: [...doubts, ...mfaEnforced.reasons] },
    legacyAuth: legacyAuth.value === 'blocked' ? legacyAuth : { value: 'unknown', reasons: [...doubts, ...legacyAuth.reasons] },
    ...matches,
    decidedBy,
  };
}

/** Unreadable policies that may be enabled: each could require MFA or block sign-ins of any account. */
function unreadableDoubts(unreadable: readonly UnreadableObject[]): string[] {
  return unreadable
    .filter((policy) => policy.state === undefined || policy.state === 'enabled')
    .map((policy) => `Conditional-access policy ${policy.name}${policy.state ? ' (enabled)' : ''} could not be understood, and it may apply to this account: ${policy.problem}.`);
}

function policyMatches(policies: readonly PolicyShape[], subject: AudienceSubject, context: ConditionalAccessContext): Matches {
  const mfaExclusions: PolicyExclusion[] = [];
  const enforcing: PolicyMatch[] = [];
  const notEnforced: PolicyMatch[] = [];
  for (const shape of policies) {
    if (!requiresMfa(shape)) continue;
    const audience = matchAudience(shape.policy, subject, context.directory);
    if (audience.included !== 'no') for (const route of audience.excludedBy) mfaExclusions.push({ shape, route });
    if (audience.applies !== 'yes') continue;
    (shape.state === 'enabled' ? enforcing : notEnforced).push({ shape, audience });
  }
  return { mfaExclusions, enforcing, notEnforced };
}

function legacyVerdict(
  policies: readonly PolicyShape[],
  subject: AudienceSubject,
  context: ConditionalAccessContext,
  defaultsUnknown: string | undefined,
  defaultsOff: string,
): Verdict<LegacyAuth> {
  const blocking: string[] = [];
  const unknown: string[] = [];
  const open: string[] = [];
  for (const shape of policies) {
    if (!stopsLegacyClients(shape)) continue;
    const name = `'${shape.policy.displayName}'`;
    const how = shape.grant.kind === 'block' ? 'blocks legacy clients' : 'requires MFA of legacy clients, which cannot perform it';
    const audience = matchAudience(shape.policy, subject, context.directory);
    if (shape.state !== 'enabled') {
      if (audience.applies === 'yes') open.push(`${name} ${how} but is ${shape.state}: it does not enforce.`);
      continue;
    }
    if (audience.applies === 'no') {
      if (audience.included !== 'no') for (const route of audience.excludedBy) open.push(`Excluded from ${name} (which ${how}) ${describeExclusion(route)}.`);
      continue;
    }
    const carveOuts = shape.carveOuts.map((carveOut) => carveOut.text);
    if (!shape.allApps) carveOuts.unshift('not for all cloud apps');
    if (carveOuts.length > 0) {
      if (audience.applies === 'yes') open.push(`${name} ${how} only partly: ${[...new Set(carveOuts)].join('; ')}.`);
      continue;
    }
    if (audience.applies === 'yes') blocking.push(`${name} ${how} (Exchange ActiveSync and other clients), for all apps and locations; applies through ${audience.includedBy ?? 'its user condition'}.`);
    else unknown.push(`Whether ${name} (which ${how}) applies is unknown: ${audience.unknownReasons.join('; ')}.`);
  }
  if (blocking.length > 0) return { value: 'blocked', reasons: blocking };
  if (unknown.length > 0) return { value: 'unknown', reasons: [...unknown, ...open] };
  if (defaultsUnknown) return { value: 'unknown', reasons: [defaultsUnknown, ...open] };
  return {
    value: 'open',
    reasons: [`No enabled conditional-access policy blocks Exchange ActiveSync and other legacy clients for this account, and ${defaultsOff}.`, ...open],
  };
}

function enforcementVerdict(
  policies: readonly PolicyShape[],
  subject: AudienceSubject,
  context: ConditionalAccessContext,
  legacy: Verdict<LegacyAuth>,
  matches: Matches,
  defaultsUnknown: string | undefined,
  defaultsOff: string,
): { verdict: EnforcementVerdict; decidedBy: PolicyShape[] } {
  const full: string[] = [];
  const fullBy: PolicyShape[] = [];
  const narrowNotes: string[] = [];
  const partial: string[] = [];
  const locationCarveOuts: string[] = [];
  const otherCarveOuts: string[] = [];
  const unknownFull: string[] = [];
  const unknownPartial: string[] = [];
  for (const shape of policies) {
    if (shape.state !== 'enabled') continue;
    const blocks = shape.grant.kind === 'block';
    const mfaOrBlock = blocks || shape.grant.kind === 'mfa' || shape.grant.kind === 'mfa-optional';
    if (!shape.targetsSignIn) {
      if (mfaOrBlock && matchAudience(shape.policy, subject, context.directory).applies !== 'no') {
        narrowNotes.push(`'${shape.policy.displayName}' ${grantDetail(shape.grant)}, but ${shape.notSignIn ?? 'not for sign-ins'}: it does not count for sign-ins.`);
      }
      continue;
    }
    if (blocks && shape.carveOuts.length > 0) {
      // A block that fires only under a narrower condition refuses some sign-ins, not every one: say which and move on.
      if (matchAudience(shape.policy, subject, context.directory).applies !== 'no') {
        narrowNotes.push(`'${shape.policy.displayName}' blocks access ${shape.carveOuts.map((carveOut) => carveOut.text).join('; ')}: not every sign-in.`);
      }
      continue;
    }
    // A sign-in that is refused outright cannot be made with a password alone; only a block without carve-outs counts.
    if (!requiresMfa(shape) && !(blocks && shape.allApps && shape.carveOuts.length === 0)) continue;
    const clients = shape.clientApps;
    // A policy for legacy client types only keeps legacy clients out; it says nothing about modern sign-ins.
    if (!clients.all && !clients.modern && !clients.types.some((type) => type === 'browser' || type === 'mobileAppsAndDesktopClients')) continue;
    const audience = matchAudience(shape.policy, subject, context.directory);
    if (audience.applies === 'no') continue;
    const name = `'${shape.policy.displayName}'`;
    const gaps = shape.carveOuts.map((carveOut) => carveOut.text);
    if (shape.grant.kind === 'mfa-optional') gaps.push(`MFA can be replaced by ${shape.grant.alternatives.join(' or ')}`);
    let pendingLegacy: string | undefined;
    let clientNote = 'all client types';
    if (!clients.all) {
      if (clients.modern && legacy.value === 'blocked') clientNote = 'browser and modern clients, legacy clients being blocked';
      else if (clients.modern && legacy.value === 'unknown') pendingLegacy = `${name} covers browser and modern clients only, and whether legacy clients are blocked is unknown`;
      else if (clients.modern) gaps.push(`only for browser and modern clients, while legacy clients are not blocked`);
      else gaps.push(`only for client apps ${clients.types.join(', ')}`);
    }
    const applies = `applies through ${audience.includedBy ?? 'its user condition'}`;
    if (blocks && gaps.length > 0) continue;
    if (audience.applies === 'yes') {
      if (gaps.length > 0) {
        const line = `${name} ${grantDetail(shape.grant)} except: ${gaps.join('; ')} (${applies}).`;
        partial.push(line);
        // The structured cause: a location carve-out is a trusted location; any other gap leaves the policy narrower.
        if (shape.carveOuts.some((carveOut) => carveOut.kind === 'location')) locationCarveOuts.push(line);
        if (gaps.length > shape.carveOuts.filter((carveOut) => carveOut.kind === 'location').length) otherCarveOuts.push(line);
      }
      else if (pendingLegacy) unknownFull.push(`${pendingLegacy}.`);
      else {
        full.push(`${name} ${blocks ? 'blocks every sign-in' : grantDetail(shape.grant)} for all cloud apps, ${clientNote}, locations and platforms; ${applies}.`);
        fullBy.push(shape);
      }
    } else {
      const why = `whether ${name} applies is unknown: ${audience.unknownReasons.join('; ')}`;
      if (gaps.length > 0) unknownPartial.push(`${capitalise(why)}.`);
      else unknownFull.push(`${capitalise(why)}.`);
    }
  }
  const background = [...contextReasons(matches), ...narrowNotes];
  const verdict = (value: Enforcement, reasons: string[]) => ({ verdict: { value, reasons }, decidedBy: [] });
  if (full.length > 0) return { verdict: { value: 'yes', reasons: full }, decidedBy: fullBy };
  if (unknownFull.length > 0) return verdict('unknown', [...unknownFull, ...partial, ...background]);
  if (partial.length > 0) {
    const causes: EnforcementCause[] = [];
    if (locationCarveOuts.length > 0) causes.push({ kind: 'trusted-location', reasons: locationCarveOuts });
    if (otherCarveOuts.length > 0 || background.length > 0) causes.push({ kind: 'policy-exclusion', reasons: [...otherCarveOuts, ...background] });
    return { verdict: { value: 'partial', reasons: [...partial, ...background], causes }, decidedBy: [] };
  }
  if (unknownPartial.length > 0) return verdict('unknown', [...unknownPartial, ...background]);
  if (defaultsUnknown) return verdict('unknown', [defaultsUnknown, ...background]);
  const anyMfaPolicy = policies.some((shape) => shape.state === 'enabled' && requiresMfa(shape));
  const lead = anyMfaPolicy
    ? `No enabled conditional-access policy that requires MFA applies to this account, and ${defaultsOff}.`
    : `No enabled conditional-access policy requires MFA in this tenant, and ${defaultsOff}.`;
  return verdict('no', [lead, ...background]);
}

/** Exclusions and policies left unenforced: why a policy that looks like it covers the account does not. */
function contextReasons(matches: Matches): string[] {
  const reasons: string[] = [];
  for (const exclusion of matches.mfaExclusions) {
    if (exclusion.shape.state !== 'enabled') continue;
    reasons.push(`Excluded from '${exclusion.shape.policy.displayName}' (which ${grantDetail(exclusion.shape.grant)}) ${describeExclusion(exclusion.route)}.`);
  }
  for (const match of matches.notEnforced) {
    reasons.push(`'${match.shape.policy.displayName}' would require MFA of this account but is ${match.shape.state}: it does not enforce.`);
  }
  return reasons;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
