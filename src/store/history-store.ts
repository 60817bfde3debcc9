/**
 * The history repository: runs and their sources' progress, each run's report summary and artefacts folder,
 * every account's verdict per run, and the schedules' last and next fire. The API, the trend, the alerts and
 * the retention job read it; the scan flow writes it. One implementation over Kysely serves SQLite and PostgreSQL.
 */
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { parsePriorReport, type PriorReport } from '../reports/report-history.js';
import type { Report, ReportAccount, ReportGap, ReportPerson, ReportSummary, TrendPoint } from '../reports/report-model.js';
import type { Database, RunSourceStatus, RunStatus, RunTrigger, VerdictTable } from './database.js';

export interface RunSourceEndpointCounts {
  endpoint: string;
  requests: number;
  pages: number;
  throttled: number;
}

export interface RunSourceRecord {
  sourceId: string;
  connector: string;
  tenant: string;
  status: RunSourceStatus;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  requests: number;
  pages: number;
  throttled: number;
  error: string | null;
  endpoints: RunSourceEndpointCounts[];
}

export interface RunRecord {
  id: string;
  trigger: RunTrigger;
  scheduleName: string | null;
  status: RunStatus;
  /** Source ids asked for; null means every configured source. */
  requestedSources: string[] | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface RunDetail extends RunRecord {
  sources: RunSourceRecord[];
}

export interface ReportRecord {
  runId: string;
  generatedAt: string;
  snapshotCreatedAt: string;
  schemaVersion: string;
  status: 'complete' | 'partial';
  accounts: number;
  covered: number;
  notCovered: number;
  unknown: number;
  coveragePercent: number | null;
  artefactsPath: string;
}

export interface ReportDetail extends ReportRecord {
  summary: ReportSummary;
}

export interface VerdictGapRecord {
  kind: string;
  state: string;
  exceptionId: string | null;
  evidence: string[];
  reasons: string[];
}

export interface VerdictRecord {
  runId: string;
  sourceId: string;
  accountId: string;
  idp: string;
  tenant: string;
  login: string;
  displayName: string;
  personId: string | null;
  kind: string;
  enabled: boolean;
  privileged: boolean;
  tier: number;
  class: string;
  covered: string;
  effectiveCovered: string;
  mfaEnforced: string;
  mfaRegistered: string;
  legacyAuth: string;
  methodPolicy: string;
  reasons: string[];
  gaps: VerdictGapRecord[];
}

export interface VerdictFilter {
  /** Effective coverage (after federation): yes, no, unknown, n/a. */
  covered?: string;
  idp?: string;
  sourceId?: string;
  tier?: number;
  class?: string;
  /** Accounts with a gap of this kind. */
  gap?: string;
  /** Accounts with a gap in this exemption state (documented, expired, incomplete, quiet). */
  exemption?: string;
  personId?: string;
  privileged?: boolean;
  /** Case-insensitive substring of login, display name or person id. */
  search?: string;
}

/** Keyset position: the last row of the previous page. */
export interface VerdictCursor {
  sourceId: string;
  accountId: string;
}

export interface Page<T, C> {
  items: T[];
  /** Where the next page starts; null on the last page. */
  next: C | null;
}

export interface RunListFilter {
  status?: RunStatus;
  trigger?: RunTrigger;
}

/** Runs are listed newest first; the cursor is the last row's (createdAt, id). */
export interface RunCursor {
  createdAt: string;
  id: string;
}

export interface SourceProgress {
  status?: RunSourceStatus;
  startedAt?: string | null;
  finishedAt?: string | null;
  error?: string | null;
  /** Totals so far (they replace the stored ones). */
  requests?: number;
  pages?: number;
  throttled?: number;
  endpoints?: RunSourceEndpointCounts[];
}

export interface ScheduleRecord {
  name: string;
  spec: unknown;
  lastFiredAt: string | null;
  lastRunId: string | null;
  nextFireAt: string | null;
  updatedAt: string;
}

/** Requests and throttled answers summed over the kept runs, per connector and endpoint (for /metrics). */
export interface EndpointTotals {
  connector: string;
  endpoint: string;
  requests: number;
  throttled: number;
}

export interface HistoryStore {
  createRun(run: { id: string; trigger: RunTrigger; scheduleName?: string | null; requestedSources?: readonly string[] | null; createdAt: string }): Promise<void>;
  updateRun(id: string, change: { status: RunStatus; startedAt?: string; finishedAt?: string; error?: string | null }): Promise<void>;
  /** Moves a queued run to running (the first source collection started); a no-op in any other state. */
  markRunStarted(id: string, at: string): Promise<void>;
  /** Declares the sources of a run (after an AWS organisation is expanded); existing ones keep their progress. */
  addRunSources(runId: string, sources: ReadonlyArray<{ sourceId: string; connector: string; tenant: string }>, at: string): Promise<void>;
  updateSourceProgress(runId: string, sourceId: string, progress: SourceProgress, at: string): Promise<void>;
  /** Counts one more collection attempt of a source and resets its counters (a retry starts from scratch). */
  startSourceAttempt(runId: string, sourceId: string, at: string): Promise<number>;
  getRun(id: string): Promise<RunDetail | undefined>;
  listRuns(filter: RunListFilter, page: { limit: number; after?: RunCursor }): Promise<Page<RunRecord, RunCursor>>;
  runsByStatus(): Promise<Record<RunStatus, number>>;
  /**
   * Records a finished run's report and every account's verdict, replacing any from an earlier attempt, and
   * sets the run's status, all in one transaction: a reader sees the whole report or none of it.
   */
  recordReport(runId: string, report: Report, artefactsPath: string, finishedAt: string): Promise<void>;
  getReport(runId: string): Promise<ReportDetail | undefined>;
  listReports(page: { limit: number; after?: RunCursor }): Promise<Page<ReportRecord, RunCursor>>;
  latestReport(): Promise<ReportRecord | undefined>;
  /** One person of the run's directory as its report states them; undefined when the directory has no such id. */
  getPerson(runId: string, personId: string): Promise<ReportPerson | undefined>;
  /** Every report's trend point, oldest snapshot first (several reports of one snapshot each give a point). */
  trendPoints(): Promise<Array<{ runId: string; generatedAt: string; point: Omit<TrendPoint, 'current'> }>>;
  listVerdicts(runId: string, filter: VerdictFilter, page: { limit: number; after?: VerdictCursor }): Promise<Page<VerdictRecord, VerdictCursor>>;
  countVerdicts(runId: string, filter: VerdictFilter): Promise<number>;
  /** Earlier reports in the form the trend and diff take, for a report whose snapshot was taken at `snapshotCreatedAt`. */
  priorReports(snapshotCreatedAt: string): Promise<PriorReport[]>;
  upsertSchedule(name: string, spec: unknown, at: string): Promise<void>;
  removeSchedulesExcept(names: readonly string[]): Promise<string[]>;
  recordScheduleFire(name: string, fire: { firedAt: string; runId: string; nextFireAt: string | null }): Promise<void>;
  setScheduleNextFire(name: string, nextFireAt: string | null): Promise<void>;
  listSchedules(): Promise<ScheduleRecord[]>;
  endpointTotals(): Promise<EndpointTotals[]>;
  /** Deletes runs created before `cutoff` with everything they hold; returns their ids and artefact folders. */
  deleteRunsBefore(cutoff: string): Promise<Array<{ runId: string; artefactsPath: string | null }>>;
}

/** Rows per multi-row INSERT: well under SQLite's 32,766 bound variables and PostgreSQL's 65,535. */
const insertBatch = 500;

export function createHistoryStore(db: Kysely<Database>): HistoryStore {
  return new KyselyHistoryStore(db);
}

class KyselyHistoryStore implements HistoryStore {
  constructor(private readonly db: Kysely<Database>) {}

