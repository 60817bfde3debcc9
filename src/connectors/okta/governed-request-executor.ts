/**
 * The SDK's transport, replaced through its documented `requestExecutor` hook: every request passes the rate-limit
 * governor, every response's `X-Rate-Limit-*` and `Date` headers feed it back, a 429 waits for the bucket's reset
 * (the SDK's own retry ignores everything but Reset − Date), requests are counted per endpoint, and 2xx bodies are
 * captured verbatim for the snapshot. A GET that meets a transient failure (a 5xx, a dropped connection, a timeout)
 * is tried again after a backoff (`retry.maxAttempts`, from `retry.initialBackoffMs`, doubling), so one blip in a
 * 20,000-request scan does not make an account unknown; each attempt has `rateLimit.requestTimeoutMs`. A request that
 * waits longer than `rateLimit.maxBudgetWaitMs` for budget other callers are using fails as starved, after a notice.
 * Proxies and caches configured through the environment are not used.
 */
import { RequestExecutor } from '@okta/okta-sdk-nodejs';
import type { Logger } from '../../logger.js';
import { AuthError, RateLimitedError, UpstreamError, describeError } from '../../errors.js';
import type { RateLimitGovernor, RateLimitObservation, StarvationReport } from './rate-limit-governor.js';
import { rateLimitBucketOf } from './rate-limit-bucket.js';
import { activePageCapture } from './page-capture.js';
import type { SharedAccessToken } from './shared-access-token.js';
import { type Clock, sleep } from './okta-clock.js';

const transientStatuses: ReadonlySet<number> = new Set([500, 502, 503, 504]);

export interface GovernedExecutorOptions {
  governor: RateLimitGovernor;
  countRequest(label: string): void;
  /** Counts a throttled answer (429 or the vendor's equivalent) to the request labelled `label`. */
  countThrottled?(label: string): void;
  logger: Logger;
  maxRateLimitRetries: number;
  requestTimeoutMs: number;
  /** Attempts per GET on a transient failure, the first included. Default 3. */
  maxAttempts?: number;
  /** First transient backoff, doubling. Default 1000. */
  initialBackoffMs?: number;
  /** Longest wait for rate-limit budget before the request fails as starved. */
  maxBudgetWaitMs?: number;
  /** Told once per bucket when a request has waited half of `maxBudgetWaitMs`. */
  onStarving?: (report: StarvationReport) => void;
  /** For transient-failure backoff; the governor's clock. */
  clock: Clock;
  signal?: AbortSignal;
}

/** The request shape the SDK hands to `fetch` (node-fetch style options). */
interface SdkRequest {
  url?: string;
  method?: string;
  headers?: Record<string, string | number>;
  body?: unknown;
}

export class GovernedRequestExecutor extends RequestExecutor {
  /** Bearer tokens Okta answered 401 to, so a refused token is dropped once, not once per worker. */
  private readonly refusedBearers = new Set<string>();
  private sharedAccessToken: SharedAccessToken | undefined;

  constructor(private readonly options: GovernedExecutorOptions) {
    super();
  }

  /** Whether Okta has refused a request sent with this access token. */
  wasRefused(accessToken: string): boolean {
    return this.refusedBearers.has(accessToken);
  }

  /** The service app's token, stamped on each Bearer request when it is sent rather than when the SDK queued it. */
  useAccessToken(shared: SharedAccessToken): void {
    this.sharedAccessToken = shared;
  }

  /** Ends the scan's use of the executor: no token renewal is left scheduled. */
  close(): void {
    this.sharedAccessToken?.close();
  }

