/**
 * Every rule set the scanner runs, as docs/findings.md presents them: one per connector and the cross-source
 * reconcile set, each with the folder its one-rule-per-file lives in and what its verdicts rest on. An explicit
 * list, never a discovery: a test checks it against the rules folders and the connector registry.
 */
import { awsFindingRules } from '../connectors/aws/aws-finding-rules.js';
import { entraFindingRules } from '../connectors/entra/entra-finding-rules.js';
import { googleFindingRules } from '../connectors/google/google-finding-rules.js';
import { oktaFindingRules } from '../connectors/okta/okta-finding-rules.js';
import type { FindingRuleMetadata } from '../model/finding.js';
import { reconcileFindingRules } from './reconcile-finding-rules.js';

export interface FindingRuleSet {
  /** The connector id, or `reconcile`. */
  id: string;
  title: string;
  /** The folder holding one file per rule, named by the rule's id. */
  folder: string;
  /** Paragraphs before the rule table: what the rules' verdicts mean. */
  intro: readonly string[];
  rules: readonly FindingRuleMetadata[];
}

export const findingRuleSets: readonly FindingRuleSet[] = [
  {
    id: 'entra',
    title: 'Microsoft Entra ID',
    folder: 'src/connectors/entra/rules/',
    intro: [
      'The verdicts these rules build on (`src/connectors/entra/evaluate-conditional-access.ts`): `mfaEnforced` is `yes` when an ' +
        '**enabled** conditional-access policy requiring MFA (the `mfa` control alone or under AND, or an authentication ' +
        'strength) applies to the account for all cloud apps, all client-app types (or browser + modern clients when legacy ' +
        'clients are blocked for the account), all locations and all platforms, with user, transitive group, role and guest-type ' +
        'exclusions expanded, or when security defaults are on; `partial` when such a policy applies only with carve-outs ' +
        '(excluded or selected locations, trusted named locations included; excluded or selected apps; platform, risk or device ' +
        'conditions; MFA OR-ed with another control); `unknown` when the deciding data could not be read; `no` otherwise. ' +
        'Report-only and disabled policies never count; an enabled policy blocking every sign-in of the account counts as `yes`. ' +
        '`legacyAuth` is `blocked` when an enabled policy that blocks, or requires MFA of, both Exchange ActiveSync and other ' +
        'clients applies to the account for all apps without carve-outs, or security defaults are on. Privileged means holding a ' +
        'role from `src/connectors/entra/privileged-roles.ts` directly or through a role-assignable group.',
    ],
    rules: entraFindingRules,
  },
  {
    id: 'okta',
    title: 'Okta',
    folder: 'src/connectors/okta/rules/',
    intro: [
      'The verdicts these rules build on walk every sign-in path of an account (global session policy, then the ' +
        "authentication policy of each app it can reach, from each network zone) and are explained in [docs/connectors/okta.md](connectors/okta.md#how-verdicts-are-decided). " +
        'A path that ends in one factor makes `mfaEnforced` `no` or `partial`; a rule condition that could not be read makes it `unknown`.',
    ],
    rules: oktaFindingRules,
  },
  {
    id: 'google',
    title: 'Google Workspace',
    folder: 'src/connectors/google/rules/',
    intro: [
      'The verdicts these rules build on resolve each 2-step verification setting for the account\'s org unit and groups, ' +
        'follow sign-in to a third-party identity provider (`mfaEnforced` `delegated`), and are explained in ' +
        '[docs/connectors/google.md](connectors/google.md#how-verdicts-are-decided).',
    ],
    rules: googleFindingRules,
  },
  {
    id: 'aws',
    title: 'AWS IAM',
    folder: 'src/connectors/aws/rules/',
    intro: [
      'The verdicts these rules build on come from the credential report, each IAM user\'s MFA devices and the policies that ' +
        'deny access without `aws:MultiFactorAuthPresent`, and are explained in [docs/connectors/aws.md](connectors/aws.md#how-verdicts-are-decided). ' +
        'Key-age thresholds are the scan settings recorded in the snapshot.',
    ],
    rules: awsFindingRules,
  },
  {
    id: 'reconcile',
    title: 'Across sources: people, classes, tiers and the exception register',
    folder: 'src/reconcile/rules/',
    intro: [
      'These rules run over the reconciled model (`src/reconcile/`): every account linked to a person of the authoritative ' +
        'directory (or left an orphan), given a class (human, guest, contractor, service, break-glass, shared), a tier and its ' +
        "tier's method policy, its coverage after federation, and its gaps (no MFA, policy exclusion, trusted location, legacy " +
        'protocol, weak method, and the classes that need a justification), each gap `documented`, `expired`, `incomplete` or ' +
        '`quiet` against the exception register. Register entries are themselves subjects (`subject.type` `exception`, ' +
        '`subject.idp` `organisation`). See [docs/configuration.md](configuration.md#reconcile-optional) for the settings they use.',
      'Rules that need a directory (orphans, leavers) stay silent without one; rules about the register stay silent without ' +
        'one, except that every gap is then quiet.',
    ],
    rules: reconcileFindingRules,
  },
];

