/**
 * The store's tables, as Kysely sees them: one interface per table, one `Database` listing them all. Both
 * dialects share these shapes, so every value is portable: instants are ISO-8601 UTC text (which sorts as time),
 * booleans are 0/1 integers, structured values are JSON text. Each migration in `migrations/` adds its tables here.
 */
export type RunTrigger = 'manual' | 'schedule';
export type RunStatus = 'queued' | 'running' | 'complete' | 'partial' | 'failed';
/** `expanded`: an AWS organisation replaced by one source per member account (it has no data of its own). */
export type RunSourceStatus = 'queued' | 'running' | 'complete' | 'partial' | 'failed' | 'expanded';

/** One scan: created when it is queued, finished when its report is recorded or it fails. */
export interface RunTable {
  id: string;
  trigger: RunTrigger;
  schedule_name: string | null;
  status: RunStatus;
  /** JSON array of the source ids asked for; null means every configured source. */
  requested_sources: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Why the run is partial or failed, for people. */
  error: string | null;
}

/** One source of a run (an AWS organisation has one per member account), with its collection progress. */
export interface RunSourceTable {
  run_id: string;
  source_id: string;
  connector: string;
  tenant: string;
  status: RunSourceStatus;
  /** Collections started for this source in this run: more than 1 after a worker crash or retry. */
  attempts: number;
  started_at: string | null;
  finished_at: string | null;
  requests: number;
  pages: number;
  /** Answers that were 429 (or the vendor's equivalent throttling status). */
  throttled: number;
  error: string | null;
  updated_at: string;
}

/** Requests, pages and throttled answers per endpoint label (`GET /users`) of one source of a run. */
export interface RunSourceEndpointTable {
  run_id: string;
  source_id: string;
  endpoint: string;
  requests: number;
  pages: number;
  throttled: number;
}

/** The report of a run: its summary, what the trend needs of it, and where its files are. */
export interface ReportTable {
  run_id: string;
  generated_at: string;
  snapshot_created_at: string;
  schema_version: string;
  /** `complete` when every source is, `partial` otherwise (the report says which source misses what). */
  status: 'complete' | 'partial';
  accounts: number;
  covered: number;
  not_covered: number;
  unknown: number;
  coverage_percent: number | null;
  /** JSON of the report's `summary`. */
  summary_json: string;
  /** JSON of the report's trend point (a `PriorReport`'s `point`): all the trend reads of older reports. */
  point_json: string;
  /** JSON of the report reduced for the diff (a `PriorReport` without its file): read for the latest prior only. */
  prior_json: string;
  /** The folder holding report.json, the CSVs, HTML, PDF, manifest and the raw snapshot. */
  artefacts_path: string;
}

/** One account's verdict in one run: what the API's filters, person pages, diffs and alerts read. */
export interface VerdictTable {
  run_id: string;
  source_id: string;
  account_id: string;
  idp: string;
  tenant: string;
  login: string;
  display_name: string;
  person_id: string | null;
  kind: string;
  enabled: number;
  privileged: number;
  tier: number;
  class: string;
  covered: string;
  effective_covered: string;
  mfa_enforced: string;
  mfa_registered: string;
  legacy_auth: string;
  method_policy: string;
  gap_count: number;
  /** Lower-case login, display name and person id, for the person search. */
  search_text: string;
  /** JSON array of the reasons behind `covered`. */
  reasons_json: string;
  /** JSON array of the report's gaps of the account (kind, state, exception id, evidence, reasons). */
  gaps_json: string;
}

/** One gap of one account in one run, so `gap` and exemption-state filters use an index. */
export interface VerdictGapTable {
  run_id: string;
  source_id: string;
  account_id: string;
  kind: string;
  state: string;
  exception_id: string | null;
}

/** A configured schedule as the service last saw it, with its last and next fire. */
export interface ScheduleTable {
  name: string;
  /** JSON of the schedule's config block. */
  spec_json: string;
  last_fired_at: string | null;
  last_run_id: string | null;
  next_fire_at: string | null;
  updated_at: string;
}

/** An API token: only the SHA-256 of its text is kept (token-repository.ts). */
export interface ApiTokenTable {
  id: string;
  name: string;
  /** `mfac_` and the first four characters, to tell tokens apart in a list. */
  prefix: string;
  token_hash: string;
  /** JSON array of scopes. */
  scopes_json: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

/** A queue-dashboard session: `id` is the SHA-256 of the cookie's secret. */
export interface ApiSessionTable {
  id: string;
  token_id: string;
  created_at: string;
  expires_at: string;
}

/** One person of a report's directory, as the report states them (`ReportPerson` JSON). */
export interface ReportPersonTable {
  run_id: string;
  person_id: string;
  covered: string;
  person_json: string;
}

export interface Database {
  runs: RunTable;
  run_sources: RunSourceTable;
  run_source_endpoints: RunSourceEndpointTable;
  reports: ReportTable;
  verdicts: VerdictTable;
  verdict_gaps: VerdictGapTable;
  schedules: ScheduleTable;
  api_tokens: ApiTokenTable;
  api_sessions: ApiSessionTable;
  report_people: ReportPersonTable;
}
