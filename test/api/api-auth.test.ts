/**
 * Authentication, scopes, rate limits, the dashboard session and its CSRF defence, and what reaches the logs,
 * against both store dialects. The routes come from the OpenAPI document, so a route added later is covered.
 */
import { readFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { buildApp } from '../../src/api/build-app.js';
import { appConfigSchema, parseAppConfig, type AppConfig } from '../../src/config/app-config.js';
import { demoConfigFile } from '../../src/demo/run-demo.js';
import { hashApiToken } from '../../src/api/auth/api-token.js';
import { storeKinds } from '../store/test-stores.js';
import { bearer, openApiHarness, type ApiHarness } from './api-harness.js';

let config: AppConfig;

beforeAll(async () => {
  config = parseAppConfig(await readFile(demoConfigFile, 'utf8'), 'demo.yaml');
});

interface Operation {
  method: string;
  url: string;
  /** `anonymous` declares no security; `session` only the dashboard cookie; `bearer` a token. */
  access: 'anonymous' | 'session' | 'bearer';
}

/** Every operation of the OpenAPI document, with `{param}` filled in. */
async function operations(harness: ApiHarness): Promise<Operation[]> {
  const document = harness.app.swagger() as { paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>> };
  return Object.entries(document.paths).flatMap(([url, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      url: url.replace('{name}', 'report.json').replace(/\{[^}]+\}/g, 'x1'),
      access:
        operation.security === undefined || operation.security.some((scheme) => 'bearerToken' in scheme)
          ? ('bearer' as const)
          : operation.security.length === 0
            ? ('anonymous' as const)
            : ('session' as const),
    })),
  );
}

function cookiesOf(setCookie: string | string[] | undefined): Map<string, string> {
  const lines = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  return new Map(lines.map((line) => [line.slice(0, line.indexOf('=')), line]));
}

function cookieValue(line: string | undefined): string {
  return line?.split(';')[0]?.split('=').slice(1).join('=') ?? '';
}

