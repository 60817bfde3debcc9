/**
 * Which of conditional access's guest or external user types an Entra user object is, per Microsoft's definitions
 * ("Conditional Access: Users, groups, and external identities", learn.microsoft.com/entra/identity/conditional-access/
 * concept-conditional-access-users-groups): `internalGuest` has userType Guest and a local account of this tenant;
 * `b2bCollaborationGuest` has userType Guest and signs in with an external identity (another Entra tenant, a Microsoft
 * account, Google, email one-time passcode); `b2bCollaborationMember` has userType Member and an external identity;
 * `otherExternalUser` is any other external identity (neither Member nor Guest). `b2bDirectConnectUser` and
 * `serviceProvider` users never exist as user objects in the resource tenant, so no listed user is one.
 *
 * The external identity shows in `identities[]` (a `federated` sign-in type whose issuer is not this tenant), in
 * `creationType: Invitation`, in a non-null `externalUserState`, or in `#EXT#` in the user principal name. When
 * `identities` was not read and nothing else says external, a Guest could be either internal or B2B: the type is then
 * uncertain, and a policy that tells the two apart decides `unknown`.
 */
import type { GraphUser } from './graph-payloads.js';

export const guestOrExternalUserTypes = [
  'internalGuest',
  'b2bCollaborationGuest',
  'b2bCollaborationMember',
  'b2bDirectConnectUser',
  'otherExternalUser',
  'serviceProvider',
] as const;
export type GuestOrExternalUserType = (typeof guestOrExternalUserTypes)[number];

export interface ExternalUserClass {
  /** The types the account may be: none for an internal member, one when certain, several when the data cannot tell. */
  types: readonly GuestOrExternalUserType[];
  /** What the classification rests on, or why it is uncertain, for reasons. */
  basis: string;
}

export const internalMember: ExternalUserClass = { types: [], basis: 'an internal member' };

export function classifyExternalUser(user: GraphUser): ExternalUserClass {
  const userType = user.userType?.toLowerCase();
  const signals = externalSignals(user);
  const identitiesRead = Array.isArray(user.identities);
  const external = signals.length > 0;
  const basis = external ? `external identity: ${signals.join(', ')}` : identitiesRead ? 'local account of this tenant' : undefined;
  if (userType === 'guest') {
    if (external) return { types: ['b2bCollaborationGuest'], basis: `userType Guest, ${basis}` };
    if (basis) return { types: ['internalGuest'], basis: `userType Guest, ${basis}` };
    return { types: ['internalGuest', 'b2bCollaborationGuest'], basis: 'userType Guest, and whether its account is local or external is unknown (identities were not read)' };
  }
  if (userType === 'member') return external ? { types: ['b2bCollaborationMember'], basis: `userType Member, ${basis}` } : internalMember;
  if (external) return { types: ['otherExternalUser'], basis: `userType ${user.userType ?? 'not set'}, ${basis}` };
  return internalMember;
}

function externalSignals(user: GraphUser): string[] {
  const signals: string[] = [];
  const federated = (user.identities ?? []).filter((identity) => identity.signInType?.toLowerCase() === 'federated' && typeof identity.issuer === 'string');
  if (federated.length > 0) signals.push(`identity issued by ${[...new Set(federated.map((identity) => identity.issuer))].join(', ')}`);
  if (user.creationType?.toLowerCase() === 'invitation') signals.push('creationType Invitation');
  if (typeof user.externalUserState === 'string' && user.externalUserState !== '') signals.push(`externalUserState ${user.externalUserState}`);
  if (user.userPrincipalName.toUpperCase().includes('#EXT#')) signals.push('#EXT# in the user principal name');
  return signals;
}

/** Display form of a policy's guest-type list: `b2bCollaborationGuest, internalGuest`. */
export function parseGuestTypes(value: string | null | undefined): string[] {
  return (value ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '' && part !== 'none');
}
