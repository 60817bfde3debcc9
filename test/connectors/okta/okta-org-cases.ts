/** A small Okta org for table-driven analysis tests: each case edits a copy and states the verdicts it expects. */
import { defaultAnalysisSettings, type SourceAnalysis } from '../../../src/connectors/connector.js';
import { analyseOkta } from '../../../src/connectors/okta/analyse-okta.js';
import type { SourceError } from '../../../src/snapshot/snapshot-format.js';
import {
  accessRule,
  emptyOktaOrg,
  everyoneGroupId,
  oktaApp,
  oktaFactor,
  oktaGroup,
  oktaPolicy,
  oktaRole,
  oktaUser,
  oktaVerifyAuthenticator,
  oktaZone,
  signOnRule,
  type OktaOrgFixture,
} from '../../../src/simulators/okta/okta-org-fixture.js';
import { memoryOktaSource } from './memory-okta-source.js';

export const ids = {
  alice: '00ualice',
  bob: '00ubob',
  carol: '00ucarol',
  dave: '00udave',
  erin: '00uerin',
  svc: '00usvc',
  staff: '00gstaff',
  opaque: '00gopaque',
  office: 'nzoOffice',
  vpn: 'nzoVpn',
  retired: 'nzoRetired',
  blocked: 'nzoBlocked',
  gsp: '00pgsp',
  dashboard: 'rstDashboard',
  console: 'rstConsole',
  wiki: 'rstWiki',
} as const;

export const logins = {
  alice: 'alice@example.com',
  bob: 'bob@example.com',
  carol: 'carol@example.com',
  dave: 'dave@example.com',
  erin: 'erin@example.com',
  svc: 'svc-backup@example.com',
};

/**
 * Alice is in Staff; Bob is not; Carol is a Super Administrator; Dave is deprovisioned and Erin suspended;
 * svc-backup matches the service-account pattern. Everyone has Okta Verify push. The global session rule leaves
 * the factor to the app policies; the Dashboard and Admin Console policies require two factors.
 */
export function baseOrg(): OktaOrgFixture {
  const org = emptyOktaOrg();
  const users: Array<[string, string, string]> = [
    [ids.alice, logins.alice, 'ACTIVE'],
    [ids.bob, logins.bob, 'ACTIVE'],
    [ids.carol, logins.carol, 'ACTIVE'],
    [ids.dave, logins.dave, 'DEPROVISIONED'],
    [ids.erin, logins.erin, 'SUSPENDED'],
    [ids.svc, logins.svc, 'ACTIVE'],
  ];
  for (const [id, login, status] of users) {
    org.users.push(oktaUser({ id, login, status }));
    if (status !== 'DEPROVISIONED') org.factors.set(id, [oktaFactor(id, 'push')]);
  }
  org.groups.push(oktaGroup(everyoneGroupId, 'Everyone', 'BUILT_IN'), oktaGroup(ids.staff, 'Staff'), oktaGroup(ids.opaque, 'Opaque'));
  org.groupMembers.set(ids.staff, [ids.alice]);
  org.userRoles.set(ids.carol, [oktaRole('SUPER_ADMIN')]);
  org.zones.push(
    oktaZone(ids.office, 'Office'),
    oktaZone(ids.vpn, 'VPN'),
    oktaZone(ids.retired, 'Retired', { status: 'INACTIVE' }),
    oktaZone(ids.blocked, 'Blocked', { usage: 'BLOCKLIST' }),
  );
  org.signOnPolicies.push(oktaPolicy({ id: ids.gsp, name: 'Default Policy', type: 'OKTA_SIGN_ON', priority: 1, system: true }));
  org.rules.set(ids.gsp, [signOnRule({ id: 'gspDefault', name: 'Default Rule', priority: 1, system: true, requireFactor: false })]);
  org.accessPolicies.push(
    oktaPolicy({ id: ids.console, name: 'Admin Console Policy', type: 'ACCESS_POLICY', priority: 1 }),
    oktaPolicy({ id: ids.dashboard, name: 'Dashboard Policy', type: 'ACCESS_POLICY', priority: 2 }),
  );
  org.policyApps.set(ids.console, [oktaApp('0oaConsole', 'saasure', 'Okta Admin Console')]);
  org.policyApps.set(ids.dashboard, [oktaApp('0oaDashboard', 'okta_enduser', 'Okta Dashboard')]);
  org.rules.set(ids.console, [accessRule({ id: 'consoleCatchAll', name: 'Catch-all Rule', priority: 99, system: true, factorMode: '2FA', phishingResistant: true })]);
  org.rules.set(ids.dashboard, [accessRule({ id: 'dashCatchAll', name: 'Catch-all Rule', priority: 99, system: true, factorMode: '2FA' })]);
  org.authenticators.push(oktaVerifyAuthenticator('ALWAYS'));
  return org;
}

export function withDashboardRules(org: OktaOrgFixture, ...rules: Array<Record<string, unknown>>): OktaOrgFixture {
  org.rules.set(ids.dashboard, rules);
  return org;
}

export function withSignOnRules(org: OktaOrgFixture, ...rules: Array<Record<string, unknown>>): OktaOrgFixture {
  org.rules.set(ids.gsp, rules);
  return org;
}

/** A third app ("Wiki") on its own authentication policy, assigned to the given users. */
export function withWiki(org: OktaOrgFixture, rules: Array<Record<string, unknown>>, assigned: string[] | undefined): OktaOrgFixture {
  org.accessPolicies.push(oktaPolicy({ id: ids.wiki, name: 'Wiki Policy', type: 'ACCESS_POLICY', priority: 3 }));
  org.policyApps.set(ids.wiki, [oktaApp('0oaWiki', 'wiki', 'Wiki')]);
  org.rules.set(ids.wiki, rules);
  if (assigned) org.appUsers.set('0oaWiki', assigned);
  return org;
}

export async function analyse(
  org: OktaOrgFixture,
  options: { errors?: SourceError[]; drop?: string[]; edit?: (lines: Map<string, unknown[]>) => void } = {},
): Promise<SourceAnalysis> {
  return analyseOkta(await memoryOktaSource(org, options), { asOf: new Date('2025-06-01T00:00:00Z'), settings: defaultAnalysisSettings });
}
