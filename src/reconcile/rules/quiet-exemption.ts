/** A gap in MFA that no register entry documents: the exemption nobody decided on. */
import type { Finding, FindingRule, FindingSubject } from '../../model/finding.js';
import type { GapKind } from '../exception-register.js';
import { accountSubject, describeAccount, exceptionReferences, finding, type ReconcileRuleInput } from './reconcile-rule-input.js';

/** Class gaps have their own rules (shared, service and break-glass accounts without justification). */
const mfaGapKinds: ReadonlySet<GapKind> = new Set(['no-mfa', 'policy-exclusion', 'trusted-location', 'legacy-protocol', 'weak-method']);

export const quietExemption: FindingRule<ReconcileRuleInput> = {
  id: 'quiet-exemption',
  title: 'An account escapes MFA, or its tier\'s method policy, and no exception documents it',
  severity: 'high',
  rationale:
    'A carve-out nobody wrote down has no owner, no compensating control and no end date: it is how a migration exclusion or a forgotten trusted location becomes the password-only door an attacker uses. Supervisors ask for the register, not for the policy.',
  remediation:
    'Close the gap (enforce MFA, remove the exclusion or trusted location, block the legacy protocol, enrol a stronger factor), or record it in the exception register with the reason, a named risk owner, compensating controls, approval and a review date.',
  references: exceptionReferences,
  evaluate({ reconciliation }) {
    const findings: Finding[] = [];
    for (const entry of reconciliation.accounts) {
      // An account's quiet gaps share one subject.
      let subject: FindingSubject | undefined;
      for (const gap of entry.gaps) {
        if (gap.state !== 'quiet' || !mfaGapKinds.has(gap.kind)) continue;
        subject ??= accountSubject(entry);
        findings.push(finding(this.id, this.severity, subject, `${describeAccount(entry)} has an undocumented ${gap.kind} gap: ${gap.evidence.join(' ')}`));
      }
    }
    return findings;
  },
};
