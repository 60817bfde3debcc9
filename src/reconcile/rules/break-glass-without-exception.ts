/** A declared break-glass account with no valid register entry (monitoring among its controls). */
import type { Finding, FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, exceptionReferences, finding, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const breakGlassWithoutException: FindingRule<ReconcileRuleInput> = {
  id: 'break-glass-without-exception',
  title: 'A break-glass account has no valid exception with monitoring',
  severity: 'high',
  rationale:
    'An emergency account is usually excluded from MFA and conditional access so it works when they fail. That is acceptable only when every sign-in raises an alert someone answers, its credentials are sealed, and the arrangement is reviewed.',
  remediation: 'Record the account in the register (gap break-glass) with its risk owner, controls including sign-in monitoring and alerting, and a review date; test the alert.',
  references: [...exceptionReferences, 'CIR 2024/2690 11.3', 'CIR 2024/2690 11.6.4'],
  evaluate({ reconciliation }) {
    const findings: Finding[] = [];
    for (const entry of reconciliation.accounts) {
      for (const gap of entry.gaps) {
        if (gap.kind !== 'break-glass' || gap.state === 'documented') continue;
        findings.push(finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} is a declared break-glass account; its exemption is ${gap.state}: ${gap.reasons.join(' ')}`));
      }
    }
    return findings;
  },
};
