/**
 * What Entra security defaults enforce, per Microsoft's "Security defaults in Microsoft Entra ID"
 * (learn.microsoft.com/entra/fundamentals/security-defaults): everyone must register for MFA; the administrator
 * roles listed below must perform MFA at every sign-in; every other user is prompted only "when necessary", when
 * Microsoft decides from location, device, role and task (and for Azure management); legacy authentication is
 * blocked for everyone. So security defaults enforce MFA at every sign-in for those administrators only.
 */
import type { Enforcement, LegacyAuth, Verdict } from '../../model/account.js';

/** Template ids of the roles security defaults require MFA of at every sign-in (the doc's list). */
export const securityDefaultsAdminRoles: ReadonlyMap<string, string> = new Map([
  ['62e90394-69f5-4237-9190-012177145e10', 'Global Administrator'],
  ['9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', 'Application Administrator'],
  ['c4e39bd9-1100-46d3-8c65-fb160da0071f', 'Authentication Administrator'],
  ['b0f54661-2d74-4c50-afa3-1ec803f12efe', 'Billing Administrator'],
  ['158c047a-c907-4556-b7ef-446551a6b5f7', 'Cloud Application Administrator'],
  ['b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', 'Conditional Access Administrator'],
  ['29232cdf-9323-42fd-ade2-1d097af3e4de', 'Exchange Administrator'],
  ['729827e3-9c14-49f7-bb1b-9608f156bbb8', 'Helpdesk Administrator'],
  ['966707d0-3269-4727-9be2-8c3a10f19b9d', 'Password Administrator'],
  ['7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'Privileged Authentication Administrator'],
  ['e8611ab8-c189-46e8-94e1-60213ab1f814', 'Privileged Role Administrator'],
  ['194ae4cb-b126-40b2-bd5b-6091b380977d', 'Security Administrator'],
  ['f28a1f50-f6e7-4571-818b-6a12f2af6b6c', 'SharePoint Administrator'],
  ['69091246-20e8-4a56-aa4d-066075b2a7a8', 'Teams Administrator'],
  ['fe930be7-5e62-47db-91af-98c3a49a38b1', 'User Administrator'],
  ['0526716b-113d-4c15-b2c8-68e3c22b9f80', 'Authentication Policy Administrator'],
  ['45d8d3c5-c802-45c6-b32a-1d70b5e1e86e', 'Identity Governance Administrator'],
]);

export interface SecurityDefaultsSubject {
  roles: ReadonlySet<string>;
  rolesDoubt: string | undefined;
}

export const securityDefaultsLegacy: Verdict<LegacyAuth> = {
  value: 'blocked',
  reasons: ['Security defaults are on: Entra blocks legacy authentication protocols for everyone.'],
};

/** `yes` for holders of the listed administrator roles; `partial` for everyone else (MFA only when Microsoft decides). */
export function securityDefaultsEnforcement(subject: SecurityDefaultsSubject): Verdict<Enforcement> {
  const held = [...subject.roles].map((id) => securityDefaultsAdminRoles.get(id)).filter((name): name is string => name !== undefined);
  if (held.length > 0) {
    return { value: 'yes', reasons: [`Security defaults are on: holders of role ${held.sort().map((name) => `'${name}'`).join(', ')} must perform MFA at every sign-in.`] };
  }
  const everyoneElse =
    'Security defaults are on: this account holds none of the administrator roles that must perform MFA at every sign-in, so Entra asks it for MFA only when Microsoft judges it necessary (location, device, role, task, Azure management), not at every sign-in.';
  if (subject.rolesDoubt) return { value: 'unknown', reasons: [`Security defaults are on, and whether the account holds an administrator role that must perform MFA at every sign-in is unknown: ${subject.rolesDoubt}`, everyoneElse] };
  return { value: 'partial', reasons: [everyoneElse] };
}
