/** Org units or groups that still allow "less secure apps" (password-only sign-in for older protocols). */
import type { FindingRule } from '../../../model/finding.js';
import { finding, groupByOrigin, listLogins, mfaReferences, originSubject, type GoogleRuleInput } from './google-rule-input.js';

export const googleLessSecureAppsAllowed: FindingRule<GoogleRuleInput> = {
  id: 'google-less-secure-apps-allowed',
  title: 'Less secure apps are allowed',
  severity: 'high',
  rationale:
    "Less secure apps sign in with the account's password alone over IMAP, SMTP, POP, CalDAV or CardDAV, so 2-step verification never applies to them; a leaked password opens the mailbox.",
  remediation:
    "Admin console → Security → Access and data control → Less secure apps: select 'Disable access to less secure apps' for the org unit or group; move remaining clients to OAuth.",
  references: mfaReferences,
  evaluate(input) {
    const subjects = input.assessments.filter((assessment) => assessment.account.enabled);
    return groupByOrigin(subjects, 'lessSecureApps', (value) => value.allowLessSecureApps).map((group) =>
      finding(
        this.id,
        this.severity,
        originSubject(input, group.origin),
        `Less secure apps are allowed (${group.description}) for ${group.accounts.length} account(s): ${listLogins(group.accounts)}.`,
      ),
    );
  },
};
