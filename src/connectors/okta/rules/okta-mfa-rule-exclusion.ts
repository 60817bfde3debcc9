/** Accounts carved out of an MFA rule (by user or by group) and left with a password path. */
import type { FindingRule } from '../../../model/finding.js';
import { accountSubject, finding, mfaReferences, type OktaRuleInput } from './okta-rule-input.js';

export const oktaMfaRuleExclusion: FindingRule<OktaRuleInput> = {
  id: 'okta-mfa-rule-exclusion',
  title: 'An account is excluded from a rule that requires MFA and can sign in with a password alone',
  severity: 'high',
  rationale:
    'Exclusions added for a migration, a broken device or a service are rarely removed; the excluded account falls through to a weaker rule and keeps a password-only sign-in nobody sees in the policy list.',
  remediation:
    'Remove the user (or the group) from the rule\'s exclusions. If an exception is truly needed, record it with an owner and an expiry, and give the account a phishing-resistant factor instead of no factor.',
  references: mfaReferences,
  evaluate({ org, assessments }) {
    return assessments.flatMap((assessment) => {
      const enforced = assessment.account.mfaEnforced.value;
      if (enforced !== 'no' && enforced !== 'partial') return [];
      return assessment.exclusions.map((exclusion) =>
        finding(
          this.id,
          this.severity,
          accountSubject(org, assessment),
          `${assessment.account.login} is excluded ${exclusion.by.kind === 'user' ? 'by name' : `through group '${exclusion.by.groupName}'`} from rule '${exclusion.ruleName}' of policy '${exclusion.policyName}', which requires a second factor; MFA is ${enforced} for this account.`,
        ),
      );
    });
  },
};
