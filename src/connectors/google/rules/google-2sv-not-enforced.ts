/** An org unit or group where 2-step verification is off, or only scheduled for later. */
import type { FindingRule } from '../../../model/finding.js';
import { finding, groupByOrigin, listLogins, mfaReferences, originSubject, signsInAtGoogle, type GoogleRuleInput } from './google-rule-input.js';

export const google2svNotEnforced: FindingRule<GoogleRuleInput> = {
  id: 'google-2sv-not-enforced',
  title: '2-step verification is not enforced for an org unit or group',
  severity: 'high',
  rationale:
    'Where enforcement is off (or set to start in the future) a user who never enrolled signs in with a password alone, and an enrolled user can turn 2-step verification off; a phished or reused password is then enough to take the account.',
  remediation:
    'Admin console → Security → Authentication → 2-step verification: select the org unit or group, turn Enforcement on (Enforcement: On, or a start date in the past), and set a short new-user enrolment period.',
  references: mfaReferences,
  evaluate(input) {
    const subjects = input.assessments.filter((assessment) => signsInAtGoogle(assessment) && assessment.account.kind !== 'service');
    return groupByOrigin(subjects, 'enforcement', (value) => value.enforcedFrom === null || Date.parse(value.enforcedFrom) > input.asOf.getTime()).map((group) => {
      const state = group.value.enforcedFrom === null ? 'off' : `only scheduled from ${group.value.enforcedFrom}`;
      return finding(
        this.id,
        this.severity,
        originSubject(input, group.origin),
        `2-step verification enforcement is ${state} (${group.description}) for ${group.accounts.length} account(s): ${listLogins(group.accounts)}.`,
      );
    });
  },
};
