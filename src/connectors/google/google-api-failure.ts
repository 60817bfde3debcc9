/**
 * Reads what the googleapis clients throw (a GaxiosError carrying Google's JSON error body, or a transport error)
 * into one shape the request runner can decide on. Google names throttling in the body, not the status: a 403 whose
 * reason is `userRateLimitExceeded`, `rateLimitExceeded` or `quotaExceeded` is a rate limit, any other 403 a refusal.
 */
import { googleErrorBodySchema } from './google-payloads.js';
import { describeError } from '../../errors.js';

export interface GoogleApiFailure {
  httpStatus: number | undefined;
  /** `errors[0].reason` (Admin SDK) or an ErrorInfo reason from `details` (Cloud Identity). */
  reason: string | undefined;
  message: string;
  /** From a `Retry-After` header, when Google sent one. */
  retryAfterMs: number | undefined;
  kind: 'rate-limited' | 'server' | 'transport' | 'unauthorized' | 'forbidden' | 'not-found' | 'client' | 'aborted';
}

const rateLimitReasons = new Set(['userRateLimitExceeded', 'rateLimitExceeded', 'quotaExceeded', 'RATE_LIMIT_EXCEEDED']);

interface ErrorLike {
  status?: unknown;
  code?: unknown;
  name?: unknown;
  response?: { status?: unknown; data?: unknown; headers?: unknown };
}

export function readGoogleApiFailure(error: unknown, now: () => number = Date.now): GoogleApiFailure {
  const candidate = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const status = typeof candidate.response?.status === 'number' ? candidate.response.status : typeof candidate.status === 'number' ? candidate.status : undefined;
  const parsed = googleErrorBodySchema.safeParse(parseBody(candidate.response?.data));
  const body = parsed.success ? parsed.data.error : undefined;
  const reason = body?.errors?.find((item) => item.reason)?.reason ?? body?.details?.find((item) => item.reason)?.reason ?? undefined;
  const message = body?.message ?? describeError(error);
  const retryAfterMs = retryAfter(candidate.response?.headers, now);
  return { httpStatus: status, reason, message, retryAfterMs, kind: classify(status, reason, candidate) };
}

function classify(status: number | undefined, reason: string | undefined, error: ErrorLike): GoogleApiFailure['kind'] {
  if (error.name === 'AbortError' || error.code === 'AbortError') return 'aborted';
  if (status === undefined) return 'transport';
  if (status === 429 || (status === 403 && reason !== undefined && rateLimitReasons.has(reason))) return 'rate-limited';
  if (status >= 500) return 'server';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  return 'client';
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

function retryAfter(headers: unknown, now: () => number): number | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const bag = headers as { get?: (name: string) => string | null; [name: string]: unknown };
  const raw = typeof bag.get === 'function' ? bag.get('retry-after') : bag['retry-after'];
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}