  async createRun(run: Parameters<HistoryStore['createRun']>[0]): Promise<void> {
    await this.db
      .insertInto('runs')
      .values({
        id: run.id,
        trigger: run.trigger,
        schedule_name: run.scheduleName ?? null,
        status: 'queued',
        requested_sources: run.requestedSources ? JSON.stringify(run.requestedSources) : null,
        created_at: run.createdAt,
        started_at: null,
        finished_at: null,
        error: null,
      })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
  }

  async updateRun(id: string, change: Parameters<HistoryStore['updateRun']>[1]): Promise<void> {
    await this.db
      .updateTable('runs')
      .set({
        status: change.status,
        ...(change.startedAt !== undefined ? { started_at: change.startedAt } : {}),
        ...(change.finishedAt !== undefined ? { finished_at: change.finishedAt } : {}),
        ...(change.error !== undefined ? { error: change.error } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async markRunStarted(id: string, at: string): Promise<void> {
    await this.db.updateTable('runs').set({ status: 'running', started_at: at }).where('id', '=', id).where('status', '=', 'queued').execute();
  }

  async addRunSources(runId: string, sources: ReadonlyArray<{ sourceId: string; connector: string; tenant: string }>, at: string): Promise<void> {
    for (let start = 0; start < sources.length; start += insertBatch) {
      const rows = sources.slice(start, start + insertBatch).map((source) => ({
        run_id: runId,
        source_id: source.sourceId,
        connector: source.connector,
        tenant: source.tenant,
        status: 'queued' as const,
        attempts: 0,
        started_at: null,
        finished_at: null,
        requests: 0,
        pages: 0,
        throttled: 0,
        error: null,
        updated_at: at,
      }));
      await this.db
        .insertInto('run_sources')
        .values(rows)
        .onConflict((conflict) => conflict.columns(['run_id', 'source_id']).doNothing())
        .execute();
    }
  }

  async startSourceAttempt(runId: string, sourceId: string, at: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('run_sources')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          status: 'running',
          started_at: at,
          finished_at: null,
          requests: 0,
          pages: 0,
          throttled: 0,
          error: null,
          updated_at: at,
        }))
        .where('run_id', '=', runId)
        .where('source_id', '=', sourceId)
        .execute();
      await trx.deleteFrom('run_source_endpoints').where('run_id', '=', runId).where('source_id', '=', sourceId).execute();
      const row = await trx.selectFrom('run_sources').select('attempts').where('run_id', '=', runId).where('source_id', '=', sourceId).executeTakeFirst();
      return row ? Number(row.attempts) : 0;
    });
  }

