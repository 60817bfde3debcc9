/**
 * The Microsoft identity platform's v2.0 OpenID Connect endpoints for the Graph simulator's tenant: discovery at
 * `/{tenant}/v2.0/.well-known/openid-configuration`, `/{tenant}/oauth2/v2.0/authorize`, the authorization-code grant
 * of `/{tenant}/oauth2/v2.0/token` and `/{tenant}/discovery/v2.0/keys`. ID tokens carry what an app registration
 * with `groupMembershipClaims: SecurityGroup` and directory roles gets: `groups` (object ids of the groups the user
 * is a transitive member of), `wids` (role template ids), `oid`, `preferred_username`, `ver: 2.0`.
 */
import type { GraphTenantStore, Json } from './graph-tenant-store.js';
import { defaultOidcClient, SimulatedOidcProvider, type OidcClientRegistration, type OidcUser } from '../oidc/simulated-oidc-provider.js';

const ownedPaths = [/^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/, /^\/([^/]+)\/oauth2\/v2\.0\/authorize$/, /^\/([^/]+)\/discovery\/v2\.0\/keys$/, /^\/([^/]+)\/oauth2\/v2\.0\/token$/];

function tenantOf(pathname: string): string {
  for (const pattern of ownedPaths) {
    const tenant = pattern.exec(pathname.replace(/\/+$/, ''))?.[1];
    if (tenant !== undefined) return tenant;
  }
  return 'common';
}

export function entraOidcProvider(store: GraphTenantStore, clients: readonly OidcClientRegistration[] = [defaultOidcClient]): SimulatedOidcProvider {
  const groupsOf = new Map<string, string[]>();
  for (const [groupId, entry] of store.groupMembers) {
    for (const member of entry.items) {
      if (typeof member.id !== 'string') continue;
      groupsOf.set(member.id, [...(groupsOf.get(member.id) ?? []), groupId]);
    }
  }
  const templateOf = new Map(store.roleDefinitions.map((definition) => [String(definition.id), String(definition.templateId ?? definition.id)]));
  const rolesOf = new Map<string, string[]>();
  for (const assignment of store.roleAssignments) {
    const principal = String(assignment.principalId);
    const template = templateOf.get(String(assignment.roleDefinitionId)) ?? String(assignment.roleDefinitionId);
    rolesOf.set(principal, [...new Set([...(rolesOf.get(principal) ?? []), template])]);
  }
  const byLogin = new Map<string, Json>();
  for (const user of store.users) {
    for (const key of [user.userPrincipalName, user.mail]) if (typeof key === 'string') byLogin.set(key.toLowerCase(), user);
  }
  const toUser = (user: Json): OidcUser => {
    const id = String(user.id);
    return {
      sub: id,
      login: String(user.userPrincipalName),
      name: typeof user.displayName === 'string' ? user.displayName : String(user.userPrincipalName),
      email: typeof user.mail === 'string' ? user.mail : null,
      enabled: user.accountEnabled !== false,
      claims: { oid: id, groups: groupsOf.get(id) ?? [], wids: rolesOf.get(id) ?? [] },
    };
  };
  return new SimulatedOidcProvider({
    title: 'Sign in: Microsoft Entra ID (simulated)',
    issuer: (origin, pathname) => `${origin}/${tenantOf(pathname)}/v2.0`,
    paths: (origin, pathname) => {
      const base = `${origin}/${tenantOf(pathname)}`;
      return {
        discovery: `${base}/v2.0/.well-known/openid-configuration`,
        authorize: `${base}/oauth2/v2.0/authorize`,
        token: `${base}/oauth2/v2.0/token`,
        jwks: `${base}/discovery/v2.0/keys`,
      };
    },
    owns: (pathname) => ownedPaths.slice(0, 3).some((pattern) => pattern.test(pathname.replace(/\/+$/, ''))),
    findUser: (login) => {
      const user = byLogin.get(login.toLowerCase());
      return user ? toUser(user) : undefined;
    },
    claimsFor: (user) => ({ ...user.claims, name: user.name, preferred_username: user.login, ...(user.email !== null ? { email: user.email } : {}), ver: '2.0' }),
    scopesSupported: ['openid', 'profile', 'email', 'offline_access'],
    claimsSupported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'nonce', 'name', 'preferred_username', 'email', 'oid', 'groups', 'wids', 'ver'],
    clients,
  });
}
