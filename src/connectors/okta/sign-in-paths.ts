/**
 * Every way an account can sign in, through both of Okta's layers: from each network (each active policy zone, and
 * anywhere else) to each app the account can reach, the global session policy decides how the session is made and
 * the app's authentication policy what the app demands. A path needs a second factor when either layer requires
 * one, is closed when either denies (a DENY is not a password path), and is a password path when neither asks for
 * more than one factor. Classic orgs without authentication policies have the first layer only.
 */
import type { OktaUser, OktaZone } from './okta-payloads.js';
import { adminConsoleAppName, dashboardAppName } from './okta-payloads.js';
import type { OktaOrg, PolicyWithRules } from './okta-org.js';
import { walkLayer, type LayerBranch } from './policy-walk.js';
import { isActive, legacyIpZoneName, type GroupDirectory, type SignInContext, type SignInLocation, type Tri } from './policy-conditions.js';
import { policyMayAllowSingleFactor } from './rule-requirement.js';

export type PathOutcome = 'mfa' | 'blocked' | 'single-factor' | 'unknown';

export interface AppTarget {
  id: string;
  label: string;
  /** The account's first stop: the Okta Dashboard (or the Classic sign-in). */
  primary: boolean;
  adminConsole: boolean;
  /** The authentication policy; undefined with `policyUnknown` when it cannot be determined, or for Classic orgs. */
  policy: PolicyWithRules | undefined;
  policyUnknown?: string;
  reach: Tri;
  reachReason?: string;
}

export interface LayerStep {
  policyName: string | undefined;
  ruleName: string | undefined;
  ruleId: string | undefined;
  policyId: string | undefined;
  detail: string;
}

export interface SignInPath {
  location: SignInLocation;
  app: AppTarget;
  context: SignInContext;
  outcome: PathOutcome;
  phishingResistant: boolean;
  signOn: LayerStep;
  access: LayerStep | undefined;
  conditions: string[];
  /** Why the outcome is unknown. */
  unknownReason?: string;
}

export function signInLocations(org: OktaOrg): SignInLocation[] {
  const locations: SignInLocation[] = [{ kind: 'elsewhere' }];
  if (org.zones.readable) {
    for (const zone of org.zones.value) {
      // Blocklisted networks never reach the policies; inactive zones match no condition; an IP zone without gateway
      // addresses (the system LegacyIpZone of most orgs) contains no sign-in at all.
      if (isActive(zone) && zone.usage !== 'BLOCKLIST' && !isEmptyIpZone(zone)) locations.push({ kind: 'zone', id: zone.id, name: zone.name });
    }
    if (!org.zones.value.some((zone) => zone.name === legacyIpZoneName) && usesLegacyNetwork(org)) {
      locations.push({ kind: 'zone', id: legacyIpZoneName, name: legacyIpZoneName });
    }
    return locations;
  }
  // Without the zone list, each zone a rule names is still a place a sign-in can come from.
  const referenced = new Set<string>();
  for (const layer of [org.signOnPolicies, org.accessPolicies]) {
    if (!layer.readable) continue;
    for (const entry of layer.value) {
      for (const rule of entry.rules) for (const id of [...(rule.conditions?.network?.include ?? []), ...(rule.conditions?.network?.exclude ?? [])]) referenced.add(id);
    }
  }
  referenced.delete('ALL_ZONES');
  for (const id of [...referenced].sort()) locations.push({ kind: 'zone', id, name: id });
  return locations;
}

function isEmptyIpZone(zone: OktaZone): boolean {
  return zone.type === 'IP' && Array.isArray(zone.gateways) && zone.gateways.length === 0;
}

function usesLegacyNetwork(org: OktaOrg): boolean {
  if (!org.signOnPolicies.readable) return false;
  return org.signOnPolicies.value.some((entry) =>
    entry.rules.some((rule) => rule.conditions?.network?.connection === 'ON_NETWORK' || rule.conditions?.network?.connection === 'OFF_NETWORK'),
  );
}

