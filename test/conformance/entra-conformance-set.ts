/**
 * One Entra conformance set: a folder holding `policies.json` (conditional-access policies as Graph or the Graph
 * PowerShell SDK exports them), `directory.json` (a synthetic directory in the small format below) and
 * `expected.json` (hand-derived verdicts per account). See test/conformance/entra/README.md for the layout.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ConditionalAccessPolicy, RoleAssignment } from '../../src/connectors/entra/graph-payloads.js';
import { enforcementValues, legacyAuthValues, coverageValues } from '../../src/model/account.js';
import {
  authenticationMethod,
  countryNamedLocation,
  emptyEntraTenant,
  graphUser,
  ipNamedLocation,
  type EntraTenantFixture,
  type MethodKind,
} from '../../src/simulators/entra/entra-tenant-fixture.js';

const methodKinds = ['authenticator', 'phone', 'voice', 'fido2', 'softwareOath', 'windowsHello', 'email', 'temporaryAccessPass', 'platformCredential'] as const satisfies readonly MethodKind[];

export const directorySchema = z.strictObject({
  tenant: z.string(),
  securityDefaults: z.boolean(),
  users: z.array(
    z.strictObject({
      id: z.string(),
      userPrincipalName: z.string(),
      userType: z.enum(['Member', 'Guest']).optional(),
      accountEnabled: z.boolean().optional(),
      invited: z.strictObject({ issuer: z.string(), state: z.enum(['Accepted', 'PendingAcceptance']).optional() }).optional(),
      methods: z.array(z.enum(methodKinds)),
    }),
  ),
  groups: z.array(z.strictObject({ id: z.string(), displayName: z.string(), members: z.array(z.string()) })),
  roleAssignments: z.array(z.strictObject({ roleTemplateId: z.string(), principalId: z.string(), kind: z.enum(['user', 'group']) })),
  namedLocations: z.array(
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('ip'), id: z.string(), displayName: z.string(), cidrs: z.array(z.string()), trusted: z.boolean() }),
      z.strictObject({ kind: z.literal('country'), id: z.string(), displayName: z.string(), countries: z.array(z.string()) }),
    ]),
  ),
});
export type ConformanceDirectory = z.infer<typeof directorySchema>;

export const expectedSchema = z.strictObject({
  accounts: z.record(
    z.string(),
    z.strictObject({ mfaEnforced: z.enum(enforcementValues), legacyAuth: z.enum(legacyAuthValues), covered: z.enum(coverageValues), why: z.string().min(1) }),
  ),
});
export type ConformanceExpected = z.infer<typeof expectedSchema>;

export interface ConformanceSet {
  name: string;
  folder: string;
  policies: unknown[];
  directory: ConformanceDirectory;
  expected: ConformanceExpected;
}

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

/** Every set folder under `root` (none when `root` does not exist), in name order. */
export async function readConformanceSets(root: string): Promise<ConformanceSet[]> {
  const exists = await stat(root).then((info) => info.isDirectory(), () => false);
  if (!exists) return [];
  const names = (await readdir(root, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const sets: ConformanceSet[] = [];
  for (const name of names) {
    const folder = path.join(root, name);
    sets.push({
      name,
      folder,
      policies: await readJson(path.join(folder, 'policies.json'), z.array(z.unknown())),
      directory: await readJson(path.join(folder, 'directory.json'), directorySchema),
      expected: await readJson(path.join(folder, 'expected.json'), expectedSchema),
    });
  }
  return sets;
}

/** The set as a fixture tenant; the policies go in exactly as the file holds them (any casing). */
export function conformanceTenant(set: ConformanceSet): EntraTenantFixture {
  const { directory } = set;
  const tenant = emptyEntraTenant(directory.tenant);
  tenant.securityDefaults.isEnabled = directory.securityDefaults;
  for (const user of directory.users) {
    tenant.users.push(
      graphUser({
        id: user.id,
        userPrincipalName: user.userPrincipalName,
        lastSignInDateTime: '2025-05-30T08:00:00Z',
        ...(user.userType ? { userType: user.userType } : {}),
        ...(user.accountEnabled !== undefined ? { accountEnabled: user.accountEnabled } : {}),
        ...(user.invited ? { invited: user.invited } : {}),
      }),
    );
    tenant.methods.set(user.id, [authenticationMethod('password'), ...user.methods.map((kind, index) => authenticationMethod(kind, index))]);
  }
  tenant.groups.push(...directory.groups);
  tenant.roleAssignments.push(
    ...directory.roleAssignments.map(
      (assignment, index): RoleAssignment => ({
        id: `conformance-assignment-${index}`,
        principalId: assignment.principalId,
        roleDefinitionId: assignment.roleTemplateId,
        directoryScopeId: '/',
        principal: { '@odata.type': assignment.kind === 'user' ? '#microsoft.graph.user' : '#microsoft.graph.group', id: assignment.principalId },
      }),
    ),
  );
  tenant.namedLocations.push(
    ...directory.namedLocations.map((location) =>
      location.kind === 'ip' ? ipNamedLocation(location.id, location.displayName, location.cidrs, location.trusted) : countryNamedLocation(location.id, location.displayName, location.countries),
    ),
  );
  tenant.conditionalAccessPolicies.push(...(set.policies as ConditionalAccessPolicy[]));
  return tenant;
}
