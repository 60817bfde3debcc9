/** Org units or groups with IMAP or POP access on: not a bypass by itself, but the door app passwords use. */
import type { FindingRule } from '../../../model/finding.js';
import { finding, groupByOrigin, listLogins, mfaReferences, originSubject, type GoogleRuleInput } from './google-rule-input.js';

export const googleImapPopEnabled: FindingRule<GoogleRuleInput> = {
  id: 'google-imap-pop-enabled',
  title: 'IMAP or POP access is enabled',
  severity: 'low',
  rationale:
    'IMAP and POP need OAuth or an app password since less secure apps ended, so they do not bypass 2-step verification alone; but every app password in use rides on them, and mail clients keep long-lived access to the mailbox.',
  remediation:
    'Admin console → Apps → Google Workspace → Gmail → End user access: turn off POP and IMAP for org units that do not need them, or restrict IMAP to OAuth mail clients you allow.',
  references: mfaReferences,
  evaluate(input) {
    const subjects = input.assessments.filter((assessment) => assessment.account.enabled);
    const imap = groupByOrigin(subjects, 'imap', (value) => value.enableImapAccess).map((group) => ({ protocol: 'IMAP', group }));
    const pop = groupByOrigin(subjects, 'pop', (value) => value.enablePopAccess).map((group) => ({ protocol: 'POP', group }));
    return [...imap, ...pop].map(({ protocol, group }) =>
      finding(
        this.id,
        this.severity,
        originSubject(input, group.origin),
        `${protocol} access is enabled (${group.description}) for ${group.accounts.length} account(s): ${listLogins(group.accounts)}.`,
      ),
    );
  },
};
