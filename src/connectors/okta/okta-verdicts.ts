/**
 * Verdicts from the sign-in paths of one account. `mfaEnforced` is `yes` only when every path needs a second
 * factor or is closed; `no` when a password alone opens the default path (any network, to the Dashboard); `partial`
 * when only some network zone, app or condition lets a password through, with the rule and zone named; `unknown`
 * when a path depends on data that could not be read and no password path is known.
 */
import type { Enforcement, EnforcementCause, EnforcementVerdict, LegacyAuth, Registration, Verdict } from '../../model/account.js';
import { countsAsSecondFactor, type Factor } from '../../model/factor.js';
import type { OktaOrg } from './okta-org.js';
import type { OktaUser } from './okta-payloads.js';
import { fetchesFactors } from './okta-endpoints.js';
import { activeFactors } from './okta-factors.js';
import { describePath, describePathsByRoute, describeRoute, type SignInPath } from './sign-in-paths.js';

const maxPathReasons = 5;

function listed(paths: readonly SignInPath[], lead: string, allLocations: number): string[] {
  const lines = describePathsByRoute(paths, allLocations).map((line) => `${lead} ${line}.`);
  const shown = lines.slice(0, maxPathReasons);
  if (lines.length > shown.length) shown.push(`…and ${lines.length - shown.length} more such path(s).`);
  return shown;
}

/**
 * The path an ordinary sign-in takes: from an arbitrary network to the first app, under no positive condition
 * ("unless high risk" is the ordinary case; "when the device is managed" is not).
 */
export function isDefaultPath(path: SignInPath): boolean {
  return path.location.kind === 'elsewhere' && path.app.primary && path.conditions.every((condition) => condition.startsWith('unless '));
}

export function enforcementVerdict(paths: readonly SignInPath[], allLocations: number): EnforcementVerdict {
  const single = paths.filter((path) => path.outcome === 'single-factor');
  if (single.length > 0) {
    const ordered = [...single].sort((a, b) => Number(isDefaultPath(b)) - Number(isDefaultPath(a)));
    const value: Enforcement = single.some(isDefaultPath) ? 'no' : 'partial';
    const reasons = listed(ordered, 'A password alone signs in', allLocations);
    return value === 'partial' ? { value, reasons, causes: partialCauses(ordered, reasons, allLocations) } : { value, reasons };
  }
  const unknown = paths.filter((path) => path.outcome === 'unknown');
  if (unknown.length > 0) {
    const reasons = [...new Set(unknown.map((path) => `${describePath(path)}: ${path.unknownReason ?? 'unknown'}.`))];
    return { value: 'unknown', reasons: reasons.slice(0, maxPathReasons) };
  }
  if (paths.length === 0) return { value: 'unknown', reasons: ['No sign-in path could be evaluated.'] };
  const decisive = paths.find((path) => isDefaultPath(path)) ?? paths[0];
  const blockedEverywhere = paths.every((path) => path.outcome === 'blocked');
  return {
    value: 'yes',
    reasons: [
      blockedEverywhere
        ? 'Every sign-in path is denied.'
        : `Every sign-in path (${paths.length} across networks and apps) requires a second factor or is denied; the default one: ${decisive ? describePath(decisive) : ''}.`,
    ],
  };
}

/**
 * The structured cause of each password path of a `partial` verdict: a route open only from network zones is a
 * trusted location; a route open from any network (an exclusion from the MFA rule, a one-factor app or rule, a
 * condition) is a policy exclusion. Reasons are matched to routes by the route's description, never by their words.
 */
function partialCauses(paths: readonly SignInPath[], reasons: string[], allLocations: number): EnforcementCause[] {
  const fromZonesOnly = new Map<string, boolean>();
  for (const path of paths) {
    const route = describeRoute(path);
    fromZonesOnly.set(route, (fromZonesOnly.get(route) ?? true) && path.location.kind === 'zone');
  }
  const byKind = new Map<EnforcementCause['kind'], string[]>();
  const lines = describePathsByRoute(paths, allLocations);
  const routes = [...fromZonesOnly.keys()];
  reasons.forEach((reason, index) => {
    // The last line may be the "…and N more" summary: it takes the kind of the routes it stands for.
    const summary = lines.length > maxPathReasons && index === maxPathReasons;
    const zoneOnly = (summary ? routes.slice(index) : routes.slice(index, index + 1)).every((route) => fromZonesOnly.get(route) === true);
    const kind = zoneOnly ? 'trusted-location' : 'policy-exclusion';
    byKind.set(kind, [...(byKind.get(kind) ?? []), reason]);
  });
  // One kind (the usual case) shares the verdict's own reasons array.
  return [...byKind].map(([kind, explained]) => ({ kind, reasons: byKind.size === 1 ? reasons : explained }));
}

export function legacyVerdict(org: OktaOrg, radius: readonly SignInPath[] | undefined, allLocations: number): Verdict<LegacyAuth> {
  if (!org.signOnPolicies.readable) return { value: 'unknown', reasons: [org.signOnPolicies.reason] };
  if (radius === undefined) {
    return { value: 'n/a', reasons: ['No global session rule targets RADIUS clients; Okta offers no other legacy protocol sign-in.'] };
  }
  const single = radius.filter((path) => path.outcome === 'single-factor');
  if (single.length > 0) return { value: 'open', reasons: listed(single, 'A RADIUS client signs in with a password alone', allLocations) };
  const unknown = radius.filter((path) => path.outcome === 'unknown');
  if (unknown.length > 0) return { value: 'unknown', reasons: [...new Set(unknown.map((path) => `RADIUS ${describePath(path)}: ${path.unknownReason ?? 'unknown'}.`))] };
  return { value: 'blocked', reasons: ['RADIUS sign-ins require a second factor or are denied.'] };
}

export interface RegistrationResult {
  verdict: Verdict<Registration>;
  factors: Factor[];
}

export function registrationVerdict(user: OktaUser, org: OktaOrg): RegistrationResult {
  const record = org.factors.get(user.id);
  if (!record) {
    if (!fetchesFactors(user.status)) {
      return { verdict: { value: 'unknown', reasons: [`Factors are not read for ${user.status} users, who cannot sign in.`] }, factors: [] };
    }
    return { verdict: { value: 'unknown', reasons: [org.factorsUnreadable ?? 'Factors were not collected for this user.'] }, factors: [] };
  }
  if (record.state === 'failed') return { verdict: { value: 'unknown', reasons: [record.reason] }, factors: [] };
  const factors = activeFactors(record.factors);
  const second = factors.filter(countsAsSecondFactor);
  const carried = record.carriedFrom ? [`Factors as read on ${record.carriedFrom}, carried forward: the user's lastUpdated and the System Log show no change since.`] : [];
  if (second.length > 0) {
    return { verdict: { value: 'yes', reasons: [`Active factors: ${factors.map((factor) => factor.vendorType).join(', ')}.`, ...carried] }, factors };
  }
  const inactive = record.factors.filter((factor) => factor.status !== 'ACTIVE').map((factor) => `${factor.factorType} (${factor.status})`);
  const reasons = [
    factors.length > 0 ? `Only factors that are not a second factor: ${factors.map((factor) => factor.vendorType).join(', ')}.` : 'No active factor.',
    ...(inactive.length > 0 ? [`Not active: ${inactive.join(', ')}.`] : []),
    ...carried,
  ];
  return { verdict: { value: 'no', reasons }, factors };
}