/** The apps whose policies matter for this account. */
export function appTargets(org: OktaOrg, user: OktaUser, privileged: Tri): AppTarget[] {
  if (!org.accessPolicies.readable) {
    return [{ id: 'okta', label: 'Okta', primary: true, adminConsole: false, policy: undefined, policyUnknown: org.accessPolicies.reason, reach: 'yes' }];
  }
  const policies = org.accessPolicies.value;
  if (policies.length === 0) {
    return [{ id: 'okta', label: 'Okta sign-in (Classic Engine: no authentication policies)', primary: true, adminConsole: false, policy: undefined, reach: 'yes' }];
  }
  const targets: AppTarget[] = [];
  const policyOf = (appName: string): PolicyWithRules | undefined =>
    policies.find((entry) => isActive(entry.policy) && entry.apps.some((app) => app.name === appName));
  const appsUnknown = policies.find((entry) => entry.appsUnreadable)?.appsUnreadable;

  const dashboard = policyOf(dashboardAppName);
  targets.push({
    id: dashboardAppName,
    label: 'Okta Dashboard',
    primary: true,
    adminConsole: false,
    policy: dashboard,
    ...(dashboard ? {} : { policyUnknown: appsUnknown ?? 'no active authentication policy is assigned to the Okta Dashboard' }),
    reach: 'yes',
  });
  const console = policyOf(adminConsoleAppName);
  if (privileged !== 'no') {
    targets.push({
      id: adminConsoleAppName,
      label: 'Okta Admin Console',
      primary: false,
      adminConsole: true,
      policy: console,
      ...(console ? {} : { policyUnknown: appsUnknown ?? 'no active authentication policy is assigned to the Okta Admin Console' }),
      reach: privileged,
      ...(privileged === 'unknown' ? { reachReason: 'admin roles could not be read' } : {}),
    });
  }
  for (const info of [...org.apps.values()].sort((a, b) => a.app.id.localeCompare(b.app.id))) {
    if (info.app.name === dashboardAppName || info.app.name === adminConsoleAppName || info.app.status !== 'ACTIVE') continue;
    const policy = policies.find((entry) => entry.policy.id === info.policyId);
    if (!policy || !isActive(policy.policy)) continue;
    if (!policy.rulesUnreadable && !policyMayAllowSingleFactor(policy.rules)) continue;
    const reach: Tri = info.users ? (info.users.has(user.id) ? 'yes' : 'no') : 'unknown';
    if (reach === 'no') continue;
    targets.push({
      id: info.app.id,
      label: info.app.label ?? info.app.name,
      primary: false,
      adminConsole: false,
      policy,
      reach,
      ...(reach === 'unknown' ? { reachReason: `assignments of app '${info.app.label ?? info.app.name}' are unknown (${info.usersReason ?? 'not collected'})` } : {}),
    });
  }
  return targets;
}

export interface PathInput {
  org: OktaOrg;
  user: OktaUser;
  locations: readonly SignInLocation[];
  apps: readonly AppTarget[];
  groups: GroupDirectory;
}

export function signInPaths(input: PathInput): SignInPath[] {
  const paths: SignInPath[] = [];
  const { org, user, groups } = input;
  for (const location of input.locations) {
    const signOnBranches: LayerBranch[] = org.signOnPolicies.readable
      ? walkLayer({ kind: 'sign-on', policies: org.signOnPolicies.value, user, location, context: 'web', groups })
      : [{ policy: undefined, rule: undefined, requirement: { kind: 'unknown', detail: org.signOnPolicies.reason }, conditions: [], uncertain: [] }];
    for (const app of input.apps) {
      const classic = app.policy === undefined && app.policyUnknown === undefined;
      const accessBranches: Array<LayerBranch | undefined> = classic
        ? [undefined]
        : app.policy
          ? walkLayer({ kind: 'access', policies: [app.policy], user, location, context: 'web', groups })
          : [{ policy: undefined, rule: undefined, requirement: { kind: 'unknown', detail: app.policyUnknown ?? 'unknown policy' }, conditions: [], uncertain: [] }];
      for (const signOn of signOnBranches) {
        for (const access of accessBranches) paths.push(combine(location, app, 'web', signOn, access));
      }
    }
  }
  return paths;
}

/** RADIUS sign-ins (VPN agents) meet only the global session layer; undefined when no rule targets RADIUS. */
export function radiusPaths(input: PathInput): SignInPath[] | undefined {
  const { org, user, groups } = input;
  if (!org.signOnPolicies.readable) return undefined;
  const radiusRules = org.signOnPolicies.value.some((entry) => entry.rules.some((rule) => isActive(rule) && rule.conditions?.authContext?.authType === 'RADIUS'));
  if (!radiusRules) return undefined;
  const app: AppTarget = { id: 'radius', label: 'RADIUS clients', primary: false, adminConsole: false, policy: undefined, reach: 'yes' };
  const paths: SignInPath[] = [];
  for (const location of input.locations) {
    for (const branch of walkLayer({ kind: 'sign-on', policies: org.signOnPolicies.value, user, location, context: 'radius', groups })) {
      paths.push(combine(location, app, 'radius', branch, undefined));
    }
  }
  return paths;
}

