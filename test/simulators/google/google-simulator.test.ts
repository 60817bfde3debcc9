/** The Google simulator's wire protocol, checked with plain HTTP: auth, paging limits, partial responses, error shapes, 501s. */
import { googleScopes } from '../../../src/connectors/google/google-endpoints.js';
import { group, member, policy, twoStepActivity } from '../../../src/simulators/google/google-tenant-fixture.js';
import { startGoogleSimulator, type RunningGoogleSimulator } from '../../../src/simulators/google/google-simulator.js';
import { baseTenant, user } from '../../connectors/google/google-tenant-cases.js';
import { temporaryDirectory, testToken, writeTenantSource } from '../../connectors/google/google-scan-harness.js';

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
let sourceDirectory: string;
let simulator: RunningGoogleSimulator;

beforeAll(async () => {
  directory = await temporaryDirectory();
  const tenant = baseTenant();
  for (let index = 0; index < 7; index += 1) tenant.users.push(user(`u${index}@example.com`, { id: `u${index}` }));
  for (let index = 0; index < 120; index += 1) tenant.policies.push(policy({ name: `p${index}`, setting: 'imap', value: { enableImapAccess: true }, sortOrder: index + 100 }));
  tenant.groups.push(group('g1', 'team@example.com'));
  tenant.groupMembers.set('g1', [member('u1', 'u1@example.com'), member('u2', 'u2@example.com'), member('u3', 'u3@example.com')]);
  tenant.activities.push(
    twoStepActivity({ name: '2sv_disable', time: '2025-05-20T09:00:00Z', email: 'u1@example.com', profileId: 'u1' }),
    twoStepActivity({ name: '2sv_enroll', time: '2025-05-10T09:00:00Z', email: 'u2@example.com', profileId: 'u2' }),
    twoStepActivity({ name: '2sv_enroll', time: '2025-01-10T09:00:00Z', email: 'u3@example.com', profileId: 'u3' }),
  );
  sourceDirectory = await writeTenantSource(directory.path, 'wire-tenant', tenant);
  simulator = await startGoogleSimulator(sourceDirectory, { token: testToken });
});

afterAll(async () => {
  await simulator.close();
  await directory.remove();
});

