/**
 * Keeps the scan inside its share of the org's Okta rate limits. Okta budgets are per endpoint bucket and per
 * minute, and shared with the customer's production integrations, so the governor reads `X-Rate-Limit-Limit`,
 * `-Remaining` and `-Reset` on every response and admits a request only while the bucket keeps
 * `(1 − share) × limit` untouched: requests by anyone else count against the scanner's share, never against theirs.
 *
 * Within a window, starts are paced evenly (never faster than `share × limit` per window), and concurrency follows
 * from pace × observed latency, capped by `maxConcurrency`. A 429 blocks the bucket until its reset. The server's
 * clock is learned from the `Date` header: a window is taken to be over only once the server must have reached
 * its reset, whatever the skew.
 */
import { RateLimitedError } from '../../errors.js';
import type { Clock } from './okta-clock.js';

export interface RateLimitObservation {
  status: number;
  limit?: number;
  remaining?: number;
  /** `X-Rate-Limit-Reset`: epoch seconds on the server's clock. */
  resetEpochSeconds?: number;
  /** The `Date` header, in ms (second precision). */
  serverDateMs?: number;
}

export interface GovernorOptions {
  budgetShare: number;
  maxConcurrency: number;
  clock: Clock;
  /** Okta's rate-limit window; the pace never exceeds `share × limit` per window. */
  windowMs?: number;
}

/** How long a request has waited for its bucket, and what the bucket looked like. */
export interface StarvationReport {
  bucket: string;
  waitedMs: number;
  limit: number | undefined;
  remaining: number | undefined;
}

/** A request waited past `rateLimit.maxBudgetWaitMs` for the scan's share of a bucket. */
export class BudgetStarvedError extends RateLimitedError {
  constructor(
    readonly report: StarvationReport,
    maxWaitMs: number,
  ) {
    super(
      `Okta's rate-limit bucket ${report.bucket} left the scan no budget for ${Math.round(report.waitedMs)} ms (rateLimit.maxBudgetWaitMs: ${maxWaitMs} ms)` +
        `${report.remaining !== undefined && report.limit !== undefined ? `: ${report.remaining} of ${report.limit} requests left in the window` : ''}. ` +
        'Other callers are using the org\'s quota; scan when they are quieter, or raise rateLimit.budgetShare or maxBudgetWaitMs.',
    );
  }
}

export interface Permit {
  readonly bucket: string;
  readonly startedAt: number;
}

export interface BucketReport {
  bucket: string;
  limit: number | undefined;
  requests: number;
  rateLimited: number;
  /** Most of this scanner's requests the server counted in one window, from the responses' reset times. */
  peakWindowRequests: number;
  peakShare: number;
  latencyMs: number;
}

/** `budget`: the wait is for rate-limit budget (the window's allowance spent, or a 429's reset), not for pace or a slot. */
type Decision = { admit: true } | { admit: false; waitMs: number | undefined; budget?: boolean };

class BucketState {
  limit: number | undefined;
  remaining = 0;
  /** The latest window reset seen, on the server's clock (ms). */
  resetServerMs = -Infinity;
  /** True while `remaining` describes the window ending at `resetServerMs`. */
  windowKnown = false;
  inFlight = 0;
  /** The earliest local time the next request may start (paced schedule, not the last actual start). */
  nextSlotLocal = -Infinity;
  /** The spacing the pace had at the last admission. */
  intervalMs = 0;
  latencyMs = 0;
  blockedUntilLocal = -Infinity;
  requests = 0;
  rateLimited = 0;
  readonly windowCounts = new Map<number, number>();

  constructor(readonly key: string) {}
}

export class RateLimitGovernor {
  private readonly buckets = new Map<string, BucketState>();
  private readonly waiters = new Set<() => void>();
  private readonly windowMs: number;
  private inFlightTotal = 0;
  private concurrencyCap: number;
  private successesSinceIncrease = 0;
  /** Lower bound of (server clock − local clock): the largest `Date − receive time` seen. */
  private offsetLowMs = -Infinity;
  peakInFlight = 0;

  constructor(private readonly options: GovernorOptions) {
    if (!(options.budgetShare > 0 && options.budgetShare <= 1)) throw new Error('budgetShare must be in (0, 1]');
    this.windowMs = options.windowMs ?? 60_000;
    this.concurrencyCap = options.maxConcurrency;
  }

