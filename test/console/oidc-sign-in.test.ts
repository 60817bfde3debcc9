/**
 * OpenID Connect sign-in with openid-client against the simulators' OIDC endpoints: Okta's org authorization server
 * (groups claim with group names, `groups` scope) and Entra ID v2.0 (groups claim with object ids). The flow runs over
 * HTTP as a browser would drive it: authorization URL, the simulator's sign-in form, its redirect with a code, the
 * code exchanged for a signed ID token whose claims become API scopes.
 */
import { serveGraphTenant, type RunningGraphSimulator } from '../../src/simulators/entra/graph-simulator.js';
import { mergeGraphSimulatorSettings } from '../../src/simulators/entra/graph-simulator-settings.js';
import type { GraphTenantStore } from '../../src/simulators/entra/graph-tenant-store.js';
import { serveOktaOrg, type RunningOktaSimulator } from '../../src/simulators/okta/okta-simulator.js';
import type { OktaOrgStore } from '../../src/simulators/okta/okta-org-store.js';
import { defaultOidcClient } from '../../src/simulators/oidc/simulated-oidc-provider.js';
import { OidcSignIn, scopesForClaim } from '../../src/console/oidc-sign-in.js';
import type { OidcSignInConfig } from '../../src/console/console-config.js';
import { AuthError } from '../../src/errors.js';

const redirectUri = 'http://127.0.0.1:9/console/oidc/callback';
const hostile = '<img src=x onerror=alert(1)>';

function oktaUser(id: string, login: string, status = 'ACTIVE'): Record<string, unknown> {
  return { id, status, profile: { login, email: login, firstName: login.split('@')[0], lastName: 'Tester' } };
}

function oktaOrg(): OktaOrgStore {
  const users = [oktaUser('00u1', 'ana@example.com'), oktaUser('00u2', 'bo@example.com'), oktaUser('00u3', 'cy@example.com', 'SUSPENDED'), oktaUser('00u4', 'di@example.com')];
  const group = (id: string, name: string) => ({ status: 200, items: [{ id, type: 'OKTA_GROUP', profile: { name, description: null } }] });
  return {
    users,
    usersById: new Map(users.map((user) => [String(user.id), user])),
    policiesByType: new Map(),
    zones: [],
    authenticators: [],
    logEvents: [],
    roleAssignees: [],
    factors: new Map(),
    userRoles: new Map(),
    groupRoles: new Map(),
    groups: new Map([
      ['00g1', group('00g1', 'SecOps')],
      ['00g2', group('00g2', 'Readers')],
    ]),
    groupMembers: new Map([
      ['00g1', { status: 200, items: [users[0]] }],
      ['00g2', { status: 200, items: [users[1], users[2]] }],
    ]),
    policyRules: new Map(),
    policyApps: new Map(),
    appUsers: new Map(),
  };
}

