/**
 * The registration-report fallback through the real Graph SDK: a tenant without P1/P2 refuses the report (and
 * signInActivity), so each enabled user's methods are read through `$batch`, 20 per request, inner 429s retried
 * after their own Retry-After; a missing UserAuthenticationMethod.Read.All makes the source partial, naming it.
 */
import { entraEndpoints } from '../../../src/connectors/entra/endpoints.js';
import { authenticationMethodSchema, graphPageSchema, graphUserSchema } from '../../../src/connectors/entra/graph-payloads.js';
import { methodsOf } from '../../../src/simulators/entra/entra-tenant-fixture.js';
import { linesOf, scanTenant, temporaryDirectory, tenantWithUsers, writeTenantSource } from './entra-scan-harness.js';

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeAll(async () => {
  directory = await temporaryDirectory();
});
afterAll(async () => {
  await directory.remove();
});

const methodsLabel = entraEndpoints.authenticationMethods.label;

describe('Entra registration fallback through $batch', () => {
  it('reads every enabled user through ceil(N/20) batches when the free licence refuses the report and signInActivity', async () => {
    const tenant = tenantWithUsers(50, { disabledEvery: 10 });
    const enabled = tenant.users.filter((user) => user.accountEnabled !== false);
    expect(enabled).toHaveLength(45);
    const source = await writeTenantSource(directory.path, 'free-tenant', tenant, { licence: 'free' });
    const scan = await scanTenant(source, directory.path, 'free-scan', { config: () => ({ batchConcurrency: 2 }) });

    expect(scan.meta.requests['POST /$batch']).toBe(Math.ceil(45 / 20));
    expect(scan.meta.requests[methodsLabel]).toBe(45);
    expect(scan.requests.filter((request) => request.label === 'POST /$batch')).toHaveLength(3);
    const inner = scan.requests.filter((request) => request.label === methodsLabel);
    expect(inner).toHaveLength(45);
    expect(inner.every((request) => request.inBatch && request.status === 200)).toBe(true);

    // The report was refused once and left no file; the fallback read everyone, so no error stands for it.
    expect(scan.meta.requests[entraEndpoints.userRegistrationDetails.label]).toBe(1);
    expect(scan.meta.endpoints.userRegistrationDetails).toBeUndefined();
    expect(scan.meta.endpoints.authenticationMethods).toEqual(expect.objectContaining({ keyed: true, lines: 45 }));
    const lines = (await linesOf(scan.source, 'authenticationMethods')) as Array<{ key: string; status: number; body: unknown }>;
    expect(lines.map((line) => line.key).sort()).toEqual(enabled.map((user) => user.id).sort());
    for (const line of lines) {
      expect(line.status).toBe(200);
      const body = graphPageSchema(authenticationMethodSchema).parse(line.body);
      expect(body.value).toEqual(methodsOf(tenant, line.key));
    }

    // signInActivity was refused too: users are listed without it, and the source says so.
    expect(scan.meta.status).toBe('partial');
    expect(scan.meta.errors).toEqual([
      expect.objectContaining({ endpoint: 'signInActivity', code: 'PERMISSION_MISSING', httpStatus: 403, permission: expect.stringContaining('AuditLog.Read.All') }),
    ]);
    expect(scan.meta.errors[0]?.message).toContain('Authentication_RequestFromNonPremiumTenantOrB2CTenant');
    const users = (await linesOf(scan.source, 'users')).map((page) => graphPageSchema(graphUserSchema).parse(page));
    expect(users.flatMap((page) => page.value)).toHaveLength(50);
    expect(users[0]?.value[0]).not.toHaveProperty('signInActivity');
    expect(scan.requests.filter((request) => request.label === entraEndpoints.users.label).map((request) => request.status)).toEqual([403, 200]);
  });

  it('retries inner 429s after their own Retry-After, counting each inner attempt', async () => {
    const tenant = tenantWithUsers(40);
    const source = await writeTenantSource(directory.path, 'inner-429-tenant', tenant, { licence: 'free' });
    const scan = await scanTenant(source, directory.path, 'inner-429-scan', {
      simulator: { throttle: [{ route: methodsLabel, everyNth: 6, retryAfterSeconds: 0.3 }] },
      config: () => ({ signInActivity: false, batchConcurrency: 1 }),
    });
    const inner = scan.requests.filter((request) => request.label === methodsLabel);
    const throttled = inner.filter((request) => request.status === 429).length;
    expect(throttled).toBeGreaterThan(0);
    expect(scan.meta.requests[methodsLabel]).toBe(inner.length);
    expect(inner.length).toBe(40 + throttled);
    // Throttled requests were re-sent in further batches, after the inner Retry-After.
    expect(scan.meta.requests['POST /$batch']).toBeGreaterThan(2);
    expect(scan.waits.length).toBeGreaterThan(0);
    expect(scan.waits.every((wait) => wait === 300)).toBe(true);
    expect(scan.meta.status).toBe('complete');
    const lines = (await linesOf(scan.source, 'authenticationMethods')) as Array<{ key: string; status: number }>;
    expect(lines).toHaveLength(40);
    expect(lines.every((line) => line.status === 200)).toBe(true);
  });

  it('keeps the failed users as keyed 429 lines and records the endpoint when inner throttling outlasts maxRetries', async () => {
    const tenant = tenantWithUsers(5);
    const source = await writeTenantSource(directory.path, 'inner-exhausted-tenant', tenant, { licence: 'free' });
    const scan = await scanTenant(source, directory.path, 'inner-exhausted-scan', {
      simulator: { throttle: [{ route: methodsLabel, everyNth: 1, retryAfterSeconds: 0 }] },
      config: () => ({ signInActivity: false, maxRetries: 2 }),
    });
    expect(scan.meta.requests['POST /$batch']).toBe(3);
    expect(scan.meta.requests[methodsLabel]).toBe(15);
    const lines = (await linesOf(scan.source, 'authenticationMethods')) as Array<{ key: string; status: number; body: { error: { code: string } } }>;
    expect(lines).toHaveLength(5);
    expect(lines.every((line) => line.status === 429 && line.body.error.code === 'TooManyRequests')).toBe(true);
    expect(scan.meta.status).toBe('partial');
    expect(scan.meta.errors.map((error) => [error.endpoint, error.code])).toEqual([
      ['userRegistrationDetails', 'PERMISSION_MISSING'],
      ['authenticationMethods', 'RATE_LIMITED'],
    ]);
    expect(scan.meta.errors[1]?.message).toContain('5 of 5 users');
  });

  it('makes the source partial, naming UserAuthenticationMethod.Read.All, when the fallback is refused too', async () => {
    const tenant = tenantWithUsers(45);
    const source = await writeTenantSource(directory.path, 'fallback-refused-tenant', tenant, { licence: 'free', missingPermissions: ['UserAuthenticationMethod.Read.All'] });
    const scan = await scanTenant(source, directory.path, 'fallback-refused-scan', { config: () => ({ signInActivity: false, batchConcurrency: 1 }) });
    expect(scan.meta.status).toBe('partial');
    // The refusal stops the fallback after the first batch: every further request would be refused the same way.
    expect(scan.meta.requests['POST /$batch']).toBe(1);
    expect(scan.meta.errors).toEqual([
      expect.objectContaining({ endpoint: 'userRegistrationDetails', code: 'PERMISSION_MISSING', permission: entraEndpoints.userRegistrationDetails.permission, httpStatus: 403 }),
      expect.objectContaining({ endpoint: 'authenticationMethods', code: 'PERMISSION_MISSING', permission: 'UserAuthenticationMethod.Read.All', httpStatus: 403 }),
    ]);
    const lines = (await linesOf(scan.source, 'authenticationMethods')) as Array<{ status: number }>;
    expect(lines).toHaveLength(20);
    expect(lines.every((line) => line.status === 403)).toBe(true);
  });
});
