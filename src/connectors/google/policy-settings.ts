/**
 * The Cloud Identity policy settings the verdicts depend on, parsed from `setting.value` into typed values, with
 * Google's defaults for a unit or group where no policy sets them. Setting names and value fields follow Google's
 * "Supported Policy API settings" list. A value that does not parse stays `undefined`: the resolution then reports
 * the setting as unknown rather than guessing.
 */
import type { GooglePolicy } from './google-payloads.js';
import { groupIdOf, orgUnitIdOf } from './google-resource-names.js';

export const settingTypes = {
  enforcement: 'settings/security.two_step_verification_enforcement',
  enrollment: 'settings/security.two_step_verification_enrollment',
  factors: 'settings/security.two_step_verification_enforcement_factor',
  gracePeriod: 'settings/security.two_step_verification_grace_period',
  deviceTrust: 'settings/security.two_step_verification_device_trust',
  lessSecureApps: 'settings/security.less_secure_apps',
  imap: 'settings/gmail.imap_access',
  pop: 'settings/gmail.pop_access',
} as const;

export type SettingKey = keyof typeof settingTypes;

/** Factor sets of `allowedSignInFactorSet`; `ALL` includes SMS and voice codes. */
export const factorSets = ['ALL', 'NO_TELEPHONY', 'PASSKEY_ONLY', 'PASSKEY_PLUS_SECURITY_CODE', 'PASSKEY_PLUS_IP_BOUND_SECURITY_CODE'] as const;

export interface SettingValues {
  /** `null` when enforcement is off: Google answers the Unix epoch for "Off", or leaves the field out. */
  enforcement: { enforcedFrom: string | null };
  enrollment: { allowEnrollment: boolean };
  factors: { allowedSignInFactorSet: string };
  gracePeriod: { enrollmentGracePeriodMs: number };
  deviceTrust: { allowTrustingDevice: boolean };
  lessSecureApps: { allowLessSecureApps: boolean };
  imap: { enableImapAccess: boolean };
  pop: { enablePopAccess: boolean };
}

/**
 * What applies where no policy (not even a SYSTEM one) sets a value: 2SV enforcement off, enrolment allowed, every
 * factor allowed, no new-user grace period, "trust this device" allowed, less secure apps off (Google ended them
 * for Workspace in 2024), IMAP and POP on.
 */
export const settingDefaults: SettingValues = {
  enforcement: { enforcedFrom: null },
  enrollment: { allowEnrollment: true },
  factors: { allowedSignInFactorSet: 'ALL' },
  gracePeriod: { enrollmentGracePeriodMs: 0 },
  deviceTrust: { allowTrustingDevice: true },
  lessSecureApps: { allowLessSecureApps: false },
  imap: { enableImapAccess: true },
  pop: { enablePopAccess: true },
};

/** One policy of a setting we read, with its target resolved to bare ids. */
export interface CloudPolicy<K extends SettingKey = SettingKey> {
  name: string;
  /** `ADMIN` or `SYSTEM`. */
  type: string;
  key: K;
  orgUnitId: string | undefined;
  groupId: string | undefined;
  sortOrder: number;
  /**
   * True when the policy's CEL query narrows its target beyond the org unit or group (licences, negations,
   * alternatives): who it reaches cannot be decided from the snapshot, so it only ever "might" apply.
   */
  conditional: boolean;
  /** `undefined` when the value does not parse. */
  value: SettingValues[K] | undefined;
}

export type AnyCloudPolicy = { [K in SettingKey]: CloudPolicy<K> }[SettingKey];

const keyByType = new Map<string, SettingKey>(Object.entries(settingTypes).map(([key, type]) => [type, key as SettingKey]));