async function get(path: string, token: string | null = testToken): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(new URL(path, simulator.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

describe('the Google simulator', () => {
  it('answers 401 without a bearer token, with the challenge header, and 401 for a token it does not know', async () => {
    const missing = await get('/admin/directory/v1/users?customer=my_customer', null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer realm="https://accounts.google.com/"');
    expect(missing.body).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'required' }] } });
    expect((await get('/admin/directory/v1/users?customer=my_customer', 'ya29.wrong')).status).toBe(401);
  });

  it('answers 501 in Google\'s shape for paths, methods and parameters it does not implement', async () => {
    const unknownPath = await get('/admin/directory/v1/users/u1/tokens');
    expect(unknownPath.status).toBe(501);
    expect(unknownPath.body).toMatchObject({ error: { code: 501, status: 'UNIMPLEMENTED' } });
    const cloud = await get('/v1/devices');
    expect(cloud.body).toMatchObject({ error: { code: 501, status: 'UNIMPLEMENTED', details: [{ reason: 'notImplemented' }] } });
    expect((await get('/admin/directory/v1/users?customer=my_customer&query=isAdmin%3Dtrue')).status).toBe(501);
    const post = await fetch(new URL('/admin/directory/v1/users', simulator.url), { method: 'POST', headers: { authorization: `Bearer ${testToken}` }, body: '{}' });
    expect(post.status).toBe(501);
  });

  it('pages users with nextPageToken within maxResults, refusing more than 500 and a token reused with other parameters', async () => {
    const first = await get('/admin/directory/v1/users?customer=my_customer&maxResults=3');
    expect((first.body.users as unknown[]).length).toBe(3);
    const token = first.body.nextPageToken as string;
    const second = await get(`/admin/directory/v1/users?customer=my_customer&maxResults=3&pageToken=${token}`);
    expect((second.body.users as Array<{ id: string }>).map((entry) => entry.id)).toEqual(['u3', 'u4', 'u5']);
    const last = await get(`/admin/directory/v1/users?customer=my_customer&maxResults=3&pageToken=${second.body.nextPageToken as string}`);
    expect(last.body.nextPageToken).toBeUndefined();
    expect((await get('/admin/directory/v1/users?customer=my_customer&maxResults=501')).status).toBe(400);
    expect((await get(`/admin/directory/v1/users?domain=example.com&maxResults=3&pageToken=${token}`)).status).toBe(400);
    expect((await get('/admin/directory/v1/users')).status).toBe(400);
    expect((await get('/admin/directory/v1/users?customer=C999other')).status).toBe(400);
  });

  it('lowers an oversized Cloud Identity pageSize to 100, as Google does', async () => {
    const first = await get('/v1/policies?pageSize=500');
    expect((first.body.policies as unknown[]).length).toBe(100);
    const rest = await get(`/v1/policies?pageSize=500&pageToken=${first.body.nextPageToken as string}`);
    expect((rest.body.policies as unknown[]).length).toBe(126 - 100);
    const filtered = await get(`/v1/policies?filter=${encodeURIComponent(`setting.type.matches('^settings/security\\\\..*$') && customer == "customers/C01demo00"`)}`);
    expect((filtered.body.policies as Array<{ setting: { type: string } }>).every((entry) => entry.setting.type.startsWith('settings/security.'))).toBe(true);
    expect((await get(`/v1/policies?filter=${encodeURIComponent('name == "x"')}`)).status).toBe(400);
  });

  it('applies the fields mask as a partial response', async () => {
    const masked = await get(`/admin/directory/v1/users?customer=my_customer&maxResults=2&fields=${encodeURIComponent('nextPageToken,users(id,name/fullName)')}`);
    expect(Object.keys(masked.body).sort()).toEqual(['nextPageToken', 'users']);
    expect(masked.body.users).toEqual([
      { id: 'u0', name: { fullName: 'u0' } },
      { id: 'u1', name: { fullName: 'u1' } },
    ]);
    expect((await get('/admin/directory/v1/users?customer=my_customer&fields=users(id')).status).toBe(400);
  });

  it('lists org units by type, groups by id or email, members, and 404s for a group it does not hold', async () => {
    const all = await get('/admin/directory/v1/customer/my_customer/orgunits?type=allIncludingParent');
    expect((all.body.organizationUnits as Array<{ orgUnitPath: string }>).map((unit) => unit.orgUnitPath)).toEqual(['/', '/Sales', '/Sales/EMEA', '/Engineering', '/IT']);
    const children = await get('/admin/directory/v1/customer/my_customer/orgunits?type=children&orgUnitPath=%2FSales');
    expect((children.body.organizationUnits as Array<{ orgUnitPath: string }>).map((unit) => unit.orgUnitPath)).toEqual(['/Sales/EMEA']);
    expect((await get('/admin/directory/v1/groups/team%40example.com')).body.id).toBe('g1');
    const members = await get('/admin/directory/v1/groups/g1/members?maxResults=2&includeDerivedMembership=true');
    expect((members.body.members as unknown[]).length).toBe(2);
    expect(members.body.nextPageToken).toBeDefined();
    const missing = await get('/admin/directory/v1/groups/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { errors: [{ reason: 'notFound' }] } });
  });

  it('filters Reports activities by event name and time window', async () => {
    const enrolls = await get('/admin/reports/v1/activity/users/all/applications/user_accounts?eventName=2sv_enroll&startTime=2025-05-01T00:00:00Z');
    expect((enrolls.body.items as Array<{ actor: { email: string } }>).map((item) => item.actor.email)).toEqual(['u2@example.com']);
    expect((await get('/admin/reports/v1/activity/users/all/applications/login')).status).toBe(501);
  });

  it('refuses a token without the scope with 403 naming it, and injects rate-limit answers in Google\'s shapes', async () => {
    const limited = await startGoogleSimulator(sourceDirectory, {
      token: testToken,
      scopes: [googleScopes.users],
      faults: [
        { route: 'GET /admin/directory/v1/users', kind: 'userRateLimitExceeded', times: 1 },
        { route: 'GET /admin/directory/v1/users', kind: 'rateLimitExceeded', times: 1, after: 1, retryAfterSeconds: 2 },
      ],
    });
    try {
      const call = (path: string) => fetch(new URL(path, limited.url), { headers: { authorization: `Bearer ${testToken}` } });
      const userRate = await call('/admin/directory/v1/users?customer=my_customer');
      expect(userRate.status).toBe(403);
      expect(await userRate.json()).toMatchObject({ error: { code: 403, errors: [{ reason: 'userRateLimitExceeded', domain: 'usageLimits' }] } });
      const rate = await call('/admin/directory/v1/users?customer=my_customer');
      expect(rate.status).toBe(429);
      expect(rate.headers.get('retry-after')).toBe('2');
      expect(await rate.json()).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', errors: [{ reason: 'rateLimitExceeded' }] } });
      expect((await call('/admin/directory/v1/users?customer=my_customer')).status).toBe(200);
      const refused = await call('/v1/policies');
      expect(refused.status).toBe(403);
      expect(refused.headers.get('www-authenticate')).toContain(`scope="${googleScopes.policies}"`);
      expect(await refused.json()).toMatchObject({ error: { status: 'PERMISSION_DENIED', details: [{ reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' }] } });
      expect(limited.stats().requests['GET /admin/directory/v1/users']).toBe(3);
    } finally {
      await limited.close();
    }
  });
});
