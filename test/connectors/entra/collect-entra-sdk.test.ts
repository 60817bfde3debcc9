/**
 * The real `@microsoft/microsoft-graph-client` against the Graph simulator over plain http: the bearer token
 * arrives (the SDK's own handler would drop it), absolute http nextLinks are followed across ≥3 pages at the
 * largest page sizes, 429s are waited out per Retry-After and counted, a missing permission makes the source
 * partial with the permission named, bad credentials fail it, client-secret auth gets its token from the
 * token endpoint, and only the groups that policies or roles name are expanded. Waits are recorded, not slept.
 */
import { entraEndpoints } from '../../../src/connectors/entra/endpoints.js';
import { graphPageSchema, graphUserSchema } from '../../../src/connectors/entra/graph-payloads.js';
import { conditionalAccessPolicy, graphUser, roleAssignment, transitiveMembers } from '../../../src/simulators/entra/entra-tenant-fixture.js';
import { linesOf, scanTenant, temporaryDirectory, tenantWithUsers, testToken, tokenEnv, writeTenantSource } from './entra-scan-harness.js';

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeAll(async () => {
  directory = await temporaryDirectory();
});
afterAll(async () => {
  await directory.remove();
});

describe('Entra collection through the Graph SDK', () => {
  it('sends the bearer token over http and follows http nextLinks across three pages of 500 users with signInActivity', async () => {
    const tenant = tenantWithUsers(1203);
    const source = await writeTenantSource(directory.path, 'paging-tenant', tenant);
    const scan = await scanTenant(source, directory.path, 'paging-scan');
    expect(scan.meta.status).toBe('complete');
    expect(scan.meta.errors).toEqual([]);
    expect(scan.meta.requests[entraEndpoints.users.label]).toBe(3);
    expect(scan.meta.endpoints.users?.lines).toBe(3);
    expect(scan.meta.requests[entraEndpoints.userRegistrationDetails.label]).toBe(2);

    // The simulator only answers 200 to its own token: every answered request carried it.
    const userRequests = scan.requests.filter((request) => request.label === entraEndpoints.users.label);
    expect(userRequests.map((request) => request.status)).toEqual([200, 200, 200]);
    expect(scan.requests.every((request) => request.status === 200)).toBe(true);
    expect(userRequests[0]?.path).toContain('$top=500');
    expect(userRequests[0]?.path).toContain('signInActivity');
    expect(userRequests[1]?.path).toContain('$skiptoken=');
    expect(userRequests[2]?.path).toMatch(/^\/v1\.0\/users\?/);

    const pages = (await linesOf(scan.source, 'users')).map((page) => graphPageSchema(graphUserSchema).parse(page));
    expect(pages.map((page) => page.value.length)).toEqual([500, 500, 203]);
    expect(pages[0]?.['@odata.nextLink']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\?/);
    expect(pages[0]?.value[0]?.signInActivity?.lastSignInDateTime).toBe('2025-05-01T08:00:00Z');
    expect(pages[0]?.value[0]?.accountEnabled).toBe(true);
    const ids = pages.flatMap((page) => page.value.map((user) => user.id));
    expect(new Set(ids).size).toBe(1203);
    expect(scan.progress.users).toBe(1203);
    expect(scan.progress.userRegistrationDetails).toBe(1203);

    // With the registration report available, no per-user request is made at all.
    expect(scan.requests.some((request) => request.label === entraEndpoints.authenticationMethods.label || request.label === 'POST /$batch')).toBe(false);
    expect(scan.meta.requests[entraEndpoints.authenticationMethods.label]).toBeUndefined();
    expect(scan.meta.requests['POST /$batch']).toBeUndefined();
    expect(scan.meta.endpoints.authenticationMethods).toBeUndefined();
  });

  it('asks for 999 users a page without signInActivity', async () => {
    const source = await writeTenantSource(directory.path, 'no-signin-tenant', tenantWithUsers(1000));
    const scan = await scanTenant(source, directory.path, 'no-signin-scan', { config: () => ({ signInActivity: false }) });
    expect(scan.meta.requests[entraEndpoints.users.label]).toBe(2);
    const first = scan.requests.find((request) => request.label === entraEndpoints.users.label);
    expect(first?.path).toContain('$top=999');
    expect(first?.path).not.toContain('signInActivity');
  });

  it('waits out a 429 for its Retry-After and counts the retry', async () => {
    const source = await writeTenantSource(directory.path, 'throttle-tenant', tenantWithUsers(30));
    const scan = await scanTenant(source, directory.path, 'throttle-scan', {
      simulator: { throttle: [{ route: entraEndpoints.users.label, firstRequests: 2, retryAfterSeconds: 0.25 }] },
    });
    expect(scan.meta.status).toBe('complete');
    expect(scan.waits).toEqual([250, 250]);
    expect(scan.meta.requests[entraEndpoints.users.label]).toBe(3);
    expect(scan.requests.filter((request) => request.label === entraEndpoints.users.label).map((request) => request.status)).toEqual([429, 429, 200]);
    expect(scan.meta.endpoints.users?.lines).toBe(1);
  });

  it('retries 503 and 504 too, and records the endpoint as rate limited when Retry-After exceeds maxRetryAfterMs', async () => {
    const source = await writeTenantSource(directory.path, 'long-wait-tenant', tenantWithUsers(3));
    const scan = await scanTenant(source, directory.path, 'long-wait-scan', {
      simulator: {
        throttle: [
          { route: entraEndpoints.roleDefinitions.label, firstRequests: 1, retryAfterSeconds: 0, status: 503 },
          { route: entraEndpoints.namedLocations.label, firstRequests: 1, retryAfterSeconds: 0, status: 504 },
          { route: entraEndpoints.conditionalAccessPolicies.label, firstRequests: 5, retryAfterSeconds: 600 },
        ],
      },
      config: () => ({ maxRetryAfterMs: 60_000 }),
    });
    expect(scan.meta.status).toBe('partial');
    expect(scan.meta.requests[entraEndpoints.roleDefinitions.label]).toBe(2);
    expect(scan.meta.requests[entraEndpoints.namedLocations.label]).toBe(2);
    expect(scan.meta.requests[entraEndpoints.conditionalAccessPolicies.label]).toBe(1);
    expect(scan.meta.errors).toEqual([expect.objectContaining({ endpoint: 'conditionalAccessPolicies', code: 'RATE_LIMITED', httpStatus: 429 })]);
    expect(scan.meta.errors[0]?.message).toContain('maxRetryAfterMs');
    expect(scan.meta.endpoints.conditionalAccessPolicies).toBeUndefined();
  });

  it('gives up after maxRetries throttled attempts', async () => {
    const source = await writeTenantSource(directory.path, 'retries-tenant', tenantWithUsers(3));
    const scan = await scanTenant(source, directory.path, 'retries-scan', {
      simulator: { throttle: [{ route: entraEndpoints.securityDefaults.label, everyNth: 1, retryAfterSeconds: 0.01 }] },
      config: () => ({ maxRetries: 2 }),
    });
    expect(scan.meta.requests[entraEndpoints.securityDefaults.label]).toBe(3);
    expect(scan.waits).toEqual([10, 10]);
    expect(scan.meta.errors).toEqual([expect.objectContaining({ endpoint: 'securityDefaults', code: 'RATE_LIMITED' })]);
  });

  it('makes the source partial, naming the permission, when Policy.Read.All or GroupMember.Read.All is missing', async () => {
    const tenant = tenantWithUsers(5);
    tenant.groups.push({ id: 'g-excluded', displayName: 'MFA exclusions', members: ['u0001'] }, { id: 'g-other', displayName: 'Also excluded', members: ['u0002'] });
    const source = await writeTenantSource(directory.path, 'permission-tenant', tenant);
    const policyScan = await scanTenant(source, directory.path, 'permission-scan', { simulator: { missingPermissions: ['Policy.Read.All'] } });
    expect(policyScan.meta.status).toBe('partial');
    const refused = ['authenticationMethodsPolicy', 'conditionalAccessPolicies', 'namedLocations', 'securityDefaults'];
    expect(policyScan.meta.errors.map((error) => error.endpoint).sort()).toEqual(refused);
    for (const error of policyScan.meta.errors) {
      expect(error).toEqual(expect.objectContaining({ code: 'PERMISSION_MISSING', permission: 'Policy.Read.All', httpStatus: 403 }));
      expect(error.message).toContain('Authorization_RequestDenied');
    }
    // A refused endpoint has no file (absent = not fetched); the others are complete.
    for (const endpoint of refused) expect(policyScan.meta.endpoints[endpoint]).toBeUndefined();
    expect(policyScan.meta.endpoints.users?.lines).toBe(1);
    expect(policyScan.meta.endpoints.roleAssignments?.lines).toBe(1);

    const groupTenant = tenantWithUsers(5);
    groupTenant.groups.push({ id: 'g-excluded', displayName: 'MFA exclusions', members: ['u0001'] });
    groupTenant.conditionalAccessPolicies.push(conditionalAccessPolicy({ id: 'p1', displayName: 'MFA for all', includeUsers: ['All'], excludeGroups: ['g-excluded'], builtInControls: ['mfa'] }));
    const groupSource = await writeTenantSource(directory.path, 'group-permission-tenant', groupTenant);
    const groupScan = await scanTenant(groupSource, directory.path, 'group-permission-scan', { simulator: { missingPermissions: ['GroupMember.Read.All'] } });
    expect(groupScan.meta.status).toBe('partial');
    expect(groupScan.meta.errors).toEqual([
      expect.objectContaining({ endpoint: 'groupMembers', code: 'PERMISSION_MISSING', permission: 'GroupMember.Read.All', httpStatus: 403 }),
      expect.objectContaining({ endpoint: 'groups', code: 'PERMISSION_MISSING', permission: 'GroupMember.Read.All', httpStatus: 403 }),
    ]);
    expect(await linesOf(groupScan.source, 'groupMembers')).toEqual([expect.objectContaining({ key: 'g-excluded', status: 403 })]);
  });

  it('lists users without signInActivity and reads methods per user when AuditLog.Read.All is missing; without User.Read.All no users', async () => {
    const source = await writeTenantSource(directory.path, 'audit-tenant', tenantWithUsers(25));
    const audit = await scanTenant(source, directory.path, 'audit-scan', { simulator: { missingPermissions: ['AuditLog.Read.All'] } });
    expect(audit.meta.status).toBe('partial');
    expect(audit.meta.errors).toEqual([expect.objectContaining({ endpoint: 'signInActivity', code: 'PERMISSION_MISSING', httpStatus: 403 })]);
    expect(audit.meta.endpoints.users?.lines).toBe(1);
    expect(audit.meta.endpoints.authenticationMethods?.lines).toBe(25);
    expect(audit.meta.requests['POST /$batch']).toBe(2);

    const noUsers = await scanTenant(source, directory.path, 'no-users-scan', { simulator: { missingPermissions: ['User.Read.All'] } });
    expect(noUsers.meta.status).toBe('partial');
    expect(noUsers.meta.errors).toEqual([expect.objectContaining({ endpoint: 'users', code: 'PERMISSION_MISSING', permission: entraEndpoints.users.permission, httpStatus: 403 })]);
    expect(noUsers.meta.endpoints.users).toBeUndefined();
    expect(noUsers.meta.requests[entraEndpoints.users.label]).toBe(2);
    expect(noUsers.meta.endpoints.userRegistrationDetails?.lines).toBe(1);
  });

  it('fails the source with an AuthError that says what to check, without the token, when Graph answers 401', async () => {
    const source = await writeTenantSource(directory.path, 'auth-tenant', tenantWithUsers(2));
    const scan = await scanTenant(source, directory.path, 'auth-scan', { simulator: { token: 'a-different-token' } });
    expect(scan.meta.status).toBe('failed');
    expect(scan.meta.errors).toEqual([expect.objectContaining({ endpoint: '*', code: 'AUTH_FAILED' })]);
    const message = scan.meta.errors[0]?.message ?? '';
    expect(message).toContain('InvalidAuthenticationToken');
    expect(message).toContain(tokenEnv);
    expect(message).not.toContain(testToken);
  });

  it('gets a token through the client-credentials grant for client-secret auth, and names the fields when it is refused', async () => {
    const source = await writeTenantSource(directory.path, 'secret-tenant', tenantWithUsers(4));
    const clientCredentials = { clientId: '11111111-2222-3333-4444-555555555555', clientSecret: 'app-secret-value~123' };
    const auth = (url: string) => ({
      authorityUrl: url,
      auth: { type: 'client-secret', clientId: clientCredentials.clientId, clientSecret: { env: 'ENTRA_TEST_SECRET' } },
    });
    const scan = await scanTenant(source, directory.path, 'secret-scan', {
      simulator: { clientCredentials },
      config: auth,
      env: { ENTRA_TEST_SECRET: clientCredentials.clientSecret },
    });
    expect(scan.meta.status).toBe('complete');
    expect(scan.meta.requests['POST /oauth2/v2.0/token']).toBe(1);
    expect(scan.requests.filter((request) => request.label === 'POST /{tenant}/oauth2/v2.0/token')).toEqual([
      expect.objectContaining({ path: '/contoso.onmicrosoft.com/oauth2/v2.0/token', status: 200 }),
    ]);

    const refused = await scanTenant(source, directory.path, 'secret-refused-scan', {
      simulator: { clientCredentials },
      config: auth,
      env: { ENTRA_TEST_SECRET: 'a-wrong-secret' },
    });
    expect(refused.meta.status).toBe('failed');
    const message = refused.meta.errors[0]?.message ?? '';
    expect(refused.meta.errors[0]?.code).toBe('AUTH_FAILED');
    expect(message).toContain('AADSTS7000215');
    expect(message).toContain('sources.entra.auth.clientId');
    expect(message).toContain('ENTRA_TEST_SECRET');
    expect(message).not.toContain('a-wrong-secret');
    expect(refused.requests.filter((request) => request.path.startsWith('/v1.0/'))).toEqual([]);
  });

  it('reads transitive members only of the groups that policies or role assignments name', async () => {
    const tenant = tenantWithUsers(6);
    tenant.groups.push(
      { id: 'g-excluded', displayName: 'MFA exclusions', members: ['u0001', 'g-nested'] },
      { id: 'g-nested', displayName: 'Contractors', members: ['u0002'] },
      { id: 'g-admins', displayName: 'Tier 0 admins', members: ['u0003'] },
      { id: 'g-unused', displayName: 'Book club', members: ['u0004'] },
    );
    tenant.conditionalAccessPolicies.push(
      conditionalAccessPolicy({ id: 'p1', displayName: 'MFA for all', includeUsers: ['All'], excludeGroups: ['g-excluded'], builtInControls: ['mfa'] }),
    );
    tenant.roleAssignments.push(roleAssignment('globalAdministrator', { id: 'g-admins', kind: 'group' }), roleAssignment('userAdministrator', { id: 'u0005', kind: 'user', userPrincipalName: 'user5@contoso.com' }));
    const source = await writeTenantSource(directory.path, 'groups-tenant', tenant);
    const scan = await scanTenant(source, directory.path, 'groups-scan');
    expect(scan.meta.status).toBe('complete');
    expect(scan.meta.requests[entraEndpoints.groupMembers.label]).toBe(2);
    expect(scan.meta.endpoints.groupMembers?.keyed).toBe(true);
    const lines = (await linesOf(scan.source, 'groupMembers')) as Array<{ key: string; status: number; body: { value: unknown[] } }>;
    expect(lines.map((line) => line.key).sort()).toEqual(['g-admins', 'g-excluded']);
    const excluded = lines.find((line) => line.key === 'g-excluded');
    expect(excluded?.status).toBe(200);
    expect(excluded?.body.value).toEqual(transitiveMembers(tenant, 'g-excluded'));
    expect(excluded?.body.value.map((member) => (member as { id: string }).id).sort()).toEqual(['g-nested', 'u0001', 'u0002']);
    const assignments = (await linesOf(scan.source, 'roleAssignments')) as Array<{ value: Array<{ principal?: unknown }> }>;
    expect(assignments[0]?.value.every((assignment) => assignment.principal !== undefined)).toBe(true);

    // The referenced groups' display names, in one filtered request selecting only id and displayName.
    expect(scan.meta.requests[entraEndpoints.groups.label]).toBe(1);
    const nameRequest = scan.requests.find((request) => request.label === entraEndpoints.groups.label);
    expect(decodeURIComponent(nameRequest?.path ?? '')).toContain("$filter=id in ('g-admins','g-excluded')");
    expect(nameRequest?.path).toContain('$select=id,displayName');
    const names = (await linesOf(scan.source, 'groups')) as Array<{ value: Array<Record<string, unknown>> }>;
    expect(names.flatMap((page) => page.value)).toEqual([
      { id: 'g-excluded', displayName: 'MFA exclusions' },
      { id: 'g-admins', displayName: 'Tier 0 admins' },
    ]);
  });

  it('reads group names 15 ids a request, and selects the fields that tell guests and external users apart', async () => {
    const tenant = tenantWithUsers(3);
    const groupIds = Array.from({ length: 31 }, (_, index) => `g-${String(index).padStart(2, '0')}`);
    for (const id of groupIds) tenant.groups.push({ id, displayName: `Group ${id}`, members: ['u0001'] });
    tenant.conditionalAccessPolicies.push(conditionalAccessPolicy({ id: 'p1', displayName: 'MFA for all', includeUsers: ['All'], excludeGroups: groupIds, builtInControls: ['mfa'] }));
    tenant.users.push(graphUser({ id: 'u-guest', userPrincipalName: 'gina_partner.example#EXT#@contoso.onmicrosoft.com', userType: 'Guest', invited: { issuer: 'ExternalAzureAD' } }));
    const source = await writeTenantSource(directory.path, 'many-groups-tenant', tenant);
    const scan = await scanTenant(source, directory.path, 'many-groups-scan');
    expect(scan.meta.status).toBe('complete');
    expect(scan.meta.requests[entraEndpoints.groups.label]).toBe(3);
    const names = (await linesOf(scan.source, 'groups')) as Array<{ value: Array<{ id: string; displayName: string }> }>;
    expect(names.flatMap((page) => page.value.map((group) => group.id)).sort()).toEqual(groupIds);

    const users = (await linesOf(scan.source, 'users')) as Array<{ value: Array<Record<string, unknown>> }>;
    const guest = users.flatMap((page) => page.value).find((user) => user.id === 'u-guest');
    expect(guest).toMatchObject({ creationType: 'Invitation', externalUserState: 'Accepted', identities: [{ signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: null }] });
  });
});
