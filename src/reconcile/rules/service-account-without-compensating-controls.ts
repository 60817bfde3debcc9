/** An enabled service account with no documented compensating controls. */
import type { Finding, FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, identityReferences, type ReconcileRuleInput } from './reconcile-rule-input.js';

const dayMs = 86_400_000;

export const serviceAccountWithoutCompensatingControls: FindingRule<ReconcileRuleInput> = {
  id: 'service-account-without-compensating-controls',
  title: 'A service account has no documented compensating controls',
  severity: 'medium',
  rationale:
    'A non-interactive account cannot do MFA, so its secret (password or key) is the whole of its protection. Without rotation, restricted sources and a watched last use, a leaked key signs in forever.',
  remediation:
    'Record the account in the register (gap service-account) with its owner, controls (key rotation age, source IP or workload identity restriction, alerting on interactive use) and a review date; remove it if unused.',
  references: [...identityReferences, 'CIR 2024/2690 11.5.2(c)', 'CIR 2024/2690 11.6.2(b)', 'CIR 2024/2690 11.6.2(c)'],
  evaluate({ reconciliation, asOf }) {
    const age = (at: string | null, label: string) => (at ? `${label} ${Math.floor((asOf.getTime() - new Date(at).getTime()) / dayMs)} days ago` : `${label} unknown`);
    const findings: Finding[] = [];
    for (const entry of reconciliation.accounts) {
      for (const gap of entry.gaps) {
        if (gap.kind !== 'service-account' || gap.state === 'documented') continue;
        const { lastSignInAt, createdAt } = entry.account;
        findings.push(
          finding(
            this.id,
            this.severity,
            accountSubject(entry),
            `${describeAccount(entry)} is a service account (${age(lastSignInAt, 'last used')}, ${age(createdAt, 'created')}); its exemption is ${gap.state}: ${gap.reasons.join(' ')}`,
          ),
        );
      }
    }
    return findings;
  },
};
