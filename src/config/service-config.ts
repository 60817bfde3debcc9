/**
 * The service's part of the configuration file: where the job queue (Redis) and the history store live, how long
 * runs are kept, and the scan schedules. Every field has a default, so a config written for the CLI runs as a
 * service unchanged (SQLite under data/, Redis on 127.0.0.1:6379, no schedules).
 */
import { z } from 'zod';

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `15m`, `24h`, `7d`, or a whole number of milliseconds. */
export const durationSchema = z.union([
  z.number().int().min(1000, 'at least 1000 ms'),
  z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as 90s, 15m, 24h or 7d')
    .transform((text) => {
      const [, amount = '0', unit = 'ms'] = /^(\d+)(ms|s|m|h|d)$/.exec(text) ?? [];
      return Number(amount) * (durationUnits[unit] ?? 1);
    })
    .refine((ms) => ms >= 1000, { message: 'at least 1s' }),
]);

export const queueConfigSchema = z
  .object({
    /** Redis URL (`redis://[:password@]host:port[/db]` or `rediss://` for TLS). Prefer `passwordEnv` to a password in the URL. */
    redis: z
      .string()
      .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
      .default('redis://127.0.0.1:6379'),
    /** Environment variable holding the Redis password, when the URL carries none. */
    passwordEnv: z.string().min(1).optional(),
    /** Prefix of every Redis key, so several deployments can share one Redis. */
    prefix: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('mfa-coverage'),
    /** Jobs one worker process runs at once (sources collecting in parallel). */
    concurrency: z.number().int().min(1).max(64).default(4),
    /** How long a worker's hold on a job lasts without renewal: a crashed worker's job is retried after about this long. */
    lockDurationMs: z.number().int().min(1000).default(30_000),
    /** How often workers look for jobs whose worker died. */
    stalledIntervalMs: z.number().int().min(1000).default(30_000),
    /** Attempts per source collection (a crashed worker's attempt counts once). */
    sourceAttempts: z.number().int().min(1).max(10).default(3),
    /** On SIGTERM/SIGINT, how long in-flight jobs may run on before they are released to another worker. */
    shutdownTimeoutMs: z.number().int().min(0).default(25_000),
  })
  .strict();
export type QueueConfig = z.infer<typeof queueConfigSchema>;

export const storeConfigSchema = z
  .object({
    /** The embedded store: one SQLite file (default `data/store.sqlite`). Ignored when `url` is given. */
    path: z.string().min(1).optional(),
    /** A PostgreSQL URL (`postgres://user@host:5432/db`); prefer `passwordEnv` to a password in the URL. */
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
      .optional(),
    /** Environment variable holding the PostgreSQL password, when the URL carries none. */
    passwordEnv: z.string().min(1).optional(),
    /** PostgreSQL schema holding the tables (created when missing). */
    schema: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'lower-case letters, digits and _ only').default('public'),
    /** Each run's snapshot and report files go to `<artefacts>/<run id>/`. */
    artefacts: z.string().min(1).default('data/runs'),
    /** Runs (their verdicts and files) older than this many months are deleted by the daily retention job. */
    retentionMonths: z.number().int().min(1).max(120).default(24),
  })
  .strict()
  .refine((store) => store.path === undefined || store.url === undefined, { message: 'give `path` (SQLite) or `url` (PostgreSQL), not both' });
export type StoreConfig = z.infer<typeof storeConfigSchema>;

export const scheduleConfigSchema = z
  .object({
    /** Unique name; also the scheduler id in Redis, so renaming a schedule replaces it. */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, _ and - only'),
    /** Cron pattern (5 fields, or 6 with seconds first), e.g. `0 6 1 * *` = 06:00 on the 1st of each month. */
    cron: z.string().min(1).optional(),
    /** IANA time zone of `cron`, e.g. Europe/Brussels. */
    timezone: z
      .string()
      .refine(isTimeZone, { message: 'not an IANA time zone (e.g. Europe/Brussels)' })
      .default('UTC'),
    /** Instead of `cron`: a fixed interval such as `24h` (the first run starts at once). */
    every: durationSchema.optional(),
    /** Source ids to scan; every configured source when absent. */
    sources: z.array(z.string().min(1)).min(1).optional(),
    /** What the run leaves: `report` = every artefact (JSON, CSV, HTML, PDF, manifest) plus the verdicts in the store. */
    produce: z.literal('report').default('report'),
  })
  .strict()
  .refine((schedule) => (schedule.cron === undefined) !== (schedule.every === undefined), { message: 'give exactly one of `cron` or `every`' });
export type ScheduleConfig = z.infer<typeof scheduleConfigSchema>;

export const schedulesConfigSchema = z
  .array(scheduleConfigSchema)
  .default([])
  .superRefine((schedules, context) => {
    const seen = new Set<string>();
    schedules.forEach((schedule, index) => {
      if (seen.has(schedule.name)) context.addIssue({ code: 'custom', path: [index, 'name'], message: `schedule name ${schedule.name} is used twice` });
      seen.add(schedule.name);
    });
  });

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch (error) {
    return !(error instanceof RangeError);
  }
}

/**
 * Demo only: serve every source from the local wire simulators over a generated tenant instead of the real
 * identity providers (config/demo.yaml sets it), so the whole service can be tried without credentials.
 */
export const simulateConfigSchema = z
  .object({
    /** Seed of the generated tenant: the same seed gives the same organisation. */
    seed: z.number().int().min(0).default(2026),
    /** Users in the generated tenant. */
    users: z.number().int().min(10).max(200_000).default(1500),
    /** Where the generated tenant is written (re-generated at each start). */
    directory: z.string().min(1).default('data/demo-tenant'),
  })
  .strict();
export type SimulateConfig = z.infer<typeof simulateConfigSchema>;
