/** Administrators holding app passwords, which sign in without 2-step verification. */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, finding, mfaReferences, type GoogleRuleInput } from './google-rule-input.js';

export const googleAdminAppPasswords: FindingRule<GoogleRuleInput> = {
  id: 'google-admin-app-passwords',
  title: 'An administrator holds app passwords',
  severity: 'high',
  rationale:
    'An app password is a 16-character password that signs in to the account over IMAP, SMTP, CalDAV or older apps without any second step; on an administrator it is a standing bypass of 2-step verification.',
  remediation:
    "Revoke the administrator's app passwords (Admin console → Users → the user → Security → App passwords, or directory.asps.delete) and use OAuth-capable clients instead.",
  references: ['NIS2 Art.21(2)(i)', ...mfaReferences, 'CIR 2024/2690 11.3'],
  evaluate({ domain, assessments }) {
    return assessments.flatMap((assessment) => {
      const { account, appPasswords } = assessment;
      if (!account.privileged || !account.enabled || appPasswords?.state !== 'fetched' || appPasswords.asps.length === 0) return [];
      const names = appPasswords.asps.map((asp) => `${asp.name ?? `code ${asp.codeId ?? '?'}`}${asp.lastTimeUsed ? ` (last used ${formatTime(asp.lastTimeUsed)})` : ''}`);
      return [
        finding(
          this.id,
          this.severity,
          accountSubject(domain, assessment),
          `${account.login} (${account.roles.join(', ') || 'administrator'}) holds ${names.length} app password(s): ${names.join(', ')}.`,
        ),
      ];
    });
  },
};

/** Google gives ASP times as Unix milliseconds (as a string or a number). */
function formatTime(value: string | number): string {
  const time = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(time) && time > 0 ? new Date(time).toISOString() : String(value);
}
