/** Writes fixture orgs to disk and scans them through the simulator with the real SDK, for the Okta tests. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentProgress } from '../../../src/connectors/connector.js';
import { collectOkta, type OktaCollectResult } from '../../../src/connectors/okta/collect-okta.js';
import { oktaConfigSchema, type OktaConfig } from '../../../src/connectors/okta/okta-config.js';
import type { Clock } from '../../../src/connectors/okta/okta-clock.js';
import { silentLogger } from '../../../src/logger.js';
import { SnapshotWriter } from '../../../src/snapshot/snapshot-writer.js';
import { openRawSource, type RawSource } from '../../../src/snapshot/snapshot-reader.js';
import type { SourceMeta } from '../../../src/snapshot/snapshot-format.js';
import { recordOktaOrg, type OktaOrgFixture } from '../../../src/simulators/okta/okta-org-fixture.js';
import { startOktaSimulator, type OktaSimulatorOptions, type OktaSimulatorStats } from '../../../src/simulators/okta/okta-simulator.js';

export const testToken = 'test-ssws-token';

export async function temporaryDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), 'okta-test-'));
  return { path: directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

/** Records a fixture org as a source folder (snapshot layout) and returns that folder. */
export async function writeOrgSource(parent: string, name: string, org: OktaOrgFixture, simulatorSettings?: object): Promise<string> {
  const target = path.join(parent, name);
  const writer = await SnapshotWriter.create(target, { now: () => new Date('2025-06-01T00:00:00Z'), scannerVersion: 'test' });
  await writer.recordSource({ sourceId: 'okta', connector: 'okta', tenant: 'https://example.okta.com' }, (recorder) => recordOktaOrg(recorder, org));
  await writer.commit();
  const sourceDirectory = path.join(target, 'sources', 'okta');
  if (simulatorSettings) await writeFile(path.join(sourceDirectory, 'simulator.json'), JSON.stringify(simulatorSettings));
  return sourceDirectory;
}

export interface ScanOutcome {
  source: RawSource;
  meta: SourceMeta;
  stats: OktaSimulatorStats;
  result: OktaCollectResult | undefined;
  simulatorUrl: string;
}

export interface ScanOptions {
  clock?: Clock;
  simulator?: OktaSimulatorOptions;
  /** Extra config fields (auth defaults to the SSWS test token). */
  config?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  previous?: RawSource;
  now?: () => Date;
}

/** Serves `orgDirectory`, scans it with collectOkta into a fresh snapshot under `parent`, returns the stored source. */
export async function scanOrg(orgDirectory: string, parent: string, name: string, options: ScanOptions = {}): Promise<ScanOutcome> {
  const simulator = await startOktaSimulator(orgDirectory, { token: testToken, ...(options.clock ? { clock: options.clock } : {}), ...options.simulator });
  try {
    const config: OktaConfig = oktaConfigSchema.parse({
      connector: 'okta',
      orgUrl: simulator.url,
      auth: { type: 'api-token', token: { env: 'OKTA_TEST_TOKEN' } },
      ...options.config,
    });
    const clock = options.clock;
    const now = options.now ?? (clock ? () => new Date(clock.now()) : () => new Date());
    const target = path.join(parent, name);
    const writer = await SnapshotWriter.create(target, { now, scannerVersion: 'test' });
    let result: OktaCollectResult | undefined;
    const meta = await writer.recordSource({ sourceId: 'okta', connector: 'okta', tenant: config.orgUrl }, async (recorder) => {
      result = await collectOkta(
        config,
        recorder,
        { logger: silentLogger(), now, progress: silentProgress, env: { OKTA_TEST_TOKEN: testToken, ...options.env }, ...(options.previous ? { previous: options.previous } : {}) },
        clock ? { clock } : {},
      );
    });
    await writer.commit();
    const source = await openRawSource(path.join(target, 'sources', 'okta'));
    return { source, meta, stats: simulator.stats(), result, simulatorUrl: simulator.url };
  } finally {
    await simulator.close();
  }
}
