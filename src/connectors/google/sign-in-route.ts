/**
 * Where a user's sign-in goes: to Google (password plus Google's 2-step verification) or, by an inbound SSO
 * assignment, to another identity provider whose own MFA then protects the account. Google's precedence: the
 * applicable group assignment with the lowest `rank`, otherwise the assignment on the innermost enclosing org unit.
 * Super administrators never follow these assignments: they always sign in at Google.
 */
import type { GoogleDomain } from './google-domain.js';
import type { GoogleSamlProfile, GoogleSsoAssignment } from './google-payloads.js';
import { groupIdOf, orgUnitIdOf } from './google-resource-names.js';
import type { PolicyLabels, PolicyTarget } from './resolve-setting.js';

export type SignInRoute =
  | { kind: 'google'; description: string }
  | {
      kind: 'idp';
      protocol: 'SAML' | 'OIDC';
      /** `inboundSamlSsoProfiles/…` or `inboundOidcSsoProfiles/…`. */
      profile: string;
      /** The profile's display name and the identity provider it points to, for reasons and reconciliation. */
      profileLabel: string;
      idpEntityId: string | undefined;
      idpSignInUrl: string | undefined;
      assignment: string;
      /** `redirectCondition: NEVER`: Google does not redirect, so its own sign-in stays open as well. */
      googleSignInToo: boolean;
      description: string;
    }
  | { kind: 'domain-wide'; assignment: string; description: string };

export type ResolvedRoute = { state: 'known'; route: SignInRoute } | { state: 'unknown'; reasons: string[] };

interface Candidate {
  route: SignInRoute;
  doubt: string | undefined;
}

export function resolveSignInRoute(domain: GoogleDomain, target: PolicyTarget, labels: PolicyLabels): ResolvedRoute {
  if (!domain.ssoAssignments.readable) return { state: 'unknown', reasons: [`whether sign-in is delegated to another identity provider is unknown: ${domain.ssoAssignments.reason}`] };
  const assignments = domain.ssoAssignments.value;
  const candidates: Candidate[] = [];

  const groupAssignments = assignments
    .filter((assignment) => groupIdOf(assignment.targetGroup) !== undefined)
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  for (const assignment of groupAssignments) {
    const groupId = groupIdOf(assignment.targetGroup) as string;
    const membership = target.inGroup(groupId);
    if (membership.applies === 'no') continue;
    candidates.push({ route: routeOf(domain, assignment, `group ${labels.group(groupId)}`), doubt: membership.applies === 'maybe' ? membership.reason : undefined });
    if (membership.applies === 'yes') return settle(candidates);
  }

  if ('unreadable' in target.chain || target.chain.missing !== undefined) {
    const reason = 'unreadable' in target.chain ? target.chain.unreadable : `org unit ${target.chain.missing} is not in the org-unit listing`;
    return { state: 'unknown', reasons: [`the SSO assignment of the user's org unit is unknown: ${reason}`] };
  }
  for (const unit of target.chain.nodes) {
    const assignment = assignments.find((candidate) => orgUnitIdOf(candidate.targetOrgUnit) === unit.id);
    if (!assignment) continue;
    candidates.push({ route: routeOf(domain, assignment, `OU ${labels.orgUnit(unit.id)}`), doubt: undefined });
    return settle(candidates);
  }
  candidates.push({ route: { kind: 'google', description: 'no SSO assignment reaches the user: sign-in is at Google' }, doubt: undefined });
  return settle(candidates);
}

function routeOf(domain: GoogleDomain, assignment: GoogleSsoAssignment, target: string): SignInRoute {
  const name = assignment.name ?? '(unnamed assignment)';
  switch (assignment.ssoMode) {
    case 'SAML_SSO':
    case 'OIDC_SSO': {
      const saml = assignment.ssoMode === 'SAML_SSO';
      const profile = (saml ? assignment.samlSsoInfo?.inboundSamlSsoProfile : assignment.oidcSsoInfo?.inboundOidcSsoProfile) ?? '(profile not named)';
      const details = saml && domain.samlProfiles.readable ? domain.samlProfiles.value.get(profile) : undefined;
      const profileLabel = labelOf(profile, details);
      const googleSignInToo = assignment.signInBehavior?.redirectCondition === 'NEVER';
      return {
        kind: 'idp',
        protocol: saml ? 'SAML' : 'OIDC',
        profile,
        profileLabel,
        idpEntityId: details?.idpConfig?.entityId ?? undefined,
        idpSignInUrl: details?.idpConfig?.singleSignOnServiceUri ?? undefined,
        assignment: name,
        googleSignInToo,
        description: `sign-in is delegated to ${profileLabel} by SSO assignment ${name} on ${target}${googleSignInToo ? ' (redirectCondition NEVER: Google does not redirect, so its own sign-in stays open too)' : ''}`,
      };
    }
    case 'DOMAIN_WIDE_SAML_IF_ENABLED':
      return {
        kind: 'domain-wide',
        assignment: name,
        description: `SSO assignment ${name} on ${target} sends sign-in to the domain-wide SSO profile if one is enabled, which the Cloud Identity API does not show`,
      };
    case 'SSO_OFF':
      return { kind: 'google', description: `SSO assignment ${name} on ${target} turns SSO off: sign-in is at Google` };
    default:
      return { kind: 'domain-wide', assignment: name, description: `SSO assignment ${name} on ${target} has an SSO mode the scanner does not know (${assignment.ssoMode ?? 'none'})` };
  }
}

function labelOf(profile: string, details: GoogleSamlProfile | undefined): string {
  if (!details) return `SSO profile ${profile}`;
  const host = hostOf(details.idpConfig?.singleSignOnServiceUri);
  const idp = details.idpConfig?.entityId ?? host;
  return `SSO profile "${details.displayName ?? profile}" (${profile}${idp ? `, identity provider ${idp}` : ''}${host && host !== idp ? ` at ${host}` : ''})`;
}

function hostOf(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function settle(candidates: readonly Candidate[]): ResolvedRoute {
  const decisive = candidates[candidates.length - 1] as Candidate;
  const key = (route: SignInRoute): string => (route.kind === 'idp' ? `idp ${route.profile} ${route.googleSignInToo}` : route.kind);
  if (candidates.every((candidate) => key(candidate.route) === key(decisive.route))) return { state: 'known', route: decisive.route };
  return {
    state: 'unknown',
    reasons: candidates.map((candidate) => (candidate.doubt ? `${candidate.route.description}, if it applies (${candidate.doubt})` : `otherwise ${candidate.route.description}`)),
  };
}
