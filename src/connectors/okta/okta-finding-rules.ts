/** The explicit list of Okta finding rules (one per file in rules/, id = file name). */
import type { FindingRule } from '../../model/finding.js';
import type { OktaRuleInput } from './rules/okta-rule-input.js';
import { oktaPasswordOnlyPath } from './rules/okta-password-only-path.js';
import { oktaMfaRuleExclusion } from './rules/okta-mfa-rule-exclusion.js';
import { oktaAdminWeakFactorsOnly } from './rules/okta-admin-weak-factors-only.js';
import { oktaPushWithoutNumberChallenge } from './rules/okta-push-without-number-challenge.js';
import { oktaLongFactorLifetime } from './rules/okta-long-factor-lifetime.js';
import { oktaAdminConsoleNotPhishingResistant } from './rules/okta-admin-console-not-phishing-resistant.js';
import { oktaSingleFactorRule } from './rules/okta-single-factor-rule.js';

export const oktaFindingRules: readonly FindingRule<OktaRuleInput>[] = [
  oktaPasswordOnlyPath,
  oktaMfaRuleExclusion,
  oktaAdminWeakFactorsOnly,
  oktaAdminConsoleNotPhishingResistant,
  oktaPushWithoutNumberChallenge,
  oktaLongFactorLifetime,
  oktaSingleFactorRule,
];
