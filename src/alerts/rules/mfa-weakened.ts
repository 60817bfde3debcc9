/**
 * MFA weakened: a new exclusion or carve-out on an enforcement policy, a factor type enabled that the tier method
 * policy forbids (SMS or voice), number matching turned off, an authenticator deactivated for the whole org.
 * High severity: coverage narrows without being switched off.
 */
import { weakeningKinds } from '../audit-event.js';
import { actorsOf, minutesBefore, type AlertCandidate, type AlertRule } from './alert-candidate.js';

const describe: Record<string, string> = {
  'policy-exclusion-added': 'new exclusion on',
  'number-matching-off': 'number matching off in',
  'forbidden-factor-enabled': 'forbidden factor enabled in',
  'authenticator-deactivated': 'authenticator deactivated:',
};

export const mfaWeakenedRule: AlertRule = {
  id: 'mfa-weakened',
  title: 'MFA weakened',
  evaluate(input) {
    const settings = input.config.rules.weakened;
    if (!settings.enabled) return [];
    const candidates = new Map<string, AlertCandidate>();
    for (const event of input.events) {
      if (!weakeningKinds.has(event.kind)) continue;
      const key = `mfa-weakened:${input.source.sourceId}:${event.kind}:${event.target.id}`;
      const existing = candidates.get(key);
      if (existing) {
        existing.events.push(event);
        existing.actors = actorsOf(existing.events);
        continue;
      }
      const impact = input.impacts.get(event.vendorEventId);
      candidates.set(key, {
        key,
        rule: 'mfa-weakened',
        severity: 'high',
        title: `MFA weakened in ${input.source.sourceId}: ${describe[event.kind] ?? 'change to'} ${event.target.name ?? event.target.id}`,
        summary:
          `${event.summary}.` +
          (impact?.accountsLosingCoverage !== null && impact?.accountsLosingCoverage !== undefined ? ` ${impact.accountsLosingCoverage} account(s) lose MFA coverage.` : ''),
        accounts: [],
        actors: actorsOf([event]),
        events: [event],
        ...(impact ? { coverageImpact: impact } : {}),
        mergeSince: input.confirmSince ?? minutesBefore(event.occurredAt, settings.mergeWithinMinutes),
      });
    }
    return [...candidates.values()];
  },
};
