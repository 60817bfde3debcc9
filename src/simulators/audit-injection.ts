/**
 * Audit-log injections for the simulators: a rehearsal of what SecOps must be told about. Each injection both
 * changes the simulated tenant (so the next scan sees it) and appends the audit records the vendor would write (so
 * the watcher sees it), in the vendor's wire shape. `mfa-coverage simulate … --inject FILE` reads a file of them.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { formatZodIssues } from '../config/format-zod-issues.js';

const common = {
  /** The simulated source (its `sources.<id>` key) the injection goes to. */
  source: z.string().min(1),
  /** Seconds after the simulators start (or after `inject` is called) the change happens. */
  afterSeconds: z.number().min(0).default(0),
  /** How much earlier than its arrival in the log the event is dated: the vendor's delivery delay. */
  lateBySeconds: z.number().min(0).default(0),
  /** Login of the administrator who makes the change. */
  actor: z.string().min(1).default('admin@example.com'),
};

export const auditInjectionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...common,
      /** Okta: an admin resets every factor of users (OIE writes one `user.mfa.factor.deactivate` per factor). */
      kind: z.literal('okta-factor-reset'),
      /** Logins to reset; or the first `count` active users with factors. */
      users: z.array(z.string().min(1)).optional(),
      count: z.number().int().min(1).optional(),
    })
    .strict()
    .refine((entry) => entry.users !== undefined || entry.count !== undefined, { message: 'give `users` or `count`' }),
  z
    .object({
      ...common,
      /** Entra: a conditional-access policy switched to report-only, or disabled. */
      kind: z.enum(['entra-ca-report-only', 'entra-ca-disabled']),
      /** Policy id or display name; the first enabled policy requiring MFA when absent. */
      policy: z.string().min(1).optional(),
    })
    .strict(),
  z
    .object({
      ...common,
      /** Google: 2-step verification enforcement turned off for an org unit. */
      kind: z.literal('google-ou-2sv-off'),
      orgUnit: z.string().min(1).default('/'),
    })
    .strict(),
  z
    .object({
      ...common,
      /** AWS: an IAM user's MFA device deactivated. */
      kind: z.literal('aws-mfa-deactivate'),
      userName: z.string().min(1),
    })
    .strict(),
  z
    .object({
      ...common,
      /** Vendor audit records appended as given (their ids and times too): for churn and edge cases. */
      kind: z.literal('raw'),
      records: z.array(z.record(z.string(), z.unknown())).min(1),
    })
    .strict(),
]);
export type AuditInjection = z.infer<typeof auditInjectionSchema>;

export const injectionFileSchema = z.object({ injections: z.array(auditInjectionSchema).min(1) }).strict();

/** What a simulator offers for its audit log. */
export interface SimulatorAuditLog {
  /** Applies one injection now; throws an `InputError` for a kind or target this simulator does not have. */
  inject(injection: AuditInjection): void;
  /** Records in the log, for tests. */
  readonly size: number;
}

export async function loadInjectionFile(file: string): Promise<AuditInjection[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read the injection file (${(error as Error).message})`, { cause: error });
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new InputError(`${file}: ${document.errors[0]!.message}`);
  const result = injectionFileSchema.safeParse(document.toJS());
  if (!result.success) throw new InputError(`${file}: ${formatZodIssues(result.error)}`);
  return result.data.injections;
}

export function wrongInjection(simulator: string, injection: AuditInjection): InputError {
  return new InputError(`The ${simulator} simulator cannot apply an injection of kind ${injection.kind} (source ${injection.source}).`);
}
