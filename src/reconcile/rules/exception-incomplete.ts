/** A register entry that matches a gap but lacks a risk owner, compensating controls or a review date. */
import type { FindingRule } from '../../model/finding.js';
import { exceptionReferences, exceptionSubject, finding, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const exceptionIncomplete: FindingRule<ReconcileRuleInput> = {
  id: 'exception-incomplete',
  title: 'An exception lacks a risk owner, compensating controls or a review date',
  severity: 'medium',
  rationale:
    'An exception without an owner is nobody\'s risk, one without controls accepts the gap bare, and one without a date never ends. Each turns a documented exemption back into a quiet one.',
  remediation: 'Complete the entry: name the risk owner, list the compensating controls (monitoring for a break-glass account) and set a review or expiry date.',
  references: exceptionReferences,
  evaluate({ reconciliation }) {
    const file = reconciliation.register?.file ?? 'exceptions';
    return reconciliation.exceptions
      .filter((outcome) => outcome.state === 'incomplete')
      .map((outcome) => finding(this.id, this.severity, exceptionSubject(file, outcome.entry), `Exception ${outcome.entry.id} (${outcome.entry.gap}, ${outcome.entry.origin}): ${outcome.reasons.join(' ')}`));
  },
};