function entraTenant(): GraphTenantStore {
  const users = [
    { id: 'u-1', userPrincipalName: 'ana@contoso.example', displayName: 'Ana Admin', mail: 'ana@contoso.example', accountEnabled: true },
    { id: 'u-2', userPrincipalName: 'eve@contoso.example', displayName: hostile, mail: null, accountEnabled: true },
  ];
  return {
    users,
    usersById: new Map(users.map((user) => [user.id, user])),
    groups: [],
    registrationDetails: [],
    roleDefinitions: [{ id: 'rd-1', templateId: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator' }],
    roleAssignments: [{ id: 'ra-1', principalId: 'u-1', roleDefinitionId: 'rd-1', directoryScopeId: '/' }],
    conditionalAccessPolicies: [],
    namedLocations: [],
    securityDefaults: undefined,
    authenticationMethodsPolicy: undefined,
    methods: new Map(),
    groupMembers: new Map([['grp-secops', { status: 200, items: [{ '@odata.type': '#microsoft.graph.user', id: 'u-1' }] }]]),
  };
}

/** Opens the authorization URL, checks the sign-in form, submits it as `login` and returns where the IdP redirects. */
async function submitSignIn(url: URL, login: string): Promise<URL> {
  const form = await fetch(url);
  expect(form.status).toBe(200);
  const page = await form.text();
  expect(page).toContain('<form method="post"');
  const body = new URLSearchParams(url.searchParams);
  body.set('login', login);
  const response = await fetch(new URL(url.pathname, url.origin), { method: 'POST', body, redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

describe('OpenID Connect sign-in against the Okta simulator', () => {
  let okta: RunningOktaSimulator;
  let settings: OidcSignInConfig;

  beforeAll(async () => {
    okta = await serveOktaOrg(oktaOrg(), {});
    settings = {
      label: 'Okta',
      issuer: okta.url,
      clientId: defaultOidcClient.clientId,
      clientSecret: { env: 'UNUSED' },
      redirectUri,
      scopes: ['openid', 'profile', 'email', 'groups'],
      claim: 'groups',
      scopesByClaimValue: { SecOps: ['admin'], Readers: ['reports:read'] },
      allowHttp: true,
    };
  });
  afterAll(async () => okta?.close());

  it('signs a member of a mapped group in with the scopes of the group', async () => {
    const signIn = await OidcSignIn.discover(settings, defaultOidcClient.clientSecret);
    const { url, pending } = await signIn.begin('/console/accounts', Date.now());
    expect(url.origin).toBe(okta.url);
    expect(url.pathname).toBe('/oauth2/v1/authorize');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await submitSignIn(url, 'ana@example.com');
    expect(callback.origin + callback.pathname).toBe(redirectUri);
    expect(callback.searchParams.get('state')).toBe(pending.state);
    const identity = await signIn.complete(callback, pending);
    expect(identity).toEqual({ issuer: okta.url, subject: '00u1', name: 'ana Tester', scopes: ['admin'] });

    const reader = await signIn.begin('/console', Date.now());
    await expect(signIn.complete(await submitSignIn(reader.url, 'bo@example.com'), reader.pending)).resolves.toMatchObject({ subject: '00u2', scopes: ['reports:read'] });
  });

  it('refuses a user with no mapped group, a suspended user, a replayed code and a mismatching state', async () => {
    const signIn = await OidcSignIn.discover(settings, defaultOidcClient.clientSecret);
    const unmapped = await signIn.begin('/console', Date.now());
    await expect(signIn.complete(await submitSignIn(unmapped.url, 'di@example.com'), unmapped.pending)).rejects.toThrow(/holds no groups value/);

    const suspended = await signIn.begin('/console', Date.now());
    const denied = await submitSignIn(suspended.url, 'cy@example.com');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    await expect(signIn.complete(denied, suspended.pending)).rejects.toBeInstanceOf(AuthError);

    const first = await signIn.begin('/console', Date.now());
    const callback = await submitSignIn(first.url, 'ana@example.com');
    await signIn.complete(callback, first.pending);
    await expect(signIn.complete(callback, first.pending)).rejects.toThrow(/invalid or has expired/);

    const other = await signIn.begin('/console', Date.now());
    const forged = await submitSignIn(other.url, 'ana@example.com');
    await expect(signIn.complete(forged, { ...other.pending, state: 'not-the-state' })).rejects.toBeInstanceOf(AuthError);
  });

  it('refuses a wrong client secret and an unregistered redirect URI', async () => {
    const wrongSecret = await OidcSignIn.discover(settings, 'not-the-secret');
    const attempt = await wrongSecret.begin('/console', Date.now());
    await expect(wrongSecret.complete(await submitSignIn(attempt.url, 'ana@example.com'), attempt.pending)).rejects.toThrow(/HTTP 401/);

    const elsewhere = await OidcSignIn.discover({ ...settings, redirectUri: 'https://attacker.example/callback' }, defaultOidcClient.clientSecret);
    const { url } = await elsewhere.begin('/console', Date.now());
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('is not registered');
  });

  it('keeps the client-credentials grant of the token endpoint for the scanner', async () => {
    const response = await fetch(`${okta.url}/oauth2/v1/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'okta.users.read' }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).not.toBe('invalid_grant');
  });
});

describe('OpenID Connect sign-in against the Entra ID simulator', () => {
  let graph: RunningGraphSimulator;
  let settings: OidcSignInConfig;

  beforeAll(async () => {
    graph = await serveGraphTenant(entraTenant(), mergeGraphSimulatorSettings({}, {}), 0);
    settings = {
      label: 'Microsoft Entra ID',
      issuer: `${graph.url}/contoso-tenant-id/v2.0`,
      clientId: defaultOidcClient.clientId,
      clientSecret: { env: 'UNUSED' },
      redirectUri,
      scopes: ['openid', 'profile', 'email'],
      claim: 'groups',
      scopesByClaimValue: { 'grp-secops': ['reports:read', 'scans:run'] },
      allowHttp: true,
    };
  });
  afterAll(async () => graph?.close());

  it('maps the groups claim (group object ids) to scopes, and the wids claim carries directory roles', async () => {
    const signIn = await OidcSignIn.discover(settings, defaultOidcClient.clientSecret);
    const { url, pending } = await signIn.begin('/console', Date.now());
    expect(url.pathname).toBe('/contoso-tenant-id/oauth2/v2.0/authorize');
    const identity = await signIn.complete(await submitSignIn(url, 'ANA@contoso.example'), pending);
    expect(identity).toEqual({ issuer: settings.issuer, subject: 'u-1', name: 'Ana Admin', scopes: ['reports:read', 'scans:run'] });

    const byRole = await OidcSignIn.discover({ ...settings, claim: 'wids', scopesByClaimValue: { '62e90394-69f5-4237-9190-012177145e10': ['admin'] } }, defaultOidcClient.clientSecret);
    const attempt = await byRole.begin('/console', Date.now());
    await expect(byRole.complete(await submitSignIn(attempt.url, 'ana@contoso.example'), attempt.pending)).resolves.toMatchObject({ scopes: ['admin'] });
  });

  it('escapes what the relying party sends on the sign-in form and refuses an unknown user there', async () => {
    const signIn = await OidcSignIn.discover(settings, defaultOidcClient.clientSecret);
    const { url } = await signIn.begin('/console', Date.now());
    url.searchParams.set('login_hint', hostile);
    const page = await (await fetch(url)).text();
    expect(page).not.toContain(hostile);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const body = new URLSearchParams(url.searchParams);
    body.set('login', 'nobody@contoso.example');
    const response = await fetch(new URL(url.pathname, url.origin), { method: 'POST', body, redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('does not exist');
  });

  it('still answers the scanner: Graph calls need their bearer token', async () => {
    const response = await fetch(`${graph.url}/v1.0/users`);
    expect(response.status).toBe(401);
  });
});

describe('scopesForClaim', () => {
  it('grants the union of mapped values in the API order, for a string or an array, and nothing for anything else', () => {
    const map = { a: ['scans:run'], b: ['reports:read', 'scans:run'], constructor: ['admin'] } as const;
    expect(scopesForClaim(['b', 'a', 'x'], map)).toEqual(['reports:read', 'scans:run']);
    expect(scopesForClaim('a', map)).toEqual(['scans:run']);
    expect(scopesForClaim(undefined, map)).toEqual([]);
    expect(scopesForClaim([1, null], map)).toEqual([]);
    expect(scopesForClaim('toString', { a: ['admin'] })).toEqual([]);
  });
});
