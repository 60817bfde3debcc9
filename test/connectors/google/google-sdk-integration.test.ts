/**
 * The real `@googleapis/admin` and `@googleapis/cloudidentity` clients against the Google simulator: paging at each
 * method's largest page, the `fields` mask, 403 `userRateLimitExceeded` and 429 answers backed off and retried
 * (Retry-After honoured), a missing scope making the source partial with the scope named, bad credentials failing
 * the source, and the app-password request budget. Backoff waits are recorded, not slept.
 */
import { analyseGoogle } from '../../../src/connectors/google/analyse-google.js';
import { googleEndpoints, googleScopeList, googleScopes } from '../../../src/connectors/google/google-endpoints.js';
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import { appPassword, group, member, policy, roleAssignment, superAdminRoleId } from '../../../src/simulators/google/google-tenant-fixture.js';
import { baseTenant, units, user } from './google-tenant-cases.js';
import { scanTenant, scanTime, temporaryDirectory, writeTenantSource } from './google-scan-harness.js';

const context = { asOf: scanTime, settings: defaultAnalysisSettings };

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeAll(async () => {
  directory = await temporaryDirectory();
});
afterAll(async () => {
  await directory.remove();
});

function bigTenant(users: number, assignments: number, policies: number) {
  const tenant = baseTenant();
  for (let index = 0; index < users; index += 1) tenant.users.push(user(`bulk${index}@example.com`, { id: `2${String(index).padStart(20, '0')}`, isEnrolledIn2Sv: false }));
  for (let index = 0; index < assignments; index += 1) {
    tenant.roleAssignments.push(roleAssignment(`ra${index}`, superAdminRoleId, `2${String(index).padStart(20, '0')}`));
  }
  for (let index = 0; index < policies; index += 1) {
    tenant.policies.push(policy({ name: `filler${index}`, setting: 'imap', value: { enableImapAccess: false }, orgUnitId: units.sales, sortOrder: index + 10 }));
  }
  return tenant;
}

