/** Org units or groups where users may "trust this device" and skip 2-step verification on it. */
import type { FindingRule } from '../../../model/finding.js';
import { finding, groupByOrigin, listLogins, mfaReferences, originSubject, signsInAtGoogle, type GoogleRuleInput } from './google-rule-input.js';

export const googleDeviceTrustAllowed: FindingRule<GoogleRuleInput> = {
  id: 'google-device-trust-allowed',
  title: '"Trust this device" lets users skip 2-step verification',
  severity: 'medium',
  rationale:
    'A trusted device is not asked for the second step again, so a password is enough to sign in from it: anyone with access to that browser or device, or who steals its cookies, passes with the password alone.',
  remediation:
    "Admin console → Security → Authentication → 2-step verification: clear 'Allow user to trust the device' for the org unit or group (at least for administrators and shared devices).",
  references: mfaReferences,
  evaluate(input) {
    const subjects = input.assessments.filter(signsInAtGoogle);
    return groupByOrigin(subjects, 'deviceTrust', (value) => value.allowTrustingDevice).map((group) =>
      finding(
        this.id,
        this.severity,
        originSubject(input, group.origin),
        `Users may trust a device and skip 2-step verification on it (${group.description}): ${group.accounts.length} account(s), ${listLogins(group.accounts)}.`,
      ),
    );
  },
};
