/**
 * MFA disabled: an enforcement policy disabled, deleted, put in report-only or downgraded to one factor, a tenant
 * baseline off (security defaults, Google 2SV enforcement of an OU), a per-user MFA disable, or a privileged account
 * losing its last factor (seen by the scan diff). Immediate and critical: one event is enough. The alert carries how
 * many accounts lose coverage, computed by re-analysing the latest snapshot with the change applied.
 */
import { enforcementLossKinds, type AuditEvent } from '../audit-event.js';
import { actorsOf, isPrivileged, minutesBefore, type AlertCandidate, type AlertRule } from './alert-candidate.js';

/** Scan-diff marker of a privileged account whose last factor went: `factor-removed` with this vendor name. */
export const lastFactorRemovedEventName = 'scan-diff/last-factor-removed';

export const mfaDisabledRule: AlertRule = {
  id: 'mfa-disabled',
  title: 'MFA disabled',
  evaluate(input) {
    const settings = input.config.rules.mfaDisabled;
    if (!settings.enabled) return [];
    const candidates = new Map<string, AlertCandidate>();
    for (const event of input.events) {
      const forUser = event.kind === 'mfa-disabled-for-user' || (event.vendorEventName === lastFactorRemovedEventName && isPrivileged(input.source, event.target));
      if (!forUser && !enforcementLossKinds.has(event.kind)) continue;
      const key = `mfa-disabled:${input.source.sourceId}:${event.target.type}:${event.target.id}`;
      const existing = candidates.get(key);
      if (existing) {
        existing.events.push(event);
        existing.actors = actorsOf(existing.events);
        existing.summary = `${existing.summary.replace(/ \(\d+ events\)$/, '')} (${existing.events.length} events)`;
        continue;
      }
      const impact = input.impacts.get(event.vendorEventId);
      const impactText =
        impact?.accountsLosingCoverage !== null && impact?.accountsLosingCoverage !== undefined
          ? ` ${impact.accountsLosingCoverage} account(s) lose MFA coverage.`
          : impact
            ? ` Coverage impact unknown: ${impact.detail}.`
            : '';
      const accounts = event.target.type === 'user' ? [{ id: event.target.id, ...(event.target.login ? { login: event.target.login } : {}), privileged: isPrivileged(input.source, event.target) }] : [];
      candidates.set(key, {
        key,
        rule: 'mfa-disabled',
        severity: 'critical',
        title: `MFA disabled in ${input.source.sourceId}: ${titleOf(event)}`,
        summary: `${event.summary}.${impactText}`,
        accounts,
        actors: actorsOf([event]),
        events: [event],
        ...(impact ? { coverageImpact: impact } : {}),
        mergeSince: input.confirmSince ?? minutesBefore(event.occurredAt, settings.mergeWithinMinutes),
      });
    }
    return [...candidates.values()];
  },
};

function titleOf(event: AuditEvent): string {
  const name = event.target.name ?? event.target.login ?? event.target.id;
  switch (event.kind) {
    case 'policy-disabled':
      return `policy "${name}" disabled`;
    case 'policy-deleted':
      return `policy "${name}" deleted`;
    case 'policy-report-only':
      return `policy "${name}" switched to report-only`;
    case 'policy-downgraded':
      return `policy rule "${name}" downgraded to one factor`;
    case 'enforcement-off':
      return `${name} enforcement off`;
    case 'mfa-disabled-for-user':
      return `MFA turned off for ${name}`;
    default:
      return `privileged account ${name} lost its last factor`;
  }
}