describe('Google collection through the googleapis clients', () => {
  it('pages users at 500, role assignments at 200 and policies at 100, storing each page as returned under the fields mask', async () => {
    const source = await writeTenantSource(directory.path, 'paging-tenant', bigTenant(1203, 250, 130));
    const scan = await scanTenant(source, directory.path, 'paging-scan');
    expect(scan.meta.status).toBe('complete');
    expect(scan.meta.requests[googleEndpoints.users.label]).toBe(3);
    expect(scan.meta.requests[googleEndpoints.roleAssignments.label]).toBe(2);
    expect(scan.meta.requests[googleEndpoints.policies.label]).toBe(2);
    expect(scan.meta.requests[googleEndpoints.orgUnits.label]).toBe(1);
    expect(scan.meta.requests[googleEndpoints.twoStepDisableEvents.label]).toBe(1);
    expect(scan.meta.endpoints.users?.lines).toBe(3);
    // Requests counted by the collector match what the server saw, attempt for attempt.
    expect(scan.stats.requests['GET /admin/directory/v1/users']).toBe(3);

    const firstPage = [];
    for await (const line of scan.source.lines('users')) firstPage.push(line.value as Record<string, unknown>);
    const page = firstPage[0] as { users: Array<Record<string, unknown>>; nextPageToken?: string; kind?: string };
    expect(page.kind).toBeUndefined();
    expect(page.users).toHaveLength(500);
    expect(Object.keys(page.users[0] ?? {}).sort()).toEqual(
      ['archived', 'creationTime', 'customerId', 'id', 'isAdmin', 'isDelegatedAdmin', 'isEnforcedIn2Sv', 'isEnrolledIn2Sv', 'isGuestUser', 'lastLoginTime', 'name', 'orgUnitPath', 'primaryEmail', 'suspended'].sort(),
    );
    expect(page.users[0]?.name).toEqual({ fullName: 'bulk0' });

    const analysis = await analyseGoogle(scan.source, context);
    expect(analysis.accounts).toHaveLength(1203);
    expect(analysis.accounts.filter((account) => account.privileged)).toHaveLength(250);
  });

  it('backs off and retries 403 userRateLimitExceeded, which the client itself never retries', async () => {
    const source = await writeTenantSource(directory.path, 'user-rate-tenant', bigTenant(3, 0, 0));
    const scan = await scanTenant(source, directory.path, 'user-rate-scan', {
      simulator: { faults: [{ route: 'GET /admin/directory/v1/users', kind: 'userRateLimitExceeded', times: 2 }] },
    });
    expect(scan.meta.status).toBe('complete');
    expect(scan.meta.requests[googleEndpoints.users.label]).toBe(3);
    expect(scan.stats.statuses['403']).toBe(2);
    expect(scan.waits.slice(0, 2)).toEqual([1, 2]);
    expect((await analyseGoogle(scan.source, context)).accounts).toHaveLength(3);
  });

  it('honours Retry-After on a 429 rateLimitExceeded from Cloud Identity', async () => {
    const source = await writeTenantSource(directory.path, 'retry-after-tenant', bigTenant(2, 0, 0));
    const scan = await scanTenant(source, directory.path, 'retry-after-scan', {
      simulator: { faults: [{ route: 'GET /v1/policies', kind: 'rateLimitExceeded', times: 1, retryAfterSeconds: 3 }] },
      config: { retry: { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 10_000 } },
    });
    expect(scan.meta.status).toBe('complete');
    expect(scan.meta.requests[googleEndpoints.policies.label]).toBe(2);
    expect(scan.waits).toContain(3000);
  });

  it.each([
    ['waits out a Retry-After longer than the exponential backoff in full', 4, 'complete', 2, [4000]],
    ['stops rather than ask again early when Retry-After exceeds the longest backoff', 30, 'partial', 1, []],
  ] as const)('403 userRateLimitExceeded with Retry-After: %s', async (_label, retryAfterSeconds, status, requests, waits) => {
    const source = await writeTenantSource(directory.path, `user-rate-after-${retryAfterSeconds}`, bigTenant(2, 0, 0));
    const scan = await scanTenant(source, directory.path, `user-rate-after-scan-${retryAfterSeconds}`, {
      simulator: { faults: [{ route: 'GET /admin/directory/v1/users', kind: 'userRateLimitExceeded', times: 1, retryAfterSeconds }] },
      config: { retry: { maxAttempts: 4, initialBackoffMs: 1, maxBackoffMs: 10_000 } },
    });
    expect(scan.meta.status).toBe(status);
    expect(scan.meta.requests[googleEndpoints.users.label]).toBe(requests);
    expect(scan.waits).toEqual(waits);
    if (status === 'partial') {
      expect(scan.meta.errors).toEqual([
        expect.objectContaining({ endpoint: 'users', code: 'RATE_LIMITED', message: expect.stringContaining('asked to wait 30 s (Retry-After)') }),
      ]);
    }
  });

  it('retries 403 quotaExceeded and a 503, and records the endpoint as rate limited once attempts run out', async () => {
    const source = await writeTenantSource(directory.path, 'exhausted-tenant', bigTenant(2, 1, 0));
    const scan = await scanTenant(source, directory.path, 'exhausted-scan', {
      simulator: {
        faults: [
          { route: 'GET /admin/directory/v1/customer/{customer}/roles', kind: 'backendError', times: 1 },
          { route: 'GET /admin/directory/v1/customer/{customer}/roleassignments', kind: 'quotaExceeded', times: 10 },
        ],
      },
    });
    expect(scan.meta.status).toBe('partial');
    expect(scan.meta.requests[googleEndpoints.roles.label]).toBe(2);
    expect(scan.meta.requests[googleEndpoints.roleAssignments.label]).toBe(4);
    expect(scan.meta.errors).toEqual([expect.objectContaining({ endpoint: 'roleAssignments', code: 'RATE_LIMITED' })]);
    const analysis = await analyseGoogle(scan.source, context);
    expect(analysis.accounts.every((account) => account.reasons.some((reason) => reason.includes('Admin roles may be incomplete')))).toBe(true);
  });

  it('makes the source partial, naming the scope, when the token lacks the Cloud Identity policies scope', async () => {
    const tenant = baseTenant();
    tenant.users.push(user('alice@example.com'), user('bob@example.com', { isEnforcedIn2Sv: false, isEnrolledIn2Sv: false }));
    const source = await writeTenantSource(directory.path, 'scope-tenant', tenant);
    const scan = await scanTenant(source, directory.path, 'scope-scan', {
      simulator: { scopes: googleScopeList.filter((scope) => scope !== googleScopes.policies) },
    });
    expect(scan.meta.status).toBe('partial');
    expect(scan.meta.errors).toEqual([
      expect.objectContaining({ endpoint: 'policies', code: 'PERMISSION_MISSING', permission: googleScopes.policies, httpStatus: 403 }),
    ]);
    const analysis = await analyseGoogle(scan.source, context);
    const alice = analysis.accounts.find((account) => account.login === 'alice@example.com');
    const bob = analysis.accounts.find((account) => account.login === 'bob@example.com');
    // Google's own isEnforcedIn2Sv still answers; what only the policies say (less secure apps) is unknown.
    expect(alice?.mfaEnforced.value).toBe('yes');
    expect(alice?.legacyAuth.value).toBe('unknown');
    expect(alice?.covered).toBe('unknown');
    expect(bob?.mfaEnforced.value).toBe('no');
    expect(alice?.legacyAuth.reasons.join(' ')).toContain(googleScopes.policies);
  });

  it('fails the source on a token Google rejects', async () => {
    const source = await writeTenantSource(directory.path, 'auth-tenant', bigTenant(1, 0, 0));
    const scan = await scanTenant(source, directory.path, 'auth-scan', { simulator: { token: 'ya29.another-token' } });
    expect(scan.meta.status).toBe('failed');
    expect(scan.meta.errors).toEqual([expect.objectContaining({ endpoint: '*', code: 'AUTH_FAILED' })]);
  });

  it('resolves the token from the config when no client is injected', async () => {
    const source = await writeTenantSource(directory.path, 'config-token-tenant', bigTenant(2, 0, 0));
    const scan = await scanTenant(source, directory.path, 'config-token-scan', { viaConfigToken: true });
    expect(scan.meta.status).toBe('complete');
  });

  it('checks app passwords for admins always and for other enrolled users within the budget', async () => {
    const tenant = baseTenant();
    tenant.users.push(
      user('root@example.com', { id: 'u-admin-1', isAdmin: true }),
      user('helpdesk@example.com', { id: 'u-admin-2', isDelegatedAdmin: true, isEnrolledIn2Sv: false }),
      user('a@example.com', { id: 'u-a' }),
      user('b@example.com', { id: 'u-b' }),
      user('c@example.com', { id: 'u-c' }),
      user('new@example.com', { id: 'u-new', isEnrolledIn2Sv: false }),
      user('gone@example.com', { id: 'u-gone', suspended: true }),
    );
    tenant.appPasswords.set('u-admin-1', [appPassword('u-admin-1', 7, 'Thunderbird')]);
    const source = await writeTenantSource(directory.path, 'asp-tenant', tenant);
    const scan = await scanTenant(source, directory.path, 'asp-scan', { config: { appPasswords: { requestBudget: 2, concurrency: 2 } } });
    expect(scan.meta.status).toBe('complete');
    expect(scan.meta.requests[googleEndpoints.appPasswords.label]).toBe(4);
    const analysis = await analyseGoogle(scan.source, context);
    const byLogin = new Map(analysis.accounts.map((account) => [account.login, account]));
    expect(byLogin.get('root@example.com')?.legacyAuth.value).toBe('open');
    expect(byLogin.get('a@example.com')?.legacyAuth.value).toBe('blocked');
    expect(byLogin.get('c@example.com')?.legacyAuth.value).toBe('unknown');
    expect(byLogin.get('c@example.com')?.legacyAuth.reasons.join(' ')).toContain('requestBudget');
    expect(byLogin.get('new@example.com')?.legacyAuth.value).toBe('blocked');
    expect(analysis.findings.map((finding) => finding.ruleId)).toContain('google-admin-app-passwords');
  });

  it('reads the groups that policies and SSO assignments name, with their derived members', async () => {
    const tenant = baseTenant();
    tenant.users.push(user('exempt@example.com', { id: 'u-exempt', isEnforcedIn2Sv: false }), user('other@example.com', { id: 'u-other' }));
    tenant.groups.push(group('grp-exempt', 'mfa-exempt@example.com'));
    tenant.groupMembers.set('grp-exempt', Array.from({ length: 230 }, (_, index) => member(`m${index}`, `m${index}@example.com`)).concat([member('u-exempt', 'exempt@example.com')]));
    tenant.policies.push(policy({ name: 'exempt-2sv', setting: 'enforcement', value: { enforcedFrom: '1970-01-01T00:00:00Z' }, groupId: 'grp-exempt', sortOrder: 50 }));
    const source = await writeTenantSource(directory.path, 'group-tenant', tenant);
    const scan = await scanTenant(source, directory.path, 'group-scan');
    expect(scan.meta.requests[googleEndpoints.groups.label]).toBe(1);
    expect(scan.meta.requests[googleEndpoints.groupMembers.label]).toBe(2);
    const analysis = await analyseGoogle(scan.source, context);
    const exempt = analysis.accounts.find((account) => account.login === 'exempt@example.com');
    expect(exempt?.mfaEnforced.value).toBe('no');
    expect(exempt?.mfaEnforced.reasons.join(' ')).toContain('mfa-exempt@example.com');
    expect(analysis.accounts.find((account) => account.login === 'other@example.com')?.mfaEnforced.value).toBe('yes');
  });
});
