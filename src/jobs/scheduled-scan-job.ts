/**
 * The `scheduled-scan` job a Job Scheduler produces at each fire: it starts the schedule's run through the same
 * launcher as `POST /v1/scans`, with a run id made of the schedule name and the fire instant, so a fire that
 * reached the queue twice still makes one run. A schedule removed from the config meanwhile starts nothing.
 */
import type { Job, Queue } from 'bullmq';
import type { BullScanLauncher } from './bull-scan-launcher.js';
import { parseJobData, scheduledScanJobDataSchema } from './scan-job-data.js';
import type { ServiceDependencies } from './service-dependencies.js';
import { nextFireOf } from './sync-schedules.js';

export async function processScheduledScanJob(job: Job, deps: ServiceDependencies, launcher: BullScanLauncher, service: Queue): Promise<{ runId: string | null }> {
  const { scheduleName } = parseJobData(scheduledScanJobDataSchema, job.data, job.id);
  const schedule = deps.config.schedules.find((candidate) => candidate.name === scheduleName);
  if (!schedule) {
    deps.logger.warn({ scheduleName }, 'a schedule fired that this config no longer has; nothing started');
    return { runId: null };
  }
  const fireMillis = job.timestamp + (job.opts.delay ?? 0);
  const runId = `${scheduleName}-${new Date(fireMillis).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
  await launcher.start({ trigger: 'schedule', scheduleName, ...(schedule.sources ? { sources: [...schedule.sources] } : {}) }, { runId });
  const scheduler = await service.getJobScheduler(scheduleName);
  await deps.history.recordScheduleFire(scheduleName, {
    firedAt: new Date(fireMillis).toISOString(),
    runId,
    nextFireAt: scheduler?.next !== undefined ? nextFireOf(scheduler.next, 0) : null,
  });
  deps.logger.info({ scheduleName, runId }, 'scheduled scan started');
  return { runId };
}
