/** queue.redis: parsed into connection fields, and an unreachable Redis named in one clear error. */
import { QueueError, ConfigError } from '../../src/errors.js';
import { checkRedis, redactRedisUrl, redisSettings } from '../../src/jobs/redis-connection.js';

describe('the Redis connection', () => {
  it('parses host, port, database, user, TLS and a password from the environment, and hides passwords in messages', () => {
    expect(redisSettings({ redis: 'rediss://ops:s3cret@cache.internal:6380/2' }).options).toEqual({
      host: 'cache.internal',
      port: 6380,
      db: 2,
      username: 'ops',
      password: 's3cret',
      tls: {},
    });
    expect(redisSettings({ redis: 'redis://cache:6379', passwordEnv: 'REDIS_PW' }, { REDIS_PW: 'from-env' }).options.password).toBe('from-env');
    expect(() => redisSettings({ redis: 'redis://cache:6379', passwordEnv: 'REDIS_PW' }, {})).toThrow(ConfigError);
    expect(redactRedisUrl('redis://:s3cret@cache:6379/0')).toBe('redis://:***@cache:6379/0');
  });

  it('fails fast with the URL (password hidden) when nothing listens there', async () => {
    const settings = redisSettings({ redis: 'redis://:s3cret@127.0.0.1:1/0' });
    const failure = checkRedis(settings, 2000);
    await expect(failure).rejects.toThrow(QueueError);
    await expect(failure).rejects.toThrow('Cannot reach Redis at redis://:***@127.0.0.1:1/0 (queue.redis)');
    await expect(failure).rejects.not.toThrow(/s3cret/);
  });

  it('accepts the Redis CI runs', async () => {
    await expect(checkRedis(redisSettings({ redis: 'redis://127.0.0.1:6379' }))).resolves.toBeUndefined();
  });
});
