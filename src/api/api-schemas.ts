/**
 * Response shapes shared by several routes (runs, reports), registered with ids so the OpenAPI document
 * defines each once under components.schemas and the routes refer to it.
 */
import { z } from 'zod';

/** Run ids come from the scan launcher; anything else in a path is refused before a query is made. */
export const runIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a run id holds letters, digits, . _ - only')
  .describe('Run id, as returned by POST /v1/scans.');

export const runStatusSchema = z.enum(['queued', 'running', 'complete', 'partial', 'failed']);

/** A source's status; `expanded` is an AWS organisation replaced by one source per member account. */
export const runSourceStatusSchema = z.enum(['queued', 'running', 'complete', 'partial', 'failed', 'expanded']);

export const runSchema = z
  .object({
    id: z.string(),
    trigger: z.enum(['manual', 'schedule']),
    scheduleName: z.string().nullable(),
    status: runStatusSchema.describe('`partial` when a source failed or missed data: the report says which.'),
    requestedSources: z.array(z.string()).nullable().describe('Source ids asked for; null means every configured source.'),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    error: z.string().nullable(),
    links: z.object({ self: z.string(), report: z.string().nullable().describe('Set once the run has recorded its report.') }),
  })
  .meta({ id: 'Run' });

export const runSourceSchema = z
  .object({
    sourceId: z.string(),
    connector: z.string(),
    tenant: z.string(),
    status: runSourceStatusSchema,
    attempts: z.number().int().describe('Collections started: more than 1 after a worker crash or a retry.'),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    requests: z.number().int(),
    pages: z.number().int(),
    throttled: z.number().int().describe('Answers that were 429 or the vendor equivalent.'),
    error: z.string().nullable(),
    endpoints: z.array(z.object({ endpoint: z.string(), requests: z.number().int(), pages: z.number().int(), throttled: z.number().int() })),
  })
  .meta({ id: 'RunSource' });

export const runDetailSchema = runSchema
  .extend({ sources: z.array(runSourceSchema).describe('Per-source progress, updated while the run collects.') })
  .meta({ id: 'RunDetail' });

export const reportSchema = z
  .object({
    runId: z.string(),
    generatedAt: z.string(),
    snapshotCreatedAt: z.string(),
    schemaVersion: z.string(),
    status: z.enum(['complete', 'partial']),
    accounts: z.number().int(),
    covered: z.number().int(),
    notCovered: z.number().int(),
    unknown: z.number().int(),
    coveragePercent: z.number().nullable(),
    links: z.object({ self: z.string(), run: z.string() }),
  })
  .meta({ id: 'Report' });
