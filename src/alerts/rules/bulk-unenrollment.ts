/**
 * Bulk MFA unenrollment: at least `minAccounts` distinct accounts, or `minPercent` of the source's registered
 * accounts, losing a factor within a sliding window. Published rules alert on every single removal and define no
 * bulk threshold; this product chooses Sentinel's nearest analogue (more than 9 distinct targets per hour) as the
 * default, plus a relative one. Critical when a privileged account is among them or one actor alone crossed the
 * threshold (a compromised admin or a runaway script).
 */
import { factorLossKinds, type AuditEvent } from '../audit-event.js';
import type { AlertAccount } from '../alert.js';
import { actorsOf, isPrivileged, minutesBefore, type AlertCandidate, type AlertRule, type RuleInput } from './alert-candidate.js';

function thresholdReached(accounts: number, input: RuleInput): boolean {
  const settings = input.config.rules.bulkUnenrollment;
  if (accounts >= settings.minAccounts) return true;
  const registered = input.source.registeredAccounts;
  return registered !== null && registered > 0 && (accounts / registered) * 100 >= settings.minPercent;
}

function distinctAccounts(events: readonly AuditEvent[], input: RuleInput): AlertAccount[] {
  const accounts = new Map<string, AlertAccount>();
  for (const event of events) {
    if (accounts.has(event.target.id)) continue;
    accounts.set(event.target.id, { id: event.target.id, ...(event.target.login ? { login: event.target.login } : {}), privileged: isPrivileged(input.source, event.target) });
  }
  return [...accounts.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export const bulkUnenrollmentRule: AlertRule = {
  id: 'bulk-unenrollment',
  title: 'Bulk MFA unenrollment',
  evaluate(input) {
    const settings = input.config.rules.bulkUnenrollment;
    if (!settings.enabled) return [];
    const losses = input.events.filter((event) => factorLossKinds.has(event.kind));
    if (losses.length === 0) return [];
    const all = [...input.recentFactorLosses, ...losses].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    const latest = all[all.length - 1]?.occurredAt ?? losses[0]!.occurredAt;
    // The scan diff cannot date a change inside the interval between runs: its whole batch is one window.
    const windowStart = input.confirmSince ?? minutesBefore(latest, settings.windowMinutes);
    const inWindow = all.filter((event) => event.occurredAt >= windowStart);
    const accounts = distinctAccounts(inWindow, input);
    if (!thresholdReached(accounts.length, input)) return [];
    const actors = actorsOf(inWindow.filter((event) => event.detector === 'audit-log'));
    const loneActor = actors.find((actor) => actor.id !== 'unknown' && thresholdReached(actor.accounts, input));
    const privileged = accounts.filter((account) => account.privileged);
    const severity = loneActor || privileged.length > 0 ? 'critical' : 'high';
    const registered = input.source.registeredAccounts;
    const share = registered ? ` (${((accounts.length / registered) * 100).toFixed(1)}% of ${registered} registered)` : '';
    const why = [
      loneActor ? `${loneActor.login ?? loneActor.id} alone removed factors of ${loneActor.accounts}` : undefined,
      privileged.length > 0 ? `${privileged.length} privileged` : undefined,
    ].filter(Boolean);
    const candidate: AlertCandidate = {
      key: `bulk-unenrollment:${input.source.sourceId}`,
      rule: 'bulk-unenrollment',
      severity,
      title: `Bulk MFA unenrollment in ${input.source.sourceId}: ${accounts.length} accounts lost a factor`,
      summary:
        `${accounts.length} accounts${share} lost an MFA factor ` +
        (input.confirmSince ? `since the previous scan (${input.confirmSince})` : `within ${settings.windowMinutes} min`) +
        (why.length > 0 ? `; ${why.join('; ')}` : '') +
        '.',
      accounts,
      actors,
      events: inWindow,
      mergeSince: windowStart,
    };
    return [candidate];
  },
};
