/**
 * What every connector's request runner shares: waiting that a cancelled scan cuts short, the error a cancelled
 * scan surfaces as, and the HTTP status a typed error stands for in a keyed snapshot line.
 */
import { AuthError, PermissionError, RateLimitedError, UpstreamError } from '../errors.js';

/** Resolves after `ms`, or at once when the signal aborts (the caller then sees the abort and stops). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A cancelled scan surfaces as an `AbortError`, which the collector lets through instead of recording. */
export function cancelled(cause: unknown): Error {
  const error = new Error('The scan was cancelled.', { cause });
  error.name = 'AbortError';
  return error;
}

/** The HTTP status a typed error stands for, for keyed snapshot lines; 599 for anything else. */
export function statusOfError(error: unknown): number {
  if (error instanceof AuthError) return 401;
  if (error instanceof PermissionError) return 403;
  if (error instanceof RateLimitedError) return 429;
  if (error instanceof UpstreamError && error.status !== undefined) return error.status;
  return 599;
}