  /**
   * Waits for a permit. With `maxWaitMs`, a request that has waited longer for budget (others using the bucket, a
   * reset far away) gets a `BudgetStarvedError` instead of waiting on; `onLongWait` hears once when a wait passes half
   * of it, so a person watching sees why the scan is slow before it gives up.
   */
  async acquire(bucketKey: string, signal?: AbortSignal, options: { maxWaitMs?: number; onLongWait?: (report: StarvationReport) => void } = {}): Promise<Permit> {
    const bucket = this.bucket(bucketKey);
    let budgetWaitSince: number | undefined;
    let warned = false;
    for (;;) {
      signal?.throwIfAborted();
      const now = this.options.clock.now();
      const decision = this.decide(bucket, now);
      // Only an unbroken wait for budget counts: pacing and concurrency slots are the scan's own politeness.
      budgetWaitSince = !decision.admit && decision.budget ? (budgetWaitSince ?? now) : undefined;
      const waitedMs = budgetWaitSince === undefined ? 0 : now - budgetWaitSince;
      if (!decision.admit && decision.budget && options.maxWaitMs !== undefined) {
        const report: StarvationReport = { bucket: bucketKey, waitedMs, limit: bucket.limit, remaining: bucket.windowKnown ? bucket.remaining : undefined };
        if (waitedMs >= options.maxWaitMs) throw new BudgetStarvedError(report, options.maxWaitMs);
        if (!warned && waitedMs >= options.maxWaitMs / 2) {
          warned = true;
          options.onLongWait?.(report);
        }
      }
      if (decision.admit) {
        bucket.inFlight += 1;
        bucket.requests += 1;
        // Scheduled slots, not actual starts: a timer that fires late does not push every later request back.
        bucket.nextSlotLocal = Math.max(bucket.nextSlotLocal, now - bucket.intervalMs) + bucket.intervalMs;
        this.inFlightTotal += 1;
        this.peakInFlight = Math.max(this.peakInFlight, this.inFlightTotal);
        return { bucket: bucketKey, startedAt: now };
      }
      const remainingWaitMs =
        options.maxWaitMs === undefined || decision.admit || !decision.budget ? undefined : Math.max(1, Math.min(options.maxWaitMs / 2, options.maxWaitMs - waitedMs));
      const waitMs = decision.waitMs === undefined ? remainingWaitMs : remainingWaitMs === undefined ? decision.waitMs : Math.min(decision.waitMs, remainingWaitMs);
      await this.waitForChange(waitMs, signal);
    }
  }

  /** Returns the permit with what the response said; `observation` is undefined when no response came. */
  release(permit: Permit, observation: RateLimitObservation | undefined): void {
    const bucket = this.bucket(permit.bucket);
    const now = this.options.clock.now();
    bucket.inFlight -= 1;
    this.inFlightTotal -= 1;
    if (observation) this.observe(bucket, permit, observation, now);
    this.wake();
  }

  report(): BucketReport[] {
    return [...this.buckets.values()]
      .map((bucket) => {
        const peak = Math.max(0, ...bucket.windowCounts.values());
        return {
          bucket: bucket.key,
          limit: bucket.limit,
          requests: bucket.requests,
          rateLimited: bucket.rateLimited,
          peakWindowRequests: peak,
          peakShare: bucket.limit ? peak / bucket.limit : 0,
          latencyMs: Math.round(bucket.latencyMs),
        };
      })
      .sort((a, b) => a.bucket.localeCompare(b.bucket));
  }

