/**
 * One Okta user as an assessed account: identity, roles, factors, the sign-in paths through both policy layers,
 * the verdicts they give, and the shared fail-closed coverage decision.
 */
import type { AccountKind, AssessedAccount, EnforcementVerdict, LegacyAuth, Verdict } from '../../model/account.js';
import { decideCoverage } from '../../model/coverage.js';
import type { AnalysisSettings } from '../connector.js';
import type { OktaOrg } from './okta-org.js';
import type { OktaFactor, OktaUser } from './okta-payloads.js';
import type { GroupDirectory, SignInLocation, Tri } from './policy-conditions.js';
import { appTargets, radiusPaths, signInPaths, type SignInPath } from './sign-in-paths.js';
import { enforcementVerdict, legacyVerdict, registrationVerdict } from './okta-verdicts.js';
import { mfaExclusions, type MfaExclusion } from './mfa-exclusions.js';
import { knownUserStatuses } from './okta-endpoints.js';

/** Statuses in which the account can sign in (after an unlock or a password reset at worst). */
const enabledStatuses = new Set(['ACTIVE', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'RECOVERY']);

export interface OktaAccountAssessment {
  account: AssessedAccount;
  user: OktaUser;
  paths: SignInPath[];
  exclusions: MfaExclusion[];
  /** Raw active factors, for findings that need the vendor's view. */
  activeFactors: OktaFactor[];
  privileged: Tri;
}

export interface AssessmentScope {
  org: OktaOrg;
  settings: AnalysisSettings;
  locations: readonly SignInLocation[];
  groups: GroupDirectory;
  servicePatterns: readonly RegExp[];
}

/**
 * Names, in the enforcement reasons, the rule and the group (or the user's own listing) that carve the account out of
 * a rule demanding a second factor, when a password path or an unknown path remains: the paths alone name only the
 * rule that let the password through. For a `partial` verdict the lines join its policy-exclusion cause, if any.
 */
function withExclusionReasons(verdict: EnforcementVerdict, exclusions: readonly MfaExclusion[]): EnforcementVerdict {
  if (exclusions.length === 0 || (verdict.value !== 'no' && verdict.value !== 'partial' && verdict.value !== 'unknown')) return verdict;
  const lines = [
    ...new Set(
      exclusions.map(
        (exclusion) =>
          `Excluded from rule '${exclusion.ruleName}' of policy '${exclusion.policyName}' (which requires a second factor) ${exclusion.by.kind === 'user' ? 'by name (the rule lists the user among its excluded users)' : `through group '${exclusion.by.groupName}'`}.`,
      ),
    ),
  ];
  const reasons = [...verdict.reasons, ...lines];
  // An exclusion explains a policy-exclusion cause; it adds none of its own (a zone path is not an exclusion's doing).
  const causes = verdict.causes?.map((cause) => (cause.kind === 'policy-exclusion' ? { kind: cause.kind, reasons: [...cause.reasons, ...lines] } : cause));
  return causes ? { ...verdict, reasons, causes } : { ...verdict, reasons };
}

export function assessOktaAccount(user: OktaUser, scope: AssessmentScope): OktaAccountAssessment {
  const { org } = scope;
  const login = user.profile.login;
  const displayName = user.profile.displayName ?? ([user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ') || login);
  // A status Okta added after this scanner was written may well sign in: judge it as enabled, then call it unknown.
  const knownStatus = knownUserStatuses.has(user.status);
  const enabled = enabledStatuses.has(user.status) || !knownStatus;
  const localPart = login.split('@')[0] ?? login;
  const kind: AccountKind = scope.servicePatterns.some((pattern) => pattern.test(localPart)) ? 'service' : 'human';

  const roleList = org.roles.readable ? (org.roles.value.get(user.id) ?? []) : [];
  const privileged: Tri = org.roles.readable ? (roleList.length > 0 ? 'yes' : 'no') : 'unknown';
  const roles = [...new Set(roleList.map((role) => role.label ?? role.type))].sort();
  const registration = registrationVerdict(user, org);
  const record = org.factors.get(user.id);
  const rawActive = record?.state === 'fetched' ? record.factors.filter((factor) => factor.status === 'ACTIVE') : [];

  let mfaEnforced: EnforcementVerdict;
  let legacyAuth: Verdict<LegacyAuth>;
  let paths: SignInPath[] = [];
  let exclusions: MfaExclusion[] = [];
  if (!enabled) {
    const reason = `Okta status ${user.status}: the account cannot sign in.`;
    mfaEnforced = { value: 'n/a', reasons: [reason] };
    legacyAuth = { value: 'n/a', reasons: [reason] };
  } else {
    const apps = appTargets(org, user, privileged);
    const input = { org, user, locations: scope.locations, apps, groups: scope.groups };
    paths = signInPaths(input);
    mfaEnforced = enforcementVerdict(paths, scope.locations.length);
    legacyAuth = legacyVerdict(org, radiusPaths(input), scope.locations.length);
    exclusions = mfaExclusions(user, org, apps, scope.groups);
    mfaEnforced = withExclusionReasons(mfaEnforced, exclusions);
  }

  const decision = decideCoverage({
    applicable: enabled && kind !== 'service',
    notApplicableReason: !enabled
      ? `Okta status ${user.status}: cannot sign in; excluded from coverage.`
      : 'Matches a service-account pattern: non-interactive, excluded from coverage and judged by its own findings.',
    mfaEnforced,
    mfaRegistered: registration.verdict,
    legacyAuth,
  });

  const account: AssessedAccount = {
    idp: 'okta',
    tenant: org.tenant,
    id: user.id,
    login,
    displayName,
    enabled,
    kind,
    privileged: privileged === 'yes',
    roles,
    lastSignInAt: user.lastLogin ?? null,
    createdAt: user.created ?? null,
    factors: registration.factors,
    mfaRegistered: registration.verdict,
    mfaEnforced,
    legacyAuth,
    covered: knownStatus || decision.covered === 'n/a' ? decision.covered : 'unknown',
    reasons: [
      ...(knownStatus ? [] : [`Okta status ${user.status} is not one the scanner knows: whether the account can sign in is unknown, so its coverage is unknown.`]),
      ...decision.reasons,
      ...(privileged === 'unknown' ? [`Admin roles unknown: ${org.roles.readable ? '' : org.roles.reason}`] : []),
    ],
  };
  return { account, user, paths, exclusions, activeFactors: rawActive, privileged };
}
