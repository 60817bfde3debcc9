/**
 * The exception register: each entry accepts one gap on one account (or on every account of one person), with
 * a reason, a named risk owner, compensating controls, the approval and a review/expiry date. One zod schema
 * checks both the YAML and the CSV form; completeness (owner, controls, date) is not a validation error but an
 * exemption state, because an incomplete entry is itself a finding an auditor wants to see.
 */
import { z } from 'zod';

export const gapKinds = [
  'no-mfa',
  'policy-exclusion',
  'trusted-location',
  'legacy-protocol',
  'weak-method',
  'shared-account',
  'service-account',
  'break-glass',
] as const;
export type GapKind = (typeof gapKinds)[number];

const date = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()), { message: 'expected a date as YYYY-MM-DD' });

export const exceptionEntrySchema = z
  .object({
    /** A stable reference (e.g. the ticket number); defaults to `entry-<n>`. */
    id: z.string().min(1).optional(),
    /** The account's login, case-insensitive. */
    account: z.string().min(1).optional(),
    /** Narrows `account` to one source; omit to match the login in any source. */
    sourceId: z.string().min(1).optional(),
    /** A person's employee id or email: the entry covers that gap on each of their accounts. */
    person: z.string().min(1).optional(),
    gap: z.enum(gapKinds),
    /** The policy the account is excluded from (required for gap policy-exclusion), as the report names it. */
    policy: z.string().min(1).optional(),
    reason: z.string().min(1),
    riskOwner: z.string().min(1).optional(),
    compensatingControls: z.array(z.string().min(1)).default([]),
    approvedBy: z.string().min(1).optional(),
    approvedAt: date.optional(),
    /** The review or expiry date: after it, the entry no longer documents the gap. */
    expires: date.optional(),
    ticket: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((entry, context) => {
    if ((entry.account === undefined) === (entry.person === undefined)) {
      context.addIssue({ code: 'custom', path: ['account'], message: 'name exactly one of account (a login) or person (an employee id or email)' });
    }
    if (entry.sourceId !== undefined && entry.account === undefined) {
      context.addIssue({ code: 'custom', path: ['sourceId'], message: 'sourceId narrows an account; it has no meaning with person' });
    }
    if (entry.gap === 'policy-exclusion' && entry.policy === undefined) {
      context.addIssue({ code: 'custom', path: ['policy'], message: 'a policy-exclusion entry names the policy the account is excluded from' });
    }
  });

export type ExceptionEntryInput = z.infer<typeof exceptionEntrySchema>;

export interface ExceptionEntry extends ExceptionEntryInput {
  id: string;
  /** Where the entry is, for evidence: `exceptions.yaml entry 3` or `exceptions.csv:4`. */
  origin: string;
}

export interface ExceptionRegister {
  /** The register's file name (no directory), as the report names it. */
  file: string;
  entries: readonly ExceptionEntry[];
}

export const exceptionFileSchema = z.object({ exceptions: z.array(z.unknown()) }).strict();
