/**
 * Microsoft Graph v1.0 payload shapes, as the collector stores them and the simulator serves them.
 * Objects are loose (unknown fields are kept) because Graph adds fields over time; only the fields the
 * analysis reads are declared. Shapes follow the Graph v1.0 reference for each resource.
 */
import { z } from 'zod';

const nullableString = z.string().nullable().optional();

/** A collection page: `value` plus `@odata.nextLink` while more pages remain. */
export function graphPageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    value: z.array(item),
    '@odata.nextLink': z.string().optional(),
  });
}

export const signInActivitySchema = z.looseObject({
  lastSignInDateTime: nullableString,
  lastNonInteractiveSignInDateTime: nullableString,
  lastSuccessfulSignInDateTime: nullableString,
});

export const graphUserSchema = z.looseObject({
  id: z.string(),
  userPrincipalName: z.string(),
  displayName: nullableString,
  accountEnabled: z.boolean().nullable().optional(),
  /** `Member` or `Guest`. */
  userType: nullableString,
  createdDateTime: nullableString,
  mail: nullableString,
  otherMails: z.array(z.string()).optional(),
  proxyAddresses: z.array(z.string()).optional(),
  employeeId: nullableString,
  department: nullableString,
  onPremisesSyncEnabled: z.boolean().nullable().optional(),
  /** `Invitation` for B2B users invited from outside; null for users created in the tenant. */
  creationType: nullableString,
  /** `PendingAcceptance` or `Accepted` for invited external users; null otherwise. */
  externalUserState: nullableString,
  /** Sign-in identities; a `federated` one names the external issuer (`ExternalAzureAD`, `MicrosoftAccount`, `mail`, ...). */
  identities: z.array(z.looseObject({ signInType: nullableString, issuer: nullableString, issuerAssignedId: nullableString })).nullable().optional(),
  signInActivity: signInActivitySchema.nullable().optional(),
});
export type GraphUser = z.infer<typeof graphUserSchema>;

/** `GET /reports/authenticationMethods/userRegistrationDetails` item. */
export const userRegistrationDetailsSchema = z.looseObject({
  id: z.string(),
  userPrincipalName: z.string(),
  userDisplayName: nullableString,
  isAdmin: z.boolean().nullable().optional(),
  isMfaRegistered: z.boolean(),
  isMfaCapable: z.boolean().nullable().optional(),
  isPasswordlessCapable: z.boolean().nullable().optional(),
  methodsRegistered: z.array(z.string()),
  userType: nullableString,
  lastUpdatedDateTime: nullableString,
});
export type UserRegistrationDetails = z.infer<typeof userRegistrationDetailsSchema>;

/** `GET /users/{id}/authentication/methods` item, discriminated by `@odata.type`. */
export const authenticationMethodSchema = z.looseObject({
  '@odata.type': z.string(),
  id: z.string(),
});
export type AuthenticationMethod = z.infer<typeof authenticationMethodSchema>;

export const roleDefinitionSchema = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  templateId: nullableString,
  isBuiltIn: z.boolean().nullable().optional(),
});
export type RoleDefinition = z.infer<typeof roleDefinitionSchema>;

export const directoryObjectSchema = z.looseObject({
  '@odata.type': z.string().optional(),
  id: z.string(),
});
export type DirectoryObject = z.infer<typeof directoryObjectSchema>;

export const roleAssignmentSchema = z.looseObject({
  id: z.string(),
  principalId: z.string(),
  roleDefinitionId: z.string(),
  directoryScopeId: nullableString,
  principal: directoryObjectSchema.nullable().optional(),
});
export type RoleAssignment = z.infer<typeof roleAssignmentSchema>;

const idList = z.array(z.string()).nullable().optional();
/** A multi-valued enum: Graph sends one comma-separated string; hand-made exports sometimes a list. */
const flagValue = z.union([z.string(), z.array(z.string())]).nullable().optional();
/** An application, device or service-principal filter. Only a rule narrows; exports carry `{mode: null, rule: null}`. */
const filterSchema = z.looseObject({ mode: nullableString, rule: nullableString }).nullable().optional();

/** `externalTenants`: `{membershipKind: 'all'}` or `{membershipKind: 'enumerated', members: [tenant ids]}`. */
const guestsOrExternalUsersSchema = z
  .looseObject({
    guestOrExternalUserTypes: nullableString,
    externalTenants: z.looseObject({ membershipKind: nullableString, members: idList }).nullable().optional(),
  })
  .nullable()
  .optional();

export const conditionalAccessUsersSchema = z.looseObject({
  includeUsers: idList,
  excludeUsers: idList,
  includeGroups: idList,
  excludeGroups: idList,
  includeRoles: idList,
  excludeRoles: idList,
  includeGuestsOrExternalUsers: guestsOrExternalUsersSchema,
  excludeGuestsOrExternalUsers: guestsOrExternalUsersSchema,
});