  async updateSourceProgress(runId: string, sourceId: string, progress: SourceProgress, at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('run_sources')
        .set({
          updated_at: at,
          ...(progress.status !== undefined ? { status: progress.status } : {}),
          ...(progress.startedAt !== undefined ? { started_at: progress.startedAt } : {}),
          ...(progress.finishedAt !== undefined ? { finished_at: progress.finishedAt } : {}),
          ...(progress.error !== undefined ? { error: progress.error } : {}),
          ...(progress.requests !== undefined ? { requests: progress.requests } : {}),
          ...(progress.pages !== undefined ? { pages: progress.pages } : {}),
          ...(progress.throttled !== undefined ? { throttled: progress.throttled } : {}),
        })
        .where('run_id', '=', runId)
        .where('source_id', '=', sourceId)
        .execute();
      if (progress.endpoints === undefined || progress.endpoints.length === 0) return;
      for (let start = 0; start < progress.endpoints.length; start += insertBatch) {
        const rows = progress.endpoints.slice(start, start + insertBatch).map((endpoint) => ({ run_id: runId, source_id: sourceId, ...endpoint }));
        await trx
          .insertInto('run_source_endpoints')
          .values(rows)
          .onConflict((conflict) =>
            conflict.columns(['run_id', 'source_id', 'endpoint']).doUpdateSet((eb) => ({
              requests: eb.ref('excluded.requests'),
              pages: eb.ref('excluded.pages'),
              throttled: eb.ref('excluded.throttled'),
            })),
          )
          .execute();
      }
    });
  }

  async getRun(id: string): Promise<RunDetail | undefined> {
    const run = await this.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!run) return undefined;
    const sources = await this.db.selectFrom('run_sources').selectAll().where('run_id', '=', id).orderBy('source_id').execute();
    const endpoints = await this.db.selectFrom('run_source_endpoints').selectAll().where('run_id', '=', id).orderBy('source_id').orderBy('endpoint').execute();
    const bySource = new Map<string, RunSourceEndpointCounts[]>();
    for (const row of endpoints) {
      const list = bySource.get(row.source_id) ?? [];
      list.push({ endpoint: row.endpoint, requests: Number(row.requests), pages: Number(row.pages), throttled: Number(row.throttled) });
      bySource.set(row.source_id, list);
    }
    return {
      ...runRecord(run),
      sources: sources.map((row) => ({
        sourceId: row.source_id,
        connector: row.connector,
        tenant: row.tenant,
        status: row.status,
        attempts: Number(row.attempts),
        startedAt: row.started_at,
        finishedAt: row.finished_at,
        requests: Number(row.requests),
        pages: Number(row.pages),
        throttled: Number(row.throttled),
        error: row.error,
        endpoints: bySource.get(row.source_id) ?? [],
      })),
    };
  }

  async listRuns(filter: RunListFilter, page: { limit: number; after?: RunCursor }): Promise<Page<RunRecord, RunCursor>> {
    let query = this.db.selectFrom('runs').selectAll();
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.trigger !== undefined) query = query.where('trigger', '=', filter.trigger);
    const after = page.after;
    if (after) query = query.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]));
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
    const items = rows.slice(0, page.limit).map(runRecord);
    const last = items.at(-1);
    return { items, next: rows.length > page.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
  }

  async runsByStatus(): Promise<Record<RunStatus, number>> {
    const rows = await this.db.selectFrom('runs').select(['status', (eb) => eb.fn.countAll().as('count')]).groupBy('status').execute();
    const counts: Record<RunStatus, number> = { queued: 0, running: 0, complete: 0, partial: 0, failed: 0 };
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  async recordReport(runId: string, report: Report, artefactsPath: string, finishedAt: string): Promise<void> {
    const status = report.summary.dataComplete ? 'complete' : 'partial';
    // The CLI's own reduction of a report.json, so the store's trend and diff equal `--history DIR`'s by construction.
    const prior = parsePriorReport(report, `run ${runId}`);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('verdict_gaps').where('run_id', '=', runId).execute();
      await trx.deleteFrom('verdicts').where('run_id', '=', runId).execute();
      await trx.deleteFrom('reports').where('run_id', '=', runId).execute();
      await trx.deleteFrom('report_people').where('run_id', '=', runId).execute();
      for (let start = 0; start < report.people.length; start += insertBatch) {
        const people = report.people.slice(start, start + insertBatch);
        await trx
          .insertInto('report_people')
          .values(people.map((person) => ({ run_id: runId, person_id: person.id, covered: person.covered, person_json: JSON.stringify(person) })))
          .execute();
      }
      for (let start = 0; start < report.accounts.length; start += insertBatch) {
        const accounts = report.accounts.slice(start, start + insertBatch);
        // An account listed twice by its source keeps its first verdict: the key is (run, source, account).
        await trx
          .insertInto('verdicts')
          .values(accounts.map((account) => verdictRow(runId, account)))
          .onConflict((conflict) => conflict.columns(['run_id', 'source_id', 'account_id']).doNothing())
          .execute();
        const gaps = accounts.flatMap((account) => account.gaps.map((gap) => gapRow(runId, account, gap)));
        for (let from = 0; from < gaps.length; from += insertBatch) {
          await trx
            .insertInto('verdict_gaps')
            .values(gaps.slice(from, from + insertBatch))
            .onConflict((conflict) => conflict.columns(['run_id', 'source_id', 'account_id', 'kind']).doNothing())
            .execute();
        }
      }
      const { summary } = report;
      await trx
        .insertInto('reports')
        .values({
          run_id: runId,
          generated_at: report.generatedAt,
          snapshot_created_at: report.snapshot.createdAt,
          schema_version: report.schemaVersion,
          status,
          accounts: summary.accounts,
          covered: summary.covered,
          not_covered: summary.notCovered,
          unknown: summary.unknown,
          coverage_percent: summary.coveragePercent,
          summary_json: JSON.stringify(summary),
          point_json: JSON.stringify(prior.point),
          prior_json: JSON.stringify({ generatedAt: prior.generatedAt, gaps: prior.gaps, exceptions: prior.exceptions }),
          artefacts_path: artefactsPath,
        })
        .execute();
      const partial = report.sources.filter((source) => source.status !== 'complete');
      await trx
        .updateTable('runs')
        .set({
          status,
          finished_at: finishedAt,
          error: partial.length === 0 ? null : partial.map((source) => `${source.sourceId} ${source.status}: ${source.errors.map((error) => error.message).join('; ') || 'no data'}`).join(' | '),
        })
        .where('id', '=', runId)
        .execute();
    });
    // Fresh statistics let the planner pick the per-person and filter indexes instead of scanning the whole run,
    // which at 100,000 accounts is the difference between tens and hundreds of milliseconds per console page.
    for (const table of ['verdicts', 'verdict_gaps', 'report_people'] as const) await sql`ANALYZE ${sql.table(table)}`.execute(this.db);
  }

  async getReport(runId: string): Promise<ReportDetail | undefined> {
    const row = await this.db.selectFrom('reports').selectAll().where('run_id', '=', runId).executeTakeFirst();
    return row ? { ...reportRecord(row), summary: JSON.parse(row.summary_json) as ReportSummary } : undefined;
  }

  async listReports(page: { limit: number; after?: RunCursor }): Promise<Page<ReportRecord, RunCursor>> {
    let query = this.db.selectFrom('reports').select(reportColumns);
    const after = page.after;
    if (after) query = query.where((eb) => eb.or([eb('generated_at', '<', after.createdAt), eb.and([eb('generated_at', '=', after.createdAt), eb('run_id', '<', after.id)])]));
    const rows = await query.orderBy('generated_at', 'desc').orderBy('run_id', 'desc').limit(page.limit + 1).execute();
    const items = rows.slice(0, page.limit).map(reportRecord);
    const last = items.at(-1);
    return { items, next: rows.length > page.limit && last ? { createdAt: last.generatedAt, id: last.runId } : null };
  }

  async latestReport(): Promise<ReportRecord | undefined> {
    const row = await this.db.selectFrom('reports').select(reportColumns).orderBy('generated_at', 'desc').orderBy('run_id', 'desc').limit(1).executeTakeFirst();
    return row ? reportRecord(row) : undefined;
  }

  async getPerson(runId: string, personId: string): Promise<ReportPerson | undefined> {
    const row = await this.db.selectFrom('report_people').select('person_json').where('run_id', '=', runId).where('person_id', '=', personId).executeTakeFirst();
    return row ? (JSON.parse(row.person_json) as ReportPerson) : undefined;
  }

  async trendPoints(): Promise<Array<{ runId: string; generatedAt: string; point: Omit<TrendPoint, 'current'> }>> {
    const rows = await this.db
      .selectFrom('reports')
      .select(['run_id', 'generated_at', 'point_json'])
      .orderBy('snapshot_created_at')
      .orderBy('generated_at')
      .orderBy('run_id')
      .execute();
    return rows.map((row) => ({ runId: row.run_id, generatedAt: row.generated_at, point: JSON.parse(row.point_json) as Omit<TrendPoint, 'current'> }));
  }

  async listVerdicts(runId: string, filter: VerdictFilter, page: { limit: number; after?: VerdictCursor }): Promise<Page<VerdictRecord, VerdictCursor>> {
    let query = this.filtered(runId, filter).selectAll('verdicts');
    const after = page.after;
    if (after) {
      query = query.where((eb) =>
        eb.or([eb('verdicts.source_id', '>', after.sourceId), eb.and([eb('verdicts.source_id', '=', after.sourceId), eb('verdicts.account_id', '>', after.accountId)])]),
      );
    }
    const rows = await query.orderBy('verdicts.source_id').orderBy('verdicts.account_id').limit(page.limit + 1).execute();
    const items = rows.slice(0, page.limit).map(verdictRecord);
    const last = items.at(-1);
    return { items, next: rows.length > page.limit && last ? { sourceId: last.sourceId, accountId: last.accountId } : null };
  }

  async countVerdicts(runId: string, filter: VerdictFilter): Promise<number> {
    const row = await this.filtered(runId, filter)
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  private filtered(runId: string, filter: VerdictFilter) {
    let query = this.db.selectFrom('verdicts').where('verdicts.run_id', '=', runId);
    if (filter.covered !== undefined) query = query.where('verdicts.effective_covered', '=', filter.covered);
    if (filter.idp !== undefined) query = query.where('verdicts.idp', '=', filter.idp);
    if (filter.sourceId !== undefined) query = query.where('verdicts.source_id', '=', filter.sourceId);
    if (filter.tier !== undefined) query = query.where('verdicts.tier', '=', filter.tier);
    if (filter.class !== undefined) query = query.where('verdicts.class', '=', filter.class);
    if (filter.personId !== undefined) query = query.where('verdicts.person_id', '=', filter.personId);
    if (filter.privileged !== undefined) query = query.where('verdicts.privileged', '=', filter.privileged ? 1 : 0);
    if (filter.search !== undefined && filter.search !== '') {
      // The escape character is explicit: SQLite has none by default, PostgreSQL's default is the same backslash.
      const pattern = `%${escapeLike(filter.search.toLowerCase())}%`;
      query = query.where(sql<boolean>`verdicts.search_text like ${pattern} escape '\\'`);
    }
    const { gap, exemption } = filter;
    if (gap !== undefined || exemption !== undefined) {
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('verdict_gaps')
            .select('verdict_gaps.kind')
            .whereRef('verdict_gaps.run_id', '=', 'verdicts.run_id')
            .whereRef('verdict_gaps.source_id', '=', 'verdicts.source_id')
            .whereRef('verdict_gaps.account_id', '=', 'verdicts.account_id')
            .$if(gap !== undefined, (inner) => inner.where('verdict_gaps.kind', '=', gap as string))
            .$if(exemption !== undefined, (inner) => inner.where('verdict_gaps.state', '=', exemption as string)),
        ),
      );
    }
    return query;
  }

  async priorReports(snapshotCreatedAt: string): Promise<PriorReport[]> {
    const rows = await this.db
      .selectFrom('reports')
      .select(['run_id', 'generated_at', 'snapshot_created_at', 'point_json', 'artefacts_path'])
      .where('snapshot_created_at', '<', snapshotCreatedAt)
      .orderBy('snapshot_created_at')
      .orderBy('generated_at')
      .execute();
    // The diff reads the gaps and register of the latest prior only; older ones give their trend point.
    const latest = rows.reduce<(typeof rows)[number] | undefined>(
      (held, row) => (!held || row.snapshot_created_at > held.snapshot_created_at || (row.snapshot_created_at === held.snapshot_created_at && row.generated_at > held.generated_at) ? row : held),
      undefined,
    );
    const latestPrior = latest
      ? await this.db.selectFrom('reports').select('prior_json').where('run_id', '=', latest.run_id).executeTakeFirstOrThrow()
      : undefined;
    return rows.map((row) => {
      const point = JSON.parse(row.point_json) as Omit<TrendPoint, 'current'>;
      const detail =
        row === latest && latestPrior ? (JSON.parse(latestPrior.prior_json) as Pick<PriorReport, 'gaps' | 'exceptions'>) : { gaps: [], exceptions: [] };
      // The evidence manifest hashes each prior's file: the report.json in the earlier run's folder.
      return { file: path.join(row.artefacts_path, 'report.json'), generatedAt: row.generated_at, point, gaps: detail.gaps, exceptions: detail.exceptions };
    });
  }

  async upsertSchedule(name: string, spec: unknown, at: string): Promise<void> {
    await this.db
      .insertInto('schedules')
      .values({ name, spec_json: JSON.stringify(spec), last_fired_at: null, last_run_id: null, next_fire_at: null, updated_at: at })
      .onConflict((conflict) => conflict.column('name').doUpdateSet({ spec_json: JSON.stringify(spec), updated_at: at }))
      .execute();
  }

  async removeSchedulesExcept(names: readonly string[]): Promise<string[]> {
    const rows = await this.db.selectFrom('schedules').select('name').execute();
    const removed = rows.map((row) => row.name).filter((name) => !names.includes(name));
    if (removed.length > 0) await this.db.deleteFrom('schedules').where('name', 'in', removed).execute();
    return removed;
  }

  async recordScheduleFire(name: string, fire: { firedAt: string; runId: string; nextFireAt: string | null }): Promise<void> {
    await this.db
      .updateTable('schedules')
      .set({ last_fired_at: fire.firedAt, last_run_id: fire.runId, next_fire_at: fire.nextFireAt })
      .where('name', '=', name)
      .execute();
  }

  async setScheduleNextFire(name: string, nextFireAt: string | null): Promise<void> {
    await this.db.updateTable('schedules').set({ next_fire_at: nextFireAt }).where('name', '=', name).execute();
  }

  async listSchedules(): Promise<ScheduleRecord[]> {
    const rows = await this.db.selectFrom('schedules').selectAll().orderBy('name').execute();
    return rows.map((row) => ({
      name: row.name,
      spec: JSON.parse(row.spec_json) as unknown,
      lastFiredAt: row.last_fired_at,
      lastRunId: row.last_run_id,
      nextFireAt: row.next_fire_at,
      updatedAt: row.updated_at,
    }));
  }

  async endpointTotals(): Promise<EndpointTotals[]> {
    const rows = await this.db
      .selectFrom('run_source_endpoints')
      .innerJoin('run_sources', (join) => join.onRef('run_sources.run_id', '=', 'run_source_endpoints.run_id').onRef('run_sources.source_id', '=', 'run_source_endpoints.source_id'))
      .select((eb) => [
        'run_sources.connector',
        'run_source_endpoints.endpoint',
        eb.fn.sum<number | string>('run_source_endpoints.requests').as('requests'),
        eb.fn.sum<number | string>('run_source_endpoints.throttled').as('throttled'),
      ])
      .groupBy(['run_sources.connector', 'run_source_endpoints.endpoint'])
      .orderBy('run_sources.connector')
      .orderBy('run_source_endpoints.endpoint')
      .execute();
    return rows.map((row) => ({ connector: row.connector, endpoint: row.endpoint, requests: Number(row.requests), throttled: Number(row.throttled) }));
  }

  async deleteRunsBefore(cutoff: string): Promise<Array<{ runId: string; artefactsPath: string | null }>> {
    const rows = await this.db
      .selectFrom('runs')
      .leftJoin('reports', 'reports.run_id', 'runs.id')
      .select(['runs.id as runId', 'reports.artefacts_path as artefactsPath'])
      .where('runs.created_at', '<', cutoff)
      .where('runs.status', 'not in', ['queued', 'running'])
      .execute();
    const ids = rows.map((row) => row.runId);
    for (let start = 0; start < ids.length; start += insertBatch) {
      const batch = ids.slice(start, start + insertBatch);
      await this.db.transaction().execute(async (trx) => {
        // Children first, explicitly: SQLite enforces the cascade only with foreign_keys on, PostgreSQL always.
        for (const table of ['verdict_gaps', 'verdicts', 'report_people', 'reports', 'run_source_endpoints', 'run_sources'] as const) {
          await trx.deleteFrom(table).where('run_id', 'in', batch).execute();
        }
        await trx.deleteFrom('runs').where('id', 'in', batch).execute();
      });
    }
    return rows.map((row) => ({ runId: row.runId, artefactsPath: row.artefactsPath ?? null }));
  }
}

