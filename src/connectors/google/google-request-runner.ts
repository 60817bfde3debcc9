/**
 * Every Google API call goes through here. The generated clients' own retry (gaxios) is switched off because it
 * ignores `Retry-After` and never retries Google's 403 rate-limit answers; this runner retries 403
 * `userRateLimitExceeded`/`rateLimitExceeded`/`quotaExceeded`, 429, 5xx and transport failures with truncated
 * exponential backoff and jitter, never asks again before a `Retry-After` has passed (one longer than the longest
 * backoff ends the retries rather than being cut short), and counts every HTTP attempt (through a gaxios adapter)
 * against the endpoint's label. What is left after the last attempt becomes a typed error.
 */
import type { MethodOptions } from '@googleapis/admin';
import { AuthError, PermissionError, RateLimitedError, UpstreamError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { abortableSleep, cancelled } from '../request-control.js';
import { readGoogleApiFailure, type GoogleApiFailure } from './google-api-failure.js';
import type { GoogleEndpoint } from './google-endpoints.js';

export interface GoogleRetrySettings {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export interface GoogleRequestRunnerOptions {
  countRequest(label: string): void;
  /** Counts a throttled answer (429 or the vendor's equivalent) to the request labelled `label`. */
  countThrottled?(label: string): void;
  retry: GoogleRetrySettings;
  timeoutMs: number;
  logger: Logger;
  signal?: AbortSignal | undefined;
  /** Injected for tests; resolves early when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

export class GoogleRequestRunner {
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: GoogleRequestRunnerOptions) {
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
  }

  /** Runs one logical request (one page, one object) with retries; `label` overrides the endpoint's label. */
  async run<T>(endpoint: GoogleEndpoint, call: (options: MethodOptions) => Promise<{ data: T }>, label = endpoint.label): Promise<T> {
    const { retry, logger, signal } = this.options;
    const adapter: MethodOptions['adapter'] = (prepared, defaultAdapter) => {
      this.options.countRequest(label);
      return defaultAdapter(prepared);
    };
    const methodOptions: MethodOptions = { retry: false, adapter, timeout: this.options.timeoutMs, ...(signal ? { signal } : {}) };
    for (let attempt = 1; ; attempt += 1) {
      let data: T;
      try {
        data = (await call(methodOptions)).data;
      } catch (error) {
        if (signal?.aborted) throw cancelled(error);
        const read = readGoogleApiFailure(error);
        // Without the scan's signal aborted, an abort is gaxios giving up on the per-request timeout.
        const failure: GoogleApiFailure = read.kind === 'aborted' ? { ...read, kind: 'transport', message: `no answer within requestTimeoutMs (${this.options.timeoutMs} ms)` } : read;
        if (failure.kind === 'rate-limited') this.options.countThrottled?.(label);
        const retryable = failure.kind === 'rate-limited' || failure.kind === 'server' || failure.kind === 'transport';
        // Retrying before the server's Retry-After would spend quota on an answer known in advance.
        const waitsTooLong = failure.retryAfterMs !== undefined && failure.retryAfterMs > retry.maxBackoffMs;
        if (!retryable || waitsTooLong || attempt >= retry.maxAttempts) throw typedError(endpoint, label, failure, attempt, error, retry.maxBackoffMs);
        const waitMs = this.backoffMs(attempt, failure);
        logger.debug({ endpoint: endpoint.name, status: failure.httpStatus, reason: failure.reason, attempt, waitMs }, 'Google request retried');
        await this.sleep(waitMs, signal);
        continue;
      }
      // gaxios hands a 200 body it cannot parse over as text: a login page or a cut body is an error, not data.
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        throw new UpstreamError(`${label} answered with a body that is not Google's JSON (${describeBody(data)}); it was not stored as data.`, 200);
      }
      return data;
    }
  }

  private backoffMs(attempt: number, failure: GoogleApiFailure): number {
    const { initialBackoffMs, maxBackoffMs } = this.options.retry;
    if (failure.retryAfterMs !== undefined) return failure.retryAfterMs;
    const exponential = initialBackoffMs * 2 ** (attempt - 1);
    return Math.min(maxBackoffMs, exponential + Math.floor(this.random() * initialBackoffMs));
  }
}

function typedError(endpoint: GoogleEndpoint, label: string, failure: GoogleApiFailure, attempts: number, cause: unknown, maxBackoffMs: number): Error {
  const what = `${label}: ${failure.message}${failure.reason ? ` (${failure.reason})` : ''}`;
  switch (failure.kind) {
    case 'unauthorized':
      return new AuthError(`Google rejected the credentials on ${what}; check the token or the service account key and its domain-wide delegation.`, { cause });
    case 'forbidden':
      return new PermissionError(`Google refused ${what}; authorise ${endpoint.scope} for the scanner (domain-wide delegation) and impersonate a super administrator.`, endpoint.scope, { cause });
    case 'rate-limited': {
      const throttled = `${label} (${failure.reason ?? `HTTP ${failure.httpStatus}`})`;
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > maxBackoffMs) {
        return new RateLimitedError(
          `Google throttled ${throttled} and asked to wait ${Math.ceil(failure.retryAfterMs / 1000)} s (Retry-After), longer than retry.maxBackoffMs (${maxBackoffMs} ms); the scan did not ask again early.`,
          failure.retryAfterMs,
          { cause },
        );
      }
      return new RateLimitedError(`Google kept throttling ${throttled} after ${attempts} attempt(s).`, failure.retryAfterMs, { cause });
    }
    default:
      return new UpstreamError(`${what}${attempts > 1 ? ` after ${attempts} attempt(s)` : ''}`, failure.httpStatus, { cause });
  }
}

function describeBody(body: unknown): string {
  if (typeof body === 'string') return body.trim() === '' ? 'an empty body' : `text starting ${JSON.stringify(body.slice(0, 40))}`;
  if (body === undefined || body === null) return 'an empty body';
  return Array.isArray(body) ? 'a JSON array' : `a ${typeof body}`;
}
