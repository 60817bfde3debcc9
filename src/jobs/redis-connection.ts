/**
 * Redis connection settings from `queue.redis`, and the start-up check that turns "Redis is not there" into one
 * clear error naming the URL (password hidden) instead of BullMQ retrying silently for ever.
 */
import { Redis } from 'ioredis';
import type { QueueConfig } from '../config/service-config.js';
import { ConfigError, QueueError } from '../errors.js';

/** The connection fields both ioredis and BullMQ take. */
export interface RedisEndpoint {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: Record<string, never>;
}

export interface RedisSettings {
  options: RedisEndpoint;
  /** The URL as it may appear in messages. */
  location: string;
}

export function redisSettings(config: Pick<QueueConfig, 'redis' | 'passwordEnv'>, env: NodeJS.ProcessEnv = process.env): RedisSettings {
  let url: URL;
  try {
    url = new URL(config.redis);
  } catch (error) {
    throw new ConfigError(`queue.redis: ${JSON.stringify(config.redis)} is not a URL.`, { cause: error });
  }
  const envPassword = config.passwordEnv !== undefined ? env[config.passwordEnv] : undefined;
  if (config.passwordEnv !== undefined && (envPassword === undefined || envPassword === '')) {
    throw new ConfigError(`queue.passwordEnv: environment variable ${config.passwordEnv} is not set.`);
  }
  const password = envPassword ?? (url.password !== '' ? decodeURIComponent(url.password) : undefined);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new ConfigError(`queue.redis: the database number in ${redactRedisUrl(config.redis)} is not a whole number.`);
  const options: RedisEndpoint = {
    host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: url.port !== '' ? Number(url.port) : 6379,
    db,
    ...(url.username !== '' ? { username: decodeURIComponent(url.username) } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  return { options, location: redactRedisUrl(config.redis) };
}

export function redactRedisUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/** Connects once, fails fast, and says where it tried; also refuses an eviction policy that would lose jobs. */
export async function checkRedis(settings: RedisSettings, timeoutMs = 5000): Promise<void> {
  const client = new Redis({
    ...settings.options,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    const policy = await client.config('GET', 'maxmemory-policy').catch(() => undefined);
    const value = Array.isArray(policy) ? policy[1] : undefined;
    if (typeof value === 'string' && value !== 'noeviction') {
      throw new QueueError(`Redis at ${settings.location} has maxmemory-policy ${value}; BullMQ needs noeviction, or Redis may drop queued jobs.`);
    }
  } catch (error) {
    if (error instanceof QueueError) throw error;
    throw new QueueError(`Cannot reach Redis at ${settings.location} (queue.redis): ${(error as Error).message}. Start Redis or fix queue.redis.`, { cause: error });
  } finally {
    client.disconnect();
  }
}
