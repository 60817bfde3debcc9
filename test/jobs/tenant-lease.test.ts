/** Tenant leases on the real Redis: one holder per tenant, renewed while held, lapsing when its holder dies. */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { TenantLeases } from '../../src/jobs/tenant-lease.js';

describe('tenant leases', () => {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis({ host: '127.0.0.1', port: 6379 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('lets one collection hold a tenant at a time, other tenants stay free, and a release frees it', async () => {
    const leases = new TenantLeases(redis, prefix, 5000);
    const first = await leases.acquire('okta', 'https://a.okta.com', 'run1--okta');
    expect(first).toBeDefined();
    expect(await leases.acquire('okta', 'https://a.okta.com', 'run2--okta')).toBeUndefined();
    const other = await leases.acquire('okta', 'https://b.okta.com', 'run2--okta-b');
    expect(other).toBeDefined();
    // The same job, restarted after its worker died, takes its own lease back at once.
    const again = await leases.acquire('okta', 'https://a.okta.com', 'run1--okta');
    expect(again).toBeDefined();
    await again?.release();
    await first?.release();
    await other?.release();
    expect(await leases.holder('okta', 'https://a.okta.com')).toBeNull();
    const next = await leases.acquire('okta', 'https://a.okta.com', 'run2--okta');
    expect(next).toBeDefined();
    await next?.release();
  });

  it('renews a held lease past its time-to-live, and one whose holder stops renewing lapses', async () => {
    const leases = new TenantLeases(redis, prefix, 600);
    const held = await leases.acquire('entra', 'contoso', 'run1--entra');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await leases.holder('entra', 'contoso')).toBe('run1--entra');
    expect(held?.lost).toBe(false);
    await held?.release();

    // A holder that died: its key was set but nothing renews it.
    await redis.set(leases.key('aws', '111'), 'dead-worker-job', 'PX', 600);
    expect(await leases.acquire('aws', '111', 'run2--aws')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 800));
    const taken = await leases.acquire('aws', '111', 'run2--aws');
    expect(taken).toBeDefined();
    // A stale holder cannot release a lease that is no longer its own.
    await redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, leases.key('aws', '111'), 'dead-worker-job');
    expect(await leases.holder('aws', '111')).toBe('run2--aws');
    await taken?.release();
  });
});
