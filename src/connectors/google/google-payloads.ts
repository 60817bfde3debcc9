/**
 * zod shapes of every Admin SDK and Cloud Identity payload the connector stores, checked against the discovery
 * documents of admin directory_v1 / reports_v1 and cloudidentity v1. Loose objects: Google adds fields freely, and
 * the snapshot keeps them; only what the analysis reads is typed.
 */
import { z } from 'zod';

const optionalString = z.string().nullish();
const optionalBoolean = z.boolean().nullish();

export const googleUserSchema = z.looseObject({
  id: z.string().min(1),
  primaryEmail: z.string().min(1),
  name: z.looseObject({ fullName: optionalString }).nullish(),
  /** Super administrator. */
  isAdmin: optionalBoolean,
  isDelegatedAdmin: optionalBoolean,
  isEnrolledIn2Sv: optionalBoolean,
  /** Google's own resolution of the 2SV enforcement policies for this user. */
  isEnforcedIn2Sv: optionalBoolean,
  suspended: optionalBoolean,
  suspensionReason: optionalString,
  archived: optionalBoolean,
  /** `1970-01-01T00:00:00.000Z` for a user who never signed in. */
  lastLoginTime: optionalString,
  creationTime: optionalString,
  orgUnitPath: optionalString,
  isGuestUser: optionalBoolean,
  customerId: optionalString,
});
export type GoogleUser = z.infer<typeof googleUserSchema>;

export const googleUsersPageSchema = z.looseObject({
  users: z.array(googleUserSchema).nullish(),
  nextPageToken: optionalString,
});

export const googleOrgUnitSchema = z.looseObject({
  /** `id:03ph8a2z1xyz`; Cloud Identity names the same unit `orgUnits/03ph8a2z1xyz`. */
  orgUnitId: z.string().min(1),
  orgUnitPath: z.string().min(1),
  name: optionalString,
  parentOrgUnitId: optionalString,
  parentOrgUnitPath: optionalString,
});
export type GoogleOrgUnit = z.infer<typeof googleOrgUnitSchema>;

export const googleOrgUnitsPageSchema = z.looseObject({ organizationUnits: z.array(googleOrgUnitSchema).nullish() });

export const googleRoleSchema = z.looseObject({
  roleId: z.string().min(1),
  roleName: z.string().min(1),
  isSuperAdminRole: optionalBoolean,
  isSystemRole: optionalBoolean,
});
export type GoogleRole = z.infer<typeof googleRoleSchema>;

export const googleRolesPageSchema = z.looseObject({ items: z.array(googleRoleSchema).nullish(), nextPageToken: optionalString });

export const googleRoleAssignmentSchema = z.looseObject({
  roleAssignmentId: optionalString,
  roleId: z.string().min(1),
  /** A user id, a group id, or a service account's unique id. */
  assignedTo: z.string().min(1),
  /** `USER` or `GROUP`. */
  assigneeType: optionalString,
  scopeType: optionalString,
  orgUnitId: optionalString,
  condition: optionalString,
});
export type GoogleRoleAssignment = z.infer<typeof googleRoleAssignmentSchema>;

export const googleRoleAssignmentsPageSchema = z.looseObject({
  items: z.array(googleRoleAssignmentSchema).nullish(),
  nextPageToken: optionalString,
});

export const googleGroupSchema = z.looseObject({
  id: z.string().min(1),
  email: z.string().min(1),
  name: optionalString,
});
export type GoogleGroup = z.infer<typeof googleGroupSchema>;

export const googleMemberSchema = z.looseObject({
  id: optionalString,
  email: optionalString,
  /** `USER`, `GROUP` or `CUSTOMER` (everyone in the account). */
  type: optionalString,
  status: optionalString,
  role: optionalString,
});
export type GoogleMember = z.infer<typeof googleMemberSchema>;

export const googleMembersPageSchema = z.looseObject({ members: z.array(googleMemberSchema).nullish(), nextPageToken: optionalString });

