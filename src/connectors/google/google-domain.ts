/**
 * A Google Workspace customer as read from one raw source: the payloads parsed and indexed, and for every part
 * whether it could be read at all. The analysis is a pure function of this.
 */
import type { SourceError } from '../../snapshot/snapshot-format.js';
import type { GoogleAsp, GoogleGroup, GoogleRole, GoogleRoleAssignment, GoogleSamlProfile, GoogleSsoAssignment, GoogleUser } from './google-payloads.js';
import type { OrgUnitTree } from './org-unit-tree.js';
import type { AnyCloudPolicy } from './policy-settings.js';

/** Data that was read, or the reason it could not be. */
export type Readable<T> = { readable: true; value: T } | { readable: false; reason: string };

export type GroupMembership =
  | { state: 'known'; everyone: boolean; userIds: ReadonlySet<string>; emails: ReadonlySet<string> }
  /** The group no longer exists (404): a policy naming it reaches nobody. */
  | { state: 'deleted' }
  | { state: 'unknown'; reason: string };

export type AppPasswordRecord =
  | { state: 'fetched'; asps: GoogleAsp[] }
  | { state: 'failed'; reason: string }
  /** The user was deleted between the listing and the check. */
  | { state: 'deleted' };

export interface TwoStepEvent {
  name: '2sv_disable' | '2sv_enroll';
  time: string;
  actorEmail: string | undefined;
  actorProfileId: string | undefined;
}

export interface GoogleDomain {
  tenant: string;
  users: GoogleUser[];
  orgUnits: Readable<OrgUnitTree>;
  roles: Readable<ReadonlyMap<string, GoogleRole>>;
  roleAssignments: Readable<GoogleRoleAssignment[]>;
  groups: ReadonlyMap<string, GoogleGroup>;
  memberships: ReadonlyMap<string, GroupMembership>;
  /** Why a referenced group without a membership record has none. */
  membershipsMissingReason: string;
  policies: Readable<AnyCloudPolicy[]>;
  samlProfiles: Readable<ReadonlyMap<string, GoogleSamlProfile>>;
  ssoAssignments: Readable<GoogleSsoAssignment[]>;
  appPasswords: ReadonlyMap<string, AppPasswordRecord>;
  /** Why an enrolled user without an app-password record has none (budget, refusal). */
  appPasswordsMissingReason: string;
  events: Readable<TwoStepEvent[]>;
  /** Users the schema refused that still have an id: listed with every verdict unknown. */
  unreadableUsers?: Array<{ id: string; login: string; problem: string }>;
  /** Objects the schemas refused; they make the source partial. */
  problems?: SourceError[];
}

/** A group's membership as the analysis needs it, whatever the record says. */
export function membershipOf(domain: GoogleDomain, groupId: string): GroupMembership {
  return domain.memberships.get(groupId) ?? { state: 'unknown', reason: domain.membershipsMissingReason };
}

export function groupLabel(domain: GoogleDomain, groupId: string): string {
  const group = domain.groups.get(groupId);
  return group ? group.email : `group ${groupId}`;
}
