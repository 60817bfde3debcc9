/** Administrators who can sign in without a second factor, or whose coverage could not be verified. */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, finding, privilegedReferences, type EntraRuleInput } from './entra-rule-input.js';

export const entraAdminNotCovered: FindingRule<EntraRuleInput> = {
  id: 'entra-admin-not-covered',
  title: 'An administrator is not covered by MFA',
  severity: 'critical',
  rationale:
    'A directory administrator who can sign in with a password alone hands whoever phishes or guesses that password the whole tenant: every account, every policy, every mailbox. Unverified coverage is treated the same until proven otherwise.',
  remediation:
    'Include the administrator roles in an enabled policy requiring MFA (ideally the "Phishing-resistant MFA" strength) for all cloud apps, make sure the administrator has a method registered, and block legacy authentication. Emergency-access accounts belong in the exception register with a FIDO2 key and sign-in alerts.',
  references: privilegedReferences,
  evaluate({ tenant, assessments }) {
    return assessments.flatMap((assessment) => {
      const { account } = assessment;
      if (!account.enabled || !account.privileged || account.kind === 'service') return [];
      if (account.covered !== 'no' && account.covered !== 'unknown') return [];
      const roles = [...new Set(assessment.heldRoles.filter((role) => role.privileged).map((role) => role.displayName))].join(', ');
      const state = account.covered === 'no' ? 'can sign in without a second factor' : 'has MFA coverage that could not be verified';
      return [finding(this.id, this.severity, accountSubject(tenant, assessment), `${account.login} (${roles}) ${state}: ${account.reasons[0] ?? ''}`.trim())];
    });
  },
};
