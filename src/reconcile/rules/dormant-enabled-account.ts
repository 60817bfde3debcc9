/**
 * An enabled interactive account with no sign-in for the configured number of days. A cloud account's root user is
 * not one: leaving it unused is the recommended practice (its recent use is a finding of its own).
 */
import type { Finding, FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, identityReferences, isInteractive, type ReconcileRuleInput } from './reconcile-rule-input.js';

const dayMs = 86_400_000;

export const dormantEnabledAccount: FindingRule<ReconcileRuleInput> = {
  id: 'dormant-enabled-account',
  title: 'An enabled account has not signed in for a long time',
  severity: 'low',
  rationale: 'A dormant account is nobody\'s daily tool: its password is old, its misuse goes unnoticed, and it is the favourite target of password spraying.',
  remediation: 'Confirm with the owner whether it is still needed; disable it if not. Review dormant accounts at a fixed interval.',
  references: [...identityReferences, 'CIR 2024/2690 11.5.4'],
  evaluate({ reconciliation, asOf, settings }) {
    const cutoff = asOf.getTime() - settings.dormantAfterDays * dayMs;
    const findings: Finding[] = [];
    for (const entry of reconciliation.accounts) {
      if (!isInteractive(entry) || entry.accountClass.value === 'root') continue;
      const { lastSignInAt, createdAt } = entry.account;
      if (lastSignInAt !== null) {
        const at = Date.parse(lastSignInAt);
        if (at >= cutoff) continue;
        findings.push(finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} last signed in on ${lastSignInAt.slice(0, 10)}, ${Math.floor((asOf.getTime() - at) / dayMs)} days before the snapshot (threshold ${settings.dormantAfterDays}).`));
        continue;
      }
      // Never signed in: dormant once it has existed longer than the threshold; without a creation date nothing is known.
      if (createdAt === null || Date.parse(createdAt) >= cutoff) continue;
      findings.push(finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} has never signed in since its creation on ${createdAt.slice(0, 10)} (threshold ${settings.dormantAfterDays} days).`));
    }
    return findings;
  },
};
