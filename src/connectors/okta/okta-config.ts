/** The `sources.<id>` block for an Okta org. */
import { z } from 'zod';
import { secretReferenceSchema } from '../../config/secret-reference.js';
import { sourceDeadlineMsSchema } from '../source-deadline.js';
import { oktaScopes } from './okta-endpoints.js';

/** Okta's org-wide limit on concurrent API requests (developer.okta.com, "Additional limits"). */
export const oktaConcurrencyLimit = 75;

/**
 * The org URL as the SDK wants it: scheme and host only. A trailing `/` is dropped (the SDK would request
 * `//api/v1/...`); a path, query or the `-admin` host is rejected with the fix spelled out.
 */
export const orgUrlSchema = z
  .url({ message: 'orgUrl must be a URL such as https://acme.okta.com' })
  .transform((value, context) => {
    const url = new URL(value);
    const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      context.addIssue({ code: 'custom', message: `orgUrl must use https:// (http:// is accepted only for a local simulator), got ${url.protocol}//` });
      return z.NEVER;
    }
    if (url.pathname !== '/' && url.pathname !== '' ) {
      context.addIssue({
        code: 'custom',
        message: `orgUrl must be the org's base URL without a path: use ${url.origin}, not ${value}`,
      });
      return z.NEVER;
    }
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
      context.addIssue({ code: 'custom', message: `orgUrl must not carry a query, fragment or credentials: use ${url.origin}` });
      return z.NEVER;
    }
    const adminHost = /^([^.]+)-admin\./.exec(url.hostname);
    if (adminHost) {
      context.addIssue({
        code: 'custom',
        message: `orgUrl points at the Admin Console host; the API lives on the org host: use ${url.origin.replace('-admin.', '.')}`,
      });
      return z.NEVER;
    }
    return url.origin;
  });

const apiTokenAuthSchema = z
  .object({
    /** An SSWS API token; it carries the permissions of the admin who created it (use a read-only admin). */
    type: z.literal('api-token'),
    token: secretReferenceSchema,
  })
  .strict();

const privateKeyAuthSchema = z
  .object({
    /** An OAuth 2.0 service app authenticating with private_key_jwt (recommended). */
    type: z.literal('private-key'),
    clientId: z.string().min(1),
    /** PEM or JWK (JSON) private key whose public half is registered on the service app. */
    privateKey: secretReferenceSchema,
    /** The key id (`kid`) registered on the app; needed when the app holds several keys. */
    keyId: z.string().min(1).optional(),
    /** Scopes to request; must be granted to the app. Dropping one makes its data unreadable (source `partial`). */
    scopes: z.array(z.string().regex(/^okta\.[A-Za-z]+\.read$/, 'only okta.*.read scopes are used')).min(1).default([...oktaScopes]),
  })
  .strict();

export const oktaConfigSchema = z
  .object({
    connector: z.literal('okta'),
    /** e.g. `https://acme.okta.com` (or a custom domain); no trailing slash, no path. */
    orgUrl: orgUrlSchema,
    /** How reports label the org (e.g. `acme.okta.com`); defaults to `orgUrl`. */
    orgName: z.string().min(1).optional(),
    auth: z.discriminatedUnion('type', [apiTokenAuthSchema, privateKeyAuthSchema]),
    rateLimit: z
      .object({
        /**
         * Share of each endpoint's per-minute budget (and of the org's concurrency limit) the scan may use. The
         * rest stays free for the org's own integrations; requests by others count against the share too.
         */
        budgetShare: z.number().gt(0).max(1).default(0.5),
        /** Upper bound on requests in flight; defaults to `budgetShare` × Okta's org concurrency limit (75). */
        maxConcurrency: z.number().int().min(1).max(oktaConcurrencyLimit).optional(),
        /** 429 answers one request may receive (each waits for the window reset) before the endpoint is given up. */
        maxRateLimitRetries: z.number().int().min(0).max(20).default(5),
        /** Per-request timeout: a request not answered in time is retried like a dropped connection. */
        requestTimeoutMs: z.number().int().min(100).default(30_000),
        /**
         * Longest one request may wait for the scan's share of a bucket while other callers use it all. Past it the
         * endpoint is recorded as starved of rate-limit budget (the source becomes partial) instead of waiting on.
         */
        maxBudgetWaitMs: z.number().int().min(100).default(300_000),
      })
      .strict()
      .default({ budgetShare: 0.5, maxRateLimitRetries: 5, requestTimeoutMs: 30_000, maxBudgetWaitMs: 300_000 }),
    retry: z
      .object({
        /** Attempts per GET on a dropped connection, a timeout or a 5xx (the first included). */
        maxAttempts: z.number().int().min(1).max(10).default(3),
        /** First backoff; it doubles on each retry. */
        initialBackoffMs: z.number().int().min(1).default(1000),
      })
      .strict()
      .default({ maxAttempts: 3, initialBackoffMs: 1000 }),
    /** Longest the whole collection of this org may take. */
    deadlineMs: sourceDeadlineMsSchema,
    systemLog: z
      .object({
        /** On a full scan, how far back the System Log is read for factor and policy change events. */
        lookbackDays: z.number().int().min(1).max(90).default(7),
      })
      .strict()
      .default({ lookbackDays: 7 }),
    incremental: z
      .object({
        /**
         * When the pipeline hands over the previous snapshot of this source, re-fetch factors only for users whose
         * `lastUpdated` changed or who appear in MFA events since then, and configuration only when the System Log
         * shows it changed; carry the rest forward with its original fetch time.
         */
        enabled: z.boolean().default(true),
        /** Force a full scan when the last full scan behind the carried data is older than this. */
        fullScanAfterDays: z.number().int().min(1).max(90).default(7),
      })
      .strict()
      .default({ enabled: true, fullScanAfterDays: 7 }),
  })
  .strict();

export type OktaConfig = z.infer<typeof oktaConfigSchema>;

export function maxConcurrencyOf(config: OktaConfig): number {
  return config.rateLimit.maxConcurrency ?? Math.max(1, Math.floor(oktaConcurrencyLimit * config.rateLimit.budgetShare));
}
