/**
 * What the console reads and does, as ports: the pages depend on these, not on the store, the queue or the alert
 * repository directly, so each page is tested over a real store and benchmarked at scale with the same code.
 */
import type { AccountQuery, AccountsView, AlertDetail, AlertStatus, AlertsView, ExceptionsView, HomeView, PersonView, RunsView, RunView } from './console-views.js';

export interface ConsoleData {
  home(): Promise<HomeView>;
  accounts(query: AccountQuery): Promise<AccountsView>;
  person(personId: string): Promise<PersonView>;
  runs(after: string | null): Promise<RunsView>;
  /** Undefined for an unknown run; `verify` runs the evidence check over its directory. */
  run(runId: string, options: { verify: boolean }): Promise<RunView | undefined>;
  /** The file of an artefact the run's manifest lists; undefined for anything else. */
  artefact(runId: string, file: string): Promise<{ path: string; mediaType: string } | undefined>;
  exceptions(state: string): Promise<ExceptionsView>;
  /** report.exceptions.csv of the latest report; undefined without one. */
  exceptionsCsv(): Promise<{ path: string; runId: string } | undefined>;
}

/** The alert store as the console needs it (implemented over the alerts engineer's repository). */
export interface ConsoleAlerts {
  list(status: AlertStatus | 'all', limit: number): Promise<AlertsView['rows']>;
  get(id: string): Promise<AlertDetail | undefined>;
  /** Acknowledges an open alert; returns it as it now is, undefined when unknown. */
  acknowledge(id: string, by: string): Promise<AlertDetail | undefined>;
  openBySeverity(): Promise<Record<string, number>>;
}
