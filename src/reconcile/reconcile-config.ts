/**
 * The reconcile settings of the configuration file: where the authoritative directory is, how accounts are
 * linked to people, which accounts are break-glass, how tiers are assigned, what each tier's method policy
 * is, where the exception register is and which sources delegate sign-in to another. One zod schema per
 * block; app-config.ts composes them and checks the cross-references to `sources`.
 */
import { z } from 'zod';
import { identityProviderIds } from '../model/identity-provider.js';
import { gradedFactorStrengths } from '../model/factor.js';

export const accountClasses = ['human', 'guest', 'contractor', 'service', 'break-glass', 'shared', 'root'] as const;
export type AccountClass = (typeof accountClasses)[number];

export const tiers = [1, 2, 3] as const;
export type Tier = (typeof tiers)[number];

const regExp = z.string().refine(isValidRegExp, { message: 'not a valid regular expression' });
const sourceId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a source id may hold letters, digits, . _ - only');

/** Header names of the roster CSV, per field the reconcile needs. */
export const rosterColumnsSchema = z
  .object({
    employeeId: z.string().min(1).default('employee_id'),
    email: z.string().min(1).default('email'),
    name: z.string().min(1).default('name'),
    status: z.string().min(1).default('status'),
    startDate: z.string().min(1).default('start_date'),
    terminationDate: z.string().min(1).default('termination_date'),
    employmentType: z.string().min(1).default('employment_type'),
    department: z.string().min(1).default('department'),
    manager: z.string().min(1).default('manager'),
    /** Other addresses of the person (proxy addresses, former names), separated by `;`. */
    aliases: z.string().min(1).default('aliases'),
  })
  .strict();
export type RosterColumns = z.infer<typeof rosterColumnsSchema>;

export const rosterDirectorySchema = z
  .object({
    /** The HR roster CSV; a relative path is resolved against the configuration file's folder. */
    roster: z.string().min(1),
    columns: rosterColumnsSchema.default(rosterColumnsSchema.parse({})),
    /** Status cell values (case-insensitive) meaning the person still works here; others listed as leavers. */
    activeStatuses: z.array(z.string().min(1)).min(1).default(['active']),
    terminatedStatuses: z.array(z.string().min(1)).min(1).default(['terminated', 'leaver', 'inactive', 'left']),
  })
  .strict();

export const sourceDirectorySchema = z
  .object({
    /** A configured source whose accounts are the people (an IdP acting as the directory). */
    source: sourceId,
  })
  .strict();

export const directoryConfigSchema = z.union([rosterDirectorySchema, sourceDirectorySchema]);
export type DirectoryConfig = z.infer<typeof directoryConfigSchema>;

export const correlationKeys = ['employeeId', 'email'] as const;

export const correlationRuleSchema = z
  .object({
    /** Only accounts of this source (or of this identity provider) are tried; omit both for every account. */
    sourceId: sourceId.optional(),
    idp: z.enum(identityProviderIds).optional(),
    /** Case-insensitive regular expression over the account's login; capture groups feed `value`. */
    loginPattern: regExp,
    /** The roster field the derived value is looked up in. */
    key: z.enum(correlationKeys),
    /** Replacement text (`$1`, `$<name>`) turning the login into the key, e.g. `$<user>@example.com`. */
    value: z.string().min(1),
  })
  .strict();
export type CorrelationRule = z.infer<typeof correlationRuleSchema>;

export const defaultSharedAccountPatterns = [
  '^(admin|administrator|info|support|helpdesk|service-desk|reception|office|shared|team|test|training|noreply|no-reply|printer|scanner|kiosk|meeting-room)([-_.0-9]|$)',
];
export const defaultAdminAccountPatterns = ['^(adm|admin|a)[-_.]', '[-_.](adm|admin|da|pa)$'];

