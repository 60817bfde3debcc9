/**
 * Reads a raw snapshot (docs/snapshot-format.md). Lines are streamed; every parse error names the file and line.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import path from 'node:path';
import type { z } from 'zod';
import { SnapshotError } from '../errors.js';
import {
  keyedLineSchema,
  snapshotManifestFile,
  snapshotManifestSchema,
  sourceMetaFile,
  sourceMetaSchema,
  sourcesDirectory,
  type KeyedLine,
  type SnapshotManifest,
  type SourceMeta,
} from './snapshot-format.js';
import { formatZodIssues } from '../config/format-zod-issues.js';

export interface RawLine {
  file: string;
  line: number;
  value: unknown;
}

/** Read access to one source's raw payloads. */
export interface RawSource {
  readonly meta: SourceMeta;
  readonly directory: string;
  has(endpoint: string): boolean;
  /** Every line of an endpoint file, parsed as JSON; an absent endpoint yields nothing. */
  lines(endpoint: string): AsyncIterable<RawLine>;
  /** Lines validated against a schema; a mismatch throws naming the file, line and field. */
  parsed<T>(endpoint: string, schema: z.ZodType<T>): AsyncIterable<T>;
  /** Keyed lines (`{key, status, body}`) with the body validated against a schema when status is 2xx. */
  keyed<T>(endpoint: string, schema: z.ZodType<T>): AsyncIterable<{ key: string; status: number; body: T | undefined }>;
}

export interface Snapshot {
  readonly directory: string;
  readonly manifest: SnapshotManifest;
  readonly sources: RawSource[];
}

export async function openSnapshot(directory: string): Promise<Snapshot> {
  const manifestPath = path.join(directory, snapshotManifestFile);
  const manifest = await readJsonFile(manifestPath, snapshotManifestSchema);
  const sources: RawSource[] = [];
  for (const sourceId of manifest.sources) {
    sources.push(await openRawSource(path.join(directory, sourcesDirectory, sourceId)));
  }
  return { directory, manifest, sources };
}

/** Opens one source directory (also used by the simulators, which serve a tenant in the same layout). */
export async function openRawSource(directory: string): Promise<RawSource> {
  const meta = await readJsonFile(path.join(directory, sourceMetaFile), sourceMetaSchema);
  return new DirectoryRawSource(directory, meta);
}

class DirectoryRawSource implements RawSource {
  constructor(
    readonly directory: string,
    readonly meta: SourceMeta,
  ) {}

  has(endpoint: string): boolean {
    return endpoint in this.meta.endpoints;
  }

  async *lines(endpoint: string): AsyncIterable<RawLine> {
    const meta = this.meta.endpoints[endpoint];
    if (!meta) return;
    const file = path.join(this.directory, meta.file);
    const input = createReadStream(file, { encoding: 'utf8' });
    const reader = createInterface({ input, crlfDelay: Infinity });
    let line = 0;
    try {
      for await (const text of reader) {
        line += 1;
        if (text.trim() === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          throw new SnapshotError(`${file}:${line}: not valid JSON (${(error as Error).message})`, { cause: error });
        }
        yield { file, line, value };
      }
    } catch (error) {
      if (error instanceof SnapshotError) throw error;
      throw new SnapshotError(`${file}: cannot be read (${(error as Error).message}); the snapshot is incomplete.`, {
        cause: error,
      });
    } finally {
      reader.close();
      input.destroy();
    }
  }

  async *parsed<T>(endpoint: string, schema: z.ZodType<T>): AsyncIterable<T> {
    for await (const { file, line, value } of this.lines(endpoint)) {
      yield parseLine(file, line, value, schema);
    }
  }

  async *keyed<T>(endpoint: string, schema: z.ZodType<T>): AsyncIterable<{ key: string; status: number; body: T | undefined }> {
    for await (const { file, line, value } of this.lines(endpoint)) {
      const entry: KeyedLine = parseLine(file, line, value, keyedLineSchema);
      const ok = entry.status >= 200 && entry.status < 300;
      yield { key: entry.key, status: entry.status, body: ok ? parseLine(file, line, entry.body, schema, 'body.') : undefined };
    }
  }
}

function parseLine<T>(file: string, line: number, value: unknown, schema: z.ZodType<T>, prefix = ''): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new SnapshotError(`${file}:${line}: ${formatZodIssues(result.error, prefix)}`);
  }
  return result.data;
}

export async function readJsonFile<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SnapshotError(
      missing ? `${file} is missing: is this a snapshot directory (docs/snapshot-format.md)?` : `${file} cannot be read: ${(error as Error).message}`,
      { cause: error },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return parseLine(file, 1, value, schema);
}

export async function isDirectory(candidate: string): Promise<boolean> {
  try {
    return (await stat(candidate)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
