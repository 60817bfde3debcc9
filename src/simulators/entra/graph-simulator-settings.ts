/**
 * Behaviour settings for the Graph simulator, read from an optional `simulator.json` in the source directory
 * (docs/snapshot-format.md, "Simulator knobs"); the analysis ignores the file. Options given in code override it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { formatZodIssues } from '../../config/format-zod-issues.js';

const throttleRuleSchema = z
  .object({
    /** A route label as the simulator logs it (`GET /users`, `GET /users/{id}/authentication/methods`, `POST /$batch`), or `*`. */
    route: z.string().min(1),
    /** The first K matching requests are throttled. */
    firstRequests: z.number().int().positive().optional(),
    /** Every Nth matching request (N, 2N, …) is throttled. */
    everyNth: z.number().int().positive().optional(),
    /** Seconds sent in `Retry-After`; fractions and 0 keep tests fast. */
    retryAfterSeconds: z.number().nonnegative().default(1),
    status: z.union([z.literal(429), z.literal(503), z.literal(504)]).default(429),
  })
  .strict()
  .refine((rule) => rule.firstRequests !== undefined || rule.everyNth !== undefined, {
    message: 'give firstRequests (throttle the first K requests) or everyNth (throttle every Nth request)',
  });
export type GraphThrottleRule = z.output<typeof throttleRuleSchema>;

export const graphSimulatorSettingsSchema = z
  .object({
    /** The bearer token accepted; any non-empty token when absent. */
    token: z.string().min(1).optional(),
    /** `free` refuses `signInActivity` and the registration report with Graph's licence error; `P1`/`P2` serve them. */
    licence: z.enum(['free', 'P1', 'P2']).default('P2'),
    /** Application permissions the token lacks; endpoints needing one answer 403 `Authorization_RequestDenied`. */
    missingPermissions: z.array(z.string().min(1)).default([]),
    throttle: z.array(throttleRuleSchema).default([]),
    /** Client credentials the token endpoint accepts (`POST /{tenant}/oauth2/v2.0/token`); any when absent. */
    clientCredentials: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }).strict().optional(),
  })
  .strict();
export type GraphSimulatorSettings = z.output<typeof graphSimulatorSettingsSchema>;
export type GraphSimulatorSettingsInput = z.input<typeof graphSimulatorSettingsSchema>;

export const simulatorSettingsFile = 'simulator.json';

/** Reads `simulator.json` from a source directory (absent = defaults); a bad file names itself and the field. */
export async function readGraphSimulatorSettings(sourceDirectory: string): Promise<GraphSimulatorSettingsInput> {
  const file = path.join(sourceDirectory, simulatorSettingsFile);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new InputError(`${file} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = graphSimulatorSettingsSchema.safeParse(value);
  if (!parsed.success) throw new InputError(`${file}: ${formatZodIssues(parsed.error)}`);
  return value as GraphSimulatorSettingsInput;
}

/** Settings from the file, overridden field by field by options given in code. */
export function mergeGraphSimulatorSettings(fromFile: GraphSimulatorSettingsInput, overrides: GraphSimulatorSettingsInput): GraphSimulatorSettings {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const parsed = graphSimulatorSettingsSchema.safeParse({ ...fromFile, ...defined });
  if (!parsed.success) throw new InputError(`Graph simulator settings: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}
