/**
 * One IAM user as an assessed account. Pure: the facts in, the verdicts out.
 *
 * Console path: once an MFA device is assigned, AWS asks for it at every console sign-in, so a device means MFA is
 * enforced; without one, only a policy that denies (nearly) everything without MFA enforces it, and then the user is
 * enforced but not registered. A password with neither is the "MFA optional" pitfall.
 * API path (`legacyAuth`): long-term access keys never carry MFA; they are blocked only by a deny that also matches
 * the absent `aws:MultiFactorAuthPresent` key (`BoolIfExists`, `Null`).
 * Keys without a console password make a programmatic (service) user, listed but not counted.
 */
import type { AccountKind, AssessedAccount, EnforcementVerdict, LegacyAuth, Registration, Verdict } from '../../model/account.js';
import { decideCoverage } from '../../model/coverage.js';
import { countsAsSecondFactor, type Factor } from '../../model/factor.js';
import type { Readable } from './aws-account-data.js';
import type { NamedMfaDeny, UserAuthorization } from './authorization-index.js';
import type { AccessKeyState } from './credential-report.js';
import { factorOfDevice, type MfaDeviceKind } from './mfa-device-kind.js';

export interface UserCredentials {
  passwordEnabled: boolean;
  passwordLastUsed: string | undefined;
  mfaActive: boolean;
  keys: AccessKeyState[];
}

export interface AwsUserFacts {
  tenant: string;
  userName: string;
  /** The immutable `AIDA…` id from ListUsers; the ARN stands in when ListUsers was unreadable. */
  userId: string | undefined;
  arn: string;
  createdAt: string | undefined;
  /** The user's row of the credential report. */
  credentials: Readable<UserCredentials>;
  /** Device kinds known; `complete` is false when the user may hold more than these (only the bulk list, or a failed per-user call). */
  devices: { kinds: MfaDeviceKind[]; complete: boolean };
  authorization: Readable<UserAuthorization>;
}

export interface AwsUserAssessment {
  account: AssessedAccount;
  facts: AwsUserFacts;
  activeKeys: AccessKeyState[];
  /** How the user is an administrator (empty: not, or unknown). */
  adminVia: string[];
}

const forceMfaHint = 'attach a policy that denies everything but MFA self-service unless aws:MultiFactorAuthPresent is true (BoolIfExists), or assign a device';

export function assessAwsUser(facts: AwsUserFacts): AwsUserAssessment {
  const credentials = facts.credentials.readable ? facts.credentials.value : undefined;
  const activeKeys = credentials?.keys.filter((key) => key.active) ?? [];
  const password = credentials?.passwordEnabled ?? false;
  const enabled = credentials === undefined || password || activeKeys.length > 0;
  const kind: AccountKind = credentials !== undefined && !password && activeKeys.length > 0 ? 'service' : 'human';
  const authorization = facts.authorization.readable ? facts.authorization.value : undefined;
  const adminVia = authorization?.adminVia ?? [];
  const denies = authorization?.mfaDenies ?? [];
  const broadDenies = denies.filter((deny) => deny.broad);
  const factors: Factor[] = [...new Set(facts.devices.kinds)].map(factorOfDevice);

  const mfaRegistered = registration(facts, credentials);
  const mfaEnforced = consoleEnforcement(facts, credentials, broadDenies, denies);
  const legacyAuth = apiPath(facts, credentials, activeKeys, kind, broadDenies);

  const doubts: string[] = [];
  if (!facts.authorization.readable) doubts.push(`Administrator rights unknown: ${facts.authorization.reason}.`);
  else if (authorization && authorization.unreadable.length > 0) doubts.push(...authorization.unreadable.map((item) => `Policy not readable: ${item}.`));

  const decision = decideCoverage({
    applicable: enabled && kind !== 'service',
    notApplicableReason: !enabled
      ? 'No console password and no active access key: the user cannot authenticate; excluded from coverage.'
      : `Active access key(s) and no console password: a programmatic (service) user, excluded from coverage and judged by its own findings (${describeKeys(activeKeys)}).`,
    mfaEnforced,
    mfaRegistered,
    legacyAuth,
  });

  const lastUsed = [credentials?.passwordLastUsed, ...activeKeys.map((key) => key.lastUsed)].filter((value): value is string => value !== undefined).sort();
  const account: AssessedAccount = {
    idp: 'aws',
    tenant: facts.tenant,
    id: facts.userId ?? facts.arn,
    login: facts.userName,
    displayName: facts.userName,
    enabled,
    kind,
    privileged: adminVia.length > 0,
    roles: adminVia,
    lastSignInAt: lastUsed.at(-1) ?? null,
    createdAt: facts.createdAt ?? null,
    factors,
    mfaRegistered,
    mfaEnforced,
    legacyAuth,
    covered: decision.covered,
    reasons: [...decision.reasons, ...doubts],
  };
  return { account, facts, activeKeys, adminVia };
}

function registration(facts: AwsUserFacts, credentials: UserCredentials | undefined): Verdict<Registration> {
  if (!facts.credentials.readable) return { value: 'unknown', reasons: [facts.credentials.reason] };
  if (!credentials?.mfaActive) return { value: 'no', reasons: ['The credential report shows no MFA device assigned.'] };
  const kinds = [...new Set(facts.devices.kinds)];
  if (kinds.length === 0) return { value: 'yes', reasons: ['The credential report shows an MFA device assigned (its kind could not be read).'] };
  const counted = kinds.map(factorOfDevice).filter(countsAsSecondFactor);
  return { value: counted.length > 0 ? 'yes' : 'no', reasons: [`MFA device(s): ${kinds.join(', ')}${facts.devices.complete ? '' : ' (others may exist)'}.`] };
}