/** The policy as a typed setting, or `undefined` for a setting the verdicts do not use. */
export function parseCloudPolicy(policy: GooglePolicy): AnyCloudPolicy | undefined {
  const key = keyByType.get(policy.setting.type);
  if (!key) return undefined;
  const query = policy.policyQuery ?? {};
  const base = {
    name: policy.name,
    type: policy.type ?? 'ADMIN',
    orgUnitId: orgUnitIdOf(query.orgUnit),
    groupId: groupIdOf(query.group),
    sortOrder: query.sortOrder ?? 0,
    conditional: isConditional(query.query),
  };
  const value = policy.setting.value ?? {};
  switch (key) {
    case 'enforcement':
      return { ...base, key, value: parseEnforcement(value) };
    case 'enrollment':
      return { ...base, key, value: booleanField(value, 'allowEnrollment', (allowEnrollment) => ({ allowEnrollment })) };
    case 'factors': {
      const set = value.allowedSignInFactorSet;
      return { ...base, key, value: typeof set === 'string' && set !== '' ? { allowedSignInFactorSet: set } : undefined };
    }
    case 'gracePeriod': {
      const ms = parseDurationMs(value.enrollmentGracePeriod);
      return { ...base, key, value: ms === undefined ? undefined : { enrollmentGracePeriodMs: ms } };
    }
    case 'deviceTrust':
      return { ...base, key, value: booleanField(value, 'allowTrustingDevice', (allowTrustingDevice) => ({ allowTrustingDevice })) };
    case 'lessSecureApps':
      return { ...base, key, value: booleanField(value, 'allowLessSecureApps', (allowLessSecureApps) => ({ allowLessSecureApps })) };
    case 'imap':
      return { ...base, key, value: booleanField(value, 'enableImapAccess', (enableImapAccess) => ({ enableImapAccess })) };
    case 'pop':
      return { ...base, key, value: booleanField(value, 'enablePopAccess', (enablePopAccess) => ({ enablePopAccess })) };
  }
}

function parseEnforcement(value: Record<string, unknown>): SettingValues['enforcement'] | undefined {
  const raw = value.enforcedFrom;
  if (raw === undefined || raw === null || raw === '') return { enforcedFrom: null };
  if (typeof raw !== 'string') return undefined;
  const time = Date.parse(raw);
  if (Number.isNaN(time)) return undefined;
  return { enforcedFrom: time <= 0 ? null : new Date(time).toISOString() };
}

function booleanField<T>(value: Record<string, unknown>, field: string, make: (flag: boolean) => T): T | undefined {
  // The value is a Struct, so fields are explicit; a missing one is unreadable, never assumed.
  const flag = value[field];
  return typeof flag === 'boolean' ? make(flag) : undefined;
}

/** A protobuf Duration as JSON (`"604800s"`, `"0.5s"`); minutes, hours and days are read too. */
export function parseDurationMs(raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === '') return 0;
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return raw * 1000;
  if (typeof raw !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(raw.trim());
  if (!match) return undefined;
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(match[1]) * unit);
}

/** The plain org-unit and group clauses Google writes; anything else (licences, `!`, `||`) narrows the target. */
function isConditional(query: string | null | undefined): boolean {
  if (!query) return false;
  return /licenses|\|\||!/.test(query);
}

/** Human wording of a factor set, for reasons and findings. */
export function describeFactorSet(set: string): string {
  switch (set) {
    case 'ALL':
      return 'any method, SMS and voice codes included';
    case 'NO_TELEPHONY':
      return 'any method except SMS and voice codes';
    case 'PASSKEY_ONLY':
      return 'passkeys and security keys only';
    case 'PASSKEY_PLUS_SECURITY_CODE':
      return 'passkeys and security keys, plus security codes';
    case 'PASSKEY_PLUS_IP_BOUND_SECURITY_CODE':
      return 'passkeys and security keys, plus IP-bound security codes';
    default:
      return `factor set ${set}`;
  }
}

/** Factor sets in which SMS or voice codes can complete 2-step verification. */
export function allowsTelephony(set: string): boolean {
  return set === 'ALL' || !(factorSets as readonly string[]).includes(set);
}

/** Factor sets that restrict sign-in to phishing-resistant keys (IP-bound codes cannot be relayed from elsewhere). */
export function isPasskeyOnly(set: string): boolean {
  return set === 'PASSKEY_ONLY' || set === 'PASSKEY_PLUS_IP_BOUND_SECURITY_CODE';
}
