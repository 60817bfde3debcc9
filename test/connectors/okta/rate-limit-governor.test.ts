/** The governor on its own, driven by a hand-cranked clock and hand-written rate-limit headers. */
import type { Clock } from '../../../src/connectors/okta/okta-clock.js';
import { RateLimitGovernor, type Permit } from '../../../src/connectors/okta/rate-limit-governor.js';
import { rateLimitBucketOf, templatePath } from '../../../src/connectors/okta/rate-limit-bucket.js';

function manualClock(start: number): Clock & { advance(ms: number): Promise<void> } {
  let now = start;
  const timers: Array<{ at: number; callback: () => void; cancelled: boolean }> = [];
  return {
    now: () => now,
    setTimer(ms, callback) {
      const timer = { at: now + ms, callback, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        await flush();
        const due = timers.filter((timer) => !timer.cancelled && timer.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        now = Math.max(now, due.at);
        due.cancelled = true;
        due.callback();
        await flush();
      }
      now = until;
      await flush();
    },
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const minute = 60_000;
const t0 = 1_750_000_000_000 - (1_750_000_000_000 % minute);

describe('RateLimitGovernor', () => {
  it('probes one request at a time until Okta has described the bucket', async () => {
    const clock = manualClock(t0);
    const governor = new RateLimitGovernor({ budgetShare: 0.5, maxConcurrency: 10, clock });
    const first = await governor.acquire('api-v1');
    let second: Permit | undefined;
    void governor.acquire('api-v1').then((permit) => (second = permit));
    await flush();
    expect(second).toBeUndefined();
    governor.release(first, { status: 200, limit: 1200, remaining: 1199, resetEpochSeconds: (t0 + minute) / 1000, serverDateMs: t0 });
    await clock.advance(200);
    expect(second).toBeDefined();
  });

  it('never lets the bucket fall below the reserve, counting what others spent', async () => {
    const clock = manualClock(t0);
    const governor = new RateLimitGovernor({ budgetShare: 0.5, maxConcurrency: 10, clock });
    const reset = (t0 + minute) / 1000;
    // Others have already used 4 of 10 in this window: the scanner may use 1 before 5 (the reserve) remain.
    let remaining = 6;
    const admitted: number[] = [];
    const worker = async (): Promise<void> => {
      for (;;) {
        const permit = await governor.acquire('logs');
        if (clock.now() >= t0 + minute) {
          governor.release(permit, undefined);
          return;
        }
        remaining -= 1;
        admitted.push(clock.now());
        governor.release(permit, { status: 200, limit: 10, remaining, resetEpochSeconds: reset, serverDateMs: clock.now() });
      }
    };
    void worker();
    await clock.advance(minute - 1);
    expect(admitted).toHaveLength(1);
    expect(remaining).toBe(5);
  });

  it('paces a fresh window evenly at the share', async () => {
    const clock = manualClock(t0);
    const governor = new RateLimitGovernor({ budgetShare: 0.5, maxConcurrency: 10, clock });
    const reset = (t0 + minute) / 1000;
    let remaining = 100;
    const starts: number[] = [];
    const worker = async (): Promise<void> => {
      while (clock.now() < t0 + minute) {
        const permit = await governor.acquire('api-v1');
        starts.push(clock.now());
        remaining -= 1;
        governor.release(permit, { status: 200, limit: 100, remaining, resetEpochSeconds: reset, serverDateMs: clock.now() });
      }
    };
    void worker();
    await clock.advance(minute - 1);
    expect(starts.length).toBeLessThanOrEqual(50);
    expect(starts.length).toBeGreaterThanOrEqual(49);
    const gaps = starts.slice(2).map((start, index) => start - (starts[index + 1] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1100);
  });

  it('after a 429 waits for the reset the server named, on the server clock', async () => {
    const clock = manualClock(t0 + 10_000);
    const governor = new RateLimitGovernor({ budgetShare: 0.5, maxConcurrency: 10, clock });
    const permit = await governor.acquire('users');
    // The server clock runs 5 s behind ours: its reset at t0+60 s is our t0+65 s.
    governor.release(permit, { status: 429, limit: 600, remaining: 0, resetEpochSeconds: (t0 + minute) / 1000, serverDateMs: t0 + 5_000 });
    let next: Permit | undefined;
    void governor.acquire('users').then((value) => (next = value));
    await clock.advance(minute - 10_000 + 4_000);
    expect(next).toBeUndefined();
    await clock.advance(1_500);
    expect(next).toBeDefined();
  });

  it('halves its concurrency after a concurrency 429', async () => {
    const clock = manualClock(t0);
    const governor = new RateLimitGovernor({ budgetShare: 0.5, maxConcurrency: 8, clock });
    const reset = (t0 + minute) / 1000;
    const probe = await governor.acquire('api-v1');
    governor.release(probe, { status: 200, limit: 1200, remaining: 1199, resetEpochSeconds: reset, serverDateMs: t0 });
    const permit = await governor.acquire('api-v1');
    governor.release(permit, { status: 429, limit: 75, remaining: 0, resetEpochSeconds: t0 / 1000 + 1, serverDateMs: t0 });
    expect(governor.report()[0]?.rateLimited).toBe(1);
    expect((governor as unknown as { concurrencyCap: number }).concurrencyCap).toBe(4);
  });
});

describe('rate-limit buckets', () => {
  it.each([
    ['GET', '/api/v1/users', 'users', 'GET /api/v1/users'],
    ['GET', '/api/v1/users/00u1', 'user-by-id', 'GET /api/v1/users/{id}'],
    ['GET', '/api/v1/users/00u1/factors', 'api-v1', 'GET /api/v1/users/{id}/factors'],
    ['GET', '/api/v1/logs', 'logs', 'GET /api/v1/logs'],
    ['GET', '/api/v1/apps/0oa1/users', 'apps', 'GET /api/v1/apps/{id}/users'],
    ['GET', '/api/v1/groups/00g1', 'group-by-id', 'GET /api/v1/groups/{id}'],
    ['GET', '/api/v1/groups/00g1/users', 'groups', 'GET /api/v1/groups/{id}/users'],
    ['GET', '/api/v1/policies/00p1/rules', 'api-v1', 'GET /api/v1/policies/{id}/rules'],
    ['POST', '/oauth2/v1/token', 'oauth2-token', 'POST /oauth2/v1/token'],
  ])('%s %s → %s', (method, pathname, key, label) => {
    expect(rateLimitBucketOf(method, new URL(pathname, 'https://acme.okta.com'))).toEqual({ key, label });
  });

  it('templates ids only where ids sit', () => {
    expect(templatePath('/api/v1/iam/assignees/users')).toBe('/api/v1/iam/assignees/users');
  });
});
