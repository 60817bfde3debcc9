/**
 * The configuration file (YAML), validated once by one zod schema and then frozen.
 * `sources` is keyed by instance id; each block is checked by its connector's own schema.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { connectorConfigSchema } from '../connectors/registry.js';
import { secretReferenceSchema } from './secret-reference.js';
import { alertsConfigSchema, defaultAlertsConfig } from './alerts-config.js';
import { apiConfigSchema, defaultApiConfig } from './api-config.js';
import { consoleConfigSchema, defaultConsoleConfig } from '../console/console-config.js';
import { queueConfigSchema, schedulesConfigSchema, simulateConfigSchema, storeConfigSchema } from './service-config.js';
import { defaultAnalysisSettings } from '../connectors/connector.js';
import {
  breakGlassAccountSchema,
  correlationConfigSchema,
  directoryConfigSchema,
  federationConfigSchema,
  methodPolicyConfigSchema,
  tiersConfigSchema,
} from '../reconcile/reconcile-config.js';

export const appConfigSchema = z
  .object({
    /** The entity the report is about, shown on its cover. */
    organisation: z.object({ name: z.string().min(1) }).strict(),
    /** Identity-provider tenants to scan, keyed by a short id that names the snapshot folder. */
    sources: z
      .record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a source id may hold letters, digits, . _ - only'), connectorConfigSchema)
      .refine((sources) => Object.keys(sources).length > 0, { message: 'configure at least one source' }),
    analysis: z
      .object({
        /** Days without a sign-in after which an enabled account counts as dormant. */
        dormantAfterDays: z.number().int().min(1).default(defaultAnalysisSettings.dormantAfterDays),
        /** Regular expressions (case-insensitive) over the login's local part marking non-interactive service accounts. */
        serviceAccountPatterns: z
          .array(z.string().refine(isValidRegExp, { message: 'not a valid regular expression' }))
          .default(defaultAnalysisSettings.serviceAccountPatterns),
      })
      .strict()
      .default(defaultAnalysisSettings),
    output: z
      .object({
        /** Where `scan` writes when no --out is given: a timestamped folder under it. */
        directory: z.string().min(1).default('out'),
        /**
         * Earlier reports for the trend and diff: a directory of report.json files, or of scan folders each holding
         * one (`out` itself, to build on every earlier scan). Relative to the working directory, like `directory`;
         * a folder that does not exist yet means no history. `scan --history` overrides it. Default: no history.
         */
        history: z.string().min(1).optional(),
      })
      .strict()
      .default({ directory: 'out' }),
    /** The evidence manifest written beside every report (docs/evidence-manifest.md). */
    evidence: z
      .object({
        /** An Ed25519 private key (PEM, PKCS#8) that signs manifest.json into manifest.sig: `{ env }` or `{ file }`; unsigned without it. */
        signingKey: secretReferenceSchema.optional(),
      })
      .strict()
      .default({}),
    /** The authoritative directory: an HR roster CSV, or `{ source: <id> }` for an IdP acting as one. */
    directory: directoryConfigSchema.optional(),
    /** How accounts are linked to people beyond employee id, email/UPN and aliases. */
    correlation: correlationConfigSchema.default(correlationConfigSchema.parse({})),
    /** Declared emergency-access accounts; never guessed. */
    breakGlass: z.array(breakGlassAccountSchema).default([]),
    /** Tier assignment rules (privileged accounts are always tier 1). */
    tiers: tiersConfigSchema.default(tiersConfigSchema.parse({})),
    /** The weakest acceptable factor strength per tier. */
    methodPolicy: methodPolicyConfigSchema.default(methodPolicyConfigSchema.parse({})),
    /** The exception register (YAML or CSV); a relative path is resolved against this file's folder. */
    exceptions: z.string().min(1).optional(),
    /** Sources whose delegated sign-ins are authenticated by another source (SSO). */
    federation: federationConfigSchema.default({}),
    /** The HTTP API of `serve`: listen address, per-token rate limit, dashboard sessions (docs/api.md). */
    api: apiConfigSchema.default(defaultApiConfig),
    /** The service's job queue (Redis); `serve` and `worker` only. */
    queue: queueConfigSchema.default(queueConfigSchema.parse({})),
    /** The service's history store and run artefacts; `serve` and `worker` only. */
    store: storeConfigSchema.default(storeConfigSchema.parse({})),
    /** Scans the service starts by itself; `serve` only. */
    schedules: schedulesConfigSchema,
    /** Demo only: `serve` answers every source from the local simulators over a generated tenant. */
    simulate: simulateConfigSchema.optional(),
    /** The web console of `serve` (docs/console.md): monthly-report schedule, session length, OpenID Connect sign-in. */
    console: consoleConfigSchema.default(defaultConsoleConfig),
    /** Alerts when MFA is taken away (docs/alerts.md): rules, suppressions, audit-log watchers, delivery channels. */
    alerts: alertsConfigSchema.default(defaultAlertsConfig),
  })
  .strict()
  .superRefine((config, context) => {
    const known = new Set(Object.keys(config.sources));
    const check = (id: string | undefined, path: (string | number)[]) => {
      if (id !== undefined && !known.has(id)) context.addIssue({ code: 'custom', path, message: `no source ${id} is configured under sources` });
    };
    if (config.directory && 'source' in config.directory) check(config.directory.source, ['directory', 'source']);
    for (const [from, { delegatesTo }] of Object.entries(config.federation)) {
      check(from, ['federation', from]);
      check(delegatesTo, ['federation', from, 'delegatesTo']);
      if (from === delegatesTo) context.addIssue({ code: 'custom', path: ['federation', from, 'delegatesTo'], message: 'a source cannot delegate to itself' });
    }
    config.breakGlass.forEach((entry, index) => check(entry.sourceId, ['breakGlass', index, 'sourceId']));
    config.correlation.rules.forEach((rule, index) => check(rule.sourceId, ['correlation', 'rules', index, 'sourceId']));
    config.schedules.forEach((schedule, index) => schedule.sources?.forEach((id, at) => check(id, ['schedules', index, 'sources', at])));
    config.alerts.watch.sources?.forEach((id, index) => check(id, ['alerts', 'watch', 'sources', index]));
    config.alerts.suppressions.forEach((entry, index) => check(entry.source, ['alerts', 'suppressions', index, 'source']));
  });

export type AppConfig = z.infer<typeof appConfigSchema>;

/** Parses and validates config text; errors name the file, line and field. */
export function parseAppConfig(text: string, file: string): AppConfig {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const line = first?.linePos?.[0]?.line;
    throw new ConfigError(`${file}${line ? `:${line}` : ''}: not valid YAML: ${first?.message ?? 'parse error'}`);
  }
  const result = appConfigSchema.safeParse(document.toJS());
  if (!result.success) {
    const details = result.error.issues.map((issue) => {
      const node = document.getIn(issue.path as (string | number)[], true) as { range?: [number, number, number] } | undefined;
      const offset = node && typeof node === 'object' && 'range' in node ? node.range?.[0] : undefined;
      const line = offset !== undefined ? lineOf(text, offset) : undefined;
      const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
      return `${file}${line ? `:${line}` : ''}: field ${field}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${details.join('\n  ')}`);
  }
  return deepFreeze(result.data);
}

export async function loadAppConfig(file: string): Promise<AppConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${file}: ${(error as Error).message}`, { cause: error });
  }
  return parseAppConfig(text, file);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index += 1) if (text.charCodeAt(index) === 10) line += 1;
  return line;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}


function isValidRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch (error) {
    return !(error instanceof SyntaxError);
  }
}
