/**
 * The service's queues and job ids. Ids are derived, never random, so adding the same run or source twice is a
 * no-op while the job exists (BullMQ ignores a duplicate custom id); they avoid `:`, which BullMQ reserves.
 */
export const queueNames = {
  /** One `scan` job per run: the flow's parent, which commits the snapshot and writes the report. */
  runs: 'runs',
  /** `collect` (one source) and `expand` (an AWS organisation into member accounts) jobs: the flow's children. */
  sources: 'sources',
  /** Jobs the schedulers produce: `scheduled-scan` per configured schedule, and the daily `retention`. */
  service: 'service',
} as const;

export const jobNames = {
  scan: 'scan',
  collect: 'collect',
  expand: 'expand',
  scheduledScan: 'scheduled-scan',
  retention: 'retention',
} as const;

/** The retention job's scheduler id; schedules from config may not take it. */
export const retentionSchedulerId = 'retention';

export function sourceJobId(runId: string, sourceId: string): string {
  return `${runId}--${sourceId}`;
}

/** A run id: sortable by creation time, unique, safe as a folder name and job id. */
export function newRunId(now: Date, random: string): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${random}`;
}
