/**
 * Reads what a Graph call failed with into one shape the collector decides on: a `GraphError` from the SDK (its
 * status, Graph's error code and message, the response headers for `Retry-After`), an inner `$batch` response
 * (status, headers and body as Graph put them in the batch body), or a transport failure (status -1 in the SDK).
 */
import { describeError } from '../../errors.js';

export interface GraphApiFailure {
  /** HTTP status; undefined for a transport failure. */
  httpStatus: number | undefined;
  /** Graph's `error.code`, e.g. `Authorization_RequestDenied`. */
  code: string | undefined;
  message: string;
  /** From `Retry-After` (seconds or an HTTP date), when Graph sent one. */
  retryAfterMs: number | undefined;
  /** Graph's error body as returned (`{"error":{…}}`), when there was one. */
  body: unknown;
  kind: 'throttled' | 'unauthorized' | 'forbidden' | 'not-found' | 'client' | 'server' | 'transport' | 'aborted';
}

/** Name of the error the client's middleware throws for a request to another origin (the SDK keeps only the name). */
export const graphOriginRefused = 'GraphOriginRefused';

/** Statuses Graph asks clients to retry after `Retry-After`. */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 503, 504]);

/** Graph's licence refusal for P1/P2 features (signInActivity, the authentication-methods reports). */
export const premiumLicenceErrorCode = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';

interface GraphErrorLike {
  statusCode?: unknown;
  code?: unknown;
  name?: unknown;
  message?: unknown;
  body?: unknown;
  headers?: unknown;
}

export function readGraphFailure(error: unknown, now: () => number = Date.now): GraphApiFailure {
  const candidate = (typeof error === 'object' && error !== null ? error : {}) as GraphErrorLike;
  const status = typeof candidate.statusCode === 'number' && candidate.statusCode > 0 ? candidate.statusCode : undefined;
  const inner = parseJson(candidate.body);
  const errorObject = isRecord(inner) ? inner : undefined;
  const code = typeof errorObject?.code === 'string' ? errorObject.code : typeof candidate.code === 'string' ? candidate.code : undefined;
  const message = typeof errorObject?.message === 'string' ? errorObject.message : describeError(error);
  const aborted = candidate.name === 'AbortError' || code === 'AbortError';
  return {
    httpStatus: status,
    code,
    message,
    retryAfterMs: retryAfterMs(headerOf(candidate.headers, 'retry-after'), now),
    body: errorObject ? { error: errorObject } : undefined,
    kind: aborted ? 'aborted' : code === graphOriginRefused ? 'client' : classify(status),
  };
}

/** An inner `$batch` response that is not a success. */
export function readInnerFailure(status: number, headers: Record<string, string> | undefined, body: unknown, now: () => number = Date.now): GraphApiFailure {
  const errorObject = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  return {
    httpStatus: status,
    code: typeof errorObject?.code === 'string' ? errorObject.code : undefined,
    message: typeof errorObject?.message === 'string' ? errorObject.message : `HTTP ${status}`,
    retryAfterMs: retryAfterMs(headerOf(headers, 'retry-after'), now),
    body,
    kind: classify(status),
  };
}

function classify(status: number | undefined): GraphApiFailure['kind'] {
  // A 2xx that fails is a body the SDK could not read (cut short, not JSON): a transport fault, worth one more try.
  if (status === undefined || (status >= 200 && status < 300)) return 'transport';
  if (retryableStatuses.has(status)) return 'throttled';
  if (status >= 500) return 'server';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  return 'client';
}

/** Seconds (fractions allowed) or an HTTP date, as milliseconds from now. */
export function retryAfterMs(raw: string | undefined, now: () => number = Date.now): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const bag = headers as { get?: (key: string) => string | null } & Record<string, unknown>;
  if (typeof bag.get === 'function') return bag.get(name) ?? undefined;
  const key = Object.keys(bag).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : bag[key];
  return typeof value === 'string' ? value : undefined;
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
