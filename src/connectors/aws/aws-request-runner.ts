/**
 * Runs one AWS request with the connector's own retries: the SDK clients are built with `maxAttempts: 1`, so every
 * HTTP request is counted here (retries included) and every backoff goes through an injectable sleep. Throttling,
 * 5xx and transport errors are retried with exponential backoff and jitter; the rest become typed errors.
 */
import { AuthError, PermissionError, RateLimitedError, UpstreamError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { abortableSleep, cancelled } from '../request-control.js';
import { readAwsApiFailure, type AwsApiFailure } from './aws-api-failure.js';

export interface AwsRetrySettings {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface AwsRequestRunnerOptions {
  countRequest(label: string): void;
  /** Counts a throttled answer (429 or the vendor's equivalent) to the request labelled `label`. */
  countThrottled?(label: string): void;
  retry: AwsRetrySettings;
  logger: Logger;
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout (headers and body); a request not answered in time is retried like a dropped connection. */
  requestTimeoutMs?: number;
  sleep?: Sleep;
  random?: () => number;
}

export class AwsRequestRunner {
  readonly sleep: Sleep;
  private readonly random: () => number;

  constructor(private readonly options: AwsRequestRunnerOptions) {
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
  }

  get signal(): AbortSignal | undefined {
    return this.options.signal;
  }

  /** `label` is the IAM action (`iam:ListUsers`): it counts the request and names the permission a refusal lacks. */
  async run<T>(label: string, call: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const { retry, logger, signal } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      this.options.countRequest(label);
      const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 60_000);
      try {
        return await call(signal ? AbortSignal.any([signal, timeout]) : timeout);
      } catch (error) {
        if (signal?.aborted) throw cancelled(error);
        const read = readAwsApiFailure(error);
        const failure: AwsApiFailure = timeout.aborted ? { ...read, kind: 'transport', message: `no answer within requestTimeoutMs (${this.options.requestTimeoutMs ?? 60_000} ms)` } : read;
        if (failure.kind === 'aborted') throw cancelled(error);
        if (failure.kind === 'rate-limited') this.options.countThrottled?.(label);
        const retryable = failure.kind === 'rate-limited' || failure.kind === 'server' || failure.kind === 'transport';
        if (!retryable || attempt >= retry.maxAttempts) throw awsTypedError(label, failure, attempt, error);
        const waitMs = Math.min(retry.maxBackoffMs, retry.initialBackoffMs * 2 ** (attempt - 1) + Math.floor(this.random() * retry.initialBackoffMs));
        logger.debug({ label, code: failure.code, status: failure.httpStatus, attempt, waitMs }, 'AWS request retried');
        await this.sleep(waitMs, signal);
      }
    }
  }
}

/** The typed error for a failed AWS call; a refusal names the IAM action to grant. */
export function awsTypedError(label: string, failure: AwsApiFailure, attempts: number, cause: unknown): Error {
  const what = `${label}: ${failure.code ?? 'error'}: ${failure.message}`;
  switch (failure.kind) {
    case 'unauthorized':
      return new AuthError(`AWS rejected the credentials on ${what}; check the configured credentials (or the assumed role's session).`, { cause });
    case 'forbidden':
      return new PermissionError(`AWS refused ${what}; allow ${label} to the scanner's principal (docs/connectors/aws.md).`, label, { cause });
    case 'rate-limited':
      return new RateLimitedError(`AWS kept throttling ${label} (${failure.code ?? `HTTP ${failure.httpStatus}`}) after ${attempts} attempt(s).`, undefined, { cause });
    default:
      return new UpstreamError(`${what}${attempts > 1 ? ` after ${attempts} attempt(s)` : ''}`, failure.httpStatus, { cause });
  }
}
