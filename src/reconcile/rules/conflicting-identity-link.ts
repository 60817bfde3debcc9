/** An account whose keys name different people, or a key several people share. */
import type { Finding, FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, identityReferences, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const conflictingIdentityLink: FindingRule<ReconcileRuleInput> = {
  id: 'conflicting-identity-link',
  title: "An account's identifiers point at different people",
  severity: 'medium',
  rationale:
    'When an account\'s employee id says one person and its address another, its access is reviewed and removed with the wrong person\'s. A shared address links nobody and hides an owner.',
  remediation: 'Correct the employee id or address in the identity provider or in the roster so that every key names the same single person.',
  references: [...identityReferences, 'CIR 2024/2690 11.5.2(a)', 'CIR 2024/2690 11.5.2(b)'],
  evaluate({ reconciliation }) {
    const findings: Finding[] = [];
    for (const entry of reconciliation.accounts) {
      const { link } = entry;
      if (!link || link.conflicts.length === 0) continue;
      findings.push(finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)}: ${link.conflicts.join('; ')}. ${link.personId ? `Linked to ${link.personId} by ${link.method}.` : 'Left unlinked.'}`));
    }
    return findings;
  },
};
