/** A privileged role held by a person's everyday account instead of a separate administration account. */
import type { Finding, FindingRule } from '../../model/finding.js';
import { loginLocalPart } from '../sourced-account.js';
import { accountSubject, describeAccount, finding, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const privilegedDailyUseAccount: FindingRule<ReconcileRuleInput> = {
  id: 'privileged-daily-use-account',
  title: 'A privileged role is held by a daily-use account',
  severity: 'medium',
  rationale:
    'The account that reads mail and browses the web is the one phishing and malware reach first. Holding an administrator role on it hands that role to whoever compromises the mailbox; separate privileged credentials limit the blast radius.',
  remediation:
    'Give the person a separate administration account (matching correlation.adminAccountPatterns, not mail-enabled) with phishing-resistant MFA, and remove the role from the daily-use account.',
  references: ['NIS2 Art.21(2)(i)', 'NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.3', 'CIR 2024/2690 11.6.2(f)'],
  evaluate({ reconciliation, config }) {
    const adminPatterns = config.correlation.adminAccountPatterns.map((pattern) => new RegExp(pattern, 'i'));
    const findings: Finding[] = [];
    for (const entry of reconciliation.accounts) {
      const { account } = entry;
      if (!account.privileged || !account.enabled || (entry.accountClass.value !== 'human' && entry.accountClass.value !== 'contractor')) continue;
      const local = loginLocalPart(account.login);
      if (adminPatterns.some((pattern) => pattern.test(local))) continue;
      findings.push(finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} holds ${account.roles.join(', ') || 'a privileged role'} and does not look like a dedicated administration account.`));
    }
    return findings;
  },
};
