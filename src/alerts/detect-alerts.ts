/**
 * The one alert stream both detectors feed. Pure: rules propose candidates from a batch of one source's events; a
 * candidate whose key matches an alert last seen within the candidate's window updates that alert (so a watcher
 * event later confirmed by the scan diff stays one alert); otherwise it becomes a new alert, unless the rule already
 * raised `storm.maxAlerts` for the source within the storm window, in which case it joins one storm alert. Matching
 * suppression windows store the alert as `suppressed` without notifying. Notifications go out for a new alert and for
 * a severity escalation, never for a mere update, so nothing is sent twice.
 */
import { createHash } from 'node:crypto';
import type { AlertsConfig } from '../config/alerts-config.js';
import type { AuditEvent, Detector } from './audit-event.js';
import { alertSeverities, type Alert, type AlertAccount, type CoverageImpact } from './alert.js';
import { actorsOf, minutesBefore, type AlertCandidate, type AlertRule, type SourceContext } from './rules/alert-candidate.js';
import { bulkUnenrollmentRule } from './rules/bulk-unenrollment.js';
import { mfaDisabledRule } from './rules/mfa-disabled.js';
import { mfaWeakenedRule } from './rules/mfa-weakened.js';
import type { IdentityProviderId } from '../model/identity-provider.js';

/** Every alert rule, in evaluation order. */
export const alertRules: readonly AlertRule[] = [bulkUnenrollmentRule, mfaDisabledRule, mfaWeakenedRule];

const maxEventIds = 200;
const maxStormItems = 50;

export interface DetectionInput {
  idp: IdentityProviderId;
  events: readonly AuditEvent[];
  recentFactorLosses: readonly AuditEvent[];
  /** Alerts of the source updated recently enough to be merged into (any status). */
  recentAlerts: readonly Alert[];
  source: SourceContext;
  impacts?: ReadonlyMap<string, CoverageImpact>;
  config: AlertsConfig;
  now: Date;
  confirmSince?: string;
}

export interface AlertChange {
  alert: Alert;
  change: 'created' | 'updated';
  /** Deliver to the channels: a new unsuppressed alert, or an escalation of severity. */
  notify: boolean;
}

export function alertIdFor(key: string, firstEventId: string): string {
  return `alr_${createHash('sha256').update(`${key}\n${firstEventId}`).digest('hex').slice(0, 20)}`;
}

