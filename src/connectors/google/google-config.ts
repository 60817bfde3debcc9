/** The `sources.<id>` block for a Google Workspace (or Cloud Identity) customer. */
import { z } from 'zod';
import { secretReferenceSchema } from '../../config/secret-reference.js';
import { sourceDeadlineMsSchema } from '../source-deadline.js';

/**
 * An API root override, for the local simulator only: `https://` anywhere, `http://` only on the loopback
 * interface (the bearer token would otherwise cross the network in clear).
 */
const rootUrlSchema = z.url({ message: 'rootUrl must be a URL such as http://127.0.0.1:4620/' }).superRefine((value, context) => {
  const url = new URL(value);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    context.addIssue({ code: 'custom', message: `rootUrl must use https:// (http:// only for a local simulator), got ${url.protocol}//` });
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    context.addIssue({ code: 'custom', message: `rootUrl must not carry a query, fragment or credentials: use ${url.origin}/` });
  }
});

const serviceAccountAuthSchema = z
  .object({
    /**
     * A service account with domain-wide delegation of the scopes in docs/connectors/google.md, impersonating
     * `subject`. The key is the JSON key file Google issues (it holds `client_email` and `private_key`).
     */
    type: z.literal('service-account'),
    serviceAccountKey: secretReferenceSchema,
    /** The administrator to impersonate, e.g. `mfa-scanner@example.com` (a super admin: the Policy API needs one). */
    subject: z.email({ message: 'subject must be the email address of the administrator to impersonate' }),
  })
  .strict();

const accessTokenAuthSchema = z
  .object({
    /** An OAuth 2.0 access token obtained elsewhere (e.g. `gcloud auth print-access-token`), or the simulator's. */
    type: z.literal('access-token'),
    token: secretReferenceSchema,
  })
  .strict();

export const googleConfigSchema = z
  .object({
    connector: z.literal('google'),
    /** The primary domain, e.g. `example.com`: the tenant label in the report. */
    domain: z
      .string()
      .min(1)
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i, 'domain must be a DNS name such as example.com'),
    /** The customer id (`C0123abcd`, Admin console → Account → Account settings), or `my_customer` for the subject's own. */
    customerId: z
      .string()
      .regex(/^(my_customer|C[0-9A-Za-z]+)$/, 'customerId is `my_customer` or an id such as C0123abcd')
      .default('my_customer'),
    auth: z.discriminatedUnion('type', [serviceAccountAuthSchema, accessTokenAuthSchema]),
    /** One root for the Admin SDK and Cloud Identity APIs; set only for the local simulator. */
    rootUrl: rootUrlSchema.optional(),
    appPasswords: z
      .object({
        /**
         * Per-user app-password listings (one request each) allowed for users who are not administrators.
         * Administrators are always checked. Users not enrolled in 2-step verification cannot hold app passwords
         * and cost nothing. Enrolled users beyond the budget get `legacyAuth: unknown`. 0 checks admins only.
         */
        requestBudget: z.number().int().min(0).default(5000),
        /** Per-user requests in flight at once. */
        concurrency: z.number().int().min(1).max(16).default(4),
      })
      .strict()
      .default({ requestBudget: 5000, concurrency: 4 }),
    reports: z
      .object({
        /** How far back the Reports API is read for `2sv_disable` / `2sv_enroll` events (Google keeps ~6 months). */
        lookbackDays: z.number().int().min(1).max(180).default(30),
      })
      .strict()
      .default({ lookbackDays: 30 }),
    retry: z
      .object({
        /** Attempts per request on 403 `userRateLimitExceeded`/`quotaExceeded`, 429 and 5xx (the first included). */
        maxAttempts: z.number().int().min(1).max(12).default(7),
        /** First backoff; it doubles on each retry (Google's recommended truncated exponential backoff). */
        initialBackoffMs: z.number().int().min(1).default(1000),
        /**
         * Longest single wait. A `Retry-After` is always waited out in full; one longer than this ends the retries
         * (the endpoint is recorded as rate limited) instead of being cut short.
         */
        maxBackoffMs: z.number().int().min(1).default(64_000),
      })
      .strict()
      .default({ maxAttempts: 7, initialBackoffMs: 1000, maxBackoffMs: 64_000 }),
    /** Per-request timeout: a request not answered in time is retried like a dropped connection. */
    requestTimeoutMs: z.number().int().min(100).default(60_000),
    /** Longest the whole collection of this customer may take. */
    deadlineMs: sourceDeadlineMsSchema,
  })
  .strict();

export type GoogleConfig = z.infer<typeof googleConfigSchema>;
