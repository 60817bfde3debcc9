/** The explicit list of Entra finding rules (one per file in rules/, id = file name). */
import type { FindingRule } from '../../model/finding.js';
import type { EntraRuleInput } from './rules/entra-rule-input.js';
import { entraNoMfaPolicy } from './rules/entra-no-mfa-policy.js';
import { entraAdminNotCovered } from './rules/entra-admin-not-covered.js';
import { entraExcludedAdmin } from './rules/entra-excluded-admin.js';
import { entraAdminWeakFactorsOnly } from './rules/entra-admin-weak-factors-only.js';
import { entraMfaPolicyExclusion } from './rules/entra-mfa-policy-exclusion.js';
import { entraLegacyAuthenticationOpen } from './rules/entra-legacy-authentication-open.js';
import { entraMfaEnforcedNotRegistered } from './rules/entra-mfa-enforced-not-registered.js';
import { entraMfaPolicyReportOnly } from './rules/entra-mfa-policy-report-only.js';
import { entraMfaPolicyDisabled } from './rules/entra-mfa-policy-disabled.js';
import { entraTrustedLocationBypass } from './rules/entra-trusted-location-bypass.js';
import { entraDormantAccountWithoutMfa } from './rules/entra-dormant-account-without-mfa.js';
import { entraSmsSignInEnabled } from './rules/entra-sms-sign-in-enabled.js';
import { entraNumberMatchingDisabled } from './rules/entra-number-matching-disabled.js';

export const entraFindingRules: readonly FindingRule<EntraRuleInput>[] = [
  entraNoMfaPolicy,
  entraAdminNotCovered,
  entraExcludedAdmin,
  entraAdminWeakFactorsOnly,
  entraMfaPolicyExclusion,
  entraLegacyAuthenticationOpen,
  entraMfaEnforcedNotRegistered,
  entraMfaPolicyReportOnly,
  entraMfaPolicyDisabled,
  entraTrustedLocationBypass,
  entraDormantAccountWithoutMfa,
  entraSmsSignInEnabled,
  entraNumberMatchingDisabled,
];
