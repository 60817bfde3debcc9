/**
 * Reads what the AWS SDK throws (a service exception named by its error code, with `$metadata.httpStatusCode`, or a
 * transport error) into one shape the request runner decides on. IAM and STS report throttling as HTTP 400
 * `Throttling`; Organizations as `TooManyRequestsException`.
 */
import { describeError } from '../../errors.js';

export interface AwsApiFailure {
  /** The error code (`Throttling`, `AccessDenied`, `NoSuchEntity`, …) or the SDK's exception name for it. */
  code: string | undefined;
  httpStatus: number | undefined;
  message: string;
  kind: 'rate-limited' | 'server' | 'transport' | 'unauthorized' | 'forbidden' | 'client' | 'aborted';
}

const throttlingCodes = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
]);

const credentialCodes = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'AuthFailure',
  'IncompleteSignature',
  'CredentialsProviderError',
]);

const refusalCodes = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $response?: { statusCode?: unknown };
}

export function readAwsApiFailure(error: unknown): AwsApiFailure {
  const candidate = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const status =
    typeof candidate.$metadata?.httpStatusCode === 'number'
      ? candidate.$metadata.httpStatusCode
      : typeof candidate.$response?.statusCode === 'number'
        ? candidate.$response.statusCode
        : undefined;
  const code = typeof candidate.Code === 'string' ? candidate.Code : typeof candidate.name === 'string' ? candidate.name : undefined;
  return { code, httpStatus: status, message: describeError(error), kind: classify(code, status, candidate) };
}

function classify(code: string | undefined, status: number | undefined, error: ErrorLike): AwsApiFailure['kind'] {
  if (code === 'AbortError' || error.code === 'AbortError') return 'aborted';
  if (code !== undefined && throttlingCodes.has(code)) return 'rate-limited';
  if (status === 429) return 'rate-limited';
  if (code !== undefined && credentialCodes.has(code)) return 'unauthorized';
  if (status === undefined) return 'transport';
  if (status >= 500) return 'server';
  if (status === 401) return 'unauthorized';
  if (status === 403 || (code !== undefined && refusalCodes.has(code))) return 'forbidden';
  return 'client';
}
