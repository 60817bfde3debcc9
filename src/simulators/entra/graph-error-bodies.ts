/**
 * Microsoft Graph's error bodies: `{"error":{"code","message","innerError":{date,request-id,client-request-id}}}`.
 * Codes and messages are the ones Graph sends for each situation (401 `InvalidAuthenticationToken`, 403
 * `Authorization_RequestDenied` for a missing permission and `Authentication_RequestFromNonPremiumTenantOrB2CTenant`
 * for a missing licence, 400 `Request_UnsupportedQuery` for a page size out of range, 429 `TooManyRequests`).
 */
import { randomUUID } from 'node:crypto';

export interface GraphReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function graphError(status: number, code: string, message: string, headers?: Record<string, string>): GraphReply {
  const requestId = randomUUID();
  return {
    status,
    body: { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': requestId, 'client-request-id': requestId } } },
    headers: { 'request-id': requestId, 'client-request-id': requestId, ...headers },
  };
}

export function missingToken(): GraphReply {
  return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', { 'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"' });
}

export function invalidToken(): GraphReply {
  return graphError(401, 'InvalidAuthenticationToken', 'IDX14100: JWT is not well formed, there are no dots (.).', { 'WWW-Authenticate': 'Bearer realm="", error="invalid_token", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"' });
}

export function permissionDenied(): GraphReply {
  return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

/** What Graph answers for `signInActivity` and the authentication-methods reports in a tenant without Entra ID P1/P2. */
export function licenceRequired(): GraphReply {
  return graphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', "Neither tenant is B2C or tenant doesn't have premium license");
}

export function invalidPageSize(value: string, max: number): GraphReply {
  return graphError(400, 'Request_UnsupportedQuery', `Invalid page size specified: '${value}'. Must be between 1 and ${max} inclusive.`);
}

export function badRequest(message: string, code = 'BadRequest'): GraphReply {
  return graphError(400, code, message);
}

export function resourceNotFound(id: string): GraphReply {
  return graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}

export function throttled(status: number, retryAfterSeconds: number): GraphReply {
  const code = status === 429 ? 'TooManyRequests' : status === 503 ? 'ServiceUnavailable' : 'GatewayTimeout';
  const message =
    status === 429
      ? 'Too many requests. The application or user has been throttled.'
      : status === 503
        ? 'The service is temporarily unavailable. Retry after the interval in Retry-After.'
        : 'The gateway timed out. Retry after the interval in Retry-After.';
  return graphError(status, code, message, { 'Retry-After': String(retryAfterSeconds) });
}

export function notImplemented(method: string, path: string): GraphReply {
  return graphError(501, 'NotImplemented', `The mfa-coverage Graph simulator does not implement ${method} ${path}.`);
}

/** Thrown by request handlers to answer with an error reply. */
export class GraphReplyError extends Error {
  constructor(readonly reply: GraphReply) {
    super(`HTTP ${reply.status}`);
  }
}
