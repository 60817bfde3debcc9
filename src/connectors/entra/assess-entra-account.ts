/**
 * One Entra user as an assessed account: identity, roles, registered factors, the conditional-access verdicts, and
 * the shared fail-closed coverage decision. Disabled accounts and service accounts stay listed with `covered: n/a`.
 */
import type { AssessedAccount, EnforcementVerdict, LegacyAuth, Verdict } from '../../model/account.js';
import { decideCoverage } from '../../model/coverage.js';
import type { AnalysisSettings } from '../connector.js';
import { groupLabel, type EntraTenant } from './entra-tenant.js';
import type { GraphUser } from './graph-payloads.js';
import { compareText } from './load-entra-tenant.js';
import { aliasesOf, entraAccountKind, isEnabled, lastSignInAt, registrationVerdict } from './normalise-entra-user.js';
import { evaluateConditionalAccess, type ConditionalAccessContext, type ConditionalAccessEvaluation } from './evaluate-conditional-access.js';
import type { AudienceDirectory } from './policy-audience.js';
import { classifyExternalUser } from './external-user-type.js';
import { describePolicy } from './policy-shape.js';
import { indexRoleHolders, type HeldRole, type RoleIndex } from './role-holders.js';
import { privilegedRoleName } from './privileged-roles.js';

export interface EntraAccountAssessment {
  account: AssessedAccount;
  user: GraphUser;
  heldRoles: HeldRole[];
  /** `unknown` when the account holds no known privileged role but role data is incomplete. */
  privileged: 'yes' | 'no' | 'unknown';
  /** The conditional-access evaluation; undefined for disabled accounts. */
  evaluation: ConditionalAccessEvaluation | undefined;
}

export interface EntraAssessmentScope {
  tenant: EntraTenant;
  roles: RoleIndex;
  conditionalAccess: ConditionalAccessContext;
  settings: AnalysisSettings;
  servicePatterns: readonly RegExp[];
}

export function entraAssessmentScope(tenant: EntraTenant, settings: AnalysisSettings): EntraAssessmentScope {
  const roles = indexRoleHolders(tenant);
  const definitions = tenant.roleDefinitions.readable ? [...tenant.roleDefinitions.value.values()] : [];
  const directory: AudienceDirectory = {
    membership: (groupId) => tenant.memberships.get(groupId),
    membershipMissingReason: tenant.membershipsMissingReason,
    groupLabel: (groupId) => groupLabel(tenant, groupId),
    roleLabel: (templateId) =>
      definitions.find((definition) => (definition.templateId ?? definition.id) === templateId)?.displayName ?? privilegedRoleName(templateId) ?? templateId,
  };
  const policies = tenant.policies;
  return {
    tenant,
    roles,
    conditionalAccess: {
      policies: policies.readable ? { readable: true, value: policies.value.map((policy) => describePolicy(policy, tenant.namedLocations)) } : policies,
      securityDefaults: tenant.securityDefaults.readable ? { readable: true, value: tenant.securityDefaults.value.isEnabled } : tenant.securityDefaults,
      unreadablePolicies: tenant.unreadablePolicies,
      directory,
    },
    settings,
    servicePatterns: settings.serviceAccountPatterns.map((pattern) => new RegExp(pattern, 'i')),
  };
}

export function assessEntraAccount(user: GraphUser, scope: EntraAssessmentScope): EntraAccountAssessment {
  const { tenant, roles } = scope;
  const enabled = isEnabled(user);
  const kind = entraAccountKind(user, scope.servicePatterns);
  const heldRoles = roles.holders.get(user.id) ?? [];
  const privileged = heldRoles.some((role) => role.privileged) ? 'yes' : roles.doubts.length > 0 ? 'unknown' : 'no';
  const registration = registrationVerdict(tenant.registrations.get(user.id), tenant.registrationMissingReason, enabled);

  let mfaEnforced: EnforcementVerdict;
  let legacyAuth: Verdict<LegacyAuth>;
  let evaluation: ConditionalAccessEvaluation | undefined;
  if (!enabled) {
    const reason = 'accountEnabled is false: the account cannot sign in.';
    mfaEnforced = { value: 'n/a', reasons: [reason] };
    legacyAuth = { value: 'n/a', reasons: [reason] };
  } else {
    evaluation = evaluateConditionalAccess(
      {
        id: user.id,
        external: classifyExternalUser(user),
        roles: new Set(heldRoles.map((role) => role.templateId)),
        rolesDoubt: roles.doubts.length > 0 ? roles.doubts.join(' ') : undefined,
      },
      scope.conditionalAccess,
    );
    mfaEnforced = evaluation.mfaEnforced;
    legacyAuth = evaluation.legacyAuth;
  }

  const decision = decideCoverage({
    applicable: enabled && kind !== 'service',
    notApplicableReason: !enabled
      ? 'Disabled (accountEnabled false): cannot sign in; excluded from coverage.'
      : 'Matches a service-account pattern: non-interactive, excluded from coverage and judged by its own findings.',
    mfaEnforced,
    mfaRegistered: registration.verdict,
    legacyAuth,
  });

  const roleNames = [...new Set(heldRoles.map((role) => role.displayName))].sort(compareText);
  const aliases = aliasesOf(user);
  const account: AssessedAccount = {
    idp: 'entra',
    tenant: tenant.tenant,
    id: user.id,
    login: user.userPrincipalName,
    displayName: user.displayName ?? user.userPrincipalName,
    enabled,
    kind,
    privileged: privileged === 'yes',
    roles: roleNames,
    lastSignInAt: lastSignInAt(user),
    createdAt: user.createdDateTime ?? null,
    factors: registration.factors,
    mfaRegistered: registration.verdict,
    mfaEnforced,
    legacyAuth,
    covered: decision.covered,
    reasons: privileged === 'unknown' ? [...decision.reasons, ...roles.doubts.map((doubt) => `Privilege may be incomplete: ${doubt}`)] : decision.reasons,
    ...(user.employeeId ? { employeeId: user.employeeId } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
  };
  return { account, user, heldRoles, privileged, evaluation };
}
