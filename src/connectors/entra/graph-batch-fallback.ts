/**
 * The per-user fallback for tenants whose registration report is refused (no Entra ID P1/P2): each user's
 * `GET /users/{id}/authentication/methods`, 20 to a `POST /$batch`, `batchConcurrency` batches in flight. Graph
 * answers a batch with 200 and puts each inner request's status in the body, inner 429s included, and the SDK does
 * not retry those: inner requests answered 429/503/504 are sent again in a smaller batch after the longest inner
 * `Retry-After`. Every user ends as one keyed line `{key: userId, status, body}`, a failure with its status.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { AuthError, MfaCoverageError, PermissionError, describeError } from '../../errors.js';
import type { EndpointWriter } from '../../snapshot/snapshot-writer.js';
import { mapWithConcurrency } from '../../scan/map-with-concurrency.js';
import { entraEndpoints, type EntraEndpoint } from './endpoints.js';
import { readInnerFailure, retryableStatuses, type GraphApiFailure } from './graph-api-failure.js';
import { graphPages, graphPathOf } from './graph-paginator.js';
import { statusOfError } from '../request-control.js';
import type { GraphRequestRunner } from './graph-request-runner.js';

/** Graph's limit on requests in one batch. */
export const batchSize = 20;
export const batchLabel = 'POST /$batch';

/** The `$batch` request, counted under its own label; its permission is that of the requests inside. */
const batchEndpoint: EntraEndpoint = { ...entraEndpoints.authenticationMethods, label: batchLabel };