  private decide(bucket: BucketState, now: number): Decision {
    if (now < bucket.blockedUntilLocal) return { admit: false, waitMs: bucket.blockedUntilLocal - now, budget: true };
    if (this.inFlightTotal >= this.concurrencyCap) return { admit: false, waitMs: undefined };
    const limit = bucket.limit;
    if (limit === undefined) return this.probe(bucket);
    const windowEnd = this.localTimeOf(bucket.resetServerMs);
    if (bucket.windowKnown && now >= windowEnd) bucket.windowKnown = false;
    if (!bucket.windowKnown) return this.probe(bucket);

    const quota = Math.max(1, Math.floor(this.options.budgetShare * limit));
    const reserve = limit - quota;
    const allowance = bucket.remaining - bucket.inFlight - reserve;
    if (allowance <= 0) return { admit: false, waitMs: Math.max(1, windowEnd - now), budget: true };
    // Spread what is left of the window's allowance over what is left of the window; to catch up after a slow
    // stretch, go at most twice the steady pace (the allowance check above still caps the window).
    const steady = this.windowMs / quota;
    const interval = Math.max(steady / 2, (windowEnd - now) / allowance);
    if (now < bucket.nextSlotLocal) return { admit: false, waitMs: bucket.nextSlotLocal - now };
    const bucketCap = Math.max(1, Math.ceil(bucket.latencyMs / interval) + 1);
    if (bucket.inFlight >= bucketCap) return { admit: false, waitMs: undefined };
    bucket.intervalMs = interval;
    return { admit: true };
  }

  /** Budget unknown (first request, or a new window): one request at a time until a response describes it. */
  private probe(bucket: BucketState): Decision {
    if (bucket.inFlight > 0) return { admit: false, waitMs: undefined };
    bucket.intervalMs = 0;
    return { admit: true };
  }

  private observe(bucket: BucketState, permit: Permit, observation: RateLimitObservation, now: number): void {
    const latency = now - permit.startedAt;
    bucket.latencyMs = bucket.latencyMs === 0 ? latency : bucket.latencyMs * 0.8 + latency * 0.2;
    if (observation.serverDateMs !== undefined) this.offsetLowMs = Math.max(this.offsetLowMs, observation.serverDateMs - now);
    const resetMs = observation.resetEpochSeconds !== undefined ? observation.resetEpochSeconds * 1000 : undefined;

    if (observation.status === 429) {
      bucket.rateLimited += 1;
      const concurrencyViolation = bucket.limit !== undefined && observation.limit !== undefined && observation.limit !== bucket.limit;
      if (concurrencyViolation) {
        // Okta reports the concurrency limit in the same headers; back off on concurrency, not on the bucket.
        this.concurrencyCap = Math.max(1, Math.floor(this.concurrencyCap / 2));
        this.successesSinceIncrease = 0;
      } else {
        bucket.limit ??= observation.limit;
        bucket.remaining = 0;
        if (resetMs !== undefined && resetMs >= bucket.resetServerMs) {
          bucket.resetServerMs = resetMs;
          bucket.windowKnown = true;
        }
      }
      const until = resetMs !== undefined ? this.localTimeOf(resetMs) : now + 1000;
      bucket.blockedUntilLocal = Math.max(bucket.blockedUntilLocal, until);
      return;
    }

    if (observation.limit === undefined || observation.remaining === undefined || resetMs === undefined) return;
    bucket.limit = observation.limit;
    bucket.windowCounts.set(resetMs, (bucket.windowCounts.get(resetMs) ?? 0) + 1);
    if (resetMs > bucket.resetServerMs) {
      bucket.resetServerMs = resetMs;
      bucket.remaining = observation.remaining;
      bucket.windowKnown = true;
    } else if (resetMs === bucket.resetServerMs && bucket.windowKnown) {
      bucket.remaining = Math.min(bucket.remaining, observation.remaining);
    }
    if (this.concurrencyCap < this.options.maxConcurrency) {
      this.successesSinceIncrease += 1;
      if (this.successesSinceIncrease >= this.concurrencyCap) {
        this.concurrencyCap += 1;
        this.successesSinceIncrease = 0;
      }
    }
  }

  /** The latest local time at which the server's clock can reach `serverMs`. */
  private localTimeOf(serverMs: number): number {
    if (this.offsetLowMs === -Infinity) return serverMs + 1000;
    return serverMs - this.offsetLowMs;
  }

  private bucket(key: string): BucketState {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new BucketState(key);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private waitForChange(waitMs: number | undefined, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let cancelTimer = (): void => undefined;
      const done = (): void => {
        this.waiters.delete(done);
        cancelTimer();
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      if (waitMs !== undefined) cancelTimer = this.options.clock.setTimer(Math.max(1, waitMs), done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