function mergeAccounts(existing: readonly AlertAccount[], added: readonly AlertAccount[]): AlertAccount[] {
  const byId = new Map(existing.map((account) => [account.id, account]));
  for (const account of added) {
    const known = byId.get(account.id);
    byId.set(account.id, known ? { ...known, privileged: known.privileged || account.privileged, ...(known.login || !account.login ? {} : { login: account.login }) } : account);
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function suppressionFor(config: AlertsConfig, candidate: AlertCandidate, sourceId: string, at: string): string | undefined {
  const actorIds = new Set(candidate.actors.flatMap((actor) => [actor.id, actor.login ?? actor.id].map((value) => value.toLowerCase())));
  const match = config.suppressions.find(
    (entry) =>
      (entry.rule === undefined || entry.rule === candidate.rule) &&
      (entry.source === undefined || entry.source === sourceId) &&
      (entry.actor === undefined || (actorIds.size > 0 && [...actorIds].every((id) => id === entry.actor!.toLowerCase()))) &&
      Date.parse(entry.from) <= Date.parse(at) &&
      Date.parse(at) < Date.parse(entry.until),
  );
  return match ? `${match.reason} (suppressed ${match.from} – ${match.until})` : undefined;
}

function detectorsOf(events: readonly AuditEvent[], existing: readonly Detector[] = []): Detector[] {
  const set = new Set<Detector>(existing);
  for (const event of events) set.add(event.detector);
  return (['audit-log', 'scan-diff'] as const).filter((detector) => set.has(detector));
}

function span(events: readonly AuditEvent[]): { first: string; last: string } {
  const times = events.map((event) => event.occurredAt).sort();
  return { first: times[0] ?? '', last: times[times.length - 1] ?? '' };
}

function severityRank(severity: Alert['severity']): number {
  return alertSeverities.indexOf(severity);
}

function updateAlert(alert: Alert, candidate: AlertCandidate, now: string): { alert: Alert; escalated: boolean } {
  const known = new Set(alert.eventIds);
  const fresh = candidate.events.filter((event) => !known.has(event.vendorEventId));
  const { first, last } = span(candidate.events);
  const escalated = severityRank(candidate.severity) > severityRank(alert.severity);
  const accounts = mergeAccounts(alert.accounts, candidate.accounts);
  const updated: Alert = {
    ...alert,
    severity: escalated ? candidate.severity : alert.severity,
    // The bulk rule restates the whole window; a single-event rule keeps the first wording and counts events.
    title: alert.rule === 'bulk-unenrollment' ? candidate.title.replace(/\d+ accounts/, `${accounts.length} accounts`) : alert.title,
    summary: alert.rule === 'bulk-unenrollment' ? candidate.summary.replace(/^\d+ accounts/, `${accounts.length} accounts`) : alert.summary,
    accounts,
    actors: mergeActors(alert.actors, candidate.actors),
    eventCount: alert.eventCount + fresh.length,
    eventIds: [...alert.eventIds, ...fresh.map((event) => event.vendorEventId)].slice(0, maxEventIds),
    eventNames: [...new Set([...alert.eventNames, ...fresh.map((event) => event.vendorEventName)])].sort(),
    detectors: detectorsOf(candidate.events, alert.detectors),
    ...(candidate.coverageImpact && (alert.coverageImpact === undefined || alert.coverageImpact.accountsLosingCoverage === null) ? { coverageImpact: candidate.coverageImpact } : {}),
    firstSeenAt: first && first < alert.firstSeenAt ? first : alert.firstSeenAt,
    lastSeenAt: last > alert.lastSeenAt ? last : alert.lastSeenAt,
    updatedAt: now,
    revision: alert.revision + 1,
  };
  return { alert: updated, escalated };
}

function mergeActors(existing: Alert['actors'], added: Alert['actors']): Alert['actors'] {
  const byId = new Map(existing.map((actor) => [actor.id, actor]));
  for (const actor of added) {
    const known = byId.get(actor.id);
    byId.set(actor.id, known ? { ...known, accounts: Math.max(known.accounts, actor.accounts) } : actor);
  }
  return [...byId.values()].sort((a, b) => b.accounts - a.accounts || a.id.localeCompare(b.id));
}

function newAlert(candidate: AlertCandidate, input: DetectionInput, now: string): Alert {
  const { first, last } = span(candidate.events);
  const suppressedBy = suppressionFor(input.config, candidate, input.source.sourceId, last || now);
  return {
    id: alertIdFor(candidate.key, candidate.events[0]?.vendorEventId ?? now),
    key: candidate.key,
    rule: candidate.rule,
    severity: candidate.severity,
    status: suppressedBy ? 'suppressed' : 'open',
    sourceId: input.source.sourceId,
    idp: input.idp,
    title: candidate.title,
    summary: candidate.summary,
    accounts: candidate.accounts,
    actors: candidate.actors,
    eventCount: candidate.events.length,
    eventIds: candidate.events.map((event) => event.vendorEventId).slice(0, maxEventIds),
    eventNames: [...new Set(candidate.events.map((event) => event.vendorEventName))].sort(),
    detectors: detectorsOf(candidate.events),
    ...(candidate.coverageImpact ? { coverageImpact: candidate.coverageImpact } : {}),
    ...(suppressedBy ? { suppressedBy } : {}),
    firstSeenAt: first || now,
    lastSeenAt: last || now,
    createdAt: now,
    updatedAt: now,
    revision: 1,
  };
}

/** Runs every rule over one source's batch and returns the alerts to store, each marked whether to notify. */
export function detectAlerts(input: DetectionInput): AlertChange[] {
  const now = input.now.toISOString();
  const impacts = input.impacts ?? new Map<string, CoverageImpact>();
  const events = [...input.events].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const known = new Map(input.recentAlerts.map((alert) => [alert.id, alert]));
  const changes = new Map<string, AlertChange>();
  const record = (alert: Alert, change: AlertChange['change'], notify: boolean): void => {
    const previous = changes.get(alert.id);
    changes.set(alert.id, { alert, change: previous?.change ?? change, notify: (previous?.notify ?? false) || notify });
    known.set(alert.id, alert);
  };
  for (const rule of alertRules) {
    const candidates = rule.evaluate({
      events,
      recentFactorLosses: input.recentFactorLosses,
      source: input.source,
      impacts,
      config: input.config,
      ...(input.confirmSince !== undefined ? { confirmSince: input.confirmSince } : {}),
    });
    for (const candidate of candidates) {
      const match = [...known.values()]
        .filter((alert) => alert.key === candidate.key && alert.lastSeenAt >= candidate.mergeSince)
        .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt))[0];
      if (match) {
        const { alert, escalated } = updateAlert(match, candidate, now);
        record(alert, 'updated', escalated && alert.status === 'open');
        continue;
      }
      const stormSince = minutesBefore(span(candidate.events).last || now, input.config.storm.windowMinutes);
      const recentOfRule = [...known.values()].filter(
        (alert) => alert.rule === candidate.rule && alert.storm === undefined && !alert.key.startsWith('storm:') && alert.createdAt >= stormSince,
      );
      if (recentOfRule.length >= input.config.storm.maxAlerts) {
        const storm = joinStorm(candidate, [...known.values()], input, now, stormSince);
        record(storm.alert, storm.created ? 'created' : 'updated', storm.created && storm.alert.status === 'open');
        continue;
      }
      const alert = newAlert(candidate, input, now);
      record(alert, 'created', alert.status === 'open');
    }
  }
  return [...changes.values()];
}

function joinStorm(candidate: AlertCandidate, known: readonly Alert[], input: DetectionInput, now: string, stormSince: string): { alert: Alert; created: boolean } {
  const key = `storm:${candidate.rule}:${input.source.sourceId}`;
  const existing = known.filter((alert) => alert.key === key && alert.lastSeenAt >= stormSince).sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt))[0];
  if (existing) {
    const { alert } = updateAlert(existing, { ...candidate, key, severity: existing.severity }, now);
    const count = (existing.storm?.count ?? 0) + 1;
    const items = [...(existing.storm?.items ?? []), candidate.title].slice(0, maxStormItems);
    return { alert: { ...alert, title: stormTitle(candidate, input, count), summary: `${count} more ${candidate.rule} alerts collapsed into this one.`, storm: { count, items } }, created: false };
  }
  const alert = newAlert({ ...candidate, key, actors: actorsOf(candidate.events) }, input, now);
  return {
    alert: { ...alert, title: stormTitle(candidate, input, 1), summary: `More than ${input.config.storm.maxAlerts} ${candidate.rule} alerts within ${input.config.storm.windowMinutes} min; the rest collapse into this one.`, storm: { count: 1, items: [candidate.title] } },
    created: true,
  };
}

function stormTitle(candidate: AlertCandidate, input: DetectionInput, count: number): string {
  return `Alert storm in ${input.source.sourceId}: ${count} further ${candidate.rule} alert(s)`;
}