function step(branch: LayerBranch): LayerStep {
  const requirement = branch.requirement;
  const detail = requirement.kind === 'deny' ? 'deny' : requirement.detail;
  return { policyName: branch.policy?.name, policyId: branch.policy?.id, ruleName: branch.rule?.name, ruleId: branch.rule?.id, detail };
}

function combine(location: SignInLocation, app: AppTarget, context: SignInContext, signOn: LayerBranch, access: LayerBranch | undefined): SignInPath {
  const requirements = [signOn.requirement, ...(access ? [access.requirement] : [])];
  const conditions = [...signOn.conditions, ...(access?.conditions ?? [])];
  const uncertain = [...signOn.uncertain, ...(access?.uncertain ?? [])];
  const base = { location, app, context, signOn: step(signOn), access: access ? step(access) : undefined, conditions };
  if (requirements.some((requirement) => requirement.kind === 'deny')) return { ...base, outcome: 'blocked', phishingResistant: false };
  const mfa = requirements.filter((requirement) => requirement.kind === 'mfa');
  // A second factor demanded by either layer covers the path, even when the other layer is unreadable.
  if (mfa.length > 0) {
    const phishingResistant = mfa.some((requirement) => requirement.kind === 'mfa' && requirement.phishingResistant);
    return { ...base, outcome: 'mfa', phishingResistant };
  }
  const unknown = requirements.find((requirement) => requirement.kind === 'unknown');
  if (unknown && unknown.kind === 'unknown') return { ...base, outcome: 'unknown', phishingResistant: false, unknownReason: unknown.detail };
  if (uncertain.length > 0) return { ...base, outcome: 'unknown', phishingResistant: false, unknownReason: `a password alone would sign in if ${uncertain.join(' and ')}` };
  if (app.reach === 'unknown') return { ...base, outcome: 'unknown', phishingResistant: false, unknownReason: `a password alone signs in to ${app.label}, and ${app.reachReason ?? 'whether the account reaches it is unknown'}` };
  return { ...base, outcome: 'single-factor', phishingResistant: false };
}

export function describeLocation(location: SignInLocation): string {
  if (location.kind === 'elsewhere') return 'from any other network';
  // The system zone behind Classic's ON_NETWORK condition: its gateways are the org's own network.
  if (location.name === legacyIpZoneName) return `from the org's gateway IPs (system zone '${legacyIpZoneName}', Classic's "on network")`;
  return `from zone '${location.name}'`;
}

/** The path without its network: the app, conditions and the rules of both layers. */
export function describeRoute(path: SignInPath): string {
  const layer = (label: string, step: LayerStep): string =>
    step.policyName === undefined ? `${label}: ${step.detail}` : `${label} ${step.ruleName ? `rule '${step.ruleName}'` : '(no rule)'} of '${step.policyName}' (${step.detail})`;
  const parts = [layer('global session', path.signOn)];
  if (path.access) parts.push(layer('authentication policy', path.access));
  const conditions = path.conditions.length > 0 ? ` [${path.conditions.join('; ')}]` : '';
  return `to ${path.app.label}${conditions}: ${parts.join('; ')}`;
}

/** One line naming the path and the rules that decide it. */
export function describePath(path: SignInPath): string {
  return `${describeLocation(path.location)} ${describeRoute(path)}`;
}

/** Paths grouped by route, each with the networks it is open from ("from any network" when from all of them). */
export function describePathsByRoute(paths: readonly SignInPath[], allLocations: number): string[] {
  const routes = new Map<string, SignInPath[]>();
  for (const path of paths) {
    const route = describeRoute(path);
    routes.set(route, [...(routes.get(route) ?? []), path]);
  }
  return [...routes].map(([route, group]) => {
    const places = [...new Set(group.map((path) => describeLocation(path.location)))];
    const everywhere = places.length >= allLocations && group.some((path) => path.location.kind === 'elsewhere');
    return `${everywhere ? 'from any network' : places.join(', ')} ${route}`;
  });
}
