/**
 * Checks, before analysis, that each endpoint file of a source still holds what the scan wrote: the line count of
 * `source.json` and a last line that ends. An emptied, cut or missing file is recorded as an error of that endpoint
 * and hidden from the connector (absent = not fetched, so its verdicts are unknown), instead of being read as a
 * complete answer; a damaged account list makes the source `failed`. Counting newlines is a byte scan, no parsing.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { SourceError, SourceMeta, SourceStatus } from './snapshot-format.js';
import { isDirectory, type RawLine, type RawSource } from './snapshot-reader.js';

/** Endpoint files that do not hold the lines `source.json` says, with why. */
export async function damagedEndpoints(source: RawSource): Promise<SourceError[]> {
  const damaged: SourceError[] = [];
  // A source that is not a folder on disk (an in-memory source) has no files to check.
  if (!(await isDirectory(source.directory))) return damaged;
  for (const [endpoint, meta] of Object.entries(source.meta.endpoints)) {
    const file = path.join(source.directory, meta.file);
    const counted = await countLines(file);
    const problem =
      counted === undefined
        ? 'is missing or unreadable'
        : !counted.endsWithNewline && counted.bytes > 0
          ? `ends in the middle of a line (${counted.lines} complete of ${meta.lines} recorded)`
          : counted.lines !== meta.lines
            ? `holds ${counted.lines} of the ${meta.lines} lines the scan recorded`
            : undefined;
    if (problem) {
      damaged.push({
        endpoint,
        code: 'SNAPSHOT_INVALID',
        message: `${file} ${problem}: the file was emptied, cut or altered after the scan, so its data is treated as not collected.`,
      });
    }
  }
  return damaged;
}

/** The source with damaged endpoints hidden and recorded in its meta; `accountEndpoints` damaged make it failed. */
export function withoutDamagedEndpoints(source: RawSource, damaged: readonly SourceError[], accountEndpoints: readonly string[]): RawSource {
  if (damaged.length === 0) return source;
  const hidden = new Set(damaged.map((error) => error.endpoint));
  const status: SourceStatus = source.meta.status === 'failed' || damaged.some((error) => accountEndpoints.includes(error.endpoint)) ? 'failed' : 'partial';
  const meta: SourceMeta = { ...source.meta, status, errors: [...source.meta.errors, ...damaged] };
  return {
    meta,
    directory: source.directory,
    has: (endpoint) => !hidden.has(endpoint) && source.has(endpoint),
    lines: (endpoint): AsyncIterable<RawLine> => (hidden.has(endpoint) ? empty<RawLine>() : source.lines(endpoint)),
    parsed: <T>(endpoint: string, schema: z.ZodType<T>): AsyncIterable<T> => (hidden.has(endpoint) ? empty<T>() : source.parsed(endpoint, schema)),
    keyed: <T>(endpoint: string, schema: z.ZodType<T>) => (hidden.has(endpoint) ? empty<{ key: string; status: number; body: T | undefined }>() : source.keyed(endpoint, schema)),
  };
}

async function* empty<T>(): AsyncIterable<T> {
  // Nothing: a hidden endpoint reads as one that was never fetched.
}

async function countLines(file: string): Promise<{ lines: number; bytes: number; endsWithNewline: boolean } | undefined> {
  let lines = 0;
  let bytes = 0;
  let last = -1;
  try {
    for await (const chunk of createReadStream(file)) {
      const buffer = chunk as Buffer;
      bytes += buffer.length;
      for (let index = buffer.indexOf(10); index !== -1; index = buffer.indexOf(10, index + 1)) lines += 1;
      if (buffer.length > 0) last = buffer[buffer.length - 1] ?? -1;
    }
  } catch {
    return undefined;
  }
  return { lines, bytes, endsWithNewline: last === 10 };
}
