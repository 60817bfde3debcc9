/** An enabled person-type account that links to nobody in the directory. */
import type { Finding, FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, identityReferences, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const orphanAccount: FindingRule<ReconcileRuleInput> = {
  id: 'orphan-account',
  title: 'An enabled account belongs to nobody in the directory',
  severity: 'medium',
  rationale:
    'An account no person answers for is not reviewed, not removed at departure and not noticed when misused. It is either a leaver the roster already forgot, a shared account in disguise, or an intruder\'s.',
  remediation: 'Find the owner and link the account (fix the roster or add a correlation rule), declare it as service or break-glass, or disable it.',
  references: [...identityReferences, 'CIR 2024/2690 11.5.2(b)', 'CIR 2024/2690 11.5.4'],
  evaluate({ reconciliation, directoryConfigured }) {
    const findings: Finding[] = [];
    if (!directoryConfigured) return findings;
    for (const entry of reconciliation.accounts) {
      if (!entry.account.enabled || (entry.accountClass.value !== 'human' && entry.accountClass.value !== 'contractor') || entry.link?.personId) continue;
      findings.push(
        finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} is enabled and matches no person of the directory (${[entry.link?.detail, ...(entry.link?.conflicts ?? [])].filter(Boolean).join('; ')}).`),
      );
    }
    return findings;
  },
};
