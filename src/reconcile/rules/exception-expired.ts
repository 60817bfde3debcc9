/** A register entry past its review or expiry date that still matches a gap. */
import type { FindingRule } from '../../model/finding.js';
import { exceptionReferences, exceptionSubject, finding, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const exceptionExpired: FindingRule<ReconcileRuleInput> = {
  id: 'exception-expired',
  title: 'An exception has passed its review date and the gap it accepted is still open',
  severity: 'medium',
  rationale:
    'An exception is accepted for a time, on the condition that someone looks again. Past its date the acceptance has lapsed: the gap is open with nobody currently answering for it.',
  remediation: 'Close the gap, or have the risk owner review the exception and record a new approval and review date.',
  references: [...exceptionReferences, 'CIR 2024/2690 11.6.4'],
  evaluate({ reconciliation }) {
    const file = reconciliation.register?.file ?? 'exceptions';
    return reconciliation.exceptions
      .filter((outcome) => outcome.state === 'expired')
      .map((outcome) =>
        finding(this.id, this.severity, exceptionSubject(file, outcome.entry), `Exception ${outcome.entry.id} (${outcome.entry.gap}, ${outcome.entry.origin}) still matches ${outcome.gaps} gap${outcome.gaps === 1 ? '' : 's'}: ${outcome.reasons.join(' ')}`),
      );
  },
};
