/** The Okta simulator on the wire: what any client (not only the SDK) sees. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { emptyOktaOrg, oktaFactor, oktaLogEvent, oktaUser } from '../../../src/simulators/okta/okta-org-fixture.js';
import { startOktaSimulator, type RunningOktaSimulator } from '../../../src/simulators/okta/okta-simulator.js';
import { parseFilter, FilterSyntaxError } from '../../../src/simulators/okta/okta-filter-expression.js';
import { temporaryDirectory, writeOrgSource } from '../../connectors/okta/okta-scan-harness.js';

const token = 'sim-token';
const body = async (response: Response | undefined): Promise<Record<string, unknown>> => (await response?.json()) as Record<string, unknown>;
const ids = async (response: Response): Promise<string[]> => ((await response.json()) as Array<{ id: string }>).map((item) => item.id);
const count = async (response: Response): Promise<number> => ((await response.json()) as unknown[]).length;
const auth = { Authorization: `SSWS ${token}` };

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
let source: string;
beforeAll(async () => {
  directory = await temporaryDirectory();
  const org = emptyOktaOrg();
  for (let index = 0; index < 5; index += 1) {
    const id = `00usim${index}`;
    org.users.push(oktaUser({ id, login: `sim${index}@example.com`, status: index === 4 ? 'DEPROVISIONED' : 'ACTIVE' }));
    org.factors.set(id, [oktaFactor(id, 'push')]);
  }
  for (let index = 0; index < 3; index += 1) {
    org.logEvents.push(oktaLogEvent({ uuid: `e${index}`, published: `2025-05-0${index + 1}T00:00:00.000Z`, eventType: 'user.mfa.factor.activate', actorId: '00usim0', targets: [] }));
  }
  source = await writeOrgSource(directory.path, 'sim-org', org);
});
afterAll(async () => {
  await directory.remove();
});

async function withSimulator(options: Parameters<typeof startOktaSimulator>[1], run: (simulator: RunningOktaSimulator) => Promise<void>): Promise<void> {
  const simulator = await startOktaSimulator(source, { token, ...options });
  try {
    await run(simulator);
  } finally {
    await simulator.close();
  }
}

describe('Okta simulator', () => {
  it('answers anything it does not implement with an Okta-shaped 501 and the usual headers', async () => {
    await withSimulator({}, async ({ url }) => {
      for (const [method, pathname] of [['GET', '/api/v1/apps'], ['POST', '/api/v1/users'], ['GET', '/api/v2/whatever'], ['DELETE', '/api/v1/users/00usim0']]) {
        const response = await fetch(`${url}${pathname}`, { method, headers: auth });
        expect(response.status).toBe(501);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(response.headers.get('x-rate-limit-limit')).toMatch(/^\d+$/);
        expect(response.headers.get('date')).toBeTruthy();
        expect(await body(response)).toMatchObject({ errorCode: 'E0000060', errorSummary: expect.stringMatching(/does not implement/) });
      }
    });
  });

  it('rejects a missing or wrong token with E0000011', async () => {
    await withSimulator({}, async ({ url }) => {
      for (const headers of [{}, { Authorization: 'SSWS wrong' }, { Authorization: 'Bearer nope' }] as Array<Record<string, string>>) {
        const response = await fetch(`${url}/api/v1/users`, { headers });
        expect(response.status).toBe(401);
        expect((await body(response)).errorCode).toBe('E0000011');
      }
    });
  });

  it('pages with Link headers on its own origin, caps the page size, and leaves deprovisioned users to a filter', async () => {
    await withSimulator({}, async ({ url }) => {
      const first = await fetch(`${url}/api/v1/users?limit=3`, { headers: auth });
      const link = first.headers.get('link') ?? '';
      expect(await ids(first)).toEqual(['00usim0', '00usim1', '00usim2']);
      const next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
      expect(next?.startsWith(`${url}/api/v1/users?`)).toBe(true);
      const second = await fetch(next ?? '', { headers: auth });
      expect(await ids(second)).toEqual(['00usim3']);
      expect(second.headers.get('link')).not.toMatch(/rel="next"/);
      const capped = await fetch(`${url}/api/v1/users?limit=5000`, { headers: auth });
      expect(await count(capped)).toBe(4);
      const filtered = await fetch(`${url}/api/v1/users?filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`, { headers: auth });
      expect(await ids(filtered)).toEqual(['00usim4']);
      const bad = await fetch(`${url}/api/v1/users?filter=${encodeURIComponent('status eq')}`, { headers: auth });
      expect(bad.status).toBe(400);
      expect((await body(bad)).errorCode).toBe('E0000031');
    });
  });

  it('links a next System Log page forever when `until` is missing (the polling trap), and stops with it', async () => {
    await withSimulator({}, async ({ url }) => {
      const since = encodeURIComponent('2025-01-01T00:00:00.000Z');
      const unbounded = await fetch(`${url}/api/v1/logs?since=${since}&limit=10`, { headers: auth });
      expect(await count(unbounded)).toBe(3);
      expect(unbounded.headers.get('link')).toMatch(/rel="next"/);
      const until = encodeURIComponent('2025-06-01T00:00:00.000Z');
      const bounded = await fetch(`${url}/api/v1/logs?since=${since}&until=${until}&limit=10`, { headers: auth });
      expect(await count(bounded)).toBe(3);
      expect(bounded.headers.get('link')).not.toMatch(/rel="next"/);
    });
  });

  it('counts requests per bucket and window and answers E0000047 past the limit', async () => {
    await withSimulator({ limits: { users: 2 } }, async ({ url }) => {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let index = 0; index < 3; index += 1) {
        last = await fetch(`${url}/api/v1/users`, { headers: auth });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(last?.headers.get('x-rate-limit-limit')).toBe('2');
      expect(last?.headers.get('x-rate-limit-remaining')).toBe('0');
      const reset = Number(last?.headers.get('x-rate-limit-reset'));
      const date = Date.parse(last?.headers.get('date') ?? '');
      expect(reset * 1000 - date).toBeGreaterThan(0);
      expect(reset * 1000 - date).toBeLessThanOrEqual(61_000);
      expect(await body(last)).toMatchObject({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' });
      // Other buckets keep their own budget.
      expect((await fetch(`${url}/api/v1/users/00usim0/factors`, { headers: auth })).status).toBe(200);
    });
  });

  it('injects transient 5xx answers by route label or concrete path, after and for as many requests as told', async () => {
    const faults = [
      { route: 'GET /api/v1/users/{id}/factors', status: 503 as const, after: 1, times: 1 },
      { route: 'GET /api/v1/users/00usim2/factors', status: 500 as const, times: 1 },
    ];
    await withSimulator({ faults }, async ({ url }) => {
      const statuses: number[] = [];
      for (const id of ['00usim0', '00usim1', '00usim1', '00usim2', '00usim2']) {
        const response = await fetch(`${url}/api/v1/users/${id}/factors`, { headers: auth });
        statuses.push(response.status);
        if (response.status >= 500) expect(await body(response)).toMatchObject({ errorCode: 'E0000009' });
      }
      expect(statuses).toEqual([200, 503, 200, 500, 200]);
    });
  });

  it('enforces the concurrency limit and reports it in the rate-limit headers', async () => {
    await withSimulator({ concurrencyLimit: 1, latencyMs: 300 }, async ({ url, stats }) => {
      const responses = await Promise.all([0, 1, 2].map(() => fetch(`${url}/api/v1/users/00usim0/factors`, { headers: auth })));
      const limited = responses.filter((response) => response.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(1);
      expect(limited[0]?.headers.get('x-rate-limit-limit')).toBe('1');
      expect(stats().rejected.concurrency).toBe(limited.length);
    });
  });

  it('answers 403 E0000006 naming the scope an SSWS token lacks', async () => {
    await withSimulator({ sswsScopes: ['okta.users.read'] }, async ({ url }) => {
      const response = await fetch(`${url}/api/v1/logs?until=2025-01-01T00:00:00Z`, { headers: auth });
      expect(response.status).toBe(403);
      expect((await body(response)).errorCode).toBe('E0000006');
      expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope", .*|scope="okta\.logs\.read"/);
      expect(response.headers.get('www-authenticate')).toContain('scope="okta.logs.read"');
    });
  });

  it('refuses malformed token requests the way an authorization server does', async () => {
    await withSimulator({ oauthClients: [] }, async ({ url }) => {
      const post = (body: string) => fetch(`${url}/oauth2/v1/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
      const wrongGrant = await post('grant_type=password');
      expect(wrongGrant.status).toBe(400);
      expect((await body(wrongGrant)).error).toBe('unsupported_grant_type');
      const garbage = await post('grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=abc');
      expect(garbage.status).toBe(401);
      expect((await body(garbage)).error).toBe('invalid_client');
    });
  });

  it('replays a failure recorded in the source, and reads settings from simulator.json', async () => {
    const org = emptyOktaOrg();
    org.users.push(oktaUser({ id: '00ugone', login: 'gone@example.com' }));
    const recorded = await writeOrgSource(directory.path, 'replay-org', org, { token: 'from-settings' });
    await writeFile(path.join(recorded, 'factors.jsonl'), `${JSON.stringify({ key: '00ugone', status: 404, body: { errorCode: 'E0000007', errorSummary: 'Not found' } })}\n`);
    const simulator = await startOktaSimulator(recorded);
    try {
      expect((await fetch(`${simulator.url}/api/v1/users`, { headers: auth })).status).toBe(401);
      const response = await fetch(`${simulator.url}/api/v1/users/00ugone/factors`, { headers: { Authorization: 'SSWS from-settings' } });
      expect(response.status).toBe(404);
      expect((await body(response)).errorCode).toBe('E0000007');
    } finally {
      await simulator.close();
    }
  });
});

describe('Okta filter expressions', () => {
  const items = [
    { status: 'ACTIVE', profile: { login: 'a@x' }, eventType: 'user.mfa.factor.activate' },
    { status: 'DEPROVISIONED', profile: { login: 'b@x' }, eventType: 'policy.rule.update' },
  ];
  it.each([
    ['status eq "ACTIVE"', ['a@x']],
    ['status eq "ACTIVE" or status eq "DEPROVISIONED"', ['a@x', 'b@x']],
    ['eventType sw "policy." and status ne "ACTIVE"', ['b@x']],
    ['(status eq "ACTIVE") and profile.login pr', ['a@x']],
    ['profile.login gt "a@z"', ['b@x']],
  ])('%s', (expression, expected) => {
    const predicate = parseFilter(expression);
    expect(items.filter(predicate).map((item) => item.profile.login)).toEqual(expected);
  });
  it.each(['status eq', 'status xx "A"', '(status eq "A"', 'status eq "A" extra'])('rejects %s', (expression) => {
    expect(() => parseFilter(expression)).toThrow(FilterSyntaxError);
  });
});
