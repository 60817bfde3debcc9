/** The explicit list of Google finding rules (one per file in rules/, id = file name). */
import type { FindingRule } from '../../model/finding.js';
import type { GoogleRuleInput } from './rules/google-rule-input.js';
import { google2svNotEnforced } from './rules/google-2sv-not-enforced.js';
import { googleAdminTelephonyFactors } from './rules/google-admin-telephony-factors.js';
import { googleSuperAdminNotPasskeyOnly } from './rules/google-super-admin-not-passkey-only.js';
import { googleDeviceTrustAllowed } from './rules/google-device-trust-allowed.js';
import { googleAdminAppPasswords } from './rules/google-admin-app-passwords.js';
import { googleLessSecureAppsAllowed } from './rules/google-less-secure-apps-allowed.js';
import { googleImapPopEnabled } from './rules/google-imap-pop-enabled.js';
import { google2svDisabledRecently } from './rules/google-2sv-disabled-recently.js';

export const googleFindingRules: readonly FindingRule<GoogleRuleInput>[] = [
  google2svNotEnforced,
  googleAdminTelephonyFactors,
  googleSuperAdminNotPasskeyOnly,
  googleAdminAppPasswords,
  googleLessSecureAppsAllowed,
  googleDeviceTrustAllowed,
  google2svDisabledRecently,
  googleImapPopEnabled,
];
