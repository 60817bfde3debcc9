/**
 * The Okta org authorization server's OpenID Connect endpoints for the Okta simulator: `/.well-known/openid-
 * configuration`, `/oauth2/v1/authorize`, `/oauth2/v1/keys` and the authorization-code grant of `/oauth2/v1/token`
 * (whose client-credentials grant stays with the token service). ID tokens carry `preferred_username` (the Okta
 * login), `email`, `name` and, when the `groups` scope is requested, `groups`: the names of the user's groups.
 */
import type { OktaOrgStore } from './okta-org-store.js';
import { defaultOidcClient, SimulatedOidcProvider, type OidcClientRegistration, type OidcUser } from '../oidc/simulated-oidc-provider.js';

type Json = Record<string, unknown>;

const ownedPaths = new Set(['/.well-known/openid-configuration', '/oauth2/v1/authorize', '/oauth2/v1/keys']);
/** Okta lets these statuses sign in; STAGED, PROVISIONED, SUSPENDED, LOCKED_OUT and DEPROVISIONED cannot. */
const signInStatuses = new Set(['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY']);

function profileOf(user: Json): Json {
  return typeof user.profile === 'object' && user.profile !== null ? (user.profile as Json) : {};
}

export function oktaOidcProvider(org: OktaOrgStore, clients: readonly OidcClientRegistration[] = [defaultOidcClient]): SimulatedOidcProvider {
  const groupName = new Map<string, string>();
  for (const [groupId, entry] of org.groups) {
    const group = entry.items[0] as Json | undefined;
    const name = group ? profileOf(group).name : undefined;
    groupName.set(groupId, typeof name === 'string' ? name : groupId);
  }
  const groupsOf = new Map<string, string[]>();
  for (const [groupId, entry] of org.groupMembers) {
    for (const member of entry.items as Json[]) {
      if (typeof member.id !== 'string') continue;
      groupsOf.set(member.id, [...(groupsOf.get(member.id) ?? []), groupName.get(groupId) ?? groupId]);
    }
  }
  const byLogin = new Map<string, Json>();
  for (const user of org.users) {
    const profile = profileOf(user);
    for (const key of [profile.login, profile.email]) if (typeof key === 'string') byLogin.set(key.toLowerCase(), user);
  }
  const toUser = (user: Json): OidcUser => {
    const profile = profileOf(user);
    const login = String(profile.login);
    const name = [profile.firstName, profile.lastName].filter((part) => typeof part === 'string' && part !== '').join(' ');
    return {
      sub: String(user.id),
      login,
      name: name === '' ? login : name,
      email: typeof profile.email === 'string' ? profile.email : null,
      enabled: signInStatuses.has(String(user.status)),
      claims: { groups: groupsOf.get(String(user.id)) ?? [] },
    };
  };
  return new SimulatedOidcProvider({
    title: 'Sign in: Okta (simulated)',
    issuer: (origin) => origin,
    paths: (origin) => ({
      discovery: `${origin}/.well-known/openid-configuration`,
      authorize: `${origin}/oauth2/v1/authorize`,
      token: `${origin}/oauth2/v1/token`,
      jwks: `${origin}/oauth2/v1/keys`,
    }),
    owns: (pathname) => ownedPaths.has(pathname.replace(/(.)\/+$/, '$1')),
    findUser: (login) => {
      const user = byLogin.get(login.toLowerCase());
      return user ? toUser(user) : undefined;
    },
    claimsFor: (user, scopes) => ({
      preferred_username: user.login,
      ...(scopes.has('profile') ? { name: user.name } : {}),
      ...(scopes.has('email') && user.email !== null ? { email: user.email } : {}),
      ...(scopes.has('groups') ? { groups: user.claims.groups } : {}),
    }),
    scopesSupported: ['openid', 'profile', 'email', 'groups', 'offline_access'],
    claimsSupported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'nonce', 'name', 'preferred_username', 'email', 'groups'],
    clients,
  });
}