export const conditionalAccessPolicySchema = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  /** `enabled`, `disabled` or `enabledForReportingButNotEnforced` (report-only). */
  state: z.string(),
  conditions: z.looseObject({
    users: conditionalAccessUsersSchema.nullable().optional(),
    applications: z
      .looseObject({
        includeApplications: idList,
        excludeApplications: idList,
        includeUserActions: idList,
        includeAuthenticationContextClassReferences: idList,
        applicationFilter: filterSchema,
      })
      .nullable()
      .optional(),
    /** `all`, `browser`, `mobileAppsAndDesktopClients`, `exchangeActiveSync`, `easSupported`, `other`. */
    clientAppTypes: idList,
    locations: z.looseObject({ includeLocations: idList, excludeLocations: idList }).nullable().optional(),
    platforms: z.looseObject({ includePlatforms: idList, excludePlatforms: idList }).nullable().optional(),
    devices: z
      .looseObject({
        includeDevices: flagValue,
        excludeDevices: flagValue,
        includeDeviceStates: flagValue,
        excludeDeviceStates: flagValue,
        deviceFilter: filterSchema,
      })
      .nullable()
      .optional(),
    userRiskLevels: idList,
    signInRiskLevels: idList,
    servicePrincipalRiskLevels: idList,
    /** Flag enums: one comma-separated string (`minor,moderate`), or null. */
    insiderRiskLevels: flagValue,
    agentIdRiskLevels: flagValue,
    authenticationFlows: z.looseObject({ transferMethods: flagValue }).nullable().optional(),
    /** Beta and older exports only: a time window; any value narrows the policy. */
    times: z.unknown().optional(),
    clientApplications: z.looseObject({ servicePrincipalFilter: filterSchema }).nullable().optional(),
  }),
  grantControls: z
    .looseObject({
      operator: z.string().nullable().optional(),
      builtInControls: idList,
      customAuthenticationFactors: idList,
      termsOfUse: idList,
      authenticationStrength: z
        .looseObject({ id: z.string(), displayName: nullableString, allowedCombinations: idList })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
  sessionControls: z.looseObject({}).nullable().optional(),
});
export type ConditionalAccessPolicy = z.infer<typeof conditionalAccessPolicySchema>;

export const namedLocationSchema = z.looseObject({
  '@odata.type': z.string(),
  id: z.string(),
  displayName: z.string(),
  isTrusted: z.boolean().nullable().optional(),
  ipRanges: z.array(z.looseObject({ cidrAddress: z.string() })).optional(),
  countriesAndRegions: z.array(z.string()).optional(),
  includeUnknownCountriesAndRegions: z.boolean().optional(),
});
export type NamedLocation = z.infer<typeof namedLocationSchema>;

export const securityDefaultsSchema = z.looseObject({
  id: z.string().optional(),
  displayName: nullableString,
  isEnabled: z.boolean(),
});
export type SecurityDefaults = z.infer<typeof securityDefaultsSchema>;

const featureTargetSchema = z.looseObject({ targetType: z.string().optional(), id: z.string().optional() });
/** v1.0 `{state, includeTarget, excludeTarget}`; older and beta payloads may carry `numberMatchingRequiredState` too. */
export const featureSettingSchema = z.looseObject({
  state: z.string(),
  includeTarget: featureTargetSchema.nullable().optional(),
  excludeTarget: featureTargetSchema.nullable().optional(),
});

export const authenticationMethodConfigurationSchema = z.looseObject({
  '@odata.type': z.string().optional(),
  id: z.string(),
  state: z.string(),
  includeTargets: z
    .array(
      z.looseObject({
        targetType: z.string().optional(),
        id: z.string(),
        isRegistrationRequired: z.boolean().optional(),
        isUsableForSignIn: z.boolean().optional(),
        authenticationMode: z.string().optional(),
        numberMatchingRequiredState: z.string().optional(),
      }),
    )
    .optional(),
  excludeTargets: z.array(z.looseObject({ targetType: z.string().optional(), id: z.string() })).optional(),
  featureSettings: z
    .looseObject({
      numberMatchingRequiredState: featureSettingSchema.optional(),
      displayAppInformationRequiredState: featureSettingSchema.optional(),
      displayLocationInformationRequiredState: featureSettingSchema.optional(),
    })
    .nullable()
    .optional(),
});
export type AuthenticationMethodConfiguration = z.infer<typeof authenticationMethodConfigurationSchema>;

export const authenticationMethodsPolicySchema = z.looseObject({
  id: z.string().optional(),
  authenticationMethodConfigurations: z.array(authenticationMethodConfigurationSchema),
});
export type AuthenticationMethodsPolicy = z.infer<typeof authenticationMethodsPolicySchema>;

/** Well-known object ids and values. */
export const globalAdministratorTemplateId = '62e90394-69f5-4237-9190-012177145e10';
export const reportOnlyState = 'enabledForReportingButNotEnforced';
