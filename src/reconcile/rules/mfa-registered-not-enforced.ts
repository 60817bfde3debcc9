/** MFA optional, first direction: a factor is registered but no policy requires it. */
import type { Finding, FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, isInteractive, mfaReferences, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const mfaRegisteredNotEnforced: FindingRule<ReconcileRuleInput> = {
  id: 'mfa-registered-not-enforced',
  title: 'MFA is registered but not enforced: the password alone still signs in',
  severity: 'medium',
  rationale:
    'A registered factor that no policy asks for protects nothing: the identity provider accepts the password alone. Registration figures then overstate protection.',
  remediation: 'Bring the account under a policy that requires MFA at every sign-in.',
  references: mfaReferences,
  evaluate({ reconciliation }) {
    const findings: Finding[] = [];
    for (const entry of reconciliation.accounts) {
      if (!isInteractive(entry) || entry.account.mfaRegistered.value !== 'yes' || entry.account.mfaEnforced.value !== 'no') continue;
      findings.push(finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} has a second factor registered but no policy requires it: ${entry.account.mfaEnforced.reasons.join(' ') || 'MFA not enforced.'}`));
    }
    return findings;
  },
};
