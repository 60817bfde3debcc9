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

export type CarveOutKind = 'location' | 'application' | 'platform' | 'risk' | 'device' | 'flow' | 'time' | 'app-filter' | 'condition';

/**
 * Carve-outs that make a policy fire only under a narrower condition than "every sign-in": an authentication flow,
 * a risk level, a time window, an application filter, a device filter, or a condition this version does not know.
 */
export const narrowingKinds: ReadonlySet<CarveOutKind> = new Set(['flow', 'risk', 'time', 'app-filter', 'device', 'condition']);

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
  /** Why the policy does not target sign-ins to apps, when it does not ("only for user action registerSecurityInfo"). */
  notSignIn: string | undefined;
  /** True when the policy covers all cloud apps (with or without excluded apps). */
  allApps: boolean;
  carveOuts: CarveOut[];
  /** True when a carve-out narrows the policy to a flow, risk, time, app or device filter, or an unknown condition. */
  narrowed: boolean;
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
  const userActions = apps?.includeUserActions ?? [];
  const contexts = apps?.includeAuthenticationContextClassReferences ?? [];
  const workloads = workloadTargets(conditions.clientApplications);
  const notSignIn =
    userActions.length > 0
      ? `it applies only to user action ${userActions.join(', ')}, not to sign-ins to apps`
      : contexts.length > 0
        ? `it applies only to authentication context ${contexts.join(', ')}, not to sign-ins to apps`
        : workloads
          ? `it targets workload identities (${workloads}), not users`
          : includeApps.length === 0 || includeApps.includes('None')
            ? 'it targets no cloud app'
            : undefined;
  const targetsSignIn = notSignIn === undefined;
  const allApps = includeApps.includes('All');
  if (targetsSignIn && !allApps) carveOuts.push({ kind: 'application', text: `only for ${includeApps.map(appLabel).join(', ')}` });
  if (excludeApps.length > 0) carveOuts.push({ kind: 'application', text: `not for ${excludeApps.map(appLabel).join(', ')}` });
  const appFilter = filterRule(apps?.applicationFilter);
  if (appFilter) carveOuts.push({ kind: 'app-filter', text: `only for apps ${appFilter.mode === 'exclude' ? 'not ' : ''}matching the application filter ${appFilter.rule}` });

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

  // A risk condition narrows unless it lists every level, `none` (no risk detected) included.
  const risk = (label: string, levels: readonly string[]): void => {
    if (levels.length > 0 && !['none', 'low', 'medium', 'high'].every((level) => levels.includes(level))) carveOuts.push({ kind: 'risk', text: `only at ${label} ${levels.join(', ')}` });
  };
  risk('user risk', conditions.userRiskLevels ?? []);
  risk('sign-in risk', conditions.signInRiskLevels ?? []);
  risk('service-principal risk', conditions.servicePrincipalRiskLevels ?? []);
  risk('insider risk', flagList(conditions.insiderRiskLevels));
  risk('agent-identity risk', flagList(conditions.agentIdRiskLevels));

  const flows = flagList(conditions.authenticationFlows?.transferMethods).filter((method) => method !== 'none');
  if (flows.length > 0) carveOuts.push({ kind: 'flow', text: `only for authentication flow ${flows.map(flowLabel).join(', ')}` });

  if (timeNarrows(conditions.times)) carveOuts.push({ kind: 'time', text: 'only at the times its time condition names' });

  carveOuts.push(...deviceCarveOuts(conditions.devices));

  for (const [key, value] of Object.entries(conditions)) {
    if (!interpretedConditions.has(key) && isSet(value)) carveOuts.push({ kind: 'condition', text: `only under condition '${key}', which this version does not interpret` });
  }
  for (const [key, value] of Object.entries(apps ?? {})) {
    if (!interpretedApplicationKeys.has(key) && isSet(value)) carveOuts.push({ kind: 'condition', text: `only under application condition '${key}', which this version does not interpret` });
  }

  return {
    policy,
    state: policyState(policy),
    grant: grantRequirement(policy),
    clientApps: clientAppCoverage(policy),
    targetsSignIn,
    notSignIn,
    allApps,
    carveOuts,
    narrowed: carveOuts.some((carveOut) => narrowingKinds.has(carveOut.kind)),
    trustedLocationExclusions: uniqueTrusted(trusted),
  };
}

