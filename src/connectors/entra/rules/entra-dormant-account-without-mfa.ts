/** Enabled accounts nobody uses that can still sign in without a second factor: a spraying target nobody watches. */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, finding, isInteractive, mfaReferences, type EntraRuleInput } from './entra-rule-input.js';

const dayMs = 86_400_000;

export const entraDormantAccountWithoutMfa: FindingRule<EntraRuleInput> = {
  id: 'entra-dormant-account-without-mfa',
  title: 'A dormant enabled account can sign in without MFA',
  severity: 'medium',
  rationale:
    'An account that has not signed in for months has an old password, no owner watching its sign-ins, and often no method registered. Without MFA it is the easiest way in for password spraying, and its misuse goes unnoticed.',
  remediation:
    'Disable the account if it is no longer needed (confirm with its owner or HR); otherwise register a method for it and make sure an MFA policy covers it. Review dormant accounts at a fixed interval.',
  references: [...mfaReferences, 'CIR 2024/2690 11.5.4'],
  evaluate({ tenant, assessments, settings, asOf }) {
    // Without sign-in activity every account would look never used: judge nothing rather than guess.
    if (tenant.signInActivityUnreadable) return [];
    const cutoff = asOf.getTime() - settings.dormantAfterDays * dayMs;
    return assessments.flatMap((assessment) => {
      const { account } = assessment;
      if (!isInteractive(assessment) || account.covered !== 'no') return [];
      let since: string;
      if (account.lastSignInAt !== null) {
        const at = Date.parse(account.lastSignInAt);
        if (at >= cutoff) return [];
        since = `last signed in on ${account.lastSignInAt.slice(0, 10)}, ${Math.floor((asOf.getTime() - at) / dayMs)} days before the snapshot`;
      } else {
        if (account.createdAt === null || Date.parse(account.createdAt) >= cutoff) return [];
        since = `has never signed in since its creation on ${account.createdAt.slice(0, 10)}`;
      }
      return [
        finding(this.id, this.severity, accountSubject(tenant, assessment), `${account.login} ${since} (threshold ${settings.dormantAfterDays} days) and can sign in without a second factor: ${account.reasons[0] ?? ''}`.trim()),
      ];
    });
  },
};
