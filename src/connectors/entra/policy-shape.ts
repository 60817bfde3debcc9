/**
 * What one conditional-access policy demands and where, independent of who it applies to: its grant (block, MFA,
 * MFA that another control can replace, or something else), the client-app types it covers, and every condition
 * that narrows it (the carve-outs that make MFA `partial`). Computed once per policy.
 */
import type { ConditionalAccessPolicy, NamedLocation } from './graph-payloads.js';
import { reportOnlyState } from './graph-payloads.js';
import type { Readable } from './entra-tenant.js';

export type GrantRequirement =
  | { kind: 'block' }
  /** MFA (the `mfa` control or an authentication strength) is required. */
  | { kind: 'mfa'; detail: string }
  /** MFA OR-ed with other controls: satisfying one of those instead signs in without a second factor. */
  | { kind: 'mfa-optional'; detail: string; alternatives: string[] }
  | { kind: 'other'; detail: string }
  | { kind: 'none' };

export interface ClientAppCoverage {
  /** Every client type: `all`, no types listed, or all four listed. */
  all: boolean;
  /** Browser and mobile/desktop (modern authentication) clients: Microsoft's recommended pair. */
  modern: boolean;
  /** Exchange ActiveSync and other (legacy protocol) clients. */
  legacy: boolean;
  types: string[];
}

export type CarveOutKind = 'location' | 'application' | 'platform' | 'risk' | 'device';

export interface CarveOut {
  kind: CarveOutKind;
  /** Where MFA is not asked, phrased to follow "except" or "only": e.g. "from trusted named location 'HQ'". */
  text: string;
}

/** A trusted network the policy leaves out: a password alone signs in from there. */
export interface TrustedLocationExclusion {
  id: string;
  name: string;
  cidrs: string[];
}

export interface PolicyShape {
  policy: ConditionalAccessPolicy;
  state: 'enabled' | 'report-only' | 'disabled';
  grant: GrantRequirement;
  clientApps: ClientAppCoverage;
  /** False for policies that target user actions or authentication contexts only, or workload identities. */
  targetsSignIn: boolean;
  /** True when the policy covers all cloud apps (with or without excluded apps). */
  allApps: boolean;
  carveOuts: CarveOut[];
  trustedLocationExclusions: TrustedLocationExclusion[];
}

const mfaStrengthNames: Record<string, string> = {
  '00000000-0000-0000-0000-000000000002': 'Multifactor authentication',
  '00000000-0000-0000-0000-000000000003': 'Passwordless MFA',
  '00000000-0000-0000-0000-000000000004': 'Phishing-resistant MFA',
};

const controlNames: Record<string, string> = {
  compliantDevice: 'a compliant device',
  domainJoinedDevice: 'a hybrid-joined device',
  approvedApplication: 'an approved client app',
  compliantApplication: 'an app protection policy',
  passwordChange: 'a password change',
};

export function policyState(policy: ConditionalAccessPolicy): PolicyShape['state'] {
  if (policy.state === 'enabled') return 'enabled';
  if (policy.state === reportOnlyState) return 'report-only';
  return 'disabled';
}

export function grantRequirement(policy: ConditionalAccessPolicy): GrantRequirement {
  const grant = policy.grantControls;
  const controls = grant?.builtInControls ?? [];
  if (controls.includes('block')) return { kind: 'block' };
  const strength = grant?.authenticationStrength ?? null;
  const mfaParts = [
    ...(controls.includes('mfa') ? ['MFA'] : []),
    ...(strength ? [`authentication strength '${strength.displayName ?? mfaStrengthNames[strength.id] ?? strength.id}'`] : []),
  ];
  const others = [
    ...controls.filter((control) => control !== 'mfa').map((control) => controlNames[control] ?? control),
    ...(grant?.customAuthenticationFactors ?? []).map((factor) => `custom control ${factor}`),
    ...(grant?.termsOfUse ?? []).map((terms) => `terms of use ${terms}`),
  ];
  if (mfaParts.length === 0) return others.length > 0 ? { kind: 'other', detail: `requires ${others.join(' and ')}` } : { kind: 'none' };
  const operator = (grant?.operator ?? 'OR').toUpperCase();
  const detail = `requires ${mfaParts.join(' or ')}`;
  // Under OR a user who satisfies any one control is let in; only AND keeps MFA mandatory beside the others.
  if (operator === 'OR' && others.length > 0) return { kind: 'mfa-optional', detail: `${detail} or ${others.join(' or ')}`, alternatives: others };
  return { kind: 'mfa', detail: others.length > 0 ? `${detail} and ${others.join(' and ')}` : detail };
}

export function clientAppCoverage(policy: ConditionalAccessPolicy): ClientAppCoverage {
  const types = policy.conditions.clientAppTypes ?? [];
  const all = types.length === 0 || types.includes('all');
  const has = (type: string): boolean => all || types.includes(type);
  const modern = has('browser') && has('mobileAppsAndDesktopClients');
  // `easSupported` is the older name of the Exchange ActiveSync condition.
  const legacy = (has('exchangeActiveSync') || has('easSupported')) && has('other');
  return { all: all || (modern && legacy), modern, legacy, types: all ? ['all'] : [...types] };
}

