/** An enabled person-type account that links to nobody in the directory. */
import type { FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, identityReferences, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const orphanAccount: FindingRule<ReconcileRuleInput> = {
  id: 'orphan-account',
  title: 'An enabled account belongs to nobody in the directory',
  severity: 'medium',
  rationale:
    'An account no person answers for is not reviewed, not removed at departure and not noticed when misused. It is either a leaver the roster already forgot, a shared account in disguise, or an intruder\'s.',
  remediation: 'Find the owner and link the account (fix the roster or add a correlation rule), declare it as service or break-glass, or disable it.',
  references: identityReferences,
  evaluate({ reconciliation, directoryConfigured }) {
    if (!directoryConfigured) return [];
    return reconciliation.accounts
      .filter((entry) => entry.account.enabled && (entry.accountClass.value === 'human' || entry.accountClass.value === 'contractor') && !entry.link?.personId)
      .map((entry) =>
        finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} is enabled and matches no person of the directory (${[entry.link?.detail, ...(entry.link?.conflicts ?? [])].filter(Boolean).join('; ')}).`),
      );
  },
};
