/**
 * What the Entra collector writes is the layout docs/snapshot-format.md documents, every payload parses with the
 * schemas the analysis reads (graph-payloads.ts), and a collected source can be served again by the simulator and
 * re-collected to the same data. Also pins the two SDK gotchas the client works around.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import type { z } from 'zod';
import { entraEndpoints } from '../../../src/connectors/entra/endpoints.js';
import { graphPathOf } from '../../../src/connectors/entra/graph-paginator.js';
import {
  authenticationMethodsPolicySchema,
  conditionalAccessPolicySchema,
  directoryObjectSchema,
  graphPageSchema,
  graphUserSchema,
  namedLocationSchema,
  roleAssignmentSchema,
  roleDefinitionSchema,
  securityDefaultsSchema,
  userRegistrationDetailsSchema,
} from '../../../src/connectors/entra/graph-payloads.js';
import { conditionalAccessPolicy, ipNamedLocation, roleAssignment } from '../../../src/simulators/entra/entra-tenant-fixture.js';
import { startGraphSimulator } from '../../../src/simulators/entra/graph-simulator.js';
import { linesOf, scanTenant, temporaryDirectory, tenantWithUsers, testToken, writeTenantSource } from './entra-scan-harness.js';

const docsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/snapshot-format.md');

/** File stems of the Entra table in docs/snapshot-format.md. */
async function documentedStems(): Promise<string[]> {
  const text = await readFile(docsFile, 'utf8');
  const section = text.split('## Microsoft Entra ID')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((match) => match[1] as string);
}

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeAll(async () => {
  directory = await temporaryDirectory();
});
afterAll(async () => {
  await directory.remove();
});

function richTenant() {
  const tenant = tenantWithUsers(620);
  tenant.groups.push({ id: 'g-excluded', displayName: 'MFA exclusions', members: ['u0001'] }, { id: 'g-admins', displayName: 'Admins', members: ['u0002'] });
  tenant.conditionalAccessPolicies.push(
    conditionalAccessPolicy({ id: 'p1', displayName: 'MFA for all', includeUsers: ['All'], excludeGroups: ['g-excluded'], excludeLocations: ['loc-office'], builtInControls: ['mfa'] }),
    conditionalAccessPolicy({ id: 'p2', displayName: 'Block legacy', includeUsers: ['All'], clientAppTypes: ['exchangeActiveSync', 'other'], builtInControls: ['block'] }),
  );
  tenant.namedLocations.push(ipNamedLocation('loc-office', 'Office', ['198.51.100.0/24'], true));
  tenant.roleAssignments.push(roleAssignment('globalAdministrator', { id: 'g-admins', kind: 'group' }), roleAssignment('globalAdministrator', { id: 'u0003', kind: 'user', userPrincipalName: 'user3@contoso.com' }));
  return tenant;
}

