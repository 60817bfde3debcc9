/**
 * Reads the objects of a paged endpoint one by one, so one object the analysis cannot understand costs that object,
 * not the whole source. Only a line that is not JSON stops the analysis (the reader throws `SnapshotError`); a line
 * that is JSON but not a page, or an item its schema refuses, is handed back as refused, with the file, line and field.
 *
 * Besides the collector's pages (`{"value": [...]}` and the like) a hand-assembled file may hold one object per line
 * or one JSON array per line: each array element, or the object itself, is then an item.
 */
import type { z } from 'zod';
import { formatZodIssues } from '../config/format-zod-issues.js';
import type { RawSource } from './snapshot-reader.js';

export type ItemOutcome<T> =
  | { ok: true; item: T }
  | {
      ok: false;
      /** The object as stored, for naming it (its id or display name where it has one). */
      raw: unknown;
      /** `file:line: field …: message`. */
      problem: string;
    };

export interface ItemReadOptions {
  /** The page property that holds the items (`value` for Graph, `Users` for IAM); a bare array is read as-is. */
  itemsKey?: string;
  /** Applied to each raw item before validation (e.g. PowerShell-SDK exports to Graph's own casing). */
  normalise?: (raw: unknown) => unknown;
}

export async function* tolerantItems<T>(source: RawSource, endpoint: string, schema: z.ZodType<T>, options: ItemReadOptions = {}): AsyncIterable<ItemOutcome<T>> {
  const key = options.itemsKey ?? 'value';
  for await (const { file, line, value } of source.lines(endpoint)) {
    for (const raw of itemsOfLine(value, key)) {
      const candidate = options.normalise ? options.normalise(raw) : raw;
      const result = schema.safeParse(candidate);
      if (result.success) yield { ok: true, item: result.data };
      else yield { ok: false, raw: candidate, problem: `${file}:${line}: ${formatZodIssues(result.error)}` };
    }
  }
}

function itemsOfLine(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null && key in value) {
    const items = (value as Record<string, unknown>)[key];
    return Array.isArray(items) ? items : [value];
  }
  return [value];
}

/** A short name for a refused object in reasons: its display name and id where it has them. */
export function describeRawObject(raw: unknown, nameKeys: readonly string[] = ['displayName', 'name', 'UserName', 'userPrincipalName', 'primaryEmail', 'login']): string {
  if (typeof raw !== 'object' || raw === null) return 'an object that is not a JSON object';
  const record = raw as Record<string, unknown>;
  const id = ['id', 'Id', 'UserId', 'UserName'].map((candidate) => record[candidate]).find((value) => typeof value === 'string');
  const name = nameKeys.map((candidate) => record[candidate]).find((value) => typeof value === 'string');
  if (name && id && name !== id) return `'${String(name)}' (${String(id)})`;
  if (name ?? id) return `'${String(name ?? id)}'`;
  return 'an object without an id';
}

export type KeyedOutcome<T> =
  | { ok: true; key: string; status: number; body: T | undefined }
  | { ok: false; key: string | undefined; problem: string };

/**
 * Keyed lines (`{key, status, body}`) with a 2xx body validated one line at a time: a line whose body its schema
 * refuses comes back refused, with its key where it has one, instead of stopping the analysis.
 */
export async function* tolerantKeyed<T>(source: RawSource, endpoint: string, schema: z.ZodType<T>, normalise?: (raw: unknown) => unknown): AsyncIterable<KeyedOutcome<T>> {
  for await (const { file, line, value } of source.lines(endpoint)) {
    const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    const key = typeof record.key === 'string' ? record.key : undefined;
    const status = record.status === undefined ? 200 : record.status;
    if (key === undefined || typeof status !== 'number') {
      yield { ok: false, key, problem: `${file}:${line}: not a keyed line ({"key": ..., "status": ..., "body": ...})` };
      continue;
    }
    if (status < 200 || status >= 300) {
      yield { ok: true, key, status, body: undefined };
      continue;
    }
    const result = schema.safeParse(normalise ? normalise(record.body) : record.body);
    if (result.success) yield { ok: true, key, status, body: result.data };
    else yield { ok: false, key, problem: `${file}:${line}: ${formatZodIssues(result.error, 'body.')}` };
  }
}

export type PagesOutcome<T> = { ok: true; pages: T[] } | { ok: false; problem: string };

/**
 * Every line of an endpoint validated as a whole (a page, or a single object): all of them, or the first refusal
 * with its file, line and field, for endpoints where one object left out could hide something, so the caller makes
 * what depends on the endpoint unknown instead.
 */
export async function readPages<T>(source: RawSource, endpoint: string, schema: z.ZodType<T>): Promise<PagesOutcome<T>> {
  const pages: T[] = [];
  for await (const { file, line, value } of source.lines(endpoint)) {
    const result = schema.safeParse(value);
    if (!result.success) return { ok: false, problem: `${file}:${line}: ${formatZodIssues(result.error)}` };
    pages.push(result.data);
  }
  return { ok: true, pages };
}