export const googleAspSchema = z.looseObject({
  codeId: z.number().int().nullish(),
  name: optionalString,
  creationTime: z.union([z.string(), z.number()]).nullish(),
  lastTimeUsed: z.union([z.string(), z.number()]).nullish(),
  userKey: optionalString,
});
export type GoogleAsp = z.infer<typeof googleAspSchema>;

export const googleAspsPageSchema = z.looseObject({ items: z.array(googleAspSchema).nullish() });

export const googlePolicySchema = z.looseObject({
  name: z.string().min(1),
  customer: optionalString,
  /** `ADMIN` (set by an administrator) or `SYSTEM` (Google's default, made explicit). */
  type: optionalString,
  policyQuery: z
    .looseObject({
      orgUnit: optionalString,
      group: optionalString,
      query: optionalString,
      sortOrder: z.number().nullish(),
    })
    .nullish(),
  setting: z.looseObject({
    type: z.string().min(1),
    value: z.record(z.string(), z.unknown()).nullish(),
  }),
});
export type GooglePolicy = z.infer<typeof googlePolicySchema>;

export const googlePoliciesPageSchema = z.looseObject({ policies: z.array(googlePolicySchema).nullish(), nextPageToken: optionalString });

export const googleSamlProfileSchema = z.looseObject({
  name: z.string().min(1),
  customer: optionalString,
  displayName: optionalString,
  idpConfig: z
    .looseObject({
      entityId: optionalString,
      singleSignOnServiceUri: optionalString,
      logoutRedirectUri: optionalString,
      changePasswordUri: optionalString,
    })
    .nullish(),
});
export type GoogleSamlProfile = z.infer<typeof googleSamlProfileSchema>;

export const googleSamlProfilesPageSchema = z.looseObject({
  inboundSamlSsoProfiles: z.array(googleSamlProfileSchema).nullish(),
  nextPageToken: optionalString,
});

export const googleSsoAssignmentSchema = z.looseObject({
  name: optionalString,
  customer: optionalString,
  targetOrgUnit: optionalString,
  targetGroup: optionalString,
  rank: z.number().int().nullish(),
  /** `SSO_OFF`, `SAML_SSO`, `OIDC_SSO` or `DOMAIN_WIDE_SAML_IF_ENABLED`. */
  ssoMode: optionalString,
  samlSsoInfo: z.looseObject({ inboundSamlSsoProfile: optionalString }).nullish(),
  oidcSsoInfo: z.looseObject({ inboundOidcSsoProfile: optionalString }).nullish(),
  signInBehavior: z.looseObject({ redirectCondition: optionalString }).nullish(),
});
export type GoogleSsoAssignment = z.infer<typeof googleSsoAssignmentSchema>;

export const googleSsoAssignmentsPageSchema = z.looseObject({
  inboundSsoAssignments: z.array(googleSsoAssignmentSchema).nullish(),
  nextPageToken: optionalString,
});

export const googleActivitySchema = z.looseObject({
  id: z.looseObject({ time: z.string().min(1), uniqueQualifier: optionalString, applicationName: optionalString, customerId: optionalString }),
  actor: z.looseObject({ email: optionalString, profileId: optionalString, callerType: optionalString }).nullish(),
  ipAddress: optionalString,
  events: z.array(z.looseObject({ type: optionalString, name: z.string().min(1) })).nullish(),
});
export type GoogleActivity = z.infer<typeof googleActivitySchema>;

export const googleActivitiesPageSchema = z.looseObject({ items: z.array(googleActivitySchema).nullish(), nextPageToken: optionalString });

/** Google's error body: Admin SDK style (`errors[].reason`) and AIP-193 style (`status`, `details[].reason`). */
export const googleErrorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.number().int().nullish(),
    message: optionalString,
    status: optionalString,
    errors: z.array(z.looseObject({ reason: optionalString, domain: optionalString, message: optionalString })).nullish(),
    details: z.array(z.looseObject({ reason: optionalString })).nullish(),
  }),
});
