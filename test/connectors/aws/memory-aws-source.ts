/** A fixture account as an in-memory raw source (the same lines recordAwsAccount writes), for fast analysis tests. */
import type { RawSource } from '../../../src/snapshot/snapshot-reader.js';
import type { SourceError } from '../../../src/snapshot/snapshot-format.js';
import { memoryRawSource, memoryRecorder } from '../memory-raw-source.js';
import { recordAwsAccount, type AwsAccountFixture, type RecordAwsOptions } from '../../../src/simulators/aws/aws-account-fixture.js';

export interface MemorySourceOptions extends RecordAwsOptions {
  errors?: SourceError[];
  /** Endpoint files to leave out, as if never collected. */
  drop?: string[];
  /** Keep per-user `mfaDevices` only for these users (the collector asks only where the bulk data cannot answer). */
  mfaDevicesFor?: string[];
}

export async function memoryAwsSource(account: AwsAccountFixture, options: MemorySourceOptions = {}): Promise<RawSource> {
  const memory = memoryRecorder('aws');
  const { recorder, lines } = memory;
  await recordAwsAccount(recorder, account, options);
  for (const name of options.drop ?? []) lines.delete(name);
  if (options.mfaDevicesFor) {
    const allowed = new Set(options.mfaDevicesFor);
    lines.set('mfaDevices', (lines.get('mfaDevices') ?? []).filter((line) => allowed.has((line as { key: string }).key)));
  }
  return memoryRawSource({ ...memory, connector: 'aws', sourceId: 'aws', tenant: account.accountId, errors: options.errors ?? [] });
}
