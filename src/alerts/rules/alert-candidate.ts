/** What a rule proposes from a batch of events; the detector turns candidates into new or updated alerts. */
import type { AlertsConfig, AlertRuleId } from '../../config/alerts-config.js';
import type { AuditEvent } from '../audit-event.js';
import type { AlertAccount, AlertActor, AlertSeverity, CoverageImpact } from '../alert.js';

export interface AlertCandidate {
  key: string;
  rule: AlertRuleId;
  severity: AlertSeverity;
  title: string;
  summary: string;
  accounts: AlertAccount[];
  actors: AlertActor[];
  events: AuditEvent[];
  coverageImpact?: CoverageImpact;
  /** Open alerts with this key last seen at or after this instant are the same incident. */
  mergeSince: string;
}

/** What the rules know about the source beyond the events. */
export interface SourceContext {
  sourceId: string;
  /** Accounts with a registered factor in the latest run; null before the first run. */
  registeredAccounts: number | null;
  /** Ids and lower-cased logins of privileged accounts in the latest run. */
  privileged: ReadonlySet<string>;
}

export interface RuleInput {
  /** New events of one source, oldest first. */
  events: readonly AuditEvent[];
  /** Factor-loss events of the source already stored within the bulk window before these. */
  recentFactorLosses: readonly AuditEvent[];
  source: SourceContext;
  impacts: ReadonlyMap<string, CoverageImpact>;
  config: AlertsConfig;
  /** Scan-diff batches: the previous run's time; every change of the batch happened after it. */
  confirmSince?: string;
}

export interface AlertRule {
  id: AlertRuleId;
  title: string;
  evaluate(input: RuleInput): AlertCandidate[];
}

export function isPrivileged(source: SourceContext, target: { id: string; login?: string }): boolean {
  return source.privileged.has(target.id) || (target.login !== undefined && source.privileged.has(target.login.toLowerCase()));
}

export function minutesBefore(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) - minutes * 60_000).toISOString();
}

/** Actors with the distinct accounts each touched, most first. */
export function actorsOf(events: readonly AuditEvent[]): AlertActor[] {
  const byActor = new Map<string, { login?: string; accounts: Set<string> }>();
  for (const event of events) {
    const entry = byActor.get(event.actor.id) ?? { ...(event.actor.login ? { login: event.actor.login } : {}), accounts: new Set<string>() };
    entry.accounts.add(event.target.id);
    byActor.set(event.actor.id, entry);
  }
  return [...byActor.entries()]
    .map(([id, entry]) => ({ id, ...(entry.login ? { login: entry.login } : {}), accounts: entry.accounts.size }))
    .sort((a, b) => b.accounts - a.accounts || a.id.localeCompare(b.id));
}
