/**
 * The root user of one account as an assessed account of kind `root`, always privileged. Pure.
 * `GetAccountSummary` says whether root has MFA (`AccountMFAEnabled`) and access keys (`AccountAccessKeysPresent`);
 * the assigned virtual devices say whether root's MFA is a phone app. IAM cannot list root's other devices, so an
 * MFA-enabled root without a virtual device has a hardware TOTP token or a FIDO key, and which of the two AWS does
 * not say: its strength is `unknown` (a FIDO key is phishing-resistant, a TOTP token is not), never a guess.
 */
import type { AssessedAccount, Enforcement, LegacyAuth, Registration, Verdict } from '../../model/account.js';
import { decideCoverage } from '../../model/coverage.js';
import { makeFactor, type Factor } from '../../model/factor.js';
import type { Readable } from './aws-account-data.js';
import type { AccessKeyState } from './credential-report.js';

export interface AwsRootFacts {
  tenant: string;
  accountId: string;
  /** The root user's email when Organizations listed it; `root@<account id>` stands in otherwise. */
  login: string;
  mfaEnabled: Readable<boolean>;
  accessKeysPresent: Readable<boolean>;
  /** Whether a virtual MFA device is assigned to root. */
  virtualMfa: Readable<boolean>;
  /** Root's row of the credential report, when readable. */
  passwordLastUsed: string | undefined;
  keys: AccessKeyState[];
}

export interface AwsRootAssessment {
  account: AssessedAccount;
  facts: AwsRootFacts;
}

export function assessAwsRoot(facts: AwsRootFacts): AwsRootAssessment {
  const factors: Factor[] = [];
  let mfaRegistered: Verdict<Registration>;
  let mfaEnforced: Verdict<Enforcement>;
  if (!facts.mfaEnabled.readable) {
    mfaRegistered = { value: 'unknown', reasons: [facts.mfaEnabled.reason] };
    mfaEnforced = { value: 'unknown', reasons: [facts.mfaEnabled.reason] };
  } else if (!facts.mfaEnabled.value) {
    mfaRegistered = { value: 'no', reasons: ['The root user has no MFA device (AccountMFAEnabled is 0).'] };
    mfaEnforced = { value: 'no', reasons: ['The root user signs in with the password alone: no MFA device is assigned.'] };
  } else {
    mfaEnforced = { value: 'yes', reasons: ['AWS asks for the root MFA device at every root sign-in.'] };
    if (!facts.virtualMfa.readable) {
      factors.push(makeFactor('unknown', 'root MFA device of unknown kind'));
      mfaRegistered = { value: 'yes', reasons: [`Root MFA is enabled; its kind is unknown: ${facts.virtualMfa.reason}.`] };
    } else if (facts.virtualMfa.value) {
      factors.push(makeFactor('totp-software', 'virtual MFA device'));
      mfaRegistered = { value: 'yes', reasons: ['Root MFA is a virtual (software) device.'] };
    } else {
      factors.push(makeFactor('unknown', 'hardware TOTP token or FIDO security key (IAM does not say which)'));
      mfaRegistered = {
        value: 'yes',
        reasons: ['Root MFA is enabled and no virtual device is assigned to root: a hardware TOTP token or a FIDO security key; IAM does not say which, so whether it is phishing-resistant is unknown.'],
      };
    }
  }

  const activeKeys = facts.keys.filter((key) => key.active);
  let legacyAuth: Verdict<LegacyAuth>;
  if (facts.accessKeysPresent.readable ? facts.accessKeysPresent.value : activeKeys.length > 0) {
    legacyAuth = { value: 'open', reasons: ['The root user has access keys: they can do anything in the account, without MFA, and cannot be limited by IAM policies.'] };
  } else if (!facts.accessKeysPresent.readable && facts.keys.length === 0) {
    legacyAuth = { value: 'unknown', reasons: [facts.accessKeysPresent.reason] };
  } else {
    legacyAuth = { value: 'n/a', reasons: ['The root user has no access keys.'] };
  }

  const decision = decideCoverage({ applicable: true, mfaEnforced, mfaRegistered, legacyAuth });
  const account: AssessedAccount = {
    idp: 'aws',
    tenant: facts.tenant,
    id: `arn:aws:iam::${facts.accountId}:root`,
    login: facts.login,
    displayName: `Root user of ${facts.accountId}`,
    enabled: true,
    kind: 'root',
    privileged: true,
    roles: ['root user'],
    lastSignInAt: facts.passwordLastUsed ?? null,
    createdAt: null,
    factors,
    mfaRegistered,
    mfaEnforced,
    legacyAuth,
    covered: decision.covered,
    reasons: decision.reasons,
  };
  return { account, facts };
}
