/** Writes fixture tenants to disk and scans them through the Graph simulator with the real Graph SDK, for the Entra tests. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collectEntra } from '../../../src/connectors/entra/collect-entra.js';
import { entraConfigSchema, type EntraConfig } from '../../../src/connectors/entra/entra-config.js';
import { silentLogger } from '../../../src/logger.js';
import { SnapshotWriter } from '../../../src/snapshot/snapshot-writer.js';
import { openRawSource, type RawSource } from '../../../src/snapshot/snapshot-reader.js';
import type { SourceMeta } from '../../../src/snapshot/snapshot-format.js';
import {
  authenticationMethod,
  emptyEntraTenant,
  graphUser,
  recordEntraTenant,
  type EntraTenantFixture,
} from '../../../src/simulators/entra/entra-tenant-fixture.js';
import { startGraphSimulator, type GraphRequestLogEntry, type GraphSimulatorOptions } from '../../../src/simulators/entra/graph-simulator.js';

export const testToken = 'eyJ0eXAiOiJKV1QifQ.simulated.graph-token';
export const tokenEnv = 'ENTRA_TEST_TOKEN';
export const scanTime = new Date('2025-06-01T12:00:00Z');

export async function temporaryDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), 'entra-test-'));
  return { path: directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

/** A tenant of `count` users (ids `u0000`…), every third with Authenticator, every fifth disabled when asked. */
export function tenantWithUsers(count: number, options: { disabledEvery?: number } = {}): EntraTenantFixture {
  const tenant = emptyEntraTenant();
  for (let index = 0; index < count; index += 1) {
    const id = `u${String(index).padStart(4, '0')}`;
    const disabled = options.disabledEvery !== undefined && index % options.disabledEvery === options.disabledEvery - 1;
    tenant.users.push(graphUser({ id, userPrincipalName: `user${index}@contoso.com`, accountEnabled: !disabled, lastSignInDateTime: '2025-05-01T08:00:00Z' }));
    if (index % 3 === 0) tenant.methods.set(id, [authenticationMethod('authenticator', index)]);
  }
  return tenant;
}

/** Records a fixture tenant as a source folder (snapshot layout) and returns that folder. */
export async function writeTenantSource(parent: string, name: string, tenant: EntraTenantFixture, simulator?: object): Promise<string> {
  const target = path.join(parent, name);
  const writer = await SnapshotWriter.create(target, { now: () => scanTime, scannerVersion: 'test' });
  await writer.recordSource({ sourceId: 'entra', connector: 'entra', tenant: tenant.tenant }, (recorder) => recordEntraTenant(recorder, tenant));
  await writer.commit();
  const sourceDirectory = path.join(target, 'sources', 'entra');
  if (simulator) await writeFile(path.join(sourceDirectory, 'simulator.json'), JSON.stringify(simulator));
  return sourceDirectory;
}

export interface ScanOutcome {
  source: RawSource;
  meta: SourceMeta;
  /** What the simulator answered, batch inner requests included. */
  requests: readonly GraphRequestLogEntry[];
  /** Every retry wait the collector asked for, in ms (recorded, not slept). */
  waits: number[];
  /** Items reported to the progress sink, per endpoint. */
  progress: Record<string, number>;
  directory: string;
}

export interface ScanOptions {
  simulator?: GraphSimulatorOptions;
  /** Extra config fields (they may replace `auth`). */
  config?: (simulatorUrl: string) => Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
}

/** Serves `tenantDirectory`, scans it with collectEntra into a fresh snapshot under `parent`, returns the stored source. */
export async function scanTenant(tenantDirectory: string, parent: string, name: string, options: ScanOptions = {}): Promise<ScanOutcome> {
  const simulator = await startGraphSimulator(tenantDirectory, { token: testToken, ...options.simulator });
  const waits: number[] = [];
  const progress: Record<string, number> = {};
  try {
    const config: EntraConfig = entraConfigSchema.parse({
      connector: 'entra',
      tenantId: 'contoso.onmicrosoft.com',
      graphBaseUrl: simulator.url,
      auth: { type: 'access-token', token: { env: tokenEnv } },
      ...options.config?.(simulator.url),
    });
    const target = path.join(parent, name);
    const writer = await SnapshotWriter.create(target, { now: () => scanTime, scannerVersion: 'test' });
    await writer.recordSource({ sourceId: 'entra', connector: 'entra', tenant: config.tenantId }, (recorder) =>
      collectEntra(
        config,
        recorder,
        { logger: silentLogger(), now: () => scanTime, progress: { pageFetched: ({ endpoint, items }) => void (progress[endpoint] = (progress[endpoint] ?? 0) + items) }, env: options.env ?? { [tokenEnv]: testToken } },
        {
          sleep: async (ms) => {
            waits.push(ms);
          },
        },
      ),
    );
    await writer.commit();
    const directory = path.join(target, 'sources', 'entra');
    const source = await openRawSource(directory);
    return { source, meta: source.meta, requests: [...simulator.requests], waits, progress, directory };
  } finally {
    await simulator.close();
  }
}

/** Every line of an endpoint file, parsed. */
export async function linesOf(source: RawSource, endpoint: string): Promise<unknown[]> {
  const lines: unknown[] = [];
  for await (const line of source.lines(endpoint)) lines.push(line.value);
  return lines;
}
