/** A shared or generic account with no valid register entry. */
import type { Finding, FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, identityReferences, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const sharedAccountWithoutJustification: FindingRule<ReconcileRuleInput> = {
  id: 'shared-account-without-justification',
  title: 'A shared or generic account has no documented justification',
  severity: 'medium',
  rationale:
    'Sign-ins to a shared account cannot be attributed to a person, and its password and factor travel between people. Shared identities are allowed only where necessary, approved and documented.',
  remediation: 'Replace it with personal accounts (with delegated mailbox or role access), or record it in the register (gap shared-account) with an owner, controls and a review date.',
  references: [...identityReferences, 'CIR 2024/2690 11.5.3'],
  evaluate({ reconciliation }) {
    const findings: Finding[] = [];
    for (const entry of reconciliation.accounts) {
      for (const gap of entry.gaps) {
        if (gap.kind !== 'shared-account' || gap.state === 'documented') continue;
        findings.push(finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} is a shared or generic account (${entry.accountClass.reasons.join(' ')}); its exemption is ${gap.state}: ${gap.reasons.join(' ')}`));
      }
    }
    return findings;
  },
};
