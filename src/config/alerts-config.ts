/**
 * The `alerts:` block: the detection rules with their thresholds (defaults documented in docs/alerts.md), suppression
 * windows, how often the audit-log watchers poll, and the delivery channels. Channel secrets (webhook signing secrets,
 * Slack and Teams URLs, which carry their own secret, SMTP passwords) are secret references: an env variable or a file.
 */
import { z } from 'zod';
import { secretReferenceSchema } from './secret-reference.js';

const bulkRuleSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Distinct accounts losing a factor within the window that raise the alert. */
    minAccounts: z.number().int().min(1).default(10),
    /** Or this share (percent) of the source's registered accounts, whichever is reached first. */
    minPercent: z.number().positive().max(100).default(2),
    /** Sliding window the losses are counted in. */
    windowMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
  })
  .strict();

const mfaDisabledRuleSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Later events on the same policy or user within this time update the open alert instead of raising another. */
    mergeWithinMinutes: z.number().int().min(1).default(24 * 60),
  })
  .strict();

const weakenedRuleSchema = z
  .object({
    enabled: z.boolean().default(true),
    mergeWithinMinutes: z.number().int().min(1).default(24 * 60),
  })
  .strict();

export const alertRuleIds = ['bulk-unenrollment', 'mfa-disabled', 'mfa-weakened'] as const;
export type AlertRuleId = (typeof alertRuleIds)[number];

const suppressionSchema = z
  .object({
    /** Rule it silences; every rule when absent. */
    rule: z.enum(alertRuleIds).optional(),
    /** Source it silences; every source when absent. */
    source: z.string().min(1).optional(),
    /** Actor id or login it silences (a provisioning app, a migration script); every actor when absent. */
    actor: z.string().min(1).optional(),
    from: z.iso.datetime({ offset: true }),
    until: z.iso.datetime({ offset: true }),
    /** Why, for the audit trail (a planned migration, a change ticket). */
    reason: z.string().min(1),
  })
  .strict()
  .refine((entry) => Date.parse(entry.from) < Date.parse(entry.until), { message: '`from` must be before `until`', path: ['until'] });

const channelBase = {
  /** Unique id, used in metrics, dead letters and delivery records. */
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, _ and - only'),
  /** Rules this channel receives; all when absent. */
  rules: z.array(z.enum(alertRuleIds)).optional(),
  /** Lowest severity delivered. */
  minSeverity: z.enum(['medium', 'high', 'critical']).default('medium'),
};

export const channelConfigSchema = z.discriminatedUnion('type', [
  z
    .object({
      ...channelBase,
      type: z.literal('webhook'),
      url: z.url(),
      /** Standard Webhooks secret (`whsec_` + base64); from env or file. */
      secret: secretReferenceSchema,
    })
    .strict(),
  z.object({ ...channelBase, type: z.literal('slack'), /** The incoming-webhook URL is itself the secret. */ url: secretReferenceSchema }).strict(),
  z.object({ ...channelBase, type: z.literal('teams'), /** The Workflows webhook URL carries a `sig=` secret. */ url: secretReferenceSchema }).strict(),
  z
    .object({
      ...channelBase,
      type: z.literal('email'),
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(587),
      /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
      secure: z.boolean().default(false),
      user: z.string().min(1).optional(),
      password: secretReferenceSchema.optional(),
      from: z.string().min(3),
      to: z.array(z.string().min(3)).min(1),
    })
    .strict(),
  z
    .object({
      ...channelBase,
      type: z.literal('siem'),
      /** OCSF Detection Finding JSON lines appended to this file. */
      file: z.string().min(1).optional(),
      /** Or sent as RFC 5424 syslog messages. */
      syslog: z.object({ host: z.string().min(1), port: z.number().int().min(1).max(65535).default(514), protocol: z.enum(['udp', 'tcp']).default('udp') }).strict().optional(),
    })
    .strict()
    .refine((channel) => (channel.file === undefined) !== (channel.syslog === undefined), { message: 'give exactly one of `file` or `syslog`' }),
]);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;

export const alertsConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    rules: z
      .object({
        bulkUnenrollment: bulkRuleSchema.default(bulkRuleSchema.parse({})),
        mfaDisabled: mfaDisabledRuleSchema.default(mfaDisabledRuleSchema.parse({})),
        weakened: weakenedRuleSchema.default(weakenedRuleSchema.parse({})),
      })
      .strict()
      .default({ bulkUnenrollment: bulkRuleSchema.parse({}), mfaDisabled: mfaDisabledRuleSchema.parse({}), weakened: weakenedRuleSchema.parse({}) }),
    /** More than `maxAlerts` new alerts of one rule and source within `windowMinutes` collapse into one storm alert. */
    storm: z
      .object({ maxAlerts: z.number().int().min(1).default(5), windowMinutes: z.number().int().min(1).default(10) })
      .strict()
      .default({ maxAlerts: 5, windowMinutes: 10 }),
    suppressions: z.array(suppressionSchema).default([]),
    watch: z
      .object({
        /** Audit-log poll interval per source. */
        pollIntervalSeconds: z.number().int().min(1).default(60),
        /** Sources watched; every configured source when absent. */
        sources: z.array(z.string().min(1)).optional(),
        /** Look-back overlap per IdP beyond the stored cursor, at least the vendor's documented delivery delay. */
        lookBackMinutes: z
          .object({
            entra: z.number().int().min(0).default(10),
            okta: z.number().int().min(0).default(5),
            aws: z.number().int().min(0).default(30),
            google: z.number().int().min(0).default(60),
          })
          .strict()
          .default({ entra: 10, okta: 5, aws: 30, google: 60 }),
      })
      .strict()
      .default({ pollIntervalSeconds: 60, lookBackMinutes: { entra: 10, okta: 5, aws: 30, google: 60 } }),
    /** Base URL of this service's API, for the links to affected accounts in each alert. */
    apiBaseUrl: z.url().default('http://127.0.0.1:8080'),
    channels: z.array(channelConfigSchema).default([]),
    delivery: z
      .object({
        attempts: z.number().int().min(1).max(20).default(8),
        /** First retry delay; doubles each attempt (with jitter). */
        backoffMs: z.number().int().min(100).default(5000),
        timeoutMs: z.number().int().min(1000).default(15_000),
      })
      .strict()
      .default({ attempts: 8, backoffMs: 5000, timeoutMs: 15_000 }),
  })
  .strict()
  .superRefine((config, context) => {
    const seen = new Set<string>();
    config.channels.forEach((channel, index) => {
      if (seen.has(channel.id)) context.addIssue({ code: 'custom', message: `duplicate channel id ${channel.id}`, path: ['channels', index, 'id'] });
      seen.add(channel.id);
    });
  });
export type AlertsConfig = z.infer<typeof alertsConfigSchema>;

export const defaultAlertsConfig: AlertsConfig = alertsConfigSchema.parse({});
