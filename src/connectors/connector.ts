/**
 * The connector contract. A connector is one folder with one definition object: it collects raw vendor
 * payloads into a snapshot (I/O, through the official SDK) and analyses a snapshot into assessed accounts and
 * findings (pure apart from reading the snapshot's files). Vendor types never leave the connector's folder.
 */
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { AssessedAccount } from '../model/account.js';
import type { Finding } from '../model/finding.js';
import type { IdentityProviderId } from '../model/identity-provider.js';
import type { RawSource } from '../snapshot/snapshot-reader.js';
import type { SourceError } from '../snapshot/snapshot-format.js';
import type { SourceRecorder } from '../snapshot/snapshot-writer.js';

/** Progress events, for the CLI's progress bar and the worker's job progress. */
export interface ProgressSink {
  pageFetched(event: { sourceId: string; endpoint: string; items: number }): void;
  /**
   * Something a person watching the scan should know while it runs (a request waiting on the rate-limit budget other
   * callers are using, a source past its deadline). Optional, so a sink that shows only pages need not implement it.
   */
  notice?(event: { sourceId: string; endpoint: string; message: string }): void;
}

export const silentProgress: ProgressSink = { pageFetched: () => undefined };

export interface CollectContext {
  logger: Logger;
  now: () => Date;
  progress: ProgressSink;
  signal?: AbortSignal;
  env: NodeJS.ProcessEnv;
  /**
   * The same source in an earlier snapshot, when the scan was asked to be incremental. A connector may carry
   * unchanged per-object payloads forward instead of fetching them again; none may require it.
   */
  previous?: RawSource;
}

/** Settings that shape the analysis; part of the pure function's input, recorded in the report. */
export interface AnalysisSettings {
  /** Days without sign-in after which an enabled account is dormant. */
  dormantAfterDays: number;
  /**
   * Case-insensitive regular expressions over an account's login (the part before any `@`) that mark a
   * non-interactive service account where the identity provider has no such flag (Entra users, Okta users).
   */
  serviceAccountPatterns: string[];
}

export const defaultAnalysisSettings: AnalysisSettings = {
  dormantAfterDays: 90,
  serviceAccountPatterns: ['^svc[-_.]', '^service[-_.]', '^sa[-_.]'],
};

export interface AnalyseContext {
  /** The instant the analysis judges against: the snapshot's creation time, never the wall clock. */
  asOf: Date;
  settings: AnalysisSettings;
}

/** One enforcement policy as evaluated, for the report's "which policy covers whom". */
export interface PolicySummary {
  id: string;
  name: string;
  state: string;
  requiresMfa: boolean;
  /** One line each: who is included, excluded, and under which conditions. */
  scope: string[];
}

export interface SourceAnalysis {
  accounts: AssessedAccount[];
  findings: Finding[];
  policies: PolicySummary[];
  /**
   * Objects the analysis could not understand (a schema refused them), one entry each naming the object: the
   * verdicts they could affect are `unknown`, and the report marks the source `partial` with these as its errors.
   */
  problems?: SourceError[];
}

export interface ConnectorDefinition<Config extends { connector: IdentityProviderId } = { connector: IdentityProviderId }> {
  id: IdentityProviderId;
  title: string;
  /** Validates a `sources.<id>` block whose `connector` is this connector's id. */
  configSchema: z.ZodType<Config>;
  /** Least-privilege permissions, as docs/permissions.md lists them. */
  permissions: readonly string[];
  /**
   * The endpoints that list the source's accounts. A source that could not read one of them is `failed`, not
   * `partial`: without its account list nobody in it can be judged (docs/architecture.md, "Failure semantics").
   */
  accountEndpoints: readonly string[];
  /** The tenant label recorded in the snapshot. */
  tenantOf(config: Config): string;
  collect(config: Config, recorder: SourceRecorder, context: CollectContext): Promise<void>;
  /**
   * Optional: a config that spans many tenants (an AWS organisation) expands into one source per tenant,
   * each collected on its own and failing on its own. `key` is appended to the source id (`<id>.<key>`).
   * `countRequest` receives each request the expansion spends, so the snapshot's request counts include them.
   */
  expand?(config: Config, context: CollectContext, countRequest: (label: string) => void): Promise<Array<{ key: string; tenant: string; config: Config }>>;
  analyse(source: RawSource, context: AnalyseContext): Promise<SourceAnalysis>;
}

/** Declares a connector; the identity function keeps the config type attached to the definition. */
export function defineConnector<Config extends { connector: IdentityProviderId }>(
  definition: ConnectorDefinition<Config>,
): ConnectorDefinition<Config> {
  return definition;
}
