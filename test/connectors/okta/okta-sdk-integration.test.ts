/**
 * The real `@okta/okta-sdk-nodejs` against the Okta simulator: paging through Link headers and body links, 429s
 * waited out until the reset, the SDK's own retry (Reset − Date), private_key_jwt at the token endpoint, a missing
 * scope making the source partial with the scope named, and the governor staying inside its share. A scaled clock
 * (one simulated minute per real second) keeps the rate-limited scans fast.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Client, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import { defaultAnalysisSettings, silentProgress } from '../../../src/connectors/connector.js';
import { analyseOkta } from '../../../src/connectors/okta/analyse-okta.js';
import { scaledClock } from '../../../src/connectors/okta/okta-clock.js';
import { oktaConfigSchema } from '../../../src/connectors/okta/okta-config.js';
import { createOktaClient } from '../../../src/connectors/okta/create-okta-client.js';
import { GovernedRequestExecutor } from '../../../src/connectors/okta/governed-request-executor.js';
import { RateLimitGovernor } from '../../../src/connectors/okta/rate-limit-governor.js';
import { factorFetchStatuses, oktaScopes } from '../../../src/connectors/okta/okta-endpoints.js';
import { silentLogger } from '../../../src/logger.js';
import { emptyOktaOrg, everyoneGroupId, oktaFactor, oktaGroup, oktaRole, oktaUser, type OktaOrgFixture } from '../../../src/simulators/okta/okta-org-fixture.js';
import { startOktaSimulator } from '../../../src/simulators/okta/okta-simulator.js';
import { baseOrg } from './okta-org-cases.js';
import { scanOrg, temporaryDirectory, testToken, writeOrgSource } from './okta-scan-harness.js';

function bigOrg(userCount: number, admins = 0, deprovisioned = 0): OktaOrgFixture {
  const org = baseOrg();
  for (let index = 0; index < userCount; index += 1) {
    const id = `00ubulk${String(index).padStart(6, '0')}`;
    const status = index < deprovisioned ? 'DEPROVISIONED' : 'ACTIVE';
    org.users.push(oktaUser({ id, login: `bulk${index}@example.com`, status }));
    if (status === 'ACTIVE') org.factors.set(id, [oktaFactor(id, index % 3 === 0 ? 'sms' : 'push')]);
    if (index >= deprovisioned && index < deprovisioned + admins) org.userRoles.set(id, [oktaRole('READ_ONLY_ADMIN')]);
  }
  return org;
}

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeAll(async () => {
  directory = await temporaryDirectory();
});
afterAll(async () => {
  await directory.remove();
});

describe('Okta collection through the SDK', () => {
  it('follows Link headers and body links across pages, and lists deprovisioned users through a filter', async () => {
    const org = bigOrg(450, 250, 5);
    const source = await writeOrgSource(directory.path, 'paging-org', org);
    const scan = await scanOrg(source, directory.path, 'paging-scan', { clock: scaledClock(60) });
    expect(scan.meta.status).toBe('complete');
    const users = org.users.length;
    const active = org.users.filter((user) => user.status !== 'DEPROVISIONED').length;
    expect(scan.meta.requests['GET /api/v1/users']).toBe(Math.ceil(active / 200));
    expect(scan.meta.requests['GET /api/v1/users?filter=status eq "DEPROVISIONED"']).toBe(1);
    expect(scan.meta.requests['GET /api/v1/iam/assignees/users']).toBe(Math.ceil(251 / 100));
    expect(scan.meta.requests['GET /api/v1/users/{id}/roles']).toBe(251);
    // Deprovisioned users cannot sign in: no factor request is spent on them.
    expect(scan.meta.requests['GET /api/v1/users/{id}/factors']).toBe(active);
    expect(scan.meta.endpoints.users?.lines).toBe(Math.ceil(active / 200));
    const analysis = await analyseOkta(scan.source, { asOf: new Date(), settings: defaultAnalysisSettings });
    expect(analysis.accounts).toHaveLength(users);
    expect(analysis.accounts.filter((account) => account.privileged)).toHaveLength(251);
  });

  it('waits for the reset after a 429 and then succeeds', async () => {
    const source = await writeOrgSource(directory.path, 'burst-org', baseOrg());
    const clock = scaledClock(60);
    const started = clock.now();
    // Another integration spends the whole System Log budget in the first window.
    const scan = await scanOrg(source, directory.path, 'burst-scan', { clock, simulator: { backgroundUsage: { logs: 120 }, backgroundWindows: 1 } });
    expect(scan.meta.status).toBe('complete');
    expect(scan.stats.rejected.rate).toBe(1);
    expect(scan.meta.requests['GET /api/v1/logs']).toBe(2);
    const firstWindowEnd = Math.ceil((started + 1) / 60_000) * 60_000;
    expect(clock.now()).toBeGreaterThanOrEqual(firstWindowEnd);
  });

  it.each([
    ['two 5xx in a row are waited out and the scan completes', 2, 'complete', 3],
    ['a third 5xx gives the request up: that user is unknown, the source partial', 3, 'partial', 3],
  ] as const)('transient failures on a GET: %s', async (_label, times, status, requests) => {
    const org = baseOrg();
    const source = await writeOrgSource(directory.path, `transient-org-${times}`, org);
    const scan = await scanOrg(source, directory.path, `transient-scan-${times}`, {
      clock: scaledClock(60),
      simulator: { faults: [{ route: 'GET /api/v1/users/00ubob/factors', status: times === 2 ? 503 : 500, times }] },
    });
    expect(scan.meta.status).toBe(status);
    expect(scan.stats.requests['GET /api/v1/users/{id}/factors']).toBe(scan.meta.requests['GET /api/v1/users/{id}/factors']);
    const bobRequests = scan.meta.requests['GET /api/v1/users/{id}/factors'] ?? 0;
    const canSignIn = org.users.filter((user) => factorFetchStatuses.has(String(user.status))).length;
    expect(bobRequests - canSignIn).toBe(requests - 1);
    const analysis = await analyseOkta(scan.source, { asOf: new Date(), settings: defaultAnalysisSettings });
    const bob = analysis.accounts.find((account) => account.login === 'bob@example.com');
    expect(bob?.mfaRegistered.value).toBe(status === 'complete' ? 'yes' : 'unknown');
    if (status === 'partial') expect(scan.meta.errors).toEqual([expect.objectContaining({ endpoint: 'factors', code: 'UPSTREAM_FAILED' })]);
  });

  it('gives up on a bucket that stays exhausted, recording a rate-limit error, without hammering it', async () => {
    const source = await writeOrgSource(directory.path, 'exhausted-org', baseOrg());
    const scan = await scanOrg(source, directory.path, 'exhausted-scan', {
      clock: scaledClock(300),
      simulator: { backgroundUsage: { logs: 120 } },
      config: { rateLimit: { maxRateLimitRetries: 2 } },
    });
    expect(scan.meta.status).toBe('partial');
    expect(scan.meta.errors).toEqual([expect.objectContaining({ endpoint: 'systemLog', code: 'RATE_LIMITED' })]);
    expect(scan.meta.requests['GET /api/v1/logs']).toBe(3);
    const logWindows = scan.stats.windows.filter((window) => window.bucket === 'logs');
    expect(logWindows.every((window) => window.served === 0)).toBe(true);
  });

  it('behaves like Okta for the SDK\'s own retry: 429 with Date and X-Rate-Limit-Reset, retried after the reset', async () => {
    const org = emptyOktaOrg();
    for (let index = 0; index < 3; index += 1) org.users.push(oktaUser({ id: `00uretry${index}`, login: `retry${index}@example.com` }));
    const source = await writeOrgSource(directory.path, 'retry-org', org);
    const simulator = await startOktaSimulator(source, { token: testToken, windowMs: 1000, limits: { users: 2 } });
    try {
      const client = new Client({ orgUrl: simulator.url, token: testToken, cacheMiddleware: null, requestExecutor: new DefaultRequestExecutor() });
      const started = Date.now();
      const logins: string[] = [];
      for await (const user of await client.userApi.listUsers({ limit: 1 })) if (user) logins.push(user.profile?.login ?? '');
      expect(logins).toEqual(['retry0@example.com', 'retry1@example.com', 'retry2@example.com']);
      expect(simulator.stats().rejected.rate).toBeGreaterThanOrEqual(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      await simulator.close();
    }
  });

  it('sends every GET to Okta (no SDK cache) and ignores OKTA_CLIENT_* variables', async () => {
    const source = await writeOrgSource(directory.path, 'cache-org', baseOrg());
    const simulator = await startOktaSimulator(source, { token: testToken });
    const saved = { token: process.env.OKTA_CLIENT_TOKEN, orgUrl: process.env.OKTA_CLIENT_ORGURL };
    process.env.OKTA_CLIENT_TOKEN = 'leaked-from-the-environment';
    process.env.OKTA_CLIENT_ORGURL = 'http://127.0.0.1:9';
    try {
      const config = oktaConfigSchema.parse({ connector: 'okta', orgUrl: simulator.url, auth: { type: 'api-token', token: { env: 'T' } } });
      const executor = new GovernedRequestExecutor({
        governor: new RateLimitGovernor({ budgetShare: 0.5, maxConcurrency: 4, clock: scaledClock(60) }),
        countRequest: () => undefined,
        logger: silentLogger(),
        maxRateLimitRetries: 1,
        requestTimeoutMs: 5000,
        clock: scaledClock(60),
      });
      const client = await createOktaClient(config, executor, { T: testToken }, scaledClock(60));
      await client.userApi.getUser({ userId: '00ualice' });
      await client.userApi.getUser({ userId: '00ualice' });
      expect(simulator.stats().requests['GET /api/v1/users/{id}']).toBe(2);
    } finally {
      if (saved.token === undefined) delete process.env.OKTA_CLIENT_TOKEN;
      else process.env.OKTA_CLIENT_TOKEN = saved.token;
      if (saved.orgUrl === undefined) delete process.env.OKTA_CLIENT_ORGURL;
      else process.env.OKTA_CLIENT_ORGURL = saved.orgUrl;
      await simulator.close();
    }
  });
});

describe('OAuth service app (private_key_jwt)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privateKeyAuth = (scopes?: string[]) => ({
    auth: { type: 'private-key', clientId: '0oascanner', privateKey: { env: 'OKTA_KEY' }, keyId: 'kid-1', ...(scopes ? { scopes } : {}) },
  });

  it('gets a token with a signed client assertion and scans', async () => {
    const source = await writeOrgSource(directory.path, 'oauth-org', baseOrg());
    const scan = await scanOrg(source, directory.path, 'oauth-scan', {
      clock: scaledClock(60),
      simulator: { oauthClients: [{ clientId: '0oascanner', publicKey: publicPem, scopes: [...oktaScopes] }] },
      config: privateKeyAuth(),
      env: { OKTA_KEY: privatePem },
    });
    expect(scan.meta.status).toBe('complete');
    expect(scan.stats.tokensIssued).toBe(1);
    expect(scan.meta.requests['POST /oauth2/v1/token']).toBe(1);
  });

  it('renews the access token before it expires mid-scan, with one token request for all workers', async () => {
    const org = bigOrg(1000);
    const source = await writeOrgSource(directory.path, 'oauth-expiry-org', org);
    const clock = scaledClock(60);
    const started = clock.now();
    const scan = await scanOrg(source, directory.path, 'oauth-expiry-scan', {
      clock,
      simulator: { oauthClients: [{ clientId: '0oascanner', publicKey: publicPem, scopes: [...oktaScopes] }], accessTokenTtlSeconds: 120 },
      config: privateKeyAuth(),
      env: { OKTA_KEY: privatePem },
    });
    const elapsedMs = clock.now() - started;
    expect({ status: scan.meta.status, errors: scan.meta.errors }).toEqual({ status: 'complete', errors: [] });
    // 1000 factor requests at 600 a minute take at least 100 s: a 120 s token, renewed at half-life, is renewed
    // every 60 s by one request (the SDK alone has every worker that meets a 401 ask for a token of its own).
    const tokens = scan.meta.requests['POST /oauth2/v1/token'] ?? 0;
    expect(tokens).toBe(scan.stats.tokensIssued);
    expect(tokens).toBeGreaterThanOrEqual(2);
    expect(tokens).toBeLessThanOrEqual(Math.ceil(elapsedMs / 60_000) + 1);
    // Renewed ahead of expiry, so Okta hardly ever refuses a request (the scaled clock makes a busy machine's
    // pauses sixty times longer; a request can still be in flight when its token runs out).
    const canSignIn = org.users.filter((user) => factorFetchStatuses.has(String(user.status))).length;
    const throttled = scan.stats.rejected.rate + scan.stats.rejected.concurrency;
    const factorRequests = scan.meta.requests['GET /api/v1/users/{id}/factors'] ?? 0;
    expect(factorRequests).toBe(scan.stats.requests['GET /api/v1/users/{id}/factors']);
    expect(factorRequests - canSignIn - throttled).toBeLessThanOrEqual(5);
    expect(factorRequests).toBeGreaterThanOrEqual(canSignIn);
  });

  it('fails the source when the assertion is signed with a key the app does not have', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const source = await writeOrgSource(directory.path, 'oauth-bad-org', baseOrg());
    const scan = await scanOrg(source, directory.path, 'oauth-bad-scan', {
      clock: scaledClock(60),
      simulator: { oauthClients: [{ clientId: '0oascanner', publicKey: other, scopes: [...oktaScopes] }] },
      config: privateKeyAuth(),
      env: { OKTA_KEY: privatePem },
    });
    expect(scan.meta.status).toBe('failed');
    expect(scan.meta.errors).toEqual([expect.objectContaining({ code: 'AUTH_FAILED', message: expect.stringMatching(/invalid_client: The client_assertion signature does not verify/) })]);
    expect(scan.stats.tokensIssued).toBe(0);
  });

  it('makes the source partial and names the scope when a scope is missing', async () => {
    const source = await writeOrgSource(directory.path, 'scope-org', baseOrg());
    const granted = oktaScopes.filter((scope) => scope !== 'okta.logs.read' && scope !== 'okta.policies.read');
    const scan = await scanOrg(source, directory.path, 'scope-scan', {
      clock: scaledClock(60),
      simulator: { oauthClients: [{ clientId: '0oascanner', publicKey: publicPem, scopes: [...oktaScopes] }] },
      config: privateKeyAuth(granted),
      env: { OKTA_KEY: privatePem },
    });
    expect(scan.meta.status).toBe('partial');
    const refused = scan.meta.errors.map((error) => [error.endpoint, error.permission, error.httpStatus]);
    expect(refused).toEqual(
      expect.arrayContaining([
        ['systemLog', 'okta.logs.read', 403],
        ['signOnPolicies', 'okta.policies.read', 403],
        ['accessPolicies', 'okta.policies.read', 403],
      ]),
    );
    const analysis = await analyseOkta(scan.source, { asOf: new Date(), settings: defaultAnalysisSettings });
    const bob = analysis.accounts.find((account) => account.login === 'bob@example.com');
    expect(bob?.mfaEnforced.value).toBe('unknown');
    expect(bob?.covered).toBe('unknown');
    expect(bob?.mfaEnforced.reasons.join(' ')).toMatch(/okta\.policies\.read/);
  });
});

describe('the rate-limit governor against the simulator', () => {
  it.each([
    ['alone', 0, 400, 10],
    ['while the org\'s own integrations use 30% of the factor bucket', 360, 300, 20],
  ])('stays inside its 50%% share %s, and uses most of it', async (_label, background, users, scale) => {
    const source = await writeOrgSource(directory.path, `share-org-${background}`, bigOrg(users));
    const clock = scaledClock(scale);
    const started = clock.now();
    const scan = await scanOrg(source, directory.path, `share-scan-${background}`, { clock, simulator: { backgroundUsage: { 'api-v1': background } } });
    const minutes = (clock.now() - started) / 60_000;
    expect(scan.meta.status).toBe('complete');
    expect(scan.stats.rejected).toEqual({ rate: 0, concurrency: 0 });
    for (const window of scan.stats.windows) {
      // Every window: the scanner plus everyone else stays within half the limit.
      expect(window.served + window.background).toBeLessThanOrEqual(Math.max(window.background, Math.floor(window.limit / 2)));
    }
    const factorRequests = scan.meta.requests['GET /api/v1/users/{id}/factors'] ?? 0;
    const shareRate = 600 - background;
    expect(factorRequests / minutes).toBeGreaterThan(shareRate * 0.7);
  });

  it('keeps the Everyone group out of the member listings', async () => {
    const org = baseOrg();
    org.groups.push(oktaGroup('00gextra', 'Extra'));
    const source = await writeOrgSource(directory.path, 'everyone-org', org);
    const scan = await scanOrg(source, directory.path, 'everyone-scan', { clock: scaledClock(60) });
    expect(scan.stats.requests['GET /api/v1/groups/{id}/users'] ?? 0).toBe(0);
    expect(everyoneGroupId).toBe('00geveryone');
  });
});

describe('collect context', () => {
  it('reports progress per page', async () => {
    const pages: string[] = [];
    const source = await writeOrgSource(directory.path, 'progress-org', baseOrg());
    const simulator = await startOktaSimulator(source, { token: testToken, clock: scaledClock(60) });
    try {
      const { collectOkta } = await import('../../../src/connectors/okta/collect-okta.js');
      const { SnapshotWriter } = await import('../../../src/snapshot/snapshot-writer.js');
      const writer = await SnapshotWriter.create(`${directory.path}/progress-scan`, { now: () => new Date(), scannerVersion: 'test' });
      const config = oktaConfigSchema.parse({ connector: 'okta', orgUrl: simulator.url, auth: { type: 'api-token', token: { env: 'T' } } });
      await writer.recordSource({ sourceId: 'okta', connector: 'okta', tenant: config.orgUrl }, (recorder) =>
        collectOkta(config, recorder, { logger: silentLogger(), now: () => new Date(), env: { T: testToken }, progress: { pageFetched: (event) => pages.push(event.endpoint) } }, { clock: scaledClock(60) }).then(() => undefined),
      );
      await writer.commit();
      expect(pages).toEqual(expect.arrayContaining(['users', 'factors', 'signOnPolicies', 'accessPolicies', 'systemLog']));
      expect(silentProgress.pageFetched).toBeDefined();
    } finally {
      await simulator.close();
    }
  });
});
