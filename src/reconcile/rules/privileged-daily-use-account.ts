/** A privileged role held by a person's everyday account instead of a separate administration account. */
import type { FindingRule } from '../../model/finding.js';
import { loginLocalPart } from '../sourced-account.js';
import { accountSubject, describeAccount, finding, privilegeReferences, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const privilegedDailyUseAccount: FindingRule<ReconcileRuleInput> = {
  id: 'privileged-daily-use-account',
  title: 'A privileged role is held by a daily-use account',
  severity: 'medium',
  rationale:
    'The account that reads mail and browses the web is the one phishing and malware reach first. Holding an administrator role on it hands that role to whoever compromises the mailbox; separate privileged credentials limit the blast radius.',
  remediation:
    'Give the person a separate administration account (matching correlation.adminAccountPatterns, not mail-enabled) with phishing-resistant MFA, and remove the role from the daily-use account.',
  references: privilegeReferences,
  evaluate({ reconciliation, config }) {
    const adminPatterns = config.correlation.adminAccountPatterns.map((pattern) => new RegExp(pattern, 'i'));
    return reconciliation.accounts
      .filter(
        (entry) =>
          entry.account.privileged &&
          entry.account.enabled &&
          (entry.accountClass.value === 'human' || entry.accountClass.value === 'contractor') &&
          !adminPatterns.some((pattern) => pattern.test(loginLocalPart(entry.account.login))),
      )
      .map((entry) =>
        finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} holds ${entry.account.roles.join(', ') || 'a privileged role'} and does not look like a dedicated administration account.`),
      );
  },
};
