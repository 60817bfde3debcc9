/**
 * JSON batching (`POST /v1.0/$batch`) as Graph does it: at most 20 requests, each with a unique `id`, a method and
 * a URL relative to the version root; the outer answer is 200 and every inner request carries its own status,
 * headers and body, so an inner 429 (with its own `Retry-After`) comes back in the body, not as the batch's status.
 */
import { z } from 'zod';
import { GraphReplyError, badRequest, graphError, type GraphReply } from './graph-error-bodies.js';

export const maxBatchRequests = 20;

const batchBodySchema = z.object({
  requests: z.array(
    z.looseObject({
      id: z.string().min(1),
      method: z.string().min(1),
      url: z.string().min(1),
      dependsOn: z.array(z.string()).optional(),
    }),
  ),
});

export interface InnerRequest {
  id: string;
  method: string;
  /** Path and query under `/v1.0`, with a leading slash. */
  url: string;
}

/** Validates a batch payload; anything Graph would refuse as a whole is a 400 for the batch. */
export function parseBatch(text: string): InnerRequest[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GraphReplyError(badRequest('Invalid batch payload format.'));
  }
  const parsed = batchBodySchema.safeParse(value);
  if (!parsed.success) throw new GraphReplyError(badRequest('Invalid batch payload format.'));
  const { requests } = parsed.data;
  if (requests.length === 0) throw new GraphReplyError(badRequest('Invalid batch payload format.'));
  if (requests.length > maxBatchRequests) {
    throw new GraphReplyError(badRequest(`The batch contains ${requests.length} requests; at most ${maxBatchRequests} are allowed in one batch.`));
  }
  const ids = new Set<string>();
  for (const request of requests) {
    if (ids.has(request.id)) throw new GraphReplyError(badRequest(`Batch request ids must be unique; '${request.id}' is repeated.`));
    ids.add(request.id);
  }
  return requests.map((request) => ({ id: request.id, method: request.method.toUpperCase(), url: request.url.startsWith('/') ? request.url : `/${request.url}` }));
}

/** Runs each inner request through `dispatch` (in order) and assembles Graph's batch answer. */
export async function runBatch(requests: readonly InnerRequest[], dispatch: (request: InnerRequest) => Promise<GraphReply>): Promise<GraphReply> {
  const responses: unknown[] = [];
  for (const request of requests) {
    const reply = /^\/?https?:/i.test(request.url)
      ? graphError(400, 'BadRequest', 'Batch request URLs must be relative to the version root (e.g. /users/{id}).')
      : await dispatch(request);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const retryAfter = reply.headers?.['Retry-After'];
    if (retryAfter !== undefined) headers['Retry-After'] = retryAfter;
    responses.push({ id: request.id, status: reply.status, headers, body: reply.body });
  }
  return { status: 200, body: { responses } };
}
