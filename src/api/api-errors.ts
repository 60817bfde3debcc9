/**
 * The HTTP API's error catalogue. Every error response has one shape, `{ error: { code, message, requestId } }`,
 * and `code` is one of the keys below: stable, documented in docs/api.md (a test checks each one is), so clients
 * branch on the code, never on the message. Route modules throw `ApiError`; the error handler of `build-app.ts`
 * turns anything else into one of these codes.
 */
import { z } from 'zod';

export const apiErrorCatalogue = {
  VALIDATION_FAILED: { status: 400, description: 'A path parameter, query parameter or body field fails the route schema; the message names the field.' },
  BAD_REQUEST: { status: 400, description: 'The request body cannot be parsed (malformed JSON, an empty JSON body).' },
  SOURCE_UNKNOWN: { status: 400, description: 'POST /v1/scans named a source id that is not configured under `sources`.' },
  UNAUTHENTICATED: { status: 401, description: 'No bearer token or session cookie, or the token is unknown, malformed or revoked.' },
  FORBIDDEN: { status: 403, description: 'The token is valid but lacks the scope the route needs; the message names the scope.' },
  CSRF_INVALID: { status: 403, description: 'A state-changing request of the queue dashboard carried no valid CSRF token, or came from another origin.' },
  NOT_FOUND: { status: 404, description: 'No such route, run, report, artefact, person or alert.' },
  NO_COMPLETED_RUN: { status: 404, description: 'Accounts, people and trend read the latest run that produced a report, and there is none yet.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The request body has a content type the route does not accept.' },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body is larger than the server accepts.' },
  RATE_LIMITED: { status: 429, description: "The token (or, before authentication, the client address) used up its request budget; wait for `retry-after` seconds." },
  NOT_READY: { status: 503, description: '/ready: the store or the queue (Redis) cannot be reached; the message says which.' },
  QUEUE_UNAVAILABLE: { status: 503, description: 'The scan could not be queued because the queue (Redis) cannot be reached.' },
  INTERNAL: { status: 500, description: 'An unexpected failure; the server log holds the details under the same requestId.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ApiErrorCode = keyof typeof apiErrorCatalogue;

export const apiErrorCodes = Object.keys(apiErrorCatalogue) as ApiErrorCode[];

/** A failure a route reports to the client; the status comes from the catalogue. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  constructor(code: ApiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
    this.status = apiErrorCatalogue[code].status;
  }
}

/** The one error body every route documents for its failure statuses. */
export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(apiErrorCodes as [ApiErrorCode, ...ApiErrorCode[]]).describe('Stable code from the catalogue in docs/api.md.'),
      message: z.string().describe('What went wrong, for a human; may change between versions.'),
      requestId: z.string().describe('Also in the `x-request-id` response header and in every server log line of the request.'),
    }),
  })
  .meta({ id: 'Error' });

export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export function errorBody(code: ApiErrorCode, message: string, requestId: string): ApiErrorBody {
  return { error: { code, message, requestId } };
}

/**
 * Response schemas for the failure statuses of an authenticated route, to spread into `schema.response`, so
 * the OpenAPI document lists them for every route.
 */
export const authenticatedErrorResponses = {
  400: apiErrorSchema,
  401: apiErrorSchema,
  403: apiErrorSchema,
  429: apiErrorSchema,
  500: apiErrorSchema,
} as const;
