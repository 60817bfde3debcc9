/** An enabled account of a person the directory says has left. */
import type { Finding, FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, identityReferences, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const leaverActiveAccount: FindingRule<ReconcileRuleInput> = {
  id: 'leaver-active-account',
  title: 'A leaver still has an enabled account',
  severity: 'critical',
  rationale:
    'A leaver\'s account is known to its former owner and often to others; nobody notices its sign-ins. MFA does not help when the factor left with the person.',
  remediation: 'Disable the account now, revoke its sessions and tokens, then delete or archive it per the leaver process; find why the process missed it.',
  references: [...identityReferences, 'CIR 2024/2690 11.5.4'],
  evaluate({ reconciliation }) {
    const leavers = new Map(reconciliation.people.filter((outcome) => outcome.leaver).map((outcome) => [outcome.person.id, outcome.person]));
    const findings: Finding[] = [];
    if (leavers.size === 0) return findings;
    for (const entry of reconciliation.accounts) {
      const person = entry.link?.personId ? leavers.get(entry.link.personId) : undefined;
      if (!person || !entry.account.enabled) continue;
      const when = person.terminationDate ? ` on ${person.terminationDate}` : '';
      findings.push(finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} is enabled but belongs to ${person.id} (${person.name}), who left${when} (${person.origin}).`));
    }
    return findings;
  },
};