describe('Entra collection: the snapshot it writes', () => {
  it('writes only the documented file stems, each parsing with the analysis schemas', async () => {
    const stems = await documentedStems();
    expect(stems).toEqual(Object.values(entraEndpoints).map((endpoint) => endpoint.name));
    const source = await writeTenantSource(directory.path, 'layout-tenant', richTenant());
    const scan = await scanTenant(source, directory.path, 'layout-scan');
    expect(scan.meta.status).toBe('complete');

    const files = (await readdir(scan.directory)).sort();
    expect(files).toEqual([...stems.filter((stem) => stem !== 'authenticationMethods').map((stem) => `${stem}.jsonl`), 'source.json'].sort());
    for (const [stem, meta] of Object.entries(scan.meta.endpoints)) {
      expect(meta.file).toBe(`${stem}.jsonl`);
      expect(meta.keyed).toBe(entraEndpoints[stem as keyof typeof entraEndpoints].keyed);
    }

    const pages: Array<[string, z.ZodType]> = [
      ['users', graphPageSchema(graphUserSchema)],
      ['userRegistrationDetails', graphPageSchema(userRegistrationDetailsSchema)],
      ['roleDefinitions', graphPageSchema(roleDefinitionSchema)],
      ['roleAssignments', graphPageSchema(roleAssignmentSchema)],
      ['conditionalAccessPolicies', graphPageSchema(conditionalAccessPolicySchema)],
      ['namedLocations', graphPageSchema(namedLocationSchema)],
      ['securityDefaults', securityDefaultsSchema],
      ['authenticationMethodsPolicy', authenticationMethodsPolicySchema],
    ];
    for (const [endpoint, schema] of pages) {
      let lines = 0;
      for await (const _ of scan.source.parsed(endpoint, schema)) lines += 1;
      expect(lines).toBe(scan.meta.endpoints[endpoint]?.lines);
    }
    const members = [];
    for await (const line of scan.source.keyed('groupMembers', graphPageSchema(directoryObjectSchema))) members.push(line);
    expect(members.map((line) => line.key).sort()).toEqual(['g-admins', 'g-excluded']);
    expect(scan.meta.requests).toEqual({
      [entraEndpoints.groups.label]: 1,
      [entraEndpoints.users.label]: 2,
      [entraEndpoints.userRegistrationDetails.label]: 1,
      [entraEndpoints.roleDefinitions.label]: 1,
      [entraEndpoints.roleAssignments.label]: 1,
      [entraEndpoints.conditionalAccessPolicies.label]: 1,
      [entraEndpoints.namedLocations.label]: 1,
      [entraEndpoints.securityDefaults.label]: 1,
      [entraEndpoints.authenticationMethodsPolicy.label]: 1,
      [entraEndpoints.groupMembers.label]: 2,
    });
  });

  it('re-collects a collected source, served by the simulator, to the same data', async () => {
    const source = await writeTenantSource(directory.path, 'again-tenant', richTenant());
    const first = await scanTenant(source, directory.path, 'again-first');
    const second = await scanTenant(first.directory, directory.path, 'again-second');
    expect(second.meta.status).toBe('complete');
    const items = async (scan: typeof first, endpoint: string) => (await linesOf(scan.source, endpoint)).flatMap((page) => (page as { value: unknown[] }).value);
    for (const endpoint of ['users', 'userRegistrationDetails', 'roleAssignments', 'conditionalAccessPolicies', 'namedLocations']) {
      expect(await items(second, endpoint)).toEqual(await items(first, endpoint));
    }
    const withoutContext = (lines: unknown[]) => lines.map((line) => ({ ...(line as object), '@odata.context': undefined }));
    expect(withoutContext(await linesOf(second.source, 'securityDefaults'))).toEqual(withoutContext(await linesOf(first.source, 'securityDefaults')));
    expect(await linesOf(second.source, 'groupMembers')).toHaveLength(2);
  });
});

describe('the Graph SDK gotchas the client works around', () => {
  it('the SDK default chain drops the token over http, which is why the client sets it itself', async () => {
    const source = await writeTenantSource(directory.path, 'gotcha-tenant', tenantWithUsers(3));
    const simulator = await startGraphSimulator(source, { token: testToken });
    try {
      const client = Client.init({ baseUrl: simulator.url, authProvider: (done) => done(null, testToken) });
      const failure = await client
        .api('/users')
        .get()
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(GraphError);
      expect((failure as GraphError).statusCode).toBe(401);
      expect((failure as GraphError).code).toBe('InvalidAuthenticationToken');
    } finally {
      await simulator.close();
    }
  });

  it('turns absolute nextLinks back into version-relative paths, and refuses links elsewhere', () => {
    expect(graphPathOf('http://127.0.0.1:4100/v1.0/users?$top=500&$skiptoken=abc', 'http://127.0.0.1:4100')).toBe('/users?$top=500&$skiptoken=abc');
    expect(graphPathOf('https://graph.microsoft.com/v1.0/groups/g1/transitiveMembers?$skiptoken=X%3D', 'https://graph.microsoft.com')).toBe('/groups/g1/transitiveMembers?$skiptoken=X%3D');
    expect(graphPathOf('https://proxy.example/graph/v1.0/users?$skiptoken=1', 'https://proxy.example/graph/')).toBe('/users?$skiptoken=1');
    expect(() => graphPathOf('https://evil.example/v1.0/users?$skiptoken=1', 'https://graph.microsoft.com')).toThrow(/not followed/);
    expect(() => graphPathOf('https://graph.microsoft.com/beta/users?$skiptoken=1', 'https://graph.microsoft.com')).toThrow(/outside/);
    expect(() => graphPathOf('not a url', 'https://graph.microsoft.com')).toThrow(/not a URL/);
  });
});