/** Which policy, if any, would still demand MFA of a user who holds a device: named, or said to be none. */
function devicePolicyReason(facts: AwsUserFacts, consoleDeny: NamedMfaDeny | undefined, all: NamedMfaDeny[]): string {
  if (consoleDeny) return `${capitalise(consoleDeny.origin)} denies everything but MFA self-service without MFA (${consoleDeny.condition}).`;
  if (!facts.authorization.readable) return `Whether a policy denies access without MFA is unknown: ${facts.authorization.reason}.`;
  const narrow = all.find((deny) => deny.console);
  if (narrow) return `Only ${narrow.origin} requires MFA, and for some actions only (${narrow.condition}): no policy enforces MFA should the device be removed.`;
  return 'No policy denies access without MFA: MFA rests on the device alone, and a user who removes it signs in with the password.';
}

function consoleEnforcement(facts: AwsUserFacts, credentials: UserCredentials | undefined, broad: NamedMfaDeny[], all: NamedMfaDeny[]): EnforcementVerdict {
  if (!facts.credentials.readable) return { value: 'unknown', reasons: [facts.credentials.reason] };
  if (!credentials?.passwordEnabled) return { value: 'n/a', reasons: ['No console password: the user cannot sign in to the console.'] };
  const consoleDeny = broad.find((deny) => deny.console);
  if (credentials.mfaActive) {
    // The device is what AWS asks for; the policy is what keeps MFA required if the device is removed or replaced.
    return { value: 'yes', reasons: ['AWS asks for the assigned MFA device at every console sign-in.', devicePolicyReason(facts, consoleDeny, all)] };
  }
  if (consoleDeny) {
    return { value: 'yes', reasons: [`${capitalise(consoleDeny.origin)} denies everything but MFA self-service without MFA (${consoleDeny.condition}).`] };
  }
  if (!facts.authorization.readable) return { value: 'unknown', reasons: [`No MFA device, and whether a policy denies access without MFA is unknown: ${facts.authorization.reason}.`] };
  const narrow = all.find((deny) => deny.console);
  if (narrow) {
    const reasons = [`${capitalise(narrow.origin)} denies only some actions without MFA (${narrow.condition}); the password alone still signs in and reaches the rest.`];
    // A deny that spares some actions is a narrower policy: the account is carved out of the rest.
    return { value: 'partial', reasons, causes: [{ kind: 'policy-exclusion', reasons }] };
  }
  const unreadable = facts.authorization.value.unreadable;
  if (unreadable.length > 0) return { value: 'unknown', reasons: [`No MFA device, and some policies reaching the user could not be read: ${unreadable.join('; ')}.`] };
  return { value: 'no', reasons: [`MFA is optional for IAM users: a console password and no MFA device, so the password alone signs in; ${forceMfaHint}.`] };
}

function apiPath(facts: AwsUserFacts, credentials: UserCredentials | undefined, activeKeys: AccessKeyState[], kind: AccountKind, broad: NamedMfaDeny[]): Verdict<LegacyAuth> {
  if (!facts.credentials.readable) return { value: 'unknown', reasons: [facts.credentials.reason] };
  if (!credentials || activeKeys.length === 0) return { value: 'n/a', reasons: ['No active access key.'] };
  const keys = describeKeys(activeKeys);
  if (kind === 'service') return { value: 'open', reasons: [`Long-term access keys sign API calls without MFA (${keys}).`] };
  const blocking = broad.find((deny) => deny.accessKeys);
  if (blocking) {
    return {
      value: 'blocked',
      reasons: [`${capitalise(blocking.origin)} denies requests without MFA (${blocking.condition}), which matches calls signed with long-term keys (they carry no MFA context); the keys only serve sts:GetSessionToken with an MFA code.`],
    };
  }
  if (!facts.authorization.readable) return { value: 'unknown', reasons: [`${keys}; whether a policy blocks them without MFA is unknown: ${facts.authorization.reason}.`] };
  const consoleOnly = broad.find((deny) => deny.console && !deny.accessKeys);
  if (consoleOnly) {
    return {
      value: 'open',
      reasons: [
        `${capitalise(consoleOnly.origin)} uses ${consoleOnly.condition}: requests signed with long-term access keys carry no aws:MultiFactorAuthPresent key, and a plain Bool condition does not match an absent key, so the deny does not apply and the keys work without MFA (${keys}); use BoolIfExists.`,
      ],
    };
  }
  const unreadable = facts.authorization.value.unreadable;
  if (unreadable.length > 0) return { value: 'unknown', reasons: [`${keys}; some policies reaching the user could not be read: ${unreadable.join('; ')}.`] };
  return { value: 'open', reasons: [`Active access key(s) sign API calls without MFA and no policy denies them without MFA (${keys}).`] };
}

/** `key 1 created 2024-01-02, last used 2025-05-01`. */
export function describeKeys(keys: readonly AccessKeyState[]): string {
  return keys
    .map((key) => `key ${key.slot} created ${key.lastRotated?.slice(0, 10) ?? 'unknown'}, ${key.lastUsed ? `last used ${key.lastUsed.slice(0, 10)}` : 'never used'}`)
    .join('; ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
