/**
 * What every connector's in-memory test source shares: a SourceRecorder that keeps each endpoint's lines as JSON
 * values (as a snapshot file would hold them), and a RawSource over those lines shaped like a collector's snapshot.
 */
import type { z } from 'zod';
import type { IdentityProviderId } from '../../src/model/identity-provider.js';
import type { RawLine, RawSource } from '../../src/snapshot/snapshot-reader.js';
import type { EndpointWriter, SourceRecorder } from '../../src/snapshot/snapshot-writer.js';
import { keyedLineSchema, type SourceError, type SourceMeta } from '../../src/snapshot/snapshot-format.js';

export interface MemoryLines {
  /** Endpoint name → its lines, in the order written. */
  lines: Map<string, unknown[]>;
  /** Endpoints recorded as keyed. */
  keyed: Set<string>;
}

/** A recorder that keeps what a fixture writes; each value goes through JSON as it would through a file. */
export function memoryRecorder(sourceId: string): MemoryLines & { recorder: SourceRecorder } {
  const lines = new Map<string, unknown[]>();
  const keyed = new Set<string>();
  const recorder: SourceRecorder = {
    sourceId,
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
  return { recorder, lines, keyed };
}

/** Appends lines to endpoints; an endpoint given keyed lines (`{key, …}`) becomes keyed. */
export function appendLines(memory: MemoryLines, append: Record<string, unknown[]> = {}): void {
  for (const [name, extra] of Object.entries(append)) {
    memory.lines.set(name, [...(memory.lines.get(name) ?? []), ...extra]);
    if (extra.some((line) => typeof line === 'object' && line !== null && 'key' in line)) memory.keyed.add(name);
  }
}

export interface MemoryRawSourceOptions extends MemoryLines {
  connector: IdentityProviderId;
  sourceId: string;
  tenant: string;
  errors?: SourceError[];
  /** When the pretend collection started; it finished a minute later, each endpoint read half-way. */
  startedAt?: string;
}

/** The lines as a RawSource: `partial` when errors are given, keyed bodies validated only for 2xx lines. */
export function memoryRawSource(options: MemoryRawSourceOptions): RawSource {
  const { lines, keyed } = options;
  const started = new Date(options.startedAt ?? '2025-06-01T12:00:00.000Z').getTime();
  const at = (offsetMs: number) => new Date(started + offsetMs).toISOString();
  const errors = options.errors ?? [];
  const meta: SourceMeta = {
    connector: options.connector,
    sourceId: options.sourceId,
    tenant: options.tenant,
    startedAt: at(0),
    finishedAt: at(60_000),
    status: errors.length > 0 ? 'partial' : 'complete',
    errors,
    requests: {},
    endpoints: Object.fromEntries(
      [...lines.keys()].map((name) => [name, { file: `${name}.jsonl`, lines: lines.get(name)?.length ?? 0, fetchedAt: at(30_000), keyed: keyed.has(name) }]),
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
