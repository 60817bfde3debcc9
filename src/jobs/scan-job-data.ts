/** The data of each job, checked when a worker takes the job: a queue shared across versions is a boundary. */
import { z } from 'zod';
import { UnrecoverableError } from 'bullmq';
import { formatZodIssues } from '../config/format-zod-issues.js';

export const runJobDataSchema = z.object({ runId: z.string().min(1) }).strict();
export type RunJobData = z.infer<typeof runJobDataSchema>;

export const collectJobDataSchema = z
  .object({
    runId: z.string().min(1),
    sourceId: z.string().min(1),
    connector: z.string().min(1),
    tenant: z.string().min(1),
    /** The source's connector config (secret references only, never secrets); an expanded member's own config. */
    config: z.record(z.string(), z.unknown()),
    /** Requests the expansion of an organisation spent, counted on one member's source as the CLI does. */
    expansionRequests: z.record(z.string(), z.number().int().nonnegative()).optional(),
  })
  .strict();
export type CollectJobData = z.infer<typeof collectJobDataSchema>;

export const expandJobDataSchema = z.object({ runId: z.string().min(1), sourceId: z.string().min(1) }).strict();
export type ExpandJobData = z.infer<typeof expandJobDataSchema>;

export const scheduledScanJobDataSchema = z.object({ scheduleName: z.string().min(1) }).strict();
export type ScheduledScanJobData = z.infer<typeof scheduledScanJobDataSchema>;

/** Parses job data; malformed data can never succeed on retry, so it fails the job at once. */
export function parseJobData<T>(schema: z.ZodType<T>, data: unknown, jobId: string | undefined): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`Job ${jobId ?? '(no id)'} has malformed data: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}
