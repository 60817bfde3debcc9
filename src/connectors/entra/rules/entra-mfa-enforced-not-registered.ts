/** Accounts a policy demands MFA of that have no method registered: the first to sign in enrols their own. */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, finding, isInteractive, mfaReferences, type EntraRuleInput } from './entra-rule-input.js';

export const entraMfaEnforcedNotRegistered: FindingRule<EntraRuleInput> = {
  id: 'entra-mfa-enforced-not-registered',
  title: 'MFA is enforced but no method is registered',
  severity: 'high',
  rationale:
    'When MFA is required of an account with no method registered, Entra asks whoever signs in with the password to register one. An attacker holding the password registers their own phone and is in, with MFA "enforced".',
  remediation:
    'Have the user register a method in person or through a Temporary Access Pass issued after identity verification; restrict security-info registration to trusted locations or compliant devices with a "Register security information" policy; disable accounts not yet in use.',
  references: [...mfaReferences, 'CIR 2024/2690 11.6.2(b)'],
  evaluate({ tenant, assessments }) {
    return assessments.flatMap((assessment) => {
      const { account } = assessment;
      if (!isInteractive(assessment) || account.mfaEnforced.value !== 'yes' || account.mfaRegistered.value !== 'no') return [];
      const never = account.lastSignInAt === null ? ' It has never signed in.' : '';
      return [finding(this.id, this.severity, accountSubject(tenant, assessment), `${account.login} must use MFA but has no method registered: whoever next signs in with the password registers their own.${never}`)];
    });
  },
};
