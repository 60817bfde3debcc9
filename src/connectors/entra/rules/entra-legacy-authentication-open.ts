/** Accounts that legacy clients (IMAP, POP, SMTP AUTH, Exchange ActiveSync) can sign in to with a password alone. */
import type { FindingRule } from '../../../model/finding.js';
import { stopsLegacyClients } from '../evaluate-conditional-access.js';
import { accountSubject, finding, mfaReferences, tenantSubject, type EntraRuleInput } from './entra-rule-input.js';

export const entraLegacyAuthenticationOpen: FindingRule<EntraRuleInput> = {
  id: 'entra-legacy-authentication-open',
  title: 'Legacy authentication is open',
  severity: 'high',
  rationale:
    'Legacy protocols cannot ask for a second factor, so password spraying and credential stuffing go through them even where every modern sign-in requires MFA. Microsoft reports the large majority of password-spray attacks use legacy authentication.',
  remediation:
    'Enable a conditional-access policy that blocks the "Exchange ActiveSync clients" and "Other clients" client-app types for all users and all cloud apps, with only emergency-access accounts excluded. Move devices that send mail to OAuth or a connector first.',
  references: mfaReferences,
  evaluate({ tenant, conditionalAccess, assessments }) {
    const open = assessments.filter((assessment) => assessment.account.enabled && assessment.account.legacyAuth.value === 'open');
    if (open.length === 0) return [];
    const anyBlocker = conditionalAccess.policies.readable && conditionalAccess.policies.value.some((shape) => shape.state === 'enabled' && stopsLegacyClients(shape));
    if (!anyBlocker) {
      return [finding(this.id, this.severity, tenantSubject(tenant), `No enabled policy blocks legacy authentication and security defaults are off: ${open.length} enabled account(s) can sign in over IMAP, POP, SMTP AUTH or Exchange ActiveSync with a password alone.`)];
    }
    return open.map((assessment) => {
      const why = assessment.account.legacyAuth.reasons.filter((reason) => !reason.startsWith('No enabled')).join(' ');
      return finding(this.id, this.severity, accountSubject(tenant, assessment), `${assessment.account.login} can sign in with legacy clients and a password alone.${why ? ` ${why}` : ''}`);
    });
  },
};