/** A question the catalogue answers, and the rules (of any set) that answer it: the "what is checked" index. */
export interface FindingTopic {
  topic: string;
  ruleIds: readonly string[];
}

export const findingTopics: readonly FindingTopic[] = [
  { topic: 'A gap in MFA that no exception documents (quiet exemption)', ruleIds: ['quiet-exemption', 'entra-excluded-admin', 'entra-mfa-policy-exclusion', 'okta-mfa-rule-exclusion'] },
  { topic: 'An exception expired, incomplete (owner, controls, date) or stale', ruleIds: ['exception-expired', 'exception-incomplete', 'exception-stale'] },
  { topic: 'MFA registered but not enforced', ruleIds: ['mfa-registered-not-enforced', 'google-2sv-not-enforced', 'aws-console-user-without-mfa'] },
  { topic: 'MFA enforced but not registered (whoever has the password enrols a factor)', ruleIds: ['mfa-enforced-not-registered', 'entra-mfa-enforced-not-registered'] },
  { topic: 'Nothing requires MFA, or a rule lets a password alone through', ruleIds: ['entra-no-mfa-policy', 'okta-password-only-path', 'okta-single-factor-rule', 'google-2sv-not-enforced', 'google-2sv-disabled-recently'] },
  {
    topic: 'A legacy protocol, app password or key that skips MFA is open',
    ruleIds: ['entra-legacy-authentication-open', 'google-less-secure-apps-allowed', 'google-imap-pop-enabled', 'google-admin-app-passwords', 'aws-mfa-deny-misses-access-keys', 'aws-root-access-keys'],
  },
  { topic: 'A trusted location, zone or device bypasses MFA', ruleIds: ['entra-trusted-location-bypass', 'okta-password-only-path', 'google-device-trust-allowed', 'okta-long-factor-lifetime'] },
  { topic: 'An MFA policy is report-only or disabled', ruleIds: ['entra-mfa-policy-report-only', 'entra-mfa-policy-disabled'] },
  { topic: 'An administrator or admin console is outside the strongest policy', ruleIds: ['entra-admin-not-covered', 'okta-admin-console-not-phishing-resistant', 'google-super-admin-not-passkey-only'] },
  { topic: 'A privileged account has no phishing-resistant factor', ruleIds: ['privileged-without-phishing-resistant', 'aws-admin-virtual-mfa-only', 'aws-root-virtual-mfa'] },
  {
    topic: 'SMS, voice or email is the only factor of a privileged account',
    ruleIds: ['privileged-weak-factors-only', 'entra-admin-weak-factors-only', 'okta-admin-weak-factors-only', 'google-admin-telephony-factors', 'entra-sms-sign-in-enabled'],
  },
  { topic: 'Push approvals without number matching', ruleIds: ['entra-number-matching-disabled', 'okta-push-without-number-challenge'] },
  { topic: 'A leaver still has an enabled account', ruleIds: ['leaver-active-account'] },
  { topic: 'An account belongs to nobody, or to several people', ruleIds: ['orphan-account', 'conflicting-identity-link'] },
  { topic: 'A shared or generic account without justification', ruleIds: ['shared-account-without-justification'] },
  { topic: 'A dormant enabled account', ruleIds: ['dormant-enabled-account', 'entra-dormant-account-without-mfa', 'aws-access-key-unused'] },
  { topic: 'A privileged role on a daily-use account (separate privileged credentials)', ruleIds: ['privileged-daily-use-account'] },
  { topic: 'A service account without compensating controls (key age, last use)', ruleIds: ['service-account-without-compensating-controls', 'aws-access-key-not-rotated', 'aws-access-key-unused'] },
  { topic: 'A break-glass account without a monitored exception', ruleIds: ['break-glass-without-exception', 'entra-excluded-admin'] },
  { topic: 'A guest or third-party account without MFA', ruleIds: ['third-party-without-mfa'] },
  { topic: 'Root, super-admin and global-admin specifics', ruleIds: ['aws-root-without-mfa', 'aws-root-access-keys', 'aws-root-virtual-mfa', 'aws-root-recently-used', 'google-super-admin-not-passkey-only', 'entra-admin-not-covered'] },
];
