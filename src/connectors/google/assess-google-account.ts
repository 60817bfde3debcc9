/**
 * One Google user as an assessed account: identity, roles, the settings that reach the user through group, org
 * unit or default, where sign-in goes (Google or a delegated IdP), the verdicts, and the shared fail-closed
 * coverage decision.
 */
import type { AccountKind, AssessedAccount, EnforcementVerdict, LegacyAuth, Verdict } from '../../model/account.js';
import { decideCoverage } from '../../model/coverage.js';
import type { AppPasswordRecord, GoogleDomain, Readable } from './google-domain.js';
import type { GoogleUser } from './google-payloads.js';
import type { SettingValues } from './policy-settings.js';
import { resolveSetting, type PolicyIndex, type PolicyLabels, type ResolvedSetting } from './resolve-setting.js';
import { resolveSignInRoute, type ResolvedRoute } from './sign-in-route.js';
import { userTarget } from './policy-target.js';
import { adminRolesOf } from './admin-roles.js';
import { googleEnforcementVerdict, legacyAuthVerdict, registrationVerdict, routedEnforcementVerdict, signInTime } from './google-verdicts.js';
import { enrolledFactors } from './enrolled-factors.js';

export interface GoogleAssessmentScope {
  domain: GoogleDomain;
  index: Readable<PolicyIndex>;
  labels: PolicyLabels;
  asOf: Date;
  servicePatterns: readonly RegExp[];
}

export interface ResolvedUserSettings {
  enforcement: ResolvedSetting<SettingValues['enforcement']>;
  gracePeriod: ResolvedSetting<SettingValues['gracePeriod']>;
  factors: ResolvedSetting<SettingValues['factors']>;
  deviceTrust: ResolvedSetting<SettingValues['deviceTrust']>;
  lessSecureApps: ResolvedSetting<SettingValues['lessSecureApps']>;
  imap: ResolvedSetting<SettingValues['imap']>;
  pop: ResolvedSetting<SettingValues['pop']>;
}

export interface GoogleAccountAssessment {
  account: AssessedAccount;
  user: GoogleUser;
  superAdmin: boolean;
  orgUnitPath: string;
  settings: ResolvedUserSettings;
  /** Where sign-in goes; super administrators always at Google. */
  route: ResolvedRoute;
  appPasswords: AppPasswordRecord | undefined;
}

export function assessGoogleAccount(user: GoogleUser, scope: GoogleAssessmentScope): GoogleAccountAssessment {
  const { domain, index, labels, asOf } = scope;
  const target = userTarget(domain, user);
  const settings: ResolvedUserSettings = {
    enforcement: resolveSetting('enforcement', index, target, labels),
    gracePeriod: resolveSetting('gracePeriod', index, target, labels),
    factors: resolveSetting('factors', index, target, labels),
    deviceTrust: resolveSetting('deviceTrust', index, target, labels),
    lessSecureApps: resolveSetting('lessSecureApps', index, target, labels),
    imap: resolveSetting('imap', index, target, labels),
    pop: resolveSetting('pop', index, target, labels),
  };
  const admin = adminRolesOf(domain, user, target);
  const enabled = user.suspended !== true && user.archived !== true;
  const localPart = user.primaryEmail.split('@')[0] ?? user.primaryEmail;
  const kind: AccountKind = user.isGuestUser === true ? 'guest' : scope.servicePatterns.some((pattern) => pattern.test(localPart)) ? 'service' : 'human';
  const assignedRoute = resolveSignInRoute(domain, target, labels);
  const route: ResolvedRoute = admin.superAdmin
    ? { state: 'known', route: { kind: 'google', description: 'super administrators always sign in at Google' } }
    : assignedRoute;
  const appPasswords = domain.appPasswords.get(user.id);

  let mfaEnforced: EnforcementVerdict;
  let legacyAuth: Verdict<LegacyAuth>;
  if (!enabled) {
    const reason = `${user.archived === true ? 'Archived' : 'Suspended'}${user.suspensionReason ? ` (${user.suspensionReason})` : ''}: the account cannot sign in.`;
    mfaEnforced = { value: 'n/a', reasons: [reason] };
    legacyAuth = { value: 'n/a', reasons: [reason] };
  } else {
    const google = googleEnforcementVerdict(user, settings.enforcement, settings.gracePeriod, asOf);
    mfaEnforced = routedEnforcementVerdict(google, assignedRoute, admin.superAdmin);
    legacyAuth = legacyAuthVerdict(user, settings.lessSecureApps, appPasswords, domain.appPasswordsMissingReason);
  }
  const enrollment = resolveSetting('enrollment', index, target, labels);
  const registered = registrationVerdict(user, mfaEnforced.value === 'delegated', enrollment);
  const enrolled = enrolledFactors(registered, settings.factors);
  const mfaRegistered = enrolled.reason ? { value: registered.value, reasons: [...registered.reasons, enrolled.reason] } : registered;

  const decision = decideCoverage({
    applicable: enabled && kind !== 'service',
    notApplicableReason: !enabled
      ? `${user.archived === true ? 'Archived' : 'Suspended'}: cannot sign in; excluded from coverage.`
      : 'Matches a service-account pattern: non-interactive, excluded from coverage and judged by its own findings.',
    mfaEnforced,
    mfaRegistered,
    legacyAuth,
  });

  const account: AssessedAccount = {
    idp: 'google',
    tenant: domain.tenant,
    id: user.id,
    login: user.primaryEmail,
    displayName: user.name?.fullName ?? user.primaryEmail,
    enabled,
    kind,
    privileged: admin.privileged,
    roles: admin.roles,
    lastSignInAt: signInTime(user.lastLoginTime) === undefined ? null : new Date(signInTime(user.lastLoginTime) as number).toISOString(),
    createdAt: user.creationTime ?? null,
    factors: enrolled.factors,
    mfaRegistered,
    mfaEnforced,
    legacyAuth,
    covered: decision.covered,
    reasons: admin.doubts.length > 0 ? [...decision.reasons, ...admin.doubts.map((doubt) => `Admin roles may be incomplete: ${doubt}.`)] : decision.reasons,
  };
  return { account, user, superAdmin: admin.superAdmin, orgUnitPath: user.orgUnitPath ?? '/', settings, route, appPasswords };
}