describe.each(storeKinds)('API authentication on %s', (kind) => {
  let harness: ApiHarness;

  afterEach(async () => {
    await harness?.close();
  });

  it('refuses every route but /health and /ready without a valid token, with 401 and the error shape', async () => {
    harness = await openApiHarness(kind, config);
    const all = await operations(harness);
    const named = (access: Operation['access']) => all.filter((operation) => operation.access === access).map((operation) => `${operation.method} ${operation.url}`).sort();
    expect(named('anonymous')).toEqual(['GET /health', 'GET /ready', 'POST /v1/session']);
    expect(named('session')).toEqual(['DELETE /v1/session']);
    const guarded = all.filter((operation) => operation.access === 'bearer');
    expect(guarded.length).toBeGreaterThanOrEqual(10);
    for (const operation of [...guarded, { method: 'GET', url: '/openapi.json' }, { method: 'GET', url: '/v1/does-not-exist' }]) {
      for (const headers of [{}, bearer('mfac_' + 'A'.repeat(43)), { authorization: 'Basic YWRtaW46YWRtaW4=' }]) {
        const response = await harness.app.inject({ method: operation.method as 'GET', url: operation.url, headers });
        expect([operation.url, response.statusCode]).toEqual([operation.url, 401]);
        expect(response.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String), requestId: response.headers['x-request-id'] } });
        expect(response.headers['www-authenticate']).toContain('Bearer');
      }
    }
    expect((await harness.app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await harness.app.inject({ url: '/ready' })).statusCode).toBe(200);
  });

  it('answers 403 when the token lacks the scope, naming it, and lets admin through everywhere', async () => {
    harness = await openApiHarness(kind, config);
    const reader = await harness.token(['reports:read']);
    const runner = await harness.token(['scans:run']);
    const scraper = await harness.token(['metrics:read']);
    const admin = await harness.token(['admin']);
    const cases: Array<[string, 'GET' | 'POST', string, number]> = [
      [reader, 'POST', '/v1/scans', 403],
      [runner, 'GET', '/v1/accounts', 403],
      [runner, 'GET', '/v1/reports', 403],
      [scraper, 'GET', '/v1/trend', 403],
      [reader, 'GET', '/metrics', 403],
      [runner, 'GET', '/v1/scans', 200],
      [reader, 'GET', '/v1/scans', 200],
      [scraper, 'GET', '/metrics', 200],
      [scraper, 'GET', '/openapi.json', 200],
      [admin, 'POST', '/v1/scans', 202],
      [admin, 'GET', '/metrics', 200],
      [admin, 'GET', '/v1/reports', 200],
    ];
    for (const [token, method, url, status] of cases) {
      const response = await harness.app.inject({ method, url, headers: bearer(token) });
      expect([method, url, response.statusCode]).toEqual([method, url, status]);
      if (status === 403) expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringContaining('scope') } });
    }
  });

  it('stores only digests: nothing read from the database authenticates, and revoked or expired tokens stop working', async () => {
    harness = await openApiHarness(kind, config);
    const token = await harness.token(['admin'], 'ops');
    expect((await harness.app.inject({ url: '/v1/scans', headers: bearer(token) })).statusCode).toBe(200);
    expect((await harness.tokens.list())[0]).toMatchObject({ name: 'ops', lastUsedAt: expect.any(String), revokedAt: null });
    const rows = await sql<Record<string, unknown>>`select * from api_tokens`.execute(harness.opened.store.db);
    expect(rows.rows).toHaveLength(1);
    const stored = Object.values(rows.rows[0]!).filter((value): value is string => typeof value === 'string');
    expect(stored).toContain(hashApiToken(token));
    expect(stored.join('\n')).not.toContain(token);
    expect(stored.join('\n')).not.toContain(token.slice(9));
    for (const value of stored) {
      for (const candidate of [value, `mfac_${value}`, `mfac_${value.slice(0, 43)}`]) {
        expect((await harness.app.inject({ url: '/v1/scans', headers: bearer(candidate) })).statusCode).toBe(401);
      }
    }

    await harness.tokens.revoke('ops');
    expect((await harness.app.inject({ url: '/v1/scans', headers: bearer(token) })).statusCode).toBe(401);
    const expiring = await harness.tokens.create({ name: 'short', scopes: ['admin'], expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect((await harness.app.inject({ url: '/v1/scans', headers: bearer(expiring.token) })).statusCode).toBe(401);
  });

  it('rate-limits per token: one token over its budget gets 429 while another goes on', async () => {
    const limited = appConfigSchema.parse({ ...structuredClone(config), api: { rateLimit: { max: 3, windowMs: 60_000 } } });
    harness = await openApiHarness(kind, limited);
    const first = await harness.token(['reports:read']);
    const second = await harness.token(['reports:read']);
    for (let request = 0; request < 3; request += 1) {
      const response = await harness.app.inject({ url: '/v1/scans', headers: bearer(first) });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-remaining']).toBe(String(2 - request));
    }
    const refused = await harness.app.inject({ url: '/v1/scans', headers: bearer(first) });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED', message: expect.stringContaining('token') } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await harness.app.inject({ url: '/v1/scans', headers: bearer(second) })).statusCode).toBe(200);
    // Probes are never limited.
    for (let request = 0; request < 5; request += 1) expect((await harness.app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('shares each token\'s budget across serve instances through Redis', async () => {
    const limited = appConfigSchema.parse({ ...structuredClone(config), api: { rateLimit: { max: 3, windowMs: 60_000 } }, queue: { prefix: `api-rl-${kind}-${Date.now()}` } });
    const redis = new Redis({ host: '127.0.0.1', port: 6379 });
    harness = await openApiHarness(kind, limited, { rateLimitRedis: redis });
    const other = await buildApp({ ...harness.deps, config: limited, rateLimitRedis: redis });
    try {
      const token = await harness.token(['reports:read']);
      const statuses = [];
      for (const app of [harness.app, other, harness.app, other]) statuses.push((await app.inject({ url: '/v1/scans', headers: bearer(token) })).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await other.close();
      redis.disconnect();
    }
  });

  it('opens the queue dashboard only through an admin session cookie, and refuses its actions without the CSRF header', async () => {
    harness = await openApiHarness(kind, config);
    const admin = await harness.token(['admin']);
    const reader = await harness.token(['reports:read']);

    expect((await harness.app.inject({ url: '/admin/queues/', headers: bearer(admin) })).statusCode).toBe(401);
    const browser = await harness.app.inject({ url: '/admin/queues/', headers: { accept: 'text/html' } });
    expect([browser.statusCode, browser.headers.location]).toEqual([303, '/admin/login']);
    expect((await harness.app.inject({ url: '/admin/login' })).body).toContain('action="/v1/session"');

    const refused = await harness.app.inject({ method: 'POST', url: '/v1/session', payload: { token: reader } });
    expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await harness.app.inject({ method: 'POST', url: '/v1/session', payload: { token: 'mfac_nope' } })).statusCode).toBe(401);

    const login = await harness.app.inject({ method: 'POST', url: '/v1/session', payload: { token: admin } });
    expect(login.statusCode).toBe(201);
    const cookies = cookiesOf(login.headers['set-cookie']);
    const session = cookies.get('mfac_session');
    const xsrf = cookies.get('XSRF-TOKEN');
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).not.toMatch(/Secure/);
    expect(xsrf).not.toMatch(/HttpOnly/);
    const cookie = `mfac_session=${cookieValue(session)}; XSRF-TOKEN=${cookieValue(xsrf)}`;
    const storedSessions = await sql<{ id: string }>`select id from api_sessions`.execute(harness.opened.store.db);
    expect(storedSessions.rows.map((row) => row.id)).toEqual([hashApiToken(cookieValue(session))]);

    const page = await harness.app.inject({ url: '/admin/queues/', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const queues = await harness.app.inject({ url: '/admin/queues/api/queues', headers: { cookie } });
    expect(queues.statusCode).toBe(200);
    expect(queues.body).toContain(harness.queue.name);

    const pauseUrl = `/admin/queues/api/queues/${harness.queue.name}/pause`;
    const withoutCsrf = await harness.app.inject({ method: 'PUT', url: pauseUrl, headers: { cookie } });
    expect(withoutCsrf.json()).toMatchObject({ error: { code: 'CSRF_INVALID' } });
    const wrongCsrf = await harness.app.inject({ method: 'PUT', url: pauseUrl, headers: { cookie, 'x-xsrf-token': 'forged' } });
    expect(wrongCsrf.statusCode).toBe(403);
    const crossOrigin = await harness.app.inject({ method: 'PUT', url: pauseUrl, headers: { cookie, 'x-xsrf-token': cookieValue(xsrf), origin: 'https://evil.example' } });
    expect(crossOrigin.json()).toMatchObject({ error: { code: 'CSRF_INVALID' } });
    expect(await harness.queue.isPaused()).toBe(false);
    const paused = await harness.app.inject({ method: 'PUT', url: pauseUrl, headers: { cookie, 'x-xsrf-token': cookieValue(xsrf), origin: 'http://localhost:80' } });
    expect(paused.statusCode).toBeLessThan(300);
    expect(await harness.queue.isPaused()).toBe(true);

    const logout = await harness.app.inject({ method: 'DELETE', url: '/v1/session', headers: { cookie } });
    expect(logout.statusCode).toBe(204);
    expect((await harness.app.inject({ url: '/admin/queues/api/queues', headers: { cookie } })).statusCode).toBe(401);

    const again = cookiesOf((await harness.app.inject({ method: 'POST', url: '/v1/session', headers: bearer(admin) })).headers['set-cookie']);
    await harness.tokens.revoke((await harness.tokens.list()).find((record) => record.scopes.includes('admin'))!.id);
    expect((await harness.app.inject({ url: '/admin/queues/api/queues', headers: { cookie: `mfac_session=${cookieValue(again.get('mfac_session'))}` } })).statusCode).toBe(401);
  });

  it('marks the session cookie Secure behind an https proxy and answers a form sign-in with a redirect', async () => {
    const proxied = appConfigSchema.parse({ ...structuredClone(config), api: { trustProxy: true } });
    harness = await openApiHarness(kind, proxied);
    const admin = await harness.token(['admin']);
    const login = await harness.app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
      payload: `token=${encodeURIComponent(admin)}`,
    });
    expect([login.statusCode, login.headers.location]).toEqual([303, '/admin/queues/']);
    expect(cookiesOf(login.headers['set-cookie']).get('mfac_session')).toMatch(/Secure/);
    const crossSite = await harness.app.inject({ method: 'POST', url: '/v1/session', headers: { origin: 'https://evil.example' }, payload: { token: admin } });
    expect(crossSite.json()).toMatchObject({ error: { code: 'CSRF_INVALID' } });
  });

  it('never writes a token, a session secret or a cookie to the log', async () => {
    harness = await openApiHarness(kind, config);
    const admin = await harness.token(['admin']);
    const bad = 'mfac_' + 'Z'.repeat(43);
    await harness.app.inject({ url: '/v1/scans', headers: bearer(admin) });
    await harness.app.inject({ url: '/v1/scans', headers: bearer(bad) });
    await harness.app.inject({ url: '/v1/accounts?covered=maybe', headers: bearer(admin) });
    await harness.app.inject({ method: 'POST', url: '/v1/scans', headers: { ...bearer(admin), 'content-type': 'application/json' }, payload: `{"sources": ["${admin}"` });
    const login = await harness.app.inject({ method: 'POST', url: '/v1/session', payload: { token: admin } });
    const session = cookieValue(cookiesOf(login.headers['set-cookie']).get('mfac_session'));
    await harness.app.inject({ url: '/admin/queues/api/queues', headers: { cookie: `mfac_session=${session}` } });
    await harness.app.inject({ method: 'POST', url: '/v1/session', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${bad}` });

    // The same redaction applies to anything a route might log about a request.
    harness.app.log.info({ req: { headers: { authorization: `Bearer ${admin}`, cookie: `mfac_session=${session}` } }, body: { token: admin }, token: admin }, 'probe');

    const log = harness.logLines.join('');
    expect(harness.logLines.length).toBeGreaterThan(10);
    expect(log).toContain('"requestId"');
    expect(log).toContain('probe');
    for (const secret of [admin, admin.slice(5), bad, session]) expect(log).not.toContain(secret);
  });
});
