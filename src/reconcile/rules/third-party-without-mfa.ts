/** A guest, contractor or vendor account that can sign in without a second factor. */
import type { Finding, FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, isInteractive, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const thirdPartyWithoutMfa: FindingRule<ReconcileRuleInput> = {
  id: 'third-party-without-mfa',
  title: 'A guest or third-party account can sign in without MFA',
  severity: 'high',
  rationale:
    'Third-party access is in scope of the supply-chain duty: a supplier\'s weak account is a way into your tenant that your own staff controls do not reach, and its owner leaves without your leaver process noticing.',
  remediation: 'Require MFA for guests and external users (cross-tenant trust of the home tenant\'s MFA, or your own), and review third-party access with its sponsor.',
  references: ['NIS2 Art.21(2)(d)', 'NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.7.1'],
  evaluate({ reconciliation }) {
    const findings: Finding[] = [];
    for (const entry of reconciliation.accounts) {
      const accountClass = entry.accountClass.value;
      if ((accountClass !== 'guest' && accountClass !== 'contractor') || !isInteractive(entry) || entry.effectiveCovered.value !== 'no') continue;
      findings.push(finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} (${accountClass}) can sign in without a second factor: ${entry.effectiveCovered.reasons.join(' ')}`));
    }
    return findings;
  },
};
