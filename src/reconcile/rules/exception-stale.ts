/** A register entry that matches nothing in the scan. */
import type { FindingRule } from '../../model/finding.js';
import { exceptionReferences, exceptionSubject, finding, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const exceptionStale: FindingRule<ReconcileRuleInput> = {
  id: 'exception-stale',
  title: 'An exception matches no account gap: the register is out of date',
  severity: 'low',
  rationale:
    'A stale entry means the account is gone, renamed, or no longer has the gap. Left in place it can silently document a future gap on a reused login, and it tells an auditor the register is not maintained.',
  remediation: 'Remove the entry, or correct its account, person, gap or policy name so it matches what it was meant to cover.',
  references: [...exceptionReferences, 'CIR 2024/2690 11.6.4'],
  evaluate({ reconciliation }) {
    const file = reconciliation.register?.file ?? 'exceptions';
    return reconciliation.exceptions
      .filter((outcome) => outcome.state === 'stale')
      .map((outcome) => finding(this.id, this.severity, exceptionSubject(file, outcome.entry), `Exception ${outcome.entry.id} (${outcome.entry.origin}): ${outcome.reasons.join(' ')}`));
  },
};
