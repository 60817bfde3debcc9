/** An enabled interactive account with no sign-in for the configured number of days. */
import type { FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, identityReferences, isInteractive, type ReconcileRuleInput } from './reconcile-rule-input.js';

const dayMs = 86_400_000;

export const dormantEnabledAccount: FindingRule<ReconcileRuleInput> = {
  id: 'dormant-enabled-account',
  title: 'An enabled account has not signed in for a long time',
  severity: 'low',
  rationale: 'A dormant account is nobody\'s daily tool: its password is old, its misuse goes unnoticed, and it is the favourite target of password spraying.',
  remediation: 'Confirm with the owner whether it is still needed; disable it if not. Review dormant accounts at a fixed interval.',
  references: identityReferences,
  evaluate({ reconciliation, asOf, settings }) {
    const cutoff = asOf.getTime() - settings.dormantAfterDays * dayMs;
    return reconciliation.accounts.flatMap((entry) => {
      if (!isInteractive(entry)) return [];
      const { lastSignInAt, createdAt } = entry.account;
      if (lastSignInAt !== null) {
        const at = new Date(lastSignInAt).getTime();
        if (at >= cutoff) return [];
        return [finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} last signed in on ${lastSignInAt.slice(0, 10)}, ${Math.floor((asOf.getTime() - at) / dayMs)} days before the snapshot (threshold ${settings.dormantAfterDays}).`)];
      }
      // Never signed in: dormant once it has existed longer than the threshold; without a creation date nothing is known.
      if (createdAt === null || new Date(createdAt).getTime() >= cutoff) return [];
      return [finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} has never signed in since its creation on ${createdAt.slice(0, 10)} (threshold ${settings.dormantAfterDays} days).`)];
    });
  },
};