  override async fetch(request: SdkRequest): Promise<Response> {
    if (!request.url) throw new UpstreamError('The Okta SDK issued a request without a URL.');
    const url = new URL(request.url);
    const method = (request.method ?? 'GET').toUpperCase();
    const bucket = rateLimitBucketOf(method, url);
    const tokenEndpoint = url.pathname.startsWith('/oauth2/');
    const capture = tokenEndpoint ? undefined : activePageCapture();
    const label = capture?.label ?? bucket.label;
    const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name, String(value)]));
    const body = typeof request.body === 'string' ? request.body : undefined;
    const sendsBearer = !tokenEndpoint && /^Bearer\s/i.test(headers.Authorization ?? '');
    let transientFailures = 0;
    const maxTransientRetries = (this.options.maxAttempts ?? 3) - 1;
    const retryTransient = async (what: string): Promise<boolean> => {
      if (method !== 'GET' || transientFailures >= maxTransientRetries || this.options.signal?.aborted) return false;
      const waitMs = (this.options.initialBackoffMs ?? 1000) * 2 ** transientFailures;
      transientFailures += 1;
      this.options.logger.warn({ request: label, failure: what, attempt: transientFailures, waitMs }, 'Okta request failed; trying again');
      await sleep(this.options.clock, waitMs, this.options.signal);
      return true;
    };
    for (let attempt = 0; ; attempt += 1) {
      // Renew before taking a permit: a token request needs a permit of its own.
      if (sendsBearer && this.sharedAccessToken) await this.sharedAccessToken.refresh();
      const permit = await this.options.governor.acquire(bucket.key, this.options.signal, {
        // The token request is never given up for budget: without a token nothing else can be read.
        ...(this.options.maxBudgetWaitMs !== undefined && !tokenEndpoint ? { maxWaitMs: this.options.maxBudgetWaitMs } : {}),
        ...(this.options.onStarving ? { onLongWait: this.options.onStarving } : {}),
      });
      const accessToken = sendsBearer ? this.sharedAccessToken?.current() : undefined;
      if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
      let response: Response;
      let text: string;
      try {
        const signals = [AbortSignal.timeout(this.options.requestTimeoutMs), ...(this.options.signal ? [this.options.signal] : [])];
        response = await fetch(url, { method, headers, body, signal: AbortSignal.any(signals), redirect: 'manual' });
        text = await response.text();
      } catch (error) {
        this.options.governor.release(permit, undefined);
        this.options.countRequest(label);
        if (await retryTransient(describeError(error))) continue;
        throw new UpstreamError(`${method} ${url.origin}${url.pathname} failed: ${describeError(error)}`, undefined, { cause: error });
      }
      this.options.governor.release(permit, observationOf(response));
      this.options.countRequest(label);
      if (transientStatuses.has(response.status) && (await retryTransient(`HTTP ${response.status}`))) continue;

      const bearer = sendsBearer ? /^Bearer\s+(\S+)$/i.exec(headers.Authorization ?? '')?.[1] : undefined;
      if (response.status === 401 && bearer) this.refusedBearers.add(bearer);
      if (tokenEndpoint && (response.status === 400 || response.status === 401)) {
        throw new AuthError(`The Okta token endpoint refused the service app: ${oauthError(text)}. Check clientId, the registered public key and keyId, and that every requested scope is granted to the app.`);
      }
      if (response.status === 429) {
        this.options.countThrottled?.(label);
        if (attempt < this.options.maxRateLimitRetries) {
          this.options.logger.warn({ request: label, attempt: attempt + 1 }, 'Okta answered 429; waiting for the rate-limit reset');
          continue;
        }
        throw new RateLimitedError(
          `${label}: Okta kept answering 429 after ${attempt + 1} attempts, each after waiting for the reset; the scan stops asking rather than eat into the org's budget.`,
        );
      }
      if (capture && response.status >= 200 && response.status < 300) {
        await capture.onPage(parseJson(text, label), url);
      }
      return replayableResponse(response, text, request.url);
    }
  }
}

function observationOf(response: Response): RateLimitObservation {
  const number = (name: string): number | undefined => {
    const value = response.headers.get(name);
    if (value === null || value.includes(',')) return undefined;
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  };
  const date = response.headers.get('date');
  const dateMs = date ? Date.parse(date) : Number.NaN;
  return {
    status: response.status,
    limit: number('x-rate-limit-limit'),
    remaining: number('x-rate-limit-remaining'),
    resetEpochSeconds: number('x-rate-limit-reset'),
    serverDateMs: Number.isFinite(dateMs) ? dateMs : undefined,
  };
}

/** `error: error_description` of an OAuth error body, without echoing anything else the server sent. */
function oauthError(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    return [body.error, body.error_description].filter((part) => typeof part === 'string').join(': ') || 'no error description';
  } catch {
    return 'no error description';
  }
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UpstreamError(`${label}: Okta answered with a body that is not JSON (${describeError(error)}).`, undefined, { cause: error });
  }
}

/** A response the SDK can read again (the body was consumed for the snapshot), keeping its URL for error messages. */
function replayableResponse(response: Response, text: string, url: string): Response {
  const replay = new Response(response.status === 204 || response.status === 304 ? null : text, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(replay, 'url', { value: url });
  return replay;
}