export function describePolicy(policy: ConditionalAccessPolicy, locations: Readable<ReadonlyMap<string, NamedLocation>>): PolicyShape {
  const conditions = policy.conditions;
  const carveOuts: CarveOut[] = [];
  const trusted: TrustedLocationExclusion[] = [];

  const apps = conditions.applications;
  const includeApps = apps?.includeApplications ?? [];
  const excludeApps = apps?.excludeApplications ?? [];
  const servicePrincipals = conditions.clientApplications?.includeServicePrincipals;
  const targetsWorkloads = Array.isArray(servicePrincipals) && servicePrincipals.length > 0;
  const targetsSignIn = includeApps.length > 0 && !includeApps.includes('None') && !targetsWorkloads;
  const allApps = includeApps.includes('All');
  if (targetsSignIn && !allApps) carveOuts.push({ kind: 'application', text: `only for ${includeApps.map(appLabel).join(', ')}` });
  if (excludeApps.length > 0) carveOuts.push({ kind: 'application', text: `not for ${excludeApps.map(appLabel).join(', ')}` });

  const where = conditions.locations;
  if (where) {
    const include = where.includeLocations ?? ['All'];
    const exclude = where.excludeLocations ?? [];
    if (!include.includes('All')) carveOuts.push({ kind: 'location', text: `only from ${include.map((id) => locationLabel(id, locations)).join(', ')}` });
    for (const id of exclude) {
      carveOuts.push({ kind: 'location', text: `not from ${locationLabel(id, locations)}` });
      trusted.push(...trustedLocations(id, locations));
    }
  }

  const platforms = conditions.platforms;
  if (platforms) {
    const include = platforms.includePlatforms ?? ['all'];
    const exclude = platforms.excludePlatforms ?? [];
    if (!include.includes('all')) carveOuts.push({ kind: 'platform', text: `only on ${include.join(', ')}` });
    if (exclude.length > 0) carveOuts.push({ kind: 'platform', text: `not on ${exclude.join(', ')}` });
  }

  const userRisk = conditions.userRiskLevels ?? [];
  const signInRisk = conditions.signInRiskLevels ?? [];
  if (userRisk.length > 0) carveOuts.push({ kind: 'risk', text: `only at user risk ${userRisk.join(', ')}` });
  if (signInRisk.length > 0) carveOuts.push({ kind: 'risk', text: `only at sign-in risk ${signInRisk.join(', ')}` });

  const filter = conditions.devices?.deviceFilter;
  if (filter && typeof filter === 'object') {
    const { mode, rule } = filter as { mode?: unknown; rule?: unknown };
    carveOuts.push({ kind: 'device', text: `only for devices ${mode === 'exclude' ? 'not ' : ''}matching ${typeof rule === 'string' ? rule : 'a device filter'}` });
  }

  return {
    policy,
    state: policyState(policy),
    grant: grantRequirement(policy),
    clientApps: clientAppCoverage(policy),
    targetsSignIn,
    allApps,
    carveOuts,
    trustedLocationExclusions: uniqueTrusted(trusted),
  };
}

function appLabel(id: string): string {
  if (id === 'Office365') return 'Office 365';
  if (id === 'MicrosoftAdminPortals') return 'Microsoft admin portals';
  return `app ${id}`;
}

export function locationLabel(id: string, locations: Readable<ReadonlyMap<string, NamedLocation>>): string {
  if (id === 'AllTrusted') {
    const names = locations.readable ? [...locations.value.values()].filter(isTrusted).map((location) => `'${location.displayName}'`).sort() : [];
    return names.length > 0 ? `trusted locations (${names.join(', ')})` : 'trusted locations';
  }
  if (id === 'All') return 'any location';
  if (!locations.readable) return `named location ${id} (named locations unreadable)`;
  const location = locations.value.get(id);
  if (!location) return `named location ${id} (no longer defined)`;
  const ranges = location.ipRanges?.map((range) => range.cidrAddress) ?? [];
  const detail = ranges.length > 0 ? ` (${ranges.join(', ')})` : location.countriesAndRegions?.length ? ` (${location.countriesAndRegions.join(', ')})` : '';
  return `${isTrusted(location) ? 'trusted ' : ''}named location '${location.displayName}'${detail}`;
}

function isTrusted(location: NamedLocation): boolean {
  return location.isTrusted === true;
}

function trustedLocations(id: string, locations: Readable<ReadonlyMap<string, NamedLocation>>): TrustedLocationExclusion[] {
  if (!locations.readable) return [];
  const chosen = id === 'AllTrusted' ? [...locations.value.values()].filter(isTrusted) : [locations.value.get(id)].filter((location): location is NamedLocation => location !== undefined && isTrusted(location));
  return chosen.map((location) => ({ id: location.id, name: location.displayName, cidrs: location.ipRanges?.map((range) => range.cidrAddress) ?? [] }));
}

function uniqueTrusted(list: TrustedLocationExclusion[]): TrustedLocationExclusion[] {
  return [...new Map(list.map((location) => [location.id, location])).values()];
}

/** The grant as a verb phrase: "blocks access", "requires MFA or a compliant device". */
export function grantDetail(grant: GrantRequirement): string {
  switch (grant.kind) {
    case 'block':
      return 'blocks access';
    case 'none':
      return 'grants access without controls';
    default:
      return grant.detail;
  }
}
