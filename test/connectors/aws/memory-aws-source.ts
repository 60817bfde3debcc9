/** A fixture account as an in-memory raw source (the same lines recordAwsAccount writes), for fast analysis tests. */
import type { z } from 'zod';
import type { RawLine, RawSource } from '../../../src/snapshot/snapshot-reader.js';
import type { EndpointWriter, SourceRecorder } from '../../../src/snapshot/snapshot-writer.js';
import type { SourceError, SourceMeta } from '../../../src/snapshot/snapshot-format.js';
import { keyedLineSchema } from '../../../src/snapshot/snapshot-format.js';
import { recordAwsAccount, type AwsAccountFixture, type RecordAwsOptions } from '../../../src/simulators/aws/aws-account-fixture.js';

export interface MemorySourceOptions extends RecordAwsOptions {
  errors?: SourceError[];
  /** Endpoint files to leave out, as if never collected. */
  drop?: string[];
  /** Keep per-user `mfaDevices` only for these users (the collector asks only where the bulk data cannot answer). */
  mfaDevicesFor?: string[];
}

export async function memoryAwsSource(account: AwsAccountFixture, options: MemorySourceOptions = {}): Promise<RawSource> {
  const lines = new Map<string, unknown[]>();
  const keyed = new Set<string>();
  const recorder: SourceRecorder = {
    sourceId: 'aws',
    endpoint(name: string, endpointOptions?: { keyed?: boolean }): EndpointWriter {
      if (!lines.has(name)) lines.set(name, []);
      if (endpointOptions?.keyed) keyed.add(name);
      return {
        write: async (value: unknown) => {
          lines.get(name)?.push(JSON.parse(JSON.stringify(value)));
        },
        close: async () => undefined,
      };
    },
    countRequest: () => undefined,
    recordError: () => undefined,
    declarePermissions: () => undefined,
    errors: [],
  };
  await recordAwsAccount(recorder, account, options);
  for (const name of options.drop ?? []) lines.delete(name);
  if (options.mfaDevicesFor) {
    const allowed = new Set(options.mfaDevicesFor);
    lines.set('mfaDevices', (lines.get('mfaDevices') ?? []).filter((line) => allowed.has((line as { key: string }).key)));
  }
  const meta: SourceMeta = {
    connector: 'aws',
    sourceId: 'aws',
    tenant: account.accountId,
    startedAt: '2025-06-01T12:00:00.000Z',
    finishedAt: '2025-06-01T12:01:00.000Z',
    status: (options.errors ?? []).length > 0 ? 'partial' : 'complete',
    errors: options.errors ?? [],
    requests: {},
    endpoints: Object.fromEntries(
      [...lines.keys()].map((name) => [name, { file: `${name}.jsonl`, lines: lines.get(name)?.length ?? 0, fetchedAt: '2025-06-01T12:00:30.000Z', keyed: keyed.has(name) }]),
    ),
    permissions: [],
  };
  async function* raw(endpoint: string): AsyncIterable<RawLine> {
    for (const [index, value] of (lines.get(endpoint) ?? []).entries()) yield { file: `${endpoint}.jsonl`, line: index + 1, value };
  }
  return {
    meta,
    directory: '(memory)',
    has: (endpoint: string) => lines.has(endpoint),
    lines: raw,
    async *parsed<T>(endpoint: string, schema: z.ZodType<T>): AsyncIterable<T> {
      for await (const { value } of raw(endpoint)) yield schema.parse(value);
    },
    async *keyed<T>(endpoint: string, schema: z.ZodType<T>): AsyncIterable<{ key: string; status: number; body: T | undefined }> {
      for await (const { value } of raw(endpoint)) {
        const line = keyedLineSchema.parse(value);
        yield { key: line.key, status: line.status, body: line.status >= 200 && line.status < 300 ? schema.parse(line.body) : undefined };
      }
    },
  };
}
