/** The `sources.<id>` block for a Microsoft Entra ID tenant. */
import { z } from 'zod';
import { secretReferenceSchema } from '../../config/secret-reference.js';
import { sourceDeadlineMsSchema } from '../source-deadline.js';

export const entraConfigSchema = z
  .object({
    connector: z.literal('entra'),
    /** Directory (tenant) id or primary domain, e.g. `contoso.onmicrosoft.com`. */
    tenantId: z.string().min(1),
    /** Application registration with the permissions in docs/permissions.md. */
    auth: z.discriminatedUnion('type', [
      z
        .object({
          type: z.literal('client-secret'),
          clientId: z.string().min(1),
          clientSecret: secretReferenceSchema,
        })
        .strict(),
      z
        .object({
          /** A bearer token obtained elsewhere (e.g. `az account get-access-token`), or the simulator's. */
          type: z.literal('access-token'),
          token: secretReferenceSchema,
        })
        .strict(),
    ]),
    /** Graph root; change only for national clouds or the local simulator. */
    graphBaseUrl: z.url().default('https://graph.microsoft.com'),
    /** Token endpoint root for `client-secret` auth. */
    authorityUrl: z.url().default('https://login.microsoftonline.com'),
    /** `$top` for /users; defaults to the maximum Graph allows: 999, or 500 when signInActivity is selected. */
    pageSize: z.number().int().min(1).max(999).optional(),
    /** Select `signInActivity` (needs AuditLog.Read.All and Entra ID P1). */
    signInActivity: z.boolean().default(true),
    /** Retries per request on 429/503/504, honouring Retry-After. */
    maxRetries: z.number().int().min(0).max(10).default(5),
    /** Concurrent `$batch` requests in the per-user fallback (each holds 20 requests). */
    batchConcurrency: z.number().int().min(1).max(8).default(2),
    /** Longest Retry-After the scanner will wait before giving up on an endpoint. */
    maxRetryAfterMs: z.number().int().min(0).default(180_000),
    /** First backoff after a dropped connection, a timeout or a 5xx without Retry-After; it doubles on each retry. */
    initialBackoffMs: z.number().int().min(1).default(1000),
    /** Per-request timeout: a request (headers and body) not answered in time is retried like a dropped connection. */
    requestTimeoutMs: z.number().int().min(100).default(60_000),
    /** Longest the whole collection of this tenant may take. */
    deadlineMs: sourceDeadlineMsSchema,
  })
  .strict()
  .superRefine((config, context) => {
    if (config.signInActivity && config.pageSize !== undefined && config.pageSize > 500) {
      // Graph rejects $top above 500 when signInActivity is selected; clamp silently would hide the choice.
      context.addIssue({
        code: 'custom',
        path: ['pageSize'],
        message: 'with signInActivity: true, Graph allows at most 500 users per page; set pageSize ≤ 500 or omit it',
      });
    }
  });

export type EntraConfig = z.infer<typeof entraConfigSchema>;

/** The largest `/users` page Graph serves for this configuration. */
export function usersPageSize(config: EntraConfig): number {
  return config.pageSize ?? (config.signInActivity ? 500 : 999);
}