export const correlationConfigSchema = z
  .object({
    /** Extra linking rules, tried in order after employee id, email/UPN and aliases. */
    rules: z.array(correlationRuleSchema).default([]),
    /** Email domains that name the same mailbox, e.g. `contoso.onmicrosoft.com: contoso.com`. */
    domainAliases: z.record(z.string().min(1), z.string().min(1)).default({}),
    /** Logins (local part, case-insensitive) of shared or generic accounts, when the roster does not know them. */
    sharedAccountPatterns: z.array(regExp).default(defaultSharedAccountPatterns),
    /** Logins (local part, case-insensitive) of dedicated administration accounts, as opposed to daily-use ones. */
    adminAccountPatterns: z.array(regExp).default(defaultAdminAccountPatterns),
  })
  .strict();
export type CorrelationConfig = z.infer<typeof correlationConfigSchema>;

export const breakGlassAccountSchema = z
  .object({
    login: z.string().min(1),
    /** The source holding it; omit to match the login in every source. */
    sourceId: sourceId.optional(),
  })
  .strict();
export type BreakGlassAccount = z.infer<typeof breakGlassAccountSchema>;

export const tierRuleSchema = z
  .object({
    tier: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    /** All given conditions must hold; lists match when any element does. Names compare case-insensitively. */
    roles: z.array(z.string().min(1)).optional(),
    departments: z.array(z.string().min(1)).optional(),
    sourceIds: z.array(sourceId).optional(),
    classes: z.array(z.enum(accountClasses)).optional(),
    employmentTypes: z.array(z.enum(['employee', 'contractor', 'vendor', 'external'])).optional(),
    loginPatterns: z.array(regExp).optional(),
  })
  .strict()
  .refine(
    (rule) => ['roles', 'departments', 'sourceIds', 'classes', 'employmentTypes', 'loginPatterns'].some((key) => key in rule),
    { message: 'a tier rule needs at least one condition (roles, departments, sourceIds, classes, employmentTypes, loginPatterns)' },
  );
export type TierRule = z.infer<typeof tierRuleSchema>;

export const tiersConfigSchema = z
  .object({
    /** The tier of an account no rule matches. Privileged accounts are always tier 1 whatever the rules say. */
    default: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
    /** Tried in order; the first match decides. */
    rules: z.array(tierRuleSchema).default([]),
  })
  .strict();
export type TiersConfig = z.infer<typeof tiersConfigSchema>;

export const tierMethodPolicySchema = z
  .object({
    /** The weakest factor strength that satisfies this tier. */
    minimumStrength: z.enum(gradedFactorStrengths),
  })
  .strict();
export type TierMethodPolicy = z.infer<typeof tierMethodPolicySchema>;

export const defaultMethodPolicy = {
  tier1: { minimumStrength: 'phishing-resistant' },
  tier2: { minimumStrength: 'standard' },
  tier3: { minimumStrength: 'standard' },
} as const satisfies Record<string, TierMethodPolicy>;

export const methodPolicyConfigSchema = z
  .object({
    tier1: tierMethodPolicySchema.default(defaultMethodPolicy.tier1),
    tier2: tierMethodPolicySchema.default(defaultMethodPolicy.tier2),
    tier3: tierMethodPolicySchema.default(defaultMethodPolicy.tier3),
  })
  .strict();
export type MethodPolicyConfig = z.infer<typeof methodPolicyConfigSchema>;

export const federationConfigSchema = z.record(
  sourceId,
  z
    .object({
      /** The source whose accounts authenticate this source's delegated sign-ins (SSO). */
      delegatesTo: sourceId,
    })
    .strict(),
);
export type FederationConfig = z.infer<typeof federationConfigSchema>;

/** Everything reconcile needs from the configuration; file paths are already resolved by the edge. */
export interface ReconcileConfig {
  directory?: DirectoryConfig;
  correlation: CorrelationConfig;
  breakGlass: readonly BreakGlassAccount[];
  tiers: TiersConfig;
  methodPolicy: MethodPolicyConfig;
  federation: FederationConfig;
}

export const defaultReconcileConfig: ReconcileConfig = {
  correlation: correlationConfigSchema.parse({}),
  breakGlass: [],
  tiers: tiersConfigSchema.parse({}),
  methodPolicy: methodPolicyConfigSchema.parse({}),
  federation: {},
};

export function isValidRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch (error) {
    return !(error instanceof SyntaxError);
  }
}
