/**
 * The Graph simulator on the wire, with plain fetch: bearer tokens, `$top` limits with Graph's 400, `$select`,
 * `$expand`, re-paging with absolute nextLinks on the caller's Host, `$batch` limits and inner statuses, the
 * licence, permission and throttling knobs (from options and from `simulator.json`), the token endpoint, and a
 * Graph-shaped 501 for anything not implemented.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { entraSimulator } from '../../../src/simulators/entra/entra-simulator-definition.js';
import { authenticationMethod, emptyEntraTenant, graphUser, recordEntraTenant, roleAssignment } from '../../../src/simulators/entra/entra-tenant-fixture.js';
import { startGraphSimulator, type GraphSimulatorOptions, type RunningGraphSimulator } from '../../../src/simulators/entra/graph-simulator.js';
import { SnapshotWriter } from '../../../src/snapshot/snapshot-writer.js';

const token = 'sim-token';
let scratch: string;
let sourceDirectory: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'graph-sim-'));
  const tenant = emptyEntraTenant();
  for (let index = 0; index < 1200; index += 1) {
    tenant.users.push(graphUser({ id: `u${String(index).padStart(4, '0')}`, userPrincipalName: `user${index}@contoso.com`, accountEnabled: index % 7 !== 0, lastSignInDateTime: '2025-01-01T00:00:00Z' }));
  }
  tenant.methods.set('u0001', [authenticationMethod('fido2')]);
  tenant.roleAssignments.push(roleAssignment('globalAdministrator', { id: 'u0001', kind: 'user', userPrincipalName: 'user1@contoso.com' }));
  tenant.groups.push({ id: 'g1', displayName: 'Group', members: ['u0001', 'u0002'] });
  const writer = await SnapshotWriter.create(path.join(scratch, 'tenant'), { now: () => new Date('2025-06-01T00:00:00Z'), scannerVersion: 'test' });
  await writer.recordSource({ sourceId: 'entra', connector: 'entra', tenant: tenant.tenant }, (recorder) => recordEntraTenant(recorder, tenant));
  await writer.commit();
  sourceDirectory = path.join(scratch, 'tenant', 'sources', 'entra');
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function withSimulator(options: GraphSimulatorOptions, run: (simulator: RunningGraphSimulator) => Promise<void>, directory = sourceDirectory): Promise<void> {
  const simulator = await startGraphSimulator(directory, { token, ...options });
  try {
    await run(simulator);
  } finally {
    await simulator.close();
  }
}

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: { code: string; message: string }; value?: Array<Record<string, unknown>>; '@odata.nextLink'?: string };
}

async function call(url: string, init: RequestInit & { bearer?: string | null } = {}): Promise<Answer> {
  const headers = new Headers(init.headers);
  if (init.bearer !== null) headers.set('Authorization', `Bearer ${init.bearer ?? token}`);
  const response = await fetch(url, { ...init, headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

/** A GET with an explicit Host header (fetch does not let a caller set one). */
function getWithHost(url: string, host: string): Promise<Answer['body']> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { Host: host, Authorization: `Bearer ${token}` } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve(JSON.parse(text) as Answer['body']));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('Graph simulator', () => {
  it('wants a bearer token: 401 InvalidAuthenticationToken without one or with another', async () => {
    await withSimulator({}, async (simulator) => {
      const none = await call(`${simulator.url}/v1.0/users`, { bearer: null });
      expect(none.status).toBe(401);
      expect(none.body.error?.code).toBe('InvalidAuthenticationToken');
      expect(none.body.error?.message).toBe('Access token is empty.');
      expect((await call(`${simulator.url}/v1.0/users`, { bearer: 'other' })).status).toBe(401);
      expect((await call(`${simulator.url}/v1.0/users`)).status).toBe(200);
    });
  });

  it('answers 501 with a Graph error body for routes it does not implement', async () => {
    await withSimulator({}, async (simulator) => {
      for (const [url, method] of [
        [`${simulator.url}/v1.0/devices`, 'GET'],
        [`${simulator.url}/v1.0/users`, 'DELETE'],
        [`${simulator.url}/beta/users`, 'GET'],
      ] as const) {
        const answer = await call(url, { method });
        expect(answer.status).toBe(501);
        expect(answer.body.error?.code).toBe('NotImplemented');
        expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      }
      expect(simulator.requests.at(-1)).toEqual(expect.objectContaining({ method: 'GET', path: '/beta/users', status: 501 }));
    });
  });

  it('enforces $top limits with Graph\'s 400: 999 for users, 500 with signInActivity', async () => {
    await withSimulator({}, async (simulator) => {
      const users = `${simulator.url}/v1.0/users`;
      const tooMany = await call(`${users}?$top=1000`);
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error).toEqual(expect.objectContaining({ code: 'Request_UnsupportedQuery', message: "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive." }));
      expect((await call(`${users}?$top=0`)).status).toBe(400);
      expect((await call(`${users}?$top=abc`)).status).toBe(400);
      expect((await call(`${users}?$top=999`)).body.value).toHaveLength(999);
      const signIn = await call(`${users}?$select=id,signInActivity&$top=501`);
      expect(signIn.status).toBe(400);
      expect(signIn.body.error?.message).toContain('between 1 and 500');
      expect((await call(`${users}?$select=id,signInActivity&$top=500`)).body.value).toHaveLength(500);
      expect((await call(`${simulator.url}/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=1000`)).status).toBe(400);
    });
  });

  it('honours $select, with signInActivity only when selected', async () => {
    await withSimulator({}, async (simulator) => {
      const plain = await call(`${simulator.url}/v1.0/users?$top=1`);
      expect(plain.body.value?.[0]).not.toHaveProperty('accountEnabled');
      expect(plain.body.value?.[0]).not.toHaveProperty('signInActivity');
      expect(plain.body.value?.[0]).toHaveProperty('userPrincipalName', 'user0@contoso.com');
      const selected = await call(`${simulator.url}/v1.0/users?$top=1&$select=id,accountEnabled,signInActivity,otherMails,jobTitle`);
      expect(selected.body.value?.[0]).toEqual({ id: 'u0000', accountEnabled: false, signInActivity: expect.objectContaining({ lastSignInDateTime: '2025-01-01T00:00:00Z' }), otherMails: [], jobTitle: null });
    });
  });

  it('re-pages from the stored items with absolute nextLinks on the caller\'s Host', async () => {
    await withSimulator({}, async (simulator) => {
      const port = new URL(simulator.url).port;
      const first = await getWithHost(`${simulator.url}/v1.0/users?$select=id&$top=7`, `localhost:${port}`);
      expect(first.value?.map((user) => user.id)).toEqual(['u0000', 'u0001', 'u0002', 'u0003', 'u0004', 'u0005', 'u0006']);
      const next = first['@odata.nextLink'] as string;
      expect(next).toMatch(new RegExp(`^http://localhost:${port}/v1\\.0/users\\?\\$select=id&\\$top=7&\\$skiptoken=`));
      const second = await call(next.replace('localhost', '127.0.0.1'));
      expect(second.body.value?.[0]?.id).toBe('u0007');
      let page: Answer['body'] = (await call(`${simulator.url}/v1.0/users?$top=999`)).body;
      let pages = 1;
      while (page['@odata.nextLink']) {
        page = (await call(page['@odata.nextLink'])).body;
        pages += 1;
      }
      expect(pages).toBe(2);
      expect(page.value).toHaveLength(201);
      expect((await call(`${simulator.url}/v1.0/users?$skiptoken=garbage`)).status).toBe(400);
    });
  });

  it('serves role assignments with the principal only under $expand=principal, and single objects as themselves', async () => {
    await withSimulator({}, async (simulator) => {
      const plain = await call(`${simulator.url}/v1.0/roleManagement/directory/roleAssignments`);
      expect(plain.body.value?.[0]).not.toHaveProperty('principal');
      const expanded = await call(`${simulator.url}/v1.0/roleManagement/directory/roleAssignments?$expand=principal`);
      expect(expanded.body.value?.[0]?.principal).toEqual(expect.objectContaining({ id: 'u0001' }));
      const defaults = await call(`${simulator.url}/v1.0/policies/identitySecurityDefaultsEnforcementPolicy`);
      expect(defaults.body).toEqual(expect.objectContaining({ isEnabled: false, id: '00000000-0000-0000-0000-000000000005' }));
      expect((await call(`${simulator.url}/v1.0/groups/nope/transitiveMembers`)).body.error?.code).toBe('Request_ResourceNotFound');
      expect((await call(`${simulator.url}/v1.0/groups/g1/transitiveMembers`)).body.value).toHaveLength(2);
      expect((await call(`${simulator.url}/v1.0/users/u0001/authentication/methods`)).body.value?.map((method) => method['@odata.type'])).toEqual([
        '#microsoft.graph.passwordAuthenticationMethod',
        '#microsoft.graph.fido2AuthenticationMethod',
      ]);
    });
  });

  it('batches up to 20 requests, each answered with its own status; 21 is a 400', async () => {
    await withSimulator({ throttle: [{ route: 'GET /users/{id}/authentication/methods', everyNth: 2, retryAfterSeconds: 3 }] }, async (simulator) => {
      const batch = (requests: unknown[]) => call(`${simulator.url}/v1.0/$batch`, { method: 'POST', body: JSON.stringify({ requests }), headers: { 'Content-Type': 'application/json' } });
      const tooMany = await batch(Array.from({ length: 21 }, (_, index) => ({ id: String(index), method: 'GET', url: '/users/u0001/authentication/methods' })));
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error?.code).toBe('BadRequest');
      expect((await batch([{ id: '1', method: 'GET', url: '/users' }, { id: '1', method: 'GET', url: '/users' }])).status).toBe(400);

      const answer = await batch([
        { id: '1', method: 'GET', url: '/users/u0001/authentication/methods' },
        { id: '2', method: 'GET', url: '/users/u0002/authentication/methods' },
        { id: '3', method: 'GET', url: '/users/missing/authentication/methods' },
        { id: '4', method: 'GET', url: '/devices' },
      ]);
      expect(answer.status).toBe(200);
      const responses = answer.body.responses as Array<{ id: string; status: number; headers: Record<string, string>; body: Answer['body'] }>;
      expect(responses.map((response) => [response.id, response.status])).toEqual([
        ['1', 200],
        ['2', 429],
        ['3', 404],
        ['4', 501],
      ]);
      expect(responses[1]?.headers['Retry-After']).toBe('3');
      expect(responses[1]?.body.error?.code).toBe('TooManyRequests');
      expect(simulator.requests.filter((request) => request.inBatch).map((request) => request.label)).toEqual([
        'GET /users/{id}/authentication/methods',
        'GET /users/{id}/authentication/methods',
        'GET /users/{id}/authentication/methods',
        'GET /devices',
      ]);
    });
  });

  it('refuses P1/P2 data with Graph\'s licence error in a free tenant, and missing permissions with Authorization_RequestDenied', async () => {
    await withSimulator({ licence: 'free', missingPermissions: ['RoleManagement.Read.Directory'] }, async (simulator) => {
      const report = await call(`${simulator.url}/v1.0/reports/authenticationMethods/userRegistrationDetails`);
      expect(report.status).toBe(403);
      expect(report.body.error).toEqual(expect.objectContaining({ code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: "Neither tenant is B2C or tenant doesn't have premium license" }));
      expect((await call(`${simulator.url}/v1.0/users?$select=id,signInActivity`)).status).toBe(403);
      expect((await call(`${simulator.url}/v1.0/users?$select=id,accountEnabled`)).status).toBe(200);
      const roles = await call(`${simulator.url}/v1.0/roleManagement/directory/roleDefinitions`);
      expect(roles.status).toBe(403);
      expect(roles.body.error?.code).toBe('Authorization_RequestDenied');
    });
  });

  it('throttles the first K or every Nth request of a route with Retry-After and TooManyRequests', async () => {
    await withSimulator(
      {
        throttle: [
          { route: 'GET /identity/conditionalAccess/policies', everyNth: 2, retryAfterSeconds: 0.5 },
          { route: 'GET /identity/conditionalAccess/namedLocations', firstRequests: 1, status: 503 },
        ],
      },
      async (simulator) => {
        const policies = `${simulator.url}/v1.0/identity/conditionalAccess/policies`;
        const statuses = [];
        for (let index = 0; index < 4; index += 1) statuses.push(await call(policies));
        expect(statuses.map((answer) => answer.status)).toEqual([200, 429, 200, 429]);
        expect(statuses[1]?.headers.get('retry-after')).toBe('0.5');
        expect(statuses[1]?.body.error?.code).toBe('TooManyRequests');
        const locations = `${simulator.url}/v1.0/identity/conditionalAccess/namedLocations`;
        expect((await call(locations)).status).toBe(503);
        expect((await call(locations)).status).toBe(200);
      },
    );
  });

  it('reads its knobs from simulator.json, and names the file and field when one is wrong', async () => {
    await writeFile(path.join(sourceDirectory, 'simulator.json'), JSON.stringify({ licence: 'free' }));
    try {
      await withSimulator({}, async (simulator) => {
        expect((await call(`${simulator.url}/v1.0/reports/authenticationMethods/userRegistrationDetails`)).status).toBe(403);
      });
      await withSimulator({ licence: 'P2' }, async (simulator) => {
        expect((await call(`${simulator.url}/v1.0/reports/authenticationMethods/userRegistrationDetails`)).status).toBe(200);
      });
      await writeFile(path.join(sourceDirectory, 'simulator.json'), JSON.stringify({ licence: 'E5', throttle: [{ route: 'GET /users' }] }));
      await expect(startGraphSimulator(sourceDirectory)).rejects.toThrow(/simulator\.json: field licence: .*; field throttle\.0: give firstRequests/);
    } finally {
      await rm(path.join(sourceDirectory, 'simulator.json'));
    }
  });

  it('issues client-credentials tokens, checking the client when told to', async () => {
    await withSimulator({ clientCredentials: { clientId: 'app', clientSecret: 's3cret' } }, async (simulator) => {
      const grant = (secret: string) =>
        fetch(`${simulator.url}/contoso.onmicrosoft.com/oauth2/v2.0/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'app', client_secret: secret, scope: `${simulator.url}/.default` }).toString(),
        });
      const ok = await grant('s3cret');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual(expect.objectContaining({ token_type: 'Bearer', access_token: token }));
      const refused = await grant('wrong');
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual(expect.objectContaining({ error: 'invalid_client', error_codes: [7000215] }));
    });
  });

  it('is registered for the CLI with an access-token connection', async () => {
    const running = await entraSimulator.start(sourceDirectory, { token });
    try {
      expect(entraSimulator.connector).toBe('entra');
      expect(entraSimulator.connectionFor(running, 'GRAPH_TOKEN')).toEqual({ graphBaseUrl: running.url, auth: { type: 'access-token', token: { env: 'GRAPH_TOKEN' } } });
      expect((await call(`${running.url}/v1.0/users?$top=1`)).status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
