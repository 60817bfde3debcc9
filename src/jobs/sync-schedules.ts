/**
 * Makes the queue's Job Schedulers match `schedules:` in the config, at every `serve` start-up: each schedule is
 * upserted (idempotent), schedulers no longer configured are removed, and the daily retention job is kept. A
 * short Redis lock serialises instances that start together, so each schedule is created once.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ScheduleConfig } from '../config/service-config.js';
import type { HistoryStore } from '../store/history-store.js';
import { jobNames, retentionSchedulerId } from './queue-names.js';
import type { ScheduledScanJobData } from './scan-job-data.js';

/** Retention runs daily at 03:17 UTC, off the hour most schedules use. */
export const retentionPattern = '0 17 3 * * *';

export interface ScheduleSync {
  upserted: string[];
  removed: string[];
}

export async function syncSchedules(deps: {
  queue: Queue;
  redis: Redis;
  prefix: string;
  history: HistoryStore;
  schedules: readonly ScheduleConfig[];
  now: () => Date;
}): Promise<ScheduleSync> {
  const lockKey = `${deps.prefix}:schedule-sync-lock`;
  const token = `${process.pid}-${Date.now()}-${Math.random()}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if ((await deps.redis.set(lockKey, token, 'PX', 30_000, 'NX')) === 'OK') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    const at = deps.now().toISOString();
    for (const schedule of deps.schedules) {
      const data: ScheduledScanJobData = { scheduleName: schedule.name };
      const repeat = schedule.cron !== undefined ? { pattern: schedule.cron, tz: schedule.timezone } : { every: schedule.every as number };
      const job = await deps.queue.upsertJobScheduler(schedule.name, repeat, {
        name: jobNames.scheduledScan,
        data,
        opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
      });
      await deps.history.upsertSchedule(schedule.name, schedule, at);
      await deps.history.setScheduleNextFire(schedule.name, nextFireOf(job?.timestamp, job?.opts.delay));
    }
    await deps.queue.upsertJobScheduler(
      retentionSchedulerId,
      { pattern: retentionPattern, tz: 'UTC' },
      { name: jobNames.retention, data: {}, opts: { removeOnComplete: { count: 30 }, removeOnFail: { count: 30 } } },
    );
    const configured = new Set(deps.schedules.map((schedule) => schedule.name));
    const removed: string[] = [];
    const existing = await deps.queue.getJobSchedulers(0, -1, true);
    for (const scheduler of existing) {
      const id = scheduler.key;
      if (id === retentionSchedulerId || configured.has(id)) continue;
      await deps.queue.removeJobScheduler(id);
      removed.push(id);
    }
    for (const name of await deps.history.removeSchedulesExcept([...configured])) if (!removed.includes(name)) removed.push(name);
    return { upserted: [...configured], removed };
  } finally {
    if ((await deps.redis.get(lockKey)) === token) await deps.redis.del(lockKey);
  }
}

export function nextFireOf(timestamp: number | undefined, delay: number | undefined): string | null {
  if (timestamp === undefined) return null;
  return new Date(timestamp + (delay ?? 0)).toISOString();
}