const reportColumns = [
  'run_id',
  'generated_at',
  'snapshot_created_at',
  'schema_version',
  'status',
  'accounts',
  'covered',
  'not_covered',
  'unknown',
  'coverage_percent',
  'artefacts_path',
] as const;

function runRecord(row: Database['runs']): RunRecord {
  return {
    id: row.id,
    trigger: row.trigger,
    scheduleName: row.schedule_name,
    status: row.status,
    requestedSources: row.requested_sources === null ? null : (JSON.parse(row.requested_sources) as string[]),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
  };
}

function reportRecord(row: Pick<Database['reports'], (typeof reportColumns)[number]>): ReportRecord {
  return {
    runId: row.run_id,
    generatedAt: row.generated_at,
    snapshotCreatedAt: row.snapshot_created_at,
    schemaVersion: row.schema_version,
    status: row.status,
    accounts: Number(row.accounts),
    covered: Number(row.covered),
    notCovered: Number(row.not_covered),
    unknown: Number(row.unknown),
    coveragePercent: row.coverage_percent === null ? null : Number(row.coverage_percent),
    artefactsPath: row.artefacts_path,
  };
}

function verdictRow(runId: string, account: ReportAccount): VerdictTable {
  return {
    run_id: runId,
    source_id: account.sourceId,
    account_id: account.id,
    idp: account.idp,
    tenant: account.tenant,
    login: account.login,
    display_name: account.displayName,
    person_id: account.personId,
    kind: account.kind,
    enabled: account.enabled ? 1 : 0,
    privileged: account.privileged ? 1 : 0,
    tier: account.tier,
    class: account.class,
    covered: account.covered,
    effective_covered: account.effectiveCovered.value,
    mfa_enforced: account.mfaEnforced.value,
    mfa_registered: account.mfaRegistered.value,
    legacy_auth: account.legacyAuth.value,
    method_policy: account.methodPolicy.value,
    gap_count: account.gaps.length,
    search_text: [account.login, account.displayName, account.personId ?? ''].join('\n').toLowerCase(),
    reasons_json: JSON.stringify(account.reasons),
    gaps_json: JSON.stringify(account.gaps),
  };
}

function gapRow(runId: string, account: ReportAccount, gap: ReportGap): Database['verdict_gaps'] {
  return { run_id: runId, source_id: account.sourceId, account_id: account.id, kind: gap.kind, state: gap.state, exception_id: gap.exceptionId };
}

function verdictRecord(row: VerdictTable): VerdictRecord {
  return {
    runId: row.run_id,
    sourceId: row.source_id,
    accountId: row.account_id,
    idp: row.idp,
    tenant: row.tenant,
    login: row.login,
    displayName: row.display_name,
    personId: row.person_id,
    kind: row.kind,
    enabled: Number(row.enabled) === 1,
    privileged: Number(row.privileged) === 1,
    tier: Number(row.tier),
    class: row.class,
    covered: row.covered,
    effectiveCovered: row.effective_covered,
    mfaEnforced: row.mfa_enforced,
    mfaRegistered: row.mfa_registered,
    legacyAuth: row.legacy_auth,
    methodPolicy: row.method_policy,
    reasons: JSON.parse(row.reasons_json) as string[],
    gaps: JSON.parse(row.gaps_json) as VerdictGapRecord[],
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

