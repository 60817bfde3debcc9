/** The explicit list of reconcile finding rules (one per file in rules/, id = file name). */
import type { FindingRule } from '../model/finding.js';
import type { ReconcileRuleInput } from './rules/reconcile-rule-input.js';
import { quietExemption } from './rules/quiet-exemption.js';
import { exceptionExpired } from './rules/exception-expired.js';
import { exceptionIncomplete } from './rules/exception-incomplete.js';
import { exceptionStale } from './rules/exception-stale.js';
import { mfaRegisteredNotEnforced } from './rules/mfa-registered-not-enforced.js';
import { mfaEnforcedNotRegistered } from './rules/mfa-enforced-not-registered.js';
import { leaverActiveAccount } from './rules/leaver-active-account.js';
import { orphanAccount } from './rules/orphan-account.js';
import { conflictingIdentityLink } from './rules/conflicting-identity-link.js';
import { sharedAccountWithoutJustification } from './rules/shared-account-without-justification.js';
import { serviceAccountWithoutCompensatingControls } from './rules/service-account-without-compensating-controls.js';
import { breakGlassWithoutException } from './rules/break-glass-without-exception.js';
import { privilegedDailyUseAccount } from './rules/privileged-daily-use-account.js';
import { privilegedWithoutPhishingResistant } from './rules/privileged-without-phishing-resistant.js';
import { privilegedWeakFactorsOnly } from './rules/privileged-weak-factors-only.js';
import { thirdPartyWithoutMfa } from './rules/third-party-without-mfa.js';
import { dormantEnabledAccount } from './rules/dormant-enabled-account.js';

export const reconcileFindingRules: readonly FindingRule<ReconcileRuleInput>[] = [
  quietExemption,
  exceptionExpired,
  exceptionIncomplete,
  exceptionStale,
  mfaRegisteredNotEnforced,
  mfaEnforcedNotRegistered,
  leaverActiveAccount,
  orphanAccount,
  conflictingIdentityLink,
  sharedAccountWithoutJustification,
  serviceAccountWithoutCompensatingControls,
  breakGlassWithoutException,
  privilegedDailyUseAccount,
  privilegedWithoutPhishingResistant,
  privilegedWeakFactorsOnly,
  thirdPartyWithoutMfa,
  dormantEnabledAccount,
];