/** Condition keys read above (or that never narrow a user sign-in: `users` is the audience, `@odata.type` a tag). */
const interpretedConditions = new Set([
  '@odata.type',
  'users',
  'applications',
  'clientApplications',
  'clientAppTypes',
  'locations',
  'platforms',
  'devices',
  'userRiskLevels',
  'signInRiskLevels',
  'servicePrincipalRiskLevels',
  'insiderRiskLevels',
  'agentIdRiskLevels',
  'authenticationFlows',
  'times',
]);

/** Keys of `conditions.applications` read above. */
const interpretedApplicationKeys = new Set(['@odata.type', 'includeApplications', 'excludeApplications', 'includeUserActions', 'includeAuthenticationContextClassReferences', 'applicationFilter']);

/** Whether a condition value says anything: null, empty strings, empty lists and objects of nothing but nulls do not. */
function isSet(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '' && value !== 'none';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.entries(value).some(([key, entry]) => key !== '@odata.type' && isSet(entry));
  return true;
}

/** A time condition narrows unless it includes all times and excludes none. */
function timeNarrows(times: unknown): boolean {
  if (!isSet(times)) return false;
  if (typeof times !== 'object' || times === null) return true;
  const { included, excluded, ...rest } = times as { included?: unknown; excluded?: unknown };
  const allTimes = typeof included === 'object' && included !== null && (included as Record<string, unknown>)['@odata.type'] === '#microsoft.graph.conditionalAccessAllTimes';
  const others = Object.entries(rest).filter(([key]) => key !== '@odata.type' && key !== 'timeZone');
  return !(allTimes || !isSet(included)) || isSet(excluded) || others.some(([, value]) => isSet(value));
}

/** Graph flag enums arrive as one comma-separated string ("minor,moderate"); exports sometimes carry a list. */
function flagList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (Array.isArray(value)) return value.filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  return [];
}

function flowLabel(method: string): string {
  if (method === 'deviceCodeFlow') return 'device code flow';
  if (method === 'authenticationTransfer') return 'authentication transfer';
  return method;
}

/** A filter (`{mode, rule}`) narrows only when it has a rule: PowerShell-SDK exports carry `{mode: null, rule: null}`. */
function filterRule(filter: unknown): { mode: string; rule: string } | undefined {
  if (typeof filter !== 'object' || filter === null) return undefined;
  const { mode, rule } = filter as { mode?: unknown; rule?: unknown };
  if (typeof rule !== 'string' || rule.trim() === '') return undefined;
  return { mode: typeof mode === 'string' ? mode : 'include', rule };
}

function deviceCarveOuts(devices: ConditionalAccessPolicy['conditions']['devices']): CarveOut[] {
  if (!devices) return [];
  const carveOuts: CarveOut[] = [];
  const filter = filterRule(devices.deviceFilter);
  if (filter) carveOuts.push({ kind: 'device', text: `only for devices ${filter.mode === 'exclude' ? 'not ' : ''}matching ${filter.rule}` });
  // The deprecated device-state condition: `includeDeviceStates: ['All']` with excluded states such as `Compliant`.
  const includeStates = flagList(devices.includeDeviceStates);
  const excludeStates = flagList(devices.excludeDeviceStates);
  if (includeStates.length > 0 && !includeStates.includes('All')) carveOuts.push({ kind: 'device', text: `only for device states ${includeStates.join(', ')}` });
  if (excludeStates.length > 0) carveOuts.push({ kind: 'device', text: `not for device states ${excludeStates.join(', ')}` });
  const includeDevices = flagList(devices.includeDevices);
  const excludeDevices = flagList(devices.excludeDevices);
  if (includeDevices.length > 0 && !includeDevices.includes('All')) carveOuts.push({ kind: 'device', text: `only for devices ${includeDevices.join(', ')}` });
  if (excludeDevices.length > 0) carveOuts.push({ kind: 'device', text: `not for devices ${excludeDevices.join(', ')}` });
  return carveOuts;
}

/** Which workload identities a policy's client-application condition includes, if any (then it targets no user). */
function workloadTargets(clients: ConditionalAccessPolicy['conditions']['clientApplications']): string | undefined {
  if (!clients) return undefined;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(clients)) {
    if (!key.startsWith('include')) continue;
    const list = flagList(value);
    if (list.length > 0) parts.push(`${key} ${list.join(', ')}`);
  }
  const filter = filterRule(clients.servicePrincipalFilter);
  if (filter) parts.push(`service principals matching ${filter.rule}`);
  return parts.length > 0 ? parts.join('; ') : undefined;
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
