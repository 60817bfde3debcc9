/**
 * Which directory roles make an account privileged. The list follows the roles Microsoft labels PRIVILEGED in
 * "Microsoft Entra built-in roles" (learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference):
 * roles that can manage other principals' credentials, authentication or authorisation policy, or grant
 * themselves more. Read-only roles (Global Reader, Security Reader) are not in it: they cannot change anything.
 * Roles are matched by template id, which is the same in every tenant. Global Administrator comes first.
 */
import { globalAdministratorTemplateId } from './graph-payloads.js';

export interface PrivilegedRoleTemplate {
  templateId: string;
  displayName: string;
}

export const privilegedRoleTemplates: readonly PrivilegedRoleTemplate[] = [
  { templateId: globalAdministratorTemplateId, displayName: 'Global Administrator' },
  { templateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814', displayName: 'Privileged Role Administrator' },
  { templateId: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', displayName: 'Privileged Authentication Administrator' },
  { templateId: '194ae4cb-b126-40b2-bd5b-6091b380977d', displayName: 'Security Administrator' },
  { templateId: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', displayName: 'Conditional Access Administrator' },
  { templateId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f', displayName: 'Authentication Administrator' },
  { templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', displayName: 'User Administrator' },
  { templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8', displayName: 'Helpdesk Administrator' },
  { templateId: '966707d0-3269-4727-9be2-8c3a10f19b9d', displayName: 'Password Administrator' },
  { templateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', displayName: 'Hybrid Identity Administrator' },
  { templateId: 'be2f45a1-457d-42af-a067-6ec1fa63bc45', displayName: 'External Identity Provider Administrator' },
  { templateId: '8329153b-31d0-4727-b945-745eb3bc5f31', displayName: 'Domain Name Administrator' },
  { templateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', displayName: 'Application Administrator' },
  { templateId: '158c047a-c907-4556-b7ef-446551a6b5f7', displayName: 'Cloud Application Administrator' },
  { templateId: 'cf1c38e5-3621-4004-a7cb-879624dced7c', displayName: 'Application Developer' },
  { templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de', displayName: 'Exchange Administrator' },
  { templateId: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', displayName: 'SharePoint Administrator' },
  { templateId: '3a2c62db-5318-420d-8d74-23affee5d9d5', displayName: 'Intune Administrator' },
  { templateId: '7698a772-787b-4ac8-901f-60d6b08affd2', displayName: 'Cloud Device Administrator' },
  { templateId: '9360feb5-f418-4baa-8175-e2a00bac4301', displayName: 'Directory Writers' },
  { templateId: 'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8', displayName: 'Partner Tier2 Support' },
  { templateId: '4ba39ca4-527c-499a-b93d-d9b492c50246', displayName: 'Partner Tier1 Support' },
];

const privilegedById = new Map(privilegedRoleTemplates.map((role) => [role.templateId, role]));

export function isPrivilegedRole(templateId: string): boolean {
  return privilegedById.has(templateId);
}

/** The documented name of a privileged role template, for when role definitions could not be read. */
export function privilegedRoleName(templateId: string): string | undefined {
  return privilegedById.get(templateId)?.displayName;
}
