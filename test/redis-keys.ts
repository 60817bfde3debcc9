/** Test hygiene for the shared local Redis: every test's keys live under a prefix of its own and go with it. */
import { Redis } from 'ioredis';

/** Removes every key under `prefix:` from the local Redis (bounded: at most 10,000 SCAN rounds). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    for (let round = 0; round < 10_000; round += 1) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
}
