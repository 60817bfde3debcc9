/** Writes fixture tenants to disk and scans them through the Google simulator with the real clients, for the Google tests. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { auth } from '@googleapis/admin';
import { silentProgress } from '../../../src/connectors/connector.js';
import { collectGoogle } from '../../../src/connectors/google/collect-google.js';
import { googleConfigSchema, type GoogleConfig } from '../../../src/connectors/google/google-config.js';
import { silentLogger } from '../../../src/logger.js';
import { SnapshotWriter } from '../../../src/snapshot/snapshot-writer.js';
import { openRawSource, type RawSource } from '../../../src/snapshot/snapshot-reader.js';
import type { SourceMeta } from '../../../src/snapshot/snapshot-format.js';
import { recordGoogleTenant, type GoogleTenantFixture, type RecordOptions } from '../../../src/simulators/google/google-tenant-fixture.js';
import { startGoogleSimulator, type GoogleSimulatorOptions, type GoogleSimulatorStats } from '../../../src/simulators/google/google-simulator.js';

export const testToken = 'ya29.test-token';
export const scanTime = new Date('2025-06-01T12:00:00Z');

export async function temporaryDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), 'google-test-'));
  return { path: directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

/** Records a fixture tenant as a source folder (snapshot layout) and returns that folder. */
export async function writeTenantSource(parent: string, name: string, tenant: GoogleTenantFixture, options: RecordOptions & { simulator?: object } = {}): Promise<string> {
  const target = path.join(parent, name);
  const writer = await SnapshotWriter.create(target, { now: () => scanTime, scannerVersion: 'test' });
  await writer.recordSource({ sourceId: 'google', connector: 'google', tenant: tenant.domain }, (recorder) => recordGoogleTenant(recorder, tenant, options));
  await writer.commit();
  const sourceDirectory = path.join(target, 'sources', 'google');
  if (options.simulator) await writeFile(path.join(sourceDirectory, 'simulator.json'), JSON.stringify(options.simulator));
  return sourceDirectory;
}

export interface ScanOutcome {
  source: RawSource;
  meta: SourceMeta;
  stats: GoogleSimulatorStats;
  /** Every backoff the collector waited, in ms. */
  waits: number[];
}

export interface ScanOptions {
  simulator?: GoogleSimulatorOptions;
  /** Extra config fields. */
  config?: Record<string, unknown>;
  /** Authenticate through the config's access-token reference instead of an injected OAuth2 client. */
  viaConfigToken?: boolean;
}

/** Serves `tenantDirectory`, scans it with collectGoogle into a fresh snapshot under `parent`, returns the stored source. */
export async function scanTenant(tenantDirectory: string, parent: string, name: string, options: ScanOptions = {}): Promise<ScanOutcome> {
  const simulator = await startGoogleSimulator(tenantDirectory, { token: testToken, ...options.simulator });
  const waits: number[] = [];
  try {
    const config: GoogleConfig = googleConfigSchema.parse({
      connector: 'google',
      domain: 'example.com',
      rootUrl: simulator.url,
      auth: { type: 'access-token', token: { env: 'GOOGLE_TEST_TOKEN' } },
      retry: { maxAttempts: 4, initialBackoffMs: 1, maxBackoffMs: 20 },
      ...options.config,
    });
    const authClient = new auth.OAuth2();
    authClient.setCredentials({ access_token: testToken, expiry_date: scanTime.getTime() + 3_600_000 * 24 * 365 * 50 });
    const target = path.join(parent, name);
    const writer = await SnapshotWriter.create(target, { now: () => scanTime, scannerVersion: 'test' });
    await writer.recordSource({ sourceId: 'google', connector: 'google', tenant: config.domain }, (recorder) =>
      collectGoogle(
        config,
        recorder,
        { logger: silentLogger(), now: () => scanTime, progress: silentProgress, env: { GOOGLE_TEST_TOKEN: testToken } },
        {
          ...(options.viaConfigToken ? {} : { authClient }),
          sleep: async (ms) => {
            waits.push(ms);
          },
          random: () => 0,
        },
      ),
    );
    await writer.commit();
    const source = await openRawSource(path.join(target, 'sources', 'google'));
    return { source, meta: source.meta, stats: simulator.stats(), waits };
  } finally {
    await simulator.close();
  }
}
