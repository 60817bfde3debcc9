/**
 * Okta's rate limits as the simulator enforces them: per-bucket request counts in fixed windows (a minute by
 * default, aligned to the clock), the org-wide limit on concurrent requests, and the headers Okta sends on every
 * response. Limits per SKU follow developer.okta.com/docs/reference/rl-global-mgmt; the concurrency limit is 75.
 * It also keeps, per bucket and window, how many requests it served, for the benchmark's "peak share".
 */
import type { Clock } from '../../connectors/okta/okta-clock.js';

export const oktaTiers = ['developer', 'one-app', 'enterprise', 'workforce'] as const;
export type OktaTier = (typeof oktaTiers)[number];

export const simulatorBuckets = [
  'users',
  'user-by-id',
  'user-update',
  'logs',
  'apps',
  'app-by-id',
  'groups',
  'group-by-id',
  'api-v1',
  'oauth2-token',
] as const;
export type SimulatorBucket = (typeof simulatorBuckets)[number];

/** Requests per minute, per SKU. */
const tierLimits: Record<OktaTier, Record<SimulatorBucket, number>> = {
  developer: { users: 100, 'user-by-id': 100, 'user-update': 100, logs: 20, apps: 20, 'app-by-id': 100, groups: 100, 'group-by-id': 100, 'api-v1': 100, 'oauth2-token': 600 },
  'one-app': { users: 600, 'user-by-id': 600, 'user-update': 600, logs: 50, apps: 100, 'app-by-id': 600, groups: 600, 'group-by-id': 600, 'api-v1': 600, 'oauth2-token': 600 },
  enterprise: { users: 600, 'user-by-id': 1000, 'user-update': 600, logs: 50, apps: 100, 'app-by-id': 600, groups: 600, 'group-by-id': 600, 'api-v1': 600, 'oauth2-token': 600 },
  workforce: { users: 600, 'user-by-id': 2000, 'user-update': 600, logs: 120, apps: 100, 'app-by-id': 500, groups: 500, 'group-by-id': 1000, 'api-v1': 1200, 'oauth2-token': 1200 },
};

export const defaultTier: OktaTier = 'workforce';
export const defaultConcurrencyLimit = 75;

export function limitsFor(tier: OktaTier, overrides: Partial<Record<SimulatorBucket, number>> = {}): Record<SimulatorBucket, number> {
  return { ...tierLimits[tier], ...overrides };
}

/** The bucket a request counts against, by Okta's table: exact paths first, then `/api/v1/apps*`, then "most other /api/v1". */
export function simulatorBucketOf(method: string, pathname: string): SimulatorBucket {
  const segments = pathname.split('/').filter((segment) => segment !== '');
  const [root, version, collection, id, sub] = segments;
  if (root === 'oauth2') return 'oauth2-token';
  if (root !== 'api' || version !== 'v1') return 'api-v1';
  if (collection === 'users') {
    if (id === undefined) return 'users';
    if (sub === undefined) return method === 'GET' ? 'user-by-id' : 'user-update';
  }
  if (collection === 'logs') return 'logs';
  if (collection === 'apps') return id !== undefined && sub === undefined ? 'app-by-id' : 'apps';
  if (collection === 'groups') return id !== undefined && sub === undefined ? 'group-by-id' : 'groups';
  return 'api-v1';
}

export interface RateLimitHeaders {
  'X-Rate-Limit-Limit': string;
  'X-Rate-Limit-Remaining': string;
  'X-Rate-Limit-Reset': string;
}

export type Admission =
  | { admitted: true; headers: RateLimitHeaders; release: () => void }
  | { admitted: false; reason: 'rate' | 'concurrency'; headers: RateLimitHeaders };

export interface WindowUse {
  bucket: SimulatorBucket;
  windowStart: number;
  /** Requests served in the window, background use excluded. */
  served: number;
  background: number;
  limit: number;
}

export interface RateLimiterOptions {
  clock: Clock;
  limits: Record<SimulatorBucket, number>;
  concurrencyLimit: number;
  windowMs: number;
  /** Requests the org's own integrations spend in every window, counted at its start. */
  backgroundUsage: Partial<Record<SimulatorBucket, number>>;
  /** Only the first this-many windows of each bucket carry the background use (a burst by another integration). */
  backgroundWindows?: number;
}

export class OktaRateLimiter {
  private readonly windows = new Map<string, WindowUse>();
  private inFlight = 0;
  peakInFlight = 0;
  rejected = { rate: 0, concurrency: 0 };

  constructor(private readonly options: RateLimiterOptions) {}

  admit(bucket: SimulatorBucket): Admission {
    const now = this.options.clock.now();
    const limit = this.options.limits[bucket];
    const windowStart = Math.floor(now / this.options.windowMs) * this.options.windowMs;
    const reset = String(Math.ceil((windowStart + this.options.windowMs) / 1000));
    if (this.inFlight >= this.options.concurrencyLimit) {
      this.rejected.concurrency += 1;
      // Okta reports the concurrency values in the same headers; its reset is only an estimate.
      return {
        admitted: false,
        reason: 'concurrency',
        headers: {
          'X-Rate-Limit-Limit': String(this.options.concurrencyLimit),
          'X-Rate-Limit-Remaining': '0',
          'X-Rate-Limit-Reset': String(Math.ceil(now / 1000) + 1),
        },
      };
    }
    const window = this.window(bucket, windowStart, limit);
    const used = window.served + window.background;
    if (used >= limit) {
      this.rejected.rate += 1;
      return { admitted: false, reason: 'rate', headers: { 'X-Rate-Limit-Limit': String(limit), 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': reset } };
    }
    window.served += 1;
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    let released = false;
    return {
      admitted: true,
      headers: { 'X-Rate-Limit-Limit': String(limit), 'X-Rate-Limit-Remaining': String(limit - used - 1), 'X-Rate-Limit-Reset': reset },
      release: () => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
      },
    };
  }

  /** Every window that saw a request, oldest first. */
  windowUse(): WindowUse[] {
    return [...this.windows.values()].sort((a, b) => a.windowStart - b.windowStart || a.bucket.localeCompare(b.bucket));
  }

  /** Per bucket, the largest share of its limit the callers (background excluded) used in one window. */
  peakShare(): Partial<Record<SimulatorBucket, number>> {
    const peak: Partial<Record<SimulatorBucket, number>> = {};
    for (const use of this.windows.values()) peak[use.bucket] = Math.max(peak[use.bucket] ?? 0, use.served / use.limit);
    return peak;
  }

  private readonly windowsSeen = new Map<SimulatorBucket, number>();

  private window(bucket: SimulatorBucket, windowStart: number, limit: number): WindowUse {
    const key = `${bucket}@${windowStart}`;
    let window = this.windows.get(key);
    if (!window) {
      const seen = this.windowsSeen.get(bucket) ?? 0;
      this.windowsSeen.set(bucket, seen + 1);
      const background = seen < (this.options.backgroundWindows ?? Number.POSITIVE_INFINITY) ? (this.options.backgroundUsage[bucket] ?? 0) : 0;
      window = { bucket, windowStart, served: 0, background: Math.min(limit, background), limit };
      this.windows.set(key, window);
    }
    return window;
  }
}
