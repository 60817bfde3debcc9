/**
 * Google's error bodies, as the two API families send them. The Admin SDK (Directory, Reports) still carries the
 * legacy `errors[]` with a `reason` (`userRateLimitExceeded`, `insufficientPermissions`, `notFound`, …) next to the
 * canonical `status`; Cloud Identity sends the AIP-193 shape (`status`, `details[]` with an ErrorInfo `reason`).
 */
export type GoogleApiFamily = 'admin' | 'cloudidentity';

const canonicalStatus: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
};

export interface GoogleErrorReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function googleError(
  family: GoogleApiFamily,
  status: number,
  message: string,
  reason: string,
  options: { domain?: string; errorInfoReason?: string; service?: string; headers?: Record<string, string> } = {},
): GoogleErrorReply {
  const statusName = canonicalStatus[status] ?? 'UNKNOWN';
  const errorInfo = options.errorInfoReason
    ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: options.errorInfoReason, domain: 'googleapis.com', metadata: { service: options.service ?? `${family}.googleapis.com` } }]
    : undefined;
  const body =
    family === 'admin'
      ? { error: { code: status, message, errors: [{ message, domain: options.domain ?? 'global', reason }], status: statusName, ...(errorInfo ? { details: errorInfo } : {}) } }
      : { error: { code: status, message, status: statusName, details: errorInfo ?? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' }] } };
  return { status, body, ...(options.headers ? { headers: options.headers } : {}) };
}

export function missingCredentials(family: GoogleApiFamily): GoogleErrorReply {
  return googleError(
    family,
    401,
    'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    'required',
    { errorInfoReason: 'CREDENTIALS_MISSING', headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' } },
  );
}

export function invalidCredentials(family: GoogleApiFamily): GoogleErrorReply {
  return googleError(
    family,
    401,
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    'authError',
    { errorInfoReason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED', headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } },
  );
}

export function insufficientScope(family: GoogleApiFamily, scope: string): GoogleErrorReply {
  return googleError(family, 403, 'Request had insufficient authentication scopes.', 'insufficientPermissions', {
    errorInfoReason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
    headers: { 'www-authenticate': `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${scope}"` },
  });
}

export function userRateLimitExceeded(): GoogleErrorReply {
  return googleError('admin', 403, 'Quota exceeded for quota metric \'Queries\' and limit \'Queries per minute per user\' of service \'admin.googleapis.com\'.', 'userRateLimitExceeded', {
    domain: 'usageLimits',
    errorInfoReason: 'RATE_LIMIT_EXCEEDED',
  });
}

export function notImplemented(family: GoogleApiFamily, what: string): GoogleErrorReply {
  return googleError(family, 501, `The mfa-coverage Google simulator does not implement ${what}.`, 'notImplemented');
}