const batchResponseSchema = z.looseObject({
  responses: z.array(
    z.looseObject({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

export interface BatchFallbackOptions {
  client: Client;
  runner: GraphRequestRunner;
  graphBaseUrl: string;
  writer: EndpointWriter;
  userIds: readonly string[];
  concurrency: number;
  /** Called with each user's method count, for progress. */
  onUser(methods: number): void;
}

export interface BatchFallbackOutcome {
  users: number;
  /** Users whose methods were stored. */
  stored: number;
  /** The refusal, when Graph refused the per-user requests (a permission is missing). */
  refused: PermissionError | undefined;
  /** Users whose request failed otherwise (not 404), with the first failure. */
  failed: number;
  firstFailure: { userId: string; message: string; code: string; status: number } | undefined;
}

export async function collectMethodsThroughBatch(options: BatchFallbackOptions): Promise<BatchFallbackOutcome> {
  const outcome: BatchFallbackOutcome = { users: options.userIds.length, stored: 0, refused: undefined, failed: 0, firstFailure: undefined };
  const chunks: string[][] = [];
  for (let index = 0; index < options.userIds.length; index += batchSize) chunks.push(options.userIds.slice(index, index + batchSize));
  // A fatal error stops the other workers from starting batches and is rethrown once all have settled, so no
  // worker is left writing to a closed file.
  let fatal: unknown;
  await mapWithConcurrency(chunks, options.concurrency, async (chunk) => {
    if (fatal !== undefined || outcome.refused || options.runner.signal?.aborted) return;
    try {
      await new BatchChunk(options, outcome, chunk).run();
    } catch (error) {
      fatal ??= error;
    }
  });
  if (fatal !== undefined) throw fatal;
  return outcome;
}

class BatchChunk {
  constructor(
    private readonly options: BatchFallbackOptions,
    private readonly outcome: BatchFallbackOutcome,
    private readonly userIds: readonly string[],
  ) {}

  async run(): Promise<void> {
    const { runner } = this.options;
    let pending = [...this.userIds];
    for (let round = 1; pending.length > 0; round += 1) {
      const responses = await this.send(pending);
      if (!responses) return;
      const retry: Array<{ userId: string; failure: GraphApiFailure }> = [];
      for (const [index, userId] of pending.entries()) {
        const response = responses.get(String(index + 1));
        if (!response) {
          await this.fail(userId, { httpStatus: 502, code: 'MissingBatchResponse', message: 'The $batch answer had no response for this request.', retryAfterMs: undefined, body: undefined, kind: 'server' });
          continue;
        }
        if (response.status >= 200 && response.status < 300) {
          await this.store(userId, response.status, response.body);
          continue;
        }
        const failure = readInnerFailure(response.status, response.headers, response.body);
        if (retryableStatuses.has(response.status) && round <= runner.maxRetries) retry.push({ userId, failure });
        else await this.fail(userId, failure);
      }
      if (retry.length === 0) return;
      const waits = retry.map(({ failure }) => runner.retryDelayMs(round, failure.retryAfterMs));
      if (waits.some((wait) => wait === undefined)) {
        for (const { userId, failure } of retry) await this.fail(userId, failure);
        return;
      }
      await runner.sleep(Math.max(...(waits as number[])), runner.signal);
      pending = retry.map(({ userId }) => userId);
    }
  }

  /** One `$batch` request (retried as a whole on 429/503/504); a failure of the whole batch fails each user in it. */
  private async send(userIds: readonly string[]): Promise<Map<string, z.infer<typeof batchResponseSchema>['responses'][number]> | undefined> {
    const { client, runner } = this.options;
    const requests = userIds.map((userId, index) => ({ id: String(index + 1), method: 'GET', url: methodsPath(userId) }));
    let body: unknown;
    try {
      body = await runner.run(batchEndpoint, (signal) => {
        const request = client.api('/$batch');
        request.option('signal', signal);
        return request.post({ requests }) as Promise<unknown>;
      });
    } catch (error) {
      if (error instanceof AuthError || (error instanceof Error && error.name === 'AbortError')) throw error;
      for (const userId of userIds) await this.failWithError(userId, error);
      return undefined;
    }
    for (let index = 0; index < requests.length; index += 1) runner.countRequest(entraEndpoints.authenticationMethods.label);
    const parsed = batchResponseSchema.safeParse(body);
    if (!parsed.success) {
      for (const userId of userIds) {
        await this.fail(userId, { httpStatus: 502, code: 'InvalidBatchResponse', message: 'The $batch answer is not a batch response.', retryAfterMs: undefined, body: undefined, kind: 'server' });
      }
      return undefined;
    }
    return new Map(parsed.data.responses.map((response) => [response.id, response]));
  }

  private async store(userId: string, status: number, body: unknown): Promise<void> {
    const { writer, client, runner, graphBaseUrl } = this.options;
    await writer.write({ key: userId, status, body });
    let methods = countValue(body);
    // Graph does not page a user's methods today; should it start to, the rest follows as further lines for the key.
    const next = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['@odata.nextLink'] : undefined;
    if (typeof next === 'string' && next !== '') {
      try {
        for await (const page of graphPages({ client, runner, endpoint: entraEndpoints.authenticationMethods, path: graphPathOf(next, graphBaseUrl), graphBaseUrl })) {
          await writer.write({ key: userId, status: 200, body: page });
          methods += countValue(page);
        }
      } catch (error) {
        if (error instanceof AuthError || (error instanceof Error && error.name === 'AbortError')) throw error;
        await this.failWithError(userId, error);
        return;
      }
    }
    this.outcome.stored += 1;
    this.options.onUser(methods);
  }

  private async failWithError(userId: string, error: unknown): Promise<void> {
    const status = statusOfError(error);
    const code = error instanceof PermissionError ? 'Authorization_RequestDenied' : 'RequestFailed';
    await this.options.writer.write({ key: userId, status, body: { error: { code, message: describeError(error) } } });
    if (error instanceof PermissionError) this.outcome.refused ??= error;
    else this.countFailure(userId, status, describeError(error), error instanceof MfaCoverageError ? error.code : 'UPSTREAM_FAILED');
  }

  /** Records one user's failed request as a keyed line; a 404 (user deleted meanwhile) is a fact, not a failure. */
  private async fail(userId: string, failure: GraphApiFailure): Promise<void> {
    const status = failure.httpStatus ?? 599;
    await this.options.writer.write({ key: userId, status, body: failure.body ?? { error: { code: failure.code ?? 'RequestFailed', message: failure.message } } });
    if (failure.kind === 'not-found') return;
    if (failure.kind === 'unauthorized') {
      throw this.options.runner.typedError(entraEndpoints.authenticationMethods, entraEndpoints.authenticationMethods.label, failure, 1);
    }
    if (failure.kind === 'forbidden') {
      this.outcome.refused ??= this.options.runner.typedError(entraEndpoints.authenticationMethods, entraEndpoints.authenticationMethods.label, failure, 1) as PermissionError;
      return;
    }
    this.countFailure(userId, status, failure.message, failure.kind === 'throttled' ? 'RATE_LIMITED' : 'UPSTREAM_FAILED');
  }

  private countFailure(userId: string, status: number, message: string, code: string): void {
    this.outcome.failed += 1;
    this.outcome.firstFailure ??= { userId, message, code, status };
  }
}

function methodsPath(userId: string): string {
  return `/users/${encodeURIComponent(userId)}/authentication/methods`;
}

function countValue(body: unknown): number {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).value : undefined;
  return Array.isArray(value) ? value.length : 0;
}
