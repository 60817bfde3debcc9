/** Replies with the catalogue's error shape; for hooks, which must not depend on a context's error handler. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiErrorCatalogue, errorBody, type ApiErrorCode } from './api-errors.js';

export function sendApiError(request: FastifyRequest, reply: FastifyReply, code: ApiErrorCode, message: string): FastifyReply {
  return reply.code(apiErrorCatalogue[code].status).type('application/json; charset=utf-8').send(errorBody(code, message, request.id));
}
