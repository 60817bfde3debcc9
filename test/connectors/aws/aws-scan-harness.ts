/**
 * Writes fixture organisations to disk and scans them through the AWS simulator with the real SDK clients: expand
 * the organisation, then collect every account as its own source, as the scan does.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentProgress, type CollectContext } from '../../../src/connectors/connector.js';
import { awsConfigSchema, type AwsConfig } from '../../../src/connectors/aws/aws-config.js';
import { collectAws } from '../../../src/connectors/aws/collect-aws.js';
import { expandAwsOrganisation } from '../../../src/connectors/aws/expand-aws-organisation.js';
import { silentLogger } from '../../../src/logger.js';
import { mapWithConcurrency } from '../../../src/scan/map-with-concurrency.js';
import { SnapshotWriter } from '../../../src/snapshot/snapshot-writer.js';
import { openRawSource, type RawSource } from '../../../src/snapshot/snapshot-reader.js';
import type { SourceMeta } from '../../../src/snapshot/snapshot-format.js';
import { recordAwsAccount, type AwsAccountFixture, type RecordAwsOptions } from '../../../src/simulators/aws/aws-account-fixture.js';
import type { AwsAccountSimulatorSettings } from '../../../src/simulators/aws/aws-account-store.js';
import { startAwsSimulator, type AwsSimulatorOptions, type AwsSimulatorStats } from '../../../src/simulators/aws/aws-simulator.js';
import { asOf } from './aws-account-cases.js';

export const testAccessKey = 'AKIATESTSCANNER00001';

export async function temporaryDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), 'aws-test-'));
  return { path: directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

/** Records accounts as sibling sources `org.<id>` (with per-account simulator.json); returns the first one's folder. */
export async function writeOrganisation(
  parent: string,
  name: string,
  accounts: AwsAccountFixture[],
  options: RecordAwsOptions & { simulator?: Record<string, AwsAccountSimulatorSettings> } = {},
): Promise<string> {
  const target = path.join(parent, name);
  const writer = await SnapshotWriter.create(target, { now: () => asOf, scannerVersion: 'test' });
  for (const account of accounts) {
    await writer.recordSource({ sourceId: `org.${account.accountId}`, connector: 'aws', tenant: account.accountId }, (recorder) => recordAwsAccount(recorder, account, options));
  }
  await writer.commit();
  for (const account of accounts) {
    const settings = options.simulator?.[account.accountId];
    if (settings) await writeFile(path.join(target, 'sources', `org.${account.accountId}`, 'simulator.json'), JSON.stringify(settings));
  }
  return path.join(target, 'sources', `org.${(accounts[0] as AwsAccountFixture).accountId}`);
}

export interface OrganisationScan {
  metas: SourceMeta[];
  sources: Map<string, RawSource>;
  stats: AwsSimulatorStats;
  waits: number[];
  expansionRequests: Record<string, number>;
}

export async function scanOrganisation(
  firstSource: string,
  parent: string,
  name: string,
  options: { config?: Record<string, unknown>; simulator?: AwsSimulatorOptions } = {},
): Promise<OrganisationScan> {
  const simulator = await startAwsSimulator(firstSource, { token: testAccessKey, ...options.simulator });
  const waits: number[] = [];
  const expansionRequests: Record<string, number> = {};
  try {
    const config: AwsConfig = awsConfigSchema.parse({
      connector: 'aws',
      accountId: '111111111111',
      endpoint: simulator.url,
      credentials: { type: 'static', accessKeyId: { env: 'AWS_TEST_KEY' }, secretAccessKey: { env: 'AWS_TEST_SECRET' } },
      retry: { maxAttempts: 4, initialBackoffMs: 1, maxBackoffMs: 20 },
      credentialReport: { pollIntervalMs: 5, maxPolls: 10 },
      organisation: {},
      ...options.config,
    });
    const context: CollectContext = { logger: silentLogger(), now: () => asOf, progress: silentProgress, env: { AWS_TEST_KEY: testAccessKey, AWS_TEST_SECRET: 'not-checked' } };
    const dependencies = { sleep: async (ms: number) => void waits.push(ms), random: () => 0 };
    const accounts = await expandAwsOrganisation(config, context, { ...dependencies, countRequest: (label) => void (expansionRequests[label] = (expansionRequests[label] ?? 0) + 1) });
    const target = path.join(parent, name);
    const writer = await SnapshotWriter.create(target, { now: () => asOf, scannerVersion: 'test' });
    const metas = await mapWithConcurrency(accounts, 3, (account) =>
      writer.recordSource({ sourceId: `aws.${account.key}`, connector: 'aws', tenant: account.tenant }, (recorder) => collectAws(account.config, recorder, context, dependencies)),
    );
    await writer.commit();
    const sources = new Map<string, RawSource>();
    for (const meta of metas) sources.set(meta.tenant, await openRawSource(path.join(target, 'sources', meta.sourceId)));
    return { metas, sources, stats: simulator.stats(), waits, expansionRequests };
  } finally {
    await simulator.close();
  }
}
