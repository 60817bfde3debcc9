/**
 * Reads what the SDK throws (`OktaApiError` for Okta's JSON error bodies, `HttpError` otherwise, or our own typed
 * errors from the executor) into one shape the collector can record. Okta names the missing scope in the
 * `WWW-Authenticate` header of a 403 (`error="insufficient_scope", scope="okta.users.read"`).
 */
import { MfaCoverageError, describeError } from '../../errors.js';

export interface OktaApiFailure {
  httpStatus: number | undefined;
  /** Okta's error code (E0000006, …) or our error catalogue code. */
  code: string;
  message: string;
  /** The scope Okta said was missing, when it said. */
  scope: string | undefined;
  body: unknown;
}

interface HeaderBag {
  get?(name: string): string | null;
  [name: string]: unknown;
}

export function readOktaApiFailure(error: unknown): OktaApiFailure {
  if (error instanceof MfaCoverageError) {
    return { httpStatus: undefined, code: error.code, message: error.message, scope: undefined, body: { errorCode: error.code, errorSummary: error.message } };
  }
  const candidate = (error ?? {}) as { status?: unknown; errorCode?: unknown; errorSummary?: unknown; headers?: unknown; message?: unknown };
  const httpStatus = typeof candidate.status === 'number' ? candidate.status : undefined;
  const code = typeof candidate.errorCode === 'string' ? candidate.errorCode : httpStatus !== undefined ? `HTTP_${httpStatus}` : 'UPSTREAM_FAILED';
  const summary = typeof candidate.errorSummary === 'string' && candidate.errorSummary !== '' ? candidate.errorSummary : describeError(error);
  const scope = scopeFromHeaders(candidate.headers as HeaderBag | undefined);
  return {
    httpStatus,
    code,
    message: summary,
    scope,
    body: { errorCode: code, errorSummary: summary },
  };
}

function scopeFromHeaders(headers: HeaderBag | undefined): string | undefined {
  if (!headers) return undefined;
  const value = typeof headers.get === 'function' ? headers.get('www-authenticate') : headers['www-authenticate'];
  if (typeof value !== 'string') return undefined;
  return /scope="([^"]+)"/.exec(value)?.[1];
}
