/** A privileged account whose only factors are SMS, voice or email. */
import type { Finding, FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, isInteractive, privilegeReferences, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const privilegedWeakFactorsOnly: FindingRule<ReconcileRuleInput> = {
  id: 'privileged-weak-factors-only',
  title: 'SMS, voice or email is the only factor of a privileged account',
  severity: 'high',
  rationale: 'Codes sent by SMS, voice or email are intercepted by SIM swap, number porting or a compromised mailbox; on an administrator they are a thin layer over the password.',
  remediation: 'Enrol a phishing-resistant factor (or at least an authenticator app with number matching) and remove the telephony and email methods.',
  references: privilegeReferences,
  evaluate({ reconciliation }) {
    const findings: Finding[] = [];
    for (const entry of reconciliation.accounts) {
      const { factors } = entry.account;
      if (!entry.account.privileged || !isInteractive(entry) || factors.length === 0 || !factors.every((factor) => factor.strength === 'weak')) continue;
      findings.push(finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} is privileged and can authenticate only with ${[...new Set(factors.map((factor) => factor.type))].join(', ')}.`));
    }
    return findings;
  },
};
