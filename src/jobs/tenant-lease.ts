/**
 * At most one collection per identity-provider tenant at a time, across every worker: a Redis key per tenant
 * holding the collecting job's token, with a time-to-live renewed while the collection runs. A crashed worker
 * stops renewing, so its lease lapses after `leaseMs` and another worker may collect; a lease is only ever
 * renewed or released by the token that took it. This keeps each tenant's configured budget share of its rate
 * limit however many workers run (BullMQ OSS has no per-group concurrency).
 */
import type { Redis } from 'ioredis';

const renewScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const releaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export interface TenantLease {
  /** Lost when a renewal found the key gone or taken (the worker stalled longer than the lease). */
  readonly lost: boolean;
  release(): Promise<void>;
}

export class TenantLeases {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly leaseMs: number,
  ) {}

  key(connector: string, tenant: string): string {
    return `${this.prefix}:tenant-lease:${connector}:${tenant}`;
  }

  /** Takes the tenant's lease, or returns undefined when another collection holds it. */
  async acquire(connector: string, tenant: string, token: string): Promise<TenantLease | undefined> {
    const key = this.key(connector, tenant);
    const taken = await this.redis.set(key, token, 'PX', this.leaseMs, 'NX');
    if (taken !== 'OK') {
      // The same job retried on the same token (a restart within the lease) may take its own lease back.
      if ((await this.redis.get(key)) !== token) return undefined;
      await this.redis.pexpire(key, this.leaseMs);
    }
    let lost = false;
    const renew = setInterval(() => {
      this.redis
        .eval(renewScript, 1, key, token, String(this.leaseMs))
        .then((result) => {
          if (Number(result) !== 1) lost = true;
        })
        // A renewal that cannot reach Redis is tried again at the next tick; only Redis saying "not yours" loses it.
        .catch(() => undefined);
    }, Math.max(250, Math.floor(this.leaseMs / 3)));
    renew.unref();
    return {
      get lost() {
        return lost;
      },
      release: async () => {
        clearInterval(renew);
        await this.redis.eval(releaseScript, 1, key, token);
      },
    };
  }

  /** Who holds a tenant's lease, for tests and diagnostics. */
  async holder(connector: string, tenant: string): Promise<string | null> {
    return this.redis.get(this.key(connector, tenant));
  }
}
