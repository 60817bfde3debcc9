/**
 * Every Graph call goes through here, one HTTP request per attempt, each counted against its label. The SDK's own
 * RetryHandler is left out of the middleware chain: it sleeps on a real timer, caps waits at 180 s whatever the
 * config says and hides retries from the request counts. This runner gives every attempt `requestTimeoutMs` (headers
 * and body), retries 429/503/504, other 5xx, timeouts, dropped connections and bodies cut short up to `maxRetries`,
 * waiting Graph's `Retry-After` (or an exponential backoff from `initialBackoffMs` when absent), gives up on a
 * `Retry-After` longer than `maxRetryAfterMs`, and turns what is left into a typed error.
 */
import { AuthError, PermissionError, RateLimitedError, UpstreamError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { abortableSleep, cancelled } from '../request-control.js';
import type { EntraEndpoint } from './endpoints.js';
import { premiumLicenceErrorCode, readGraphFailure, type GraphApiFailure } from './graph-api-failure.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface GraphRequestRunnerOptions {
  countRequest(label: string): void;
  /** Counts a throttled answer (429 or the vendor's equivalent) to the request labelled `label`. */
  countThrottled?(label: string): void;
  maxRetries: number;
  maxRetryAfterMs: number;
  /** First backoff without a Retry-After; doubles on each retry. Default 1000. */
  initialBackoffMs?: number;
  /** Per-attempt timeout. Default 60000. */
  requestTimeoutMs?: number;
  logger: Logger;
  /** What to check when Graph answers 401, for the AuthError's message. */
  authHint: string;
  signal?: AbortSignal | undefined;
  sleep?: Sleep;
  /**
   * Runs before every attempt: the token refresh. The SDK wraps anything a middleware throws into a status -1
   * GraphError, so a refused token request is surfaced here, as the AuthError it is, instead of inside the call.
   */
  beforeAttempt?: () => Promise<unknown>;
}

const defaultBackoffMs = 1000;
const defaultRequestTimeoutMs = 60_000;

export class GraphRequestRunner {
  readonly sleep: Sleep;

  constructor(private readonly options: GraphRequestRunnerOptions) {
    this.sleep = options.sleep ?? abortableSleep;
  }

  get signal(): AbortSignal | undefined {
    return this.options.signal;
  }

  get maxRetries(): number {
    return this.options.maxRetries;
  }

  countRequest(label: string): void {
    this.options.countRequest(label);
  }

  /**
   * Runs one logical request (one page, one object, one batch) with retries; `label` overrides the endpoint's. `call`
   * gets the attempt's signal: the scan's cancellation and the per-request timeout together.
   */
  async run<T>(endpoint: EntraEndpoint, call: (signal: AbortSignal) => Promise<T>, label = endpoint.label): Promise<T> {
    const timeoutMs = this.options.requestTimeoutMs ?? defaultRequestTimeoutMs;
    for (let attempt = 1; ; attempt += 1) {
      await this.options.beforeAttempt?.();
      this.options.countRequest(label);
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
      try {
        return await call(signal);
      } catch (error) {
        if (this.options.signal?.aborted) throw cancelled(error);
        const timedOut = timeout.aborted;
        const read = readGraphFailure(error);
        if (read.kind === 'aborted' && !timedOut) throw cancelled(error);
        const failure: GraphApiFailure = timedOut
          ? { ...read, kind: 'transport', httpStatus: undefined, message: `no complete answer within requestTimeoutMs (${timeoutMs} ms)` }
          : read;
        if (failure.kind === 'throttled') this.options.countThrottled?.(label);
        const retryable = failure.kind === 'throttled' || failure.kind === 'transport' || failure.kind === 'server';
        const waitMs = retryable ? this.retryDelayMs(attempt, failure.retryAfterMs) : undefined;
        if (waitMs === undefined || attempt > this.options.maxRetries) throw this.typedError(endpoint, label, failure, attempt, error);
        this.options.logger.debug({ endpoint: endpoint.name, status: failure.httpStatus, attempt, waitMs }, 'Graph request retried');
        await this.sleep(waitMs, this.options.signal);
      }
    }
  }

  /** How long to wait before retry number `attempt`; undefined when Graph asks for longer than the config allows. */
  retryDelayMs(attempt: number, retryAfterMs: number | undefined): number | undefined {
    const wait = retryAfterMs ?? Math.min((this.options.initialBackoffMs ?? defaultBackoffMs) * 2 ** (attempt - 1), this.options.maxRetryAfterMs);
    return wait > this.options.maxRetryAfterMs ? undefined : wait;
  }

  typedError(endpoint: EntraEndpoint, label: string, failure: GraphApiFailure, attempts: number, cause?: unknown): Error {
    const what = `${label}: ${failure.httpStatus ?? 'no response'}${failure.code ? ` ${failure.code}` : ''}: ${failure.message}`;
    switch (failure.kind) {
      case 'unauthorized':
        return new AuthError(`Microsoft Graph rejected the credentials on ${what}. Check ${this.options.authHint}.`, { cause });
      case 'forbidden':
        return new PermissionError(
          failure.code === premiumLicenceErrorCode
            ? `Microsoft Graph refused ${what}. The tenant has no Microsoft Entra ID P1/P2 licence for this data (needs ${endpoint.permission}).`
            : `Microsoft Graph refused ${what}. Grant the application permission ${endpoint.permission} (admin consent) to the scanner's app registration.`,
          endpoint.permission,
          { cause },
        );
      case 'throttled': {
        const longWait = failure.retryAfterMs !== undefined && failure.retryAfterMs > this.options.maxRetryAfterMs;
        return new RateLimitedError(
          longWait
            ? `Microsoft Graph throttled ${label} and asked to wait ${Math.ceil(failure.retryAfterMs! / 1000)} s, longer than maxRetryAfterMs (${this.options.maxRetryAfterMs} ms); scan later or raise maxRetryAfterMs.`
            : `Microsoft Graph kept throttling ${label} (HTTP ${failure.httpStatus}) after ${attempts} attempt(s); scan later or raise maxRetries.`,
          failure.retryAfterMs,
          { cause },
        );
      }
      default:
        return new UpstreamError(`${what}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`, failure.httpStatus, { cause });
    }
  }
}
