/**
 * MFA optional, second direction: a policy requires MFA but no factor is registered. Only where MFA is enforced on
 * every path: a `partial` account also has a password-only path, which its own gap already reports.
 */
import type { Finding, FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, isInteractive, mfaReferences, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const mfaEnforcedNotRegistered: FindingRule<ReconcileRuleInput> = {
  id: 'mfa-enforced-not-registered',
  title: 'MFA is enforced but no factor is registered: whoever has the password enrols their own',
  severity: 'high',
  rationale:
    'At the first sign-in that asks for a second factor, an account with none is offered enrolment. An attacker holding the password completes it with their own phone or key and owns the account, MFA included.',
  remediation:
    'Register a factor for the account in person or through a verified channel (a temporary access pass issued after identity proofing), or block sign-in until it is; restrict MFA registration to trusted locations or devices.',
  references: [...mfaReferences, 'CIR 2024/2690 11.6.2(b)'],
  evaluate({ reconciliation }) {
    const findings: Finding[] = [];
    for (const entry of reconciliation.accounts) {
      const enforced = entry.account.mfaEnforced.value;
      if (!isInteractive(entry) || enforced !== 'yes' || entry.account.mfaRegistered.value !== 'no') continue;
      findings.push(finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} must pass MFA but has no factor registered: the next sign-in with its password can enrol one.`));
    }
    return findings;
  },
};
