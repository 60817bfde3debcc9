/** A privileged account whose only factors are SMS, voice or email. */
import type { FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, isInteractive, privilegeReferences, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const privilegedWeakFactorsOnly: FindingRule<ReconcileRuleInput> = {
  id: 'privileged-weak-factors-only',
  title: 'SMS, voice or email is the only factor of a privileged account',
  severity: 'high',
  rationale: 'Codes sent by SMS, voice or email are intercepted by SIM swap, number porting or a compromised mailbox; on an administrator they are a thin layer over the password.',
  remediation: 'Enrol a phishing-resistant factor (or at least an authenticator app with number matching) and remove the telephony and email methods.',
  references: privilegeReferences,
  evaluate({ reconciliation }) {
    return reconciliation.accounts
      .filter((entry) => entry.account.privileged && isInteractive(entry) && entry.account.factors.length > 0 && entry.account.factors.every((factor) => factor.strength === 'weak'))
      .map((entry) =>
        finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} is privileged and can authenticate only with ${[...new Set(entry.account.factors.map((factor) => factor.type))].join(', ')}.`),
      );
  },
};
