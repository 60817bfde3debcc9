/**
 * An Entra ID tenant as read from one raw source: the Graph payloads parsed and indexed, and for every part
 * whether it could be read at all. Everything the Entra analysis decides is a pure function of this.
 */
import type { SourceError } from '../../snapshot/snapshot-format.js';
import type {
  AuthenticationMethod,
  AuthenticationMethodsPolicy,
  ConditionalAccessPolicy,
  GraphUser,
  NamedLocation,
  RoleAssignment,
  RoleDefinition,
  SecurityDefaults,
} from './graph-payloads.js';

/** Data that was read, or the reason it could not be. */
export type Readable<T> = { readable: true; value: T } | { readable: false; reason: string };

/** Transitive members of a group, as `/groups/{id}/transitiveMembers` listed them. */
export type GroupMembership =
  | { state: 'known'; userIds: ReadonlySet<string>; groupIds: ReadonlySet<string> }
  /** The group no longer exists (404): a policy naming it reaches nobody. */
  | { state: 'deleted' }
  | { state: 'unknown'; reason: string };

/** What is known of one user's registered authentication methods, and from which endpoint. */
export type RegistrationRecord =
  | { source: 'registration-report'; methodsRegistered: readonly string[]; isMfaRegistered: boolean }
  | { source: 'per-user-methods'; methods: readonly AuthenticationMethod[] }
  | { source: 'unknown'; reason: string };

/** An object the analysis could not understand: what could still be read of it, and why it was refused. */
export interface UnreadableObject {
  id: string | undefined;
  /** Display name and id, quoted, for reasons. */
  name: string;
  /** A policy's `state`, where it could be read. */
  state: string | undefined;
  /** A user's principal name, where it could be read. */
  login: string | undefined;
  /** `file:line: field …: message`. */
  problem: string;
}

export interface EntraTenant {
  tenant: string;
  /** Sorted by user principal name, then id. Empty when the users could not be listed (`usersUnreadable`). */
  users: GraphUser[];
  usersUnreadable: string | undefined;
  /** Why last sign-in dates are missing, when `signInActivity` was refused. */
  signInActivityUnreadable: string | undefined;
  /** Registration per user id; a user without an entry is unknown for `registrationMissingReason`. */
  registrations: ReadonlyMap<string, RegistrationRecord>;
  registrationMissingReason: string;
  roleDefinitions: Readable<ReadonlyMap<string, RoleDefinition>>;
  roleAssignments: Readable<RoleAssignment[]>;
  /** Memberships of the groups the collector read (those policies or role assignments name). */
  memberships: ReadonlyMap<string, GroupMembership>;
  /** Why a group without a membership record has none. */
  membershipsMissingReason: string;
  /** Display names of groups, where any payload gave one (nested members, expanded role principals). */
  groupNames: ReadonlyMap<string, string>;
  /** Policies sorted by display name, then id. */
  policies: Readable<ConditionalAccessPolicy[]>;
  /** Policies the schema refused: they could enforce MFA or block legacy clients for anyone. */
  unreadablePolicies: UnreadableObject[];
  /** Users the schema refused that still have an id: listed with every verdict unknown. */
  unreadableUsers: UnreadableObject[];
  namedLocations: Readable<ReadonlyMap<string, NamedLocation>>;
  securityDefaults: Readable<SecurityDefaults>;
  authenticationMethodsPolicy: Readable<AuthenticationMethodsPolicy>;
  errors: readonly SourceError[];
  /** One entry per object the schemas refused; they make the source partial. */
  problems: SourceError[];
}

/** A group's display name where one is known, else its id, always quoted the same way in reasons. */
export function groupLabel(tenant: Pick<EntraTenant, 'groupNames'>, groupId: string): string {
  const name = tenant.groupNames.get(groupId);
  return name ? `group '${name}'` : `group ${groupId}`;
}
