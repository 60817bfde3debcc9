/**
 * An Entra ID tenant as raw Microsoft Graph v1.0 objects, with small builders for tests and the demo generator.
 * `recordEntraTenant` writes the tenant in snapshot layout through a SourceRecorder, exactly as the collector
 * stores a scan: the Graph simulator serves such a directory, and analysis tests read it as a memory source.
 * Derived endpoints (registration details, transitive group members) are computed here from the per-user
 * methods and direct group members, so a fixture cannot contradict itself.
 */
import type { SourceRecorder } from '../../snapshot/snapshot-writer.js';
import { entraEndpoints } from '../../connectors/entra/endpoints.js';
import type {
  AuthenticationMethod,
  AuthenticationMethodsPolicy,
  ConditionalAccessPolicy,
  GraphUser,
  NamedLocation,
  RoleAssignment,
  RoleDefinition,
  SecurityDefaults,
} from '../../connectors/entra/graph-payloads.js';
import { globalAdministratorTemplateId } from '../../connectors/entra/graph-payloads.js';

export interface EntraGroupFixture {
  id: string;
  displayName: string;
  /** Direct members: user ids or nested group ids. */
  members: string[];
}

export interface EntraTenantFixture {
  /** Tenant id or primary domain. */
  tenant: string;
  users: GraphUser[];
  /** Authentication methods per user id (the password method included, as Graph lists it); absent = password only. */
  methods: Map<string, AuthenticationMethod[]>;
  roleDefinitions: RoleDefinition[];
  /** Assignments with `principal` expanded, as `$expand=principal` returns them. */
  roleAssignments: RoleAssignment[];
  groups: EntraGroupFixture[];
  conditionalAccessPolicies: ConditionalAccessPolicy[];
  namedLocations: NamedLocation[];
  securityDefaults: SecurityDefaults;
  authenticationMethodsPolicy: AuthenticationMethodsPolicy;
}

const graphRoot = 'https://graph.microsoft.com/v1.0';

/** Page sizes the collector asks for, so recorded pages look like a real scan's. */
export const entraFixturePageSizes = { users: 500, userRegistrationDetails: 999, default: 100 } as const;

export function emptyEntraTenant(tenant = 'contoso.onmicrosoft.com'): EntraTenantFixture {
  return {
    tenant,
    users: [],
    methods: new Map(),
    roleDefinitions: builtInRoleDefinitions(),
    roleAssignments: [],
    groups: [],
    conditionalAccessPolicies: [],
    namedLocations: [],
    securityDefaults: { id: '00000000-0000-0000-0000-000000000005', displayName: 'Security Defaults', isEnabled: false },
    authenticationMethodsPolicy: defaultAuthenticationMethodsPolicy(),
  };
}

export interface UserSpec {
  id: string;
  userPrincipalName: string;
  displayName?: string;
  accountEnabled?: boolean;
  userType?: 'Member' | 'Guest';
  createdDateTime?: string;
  department?: string;
  employeeId?: string;
  /** Last interactive sign-in; null = never. */
  lastSignInDateTime?: string | null;
  /**
   * An invited external user (B2B collaboration): its federated identity's issuer (`ExternalAzureAD`,
   * `MicrosoftAccount`, `google.com`, `mail` for email one-time passcode) and invitation state. Without it the user is
   * a local account of this tenant (an internal member, or an internal guest with userType Guest).
   */
  invited?: { issuer: string; state?: 'Accepted' | 'PendingAcceptance' };
}

/** A user as `GET /users?$select=...` returns it, with the properties the collector selects. */
export function graphUser(spec: UserSpec): GraphUser {
  const lastSignIn = spec.lastSignInDateTime ?? null;
  const domain = spec.userPrincipalName.split('@')[1] ?? 'contoso.onmicrosoft.com';
  const invited = spec.invited;
  return {
    id: spec.id,
    userPrincipalName: spec.userPrincipalName,
    displayName: spec.displayName ?? spec.userPrincipalName.split('@')[0] ?? spec.userPrincipalName,
    accountEnabled: spec.accountEnabled ?? true,
    userType: spec.userType ?? 'Member',
    createdDateTime: spec.createdDateTime ?? '2022-01-10T09:00:00Z',
    creationType: invited ? 'Invitation' : null,
    externalUserState: invited ? (invited.state ?? 'Accepted') : null,
    externalUserStateChangeDateTime: invited ? (spec.createdDateTime ?? '2022-01-10T09:00:00Z') : null,
    identities: invited
      ? [{ signInType: 'federated', issuer: invited.issuer, issuerAssignedId: null }]
      : [{ signInType: 'userPrincipalName', issuer: domain, issuerAssignedId: spec.userPrincipalName }],
    mail: spec.userType === 'Guest' || invited ? null : spec.userPrincipalName,
    department: spec.department ?? null,
    employeeId: spec.employeeId ?? null,
    onPremisesSyncEnabled: null,
    signInActivity: {
      lastSignInDateTime: lastSignIn,
      lastNonInteractiveSignInDateTime: lastSignIn,
      lastSuccessfulSignInDateTime: lastSignIn,
    },
  };
}

/** Graph method kinds the builders know, by the short names tests use. */
export const methodOdataTypes = {
  password: '#microsoft.graph.passwordAuthenticationMethod',
  authenticator: '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
  phone: '#microsoft.graph.phoneAuthenticationMethod',
  fido2: '#microsoft.graph.fido2AuthenticationMethod',
  softwareOath: '#microsoft.graph.softwareOathAuthenticationMethod',
  windowsHello: '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod',
  email: '#microsoft.graph.emailAuthenticationMethod',
  temporaryAccessPass: '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
  platformCredential: '#microsoft.graph.platformCredentialAuthenticationMethod',
} as const;
export type MethodKind = keyof typeof methodOdataTypes | 'voice';

/** One authentication method as `GET /users/{id}/authentication/methods` lists it. */
export function authenticationMethod(kind: MethodKind, index = 0): AuthenticationMethod {
  const id = `${kind}-${index}`;
  switch (kind) {
    case 'password':
      return { '@odata.type': methodOdataTypes.password, id: '28c10230-6103-485e-b985-444c60001490', password: null };
    case 'phone':
      return { '@odata.type': methodOdataTypes.phone, id: '3179e48a-750b-4051-897c-87b9720928f7', phoneNumber: '+31 612345678', phoneType: 'mobile', smsSignInState: 'notAllowedByPolicy' };
    case 'voice':
      return { '@odata.type': methodOdataTypes.phone, id: 'e37fc753-ff3b-4958-9484-eaa9425c82bc', phoneNumber: '+31 201234567', phoneType: 'office', smsSignInState: 'notSupported' };
    case 'authenticator':
      return { '@odata.type': methodOdataTypes.authenticator, id, displayName: 'Phone', deviceTag: 'SoftwareTokenActivated', phoneAppVersion: '6.2401.0119' };
    case 'fido2':
      return { '@odata.type': methodOdataTypes.fido2, id, displayName: 'YubiKey 5', model: 'YubiKey 5 NFC', aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8' };
    case 'email':
      return { '@odata.type': methodOdataTypes.email, id: '3ddfcfc8-9383-446f-83cc-3ab9be4be18f', emailAddress: 'recovery@example.org' };
    default:
      return { '@odata.type': methodOdataTypes[kind], id };
  }
}

/**
 * The `methodsRegistered` value the registration report shows for a method, or undefined for methods it does
 * not list (password). Values follow the userRegistrationDetails resource reference.
 */
export function registrationMethodName(method: AuthenticationMethod): string | undefined {
  switch (method['@odata.type']) {
    case methodOdataTypes.authenticator:
      return 'microsoftAuthenticatorPush';
    case methodOdataTypes.phone:
      return method.phoneType === 'office' ? 'officePhone' : method.phoneType === 'alternateMobile' ? 'alternateMobilePhone' : 'mobilePhone';
    case methodOdataTypes.fido2:
      return 'fido2';
    case methodOdataTypes.softwareOath:
      return 'softwareOneTimePasscode';
    case methodOdataTypes.windowsHello:
      return 'windowsHelloForBusiness';
    case methodOdataTypes.email:
      return 'email';
    case methodOdataTypes.temporaryAccessPass:
      return 'temporaryAccessPass';
    case methodOdataTypes.platformCredential:
      return 'macOsSecureEnclaveKey';
    default:
      return undefined;
  }
}

/** Methods that satisfy an MFA prompt (email and temporary access passes do not; passwords are the first factor). */
const mfaCapableMethodNames = new Set([
  'microsoftAuthenticatorPush',
  'mobilePhone',
  'officePhone',
  'alternateMobilePhone',
  'fido2',
  'softwareOneTimePasscode',
  'hardwareOneTimePasscode',
  'windowsHelloForBusiness',
  'macOsSecureEnclaveKey',
]);

/** The userRegistrationDetails row Graph reports for a user with these methods. */
export function registrationDetailsFor(user: GraphUser, methods: readonly AuthenticationMethod[], isAdmin: boolean): Record<string, unknown> {
  const methodsRegistered = [...new Set(methods.map(registrationMethodName).filter((name): name is string => name !== undefined))];
  const isMfaRegistered = methodsRegistered.some((name) => mfaCapableMethodNames.has(name));
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    userDisplayName: user.displayName ?? null,
    userType: user.userType === 'Guest' ? 'guest' : 'member',
    isAdmin,
    isSsprRegistered: methodsRegistered.length > 0,
    isSsprEnabled: false,
    isSsprCapable: false,
    isMfaRegistered,
    isMfaCapable: isMfaRegistered,
    isPasswordlessCapable: methodsRegistered.some((name) => ['fido2', 'windowsHelloForBusiness', 'macOsSecureEnclaveKey'].includes(name)),
    isSystemPreferredAuthenticationMethodEnabled: false,
    methodsRegistered,
    defaultMfaMethod: methodsRegistered.find((name) => mfaCapableMethodNames.has(name)) ?? 'none',
    lastUpdatedDateTime: '2024-01-01T00:00:00Z',
  };
}

/** Role templates the fixtures use; their ids are the built-in template ids Graph uses in every tenant. */
export const roleTemplates = {
  globalAdministrator: { id: globalAdministratorTemplateId, displayName: 'Global Administrator' },
  privilegedRoleAdministrator: { id: 'e8611ab8-c189-46e8-94e1-60213ab1f814', displayName: 'Privileged Role Administrator' },
  securityAdministrator: { id: '194ae4cb-b126-40b2-bd5b-6091b380977d', displayName: 'Security Administrator' },
  userAdministrator: { id: 'fe930be7-5e62-47db-91af-98c3a49a38b1', displayName: 'User Administrator' },
  exchangeAdministrator: { id: '29232cdf-9323-42fd-ade2-1d097af3e4de', displayName: 'Exchange Administrator' },
  helpdeskAdministrator: { id: '729827e3-9c14-49f7-bb1b-9608f156bbb8', displayName: 'Helpdesk Administrator' },
  globalReader: { id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', displayName: 'Global Reader' },
  messageCenterReader: { id: '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b', displayName: 'Message Center Reader' },
} as const;
export type RoleTemplateName = keyof typeof roleTemplates;

function builtInRoleDefinitions(): RoleDefinition[] {
  return Object.values(roleTemplates).map((role) => ({ id: role.id, templateId: role.id, displayName: role.displayName, isBuiltIn: true }));
}

/** A directory-wide role assignment to a user or a (role-assignable) group, principal expanded. */
export function roleAssignment(role: RoleTemplateName, principal: { id: string; kind: 'user' | 'group'; userPrincipalName?: string }, index = 0): RoleAssignment {
  const definition = roleTemplates[role];
  return {
    id: `ra-${definition.id.slice(0, 8)}-${principal.id}-${index}`,
    principalId: principal.id,
    roleDefinitionId: definition.id,
    directoryScopeId: '/',
    principal: {
      '@odata.type': principal.kind === 'user' ? '#microsoft.graph.user' : '#microsoft.graph.group',
      id: principal.id,
      ...(principal.userPrincipalName !== undefined ? { userPrincipalName: principal.userPrincipalName } : {}),
    },
  };
}

export interface PolicySpec {
  id: string;
  displayName: string;
  state?: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
  includeUsers?: string[];
  excludeUsers?: string[];
  includeGroups?: string[];
  excludeGroups?: string[];
  includeRoles?: string[];
  excludeRoles?: string[];
  /** e.g. `internalGuest,b2bCollaborationGuest`; sets excludeGuestsOrExternalUsers. */
  excludeGuestTypes?: string;
  includeGuestTypes?: string;
  includeApplications?: string[];
  excludeApplications?: string[];
  clientAppTypes?: string[];
  includeLocations?: string[];
  excludeLocations?: string[];
  includePlatforms?: string[];
  excludePlatforms?: string[];
  builtInControls?: string[];
  operator?: 'AND' | 'OR';
  /** Built-in authentication strength id, e.g. `00000000-0000-0000-0000-000000000004` (phishing-resistant). */
  authenticationStrengthId?: string;
  includeUserActions?: string[];
  includeAuthenticationContextClassReferences?: string[];
  /** `{mode, rule}`; Graph returns null when unused. */
  applicationFilter?: { mode: 'include' | 'exclude' | null; rule: string | null };
  deviceFilter?: { mode: 'include' | 'exclude' | null; rule: string | null };
  userRiskLevels?: string[];
  signInRiskLevels?: string[];
  servicePrincipalRiskLevels?: string[];
  /** Flag enum as Graph sends it: `minor,moderate,elevated`. */
  insiderRiskLevels?: string;
  /** `deviceCodeFlow`, `authenticationTransfer`, or both comma-separated. */
  transferMethods?: string;
  includeServicePrincipals?: string[];
  description?: string;
}

/**
 * A conditional-access policy as `GET /identity/conditionalAccess/policies` (v1.0) returns it: every property of the
 * conditionalAccessPolicy resource present, unused conditions `null` or empty as Graph sends them.
 */
export function conditionalAccessPolicy(spec: PolicySpec): ConditionalAccessPolicy {
  const guests = (types: string | undefined) =>
    types === undefined
      ? null
      : {
          '@odata.type': '#microsoft.graph.conditionalAccessGuestsOrExternalUsers',
          guestOrExternalUserTypes: types,
          externalTenants: { '@odata.type': '#microsoft.graph.conditionalAccessAllExternalTenants', membershipKind: 'all' },
        };
  const hasLocations = spec.includeLocations !== undefined || spec.excludeLocations !== undefined;
  const hasPlatforms = spec.includePlatforms !== undefined || spec.excludePlatforms !== undefined;
  const strength = spec.authenticationStrengthId;
  const filter = (value: PolicySpec['deviceFilter']) => (value === undefined ? null : { mode: value.mode, rule: value.rule });
  return {
    id: spec.id,
    templateId: null,
    displayName: spec.displayName,
    description: spec.description ?? null,
    createdDateTime: '2023-03-01T10:00:00Z',
    modifiedDateTime: null,
    state: spec.state ?? 'enabled',
    conditions: {
      userRiskLevels: spec.userRiskLevels ?? [],
      signInRiskLevels: spec.signInRiskLevels ?? [],
      clientAppTypes: spec.clientAppTypes ?? ['all'],
      servicePrincipalRiskLevels: spec.servicePrincipalRiskLevels ?? [],
      insiderRiskLevels: spec.insiderRiskLevels ?? null,
      platforms: hasPlatforms ? { includePlatforms: spec.includePlatforms ?? ['all'], excludePlatforms: spec.excludePlatforms ?? [] } : null,
      locations: hasLocations ? { includeLocations: spec.includeLocations ?? ['All'], excludeLocations: spec.excludeLocations ?? [] } : null,
      times: null,
      devices: spec.deviceFilter === undefined ? null : { includeDevices: [], excludeDevices: [], includeDeviceStates: [], excludeDeviceStates: [], deviceFilter: filter(spec.deviceFilter) },
      clientApplications:
        spec.includeServicePrincipals === undefined
          ? null
          : { includeServicePrincipals: spec.includeServicePrincipals, excludeServicePrincipals: [], servicePrincipalFilter: null },
      authenticationFlows: spec.transferMethods === undefined ? null : { transferMethods: spec.transferMethods },
      applications: {
        includeApplications: spec.includeApplications ?? (spec.includeUserActions || spec.includeAuthenticationContextClassReferences ? [] : ['All']),
        excludeApplications: spec.excludeApplications ?? [],
        includeUserActions: spec.includeUserActions ?? [],
        includeAuthenticationContextClassReferences: spec.includeAuthenticationContextClassReferences ?? [],
        applicationFilter: filter(spec.applicationFilter),
      },
      users: {
        includeUsers: spec.includeUsers ?? [],
        excludeUsers: spec.excludeUsers ?? [],
        includeGroups: spec.includeGroups ?? [],
        excludeGroups: spec.excludeGroups ?? [],
        includeRoles: spec.includeRoles ?? [],
        excludeRoles: spec.excludeRoles ?? [],
        includeGuestsOrExternalUsers: guests(spec.includeGuestTypes),
        excludeGuestsOrExternalUsers: guests(spec.excludeGuestTypes),
      },
    },
    grantControls: {
      operator: spec.operator ?? 'OR',
      builtInControls: spec.builtInControls ?? [],
      customAuthenticationFactors: [],
      termsOfUse: [],
      'authenticationStrength@odata.context': `${graphRoot}/$metadata#identity/conditionalAccess/policies('${spec.id}')/grantControls/authenticationStrength/$entity`,
      authenticationStrength:
        strength === undefined
          ? null
          : {
              id: strength,
              createdDateTime: '2021-12-01T00:00:00Z',
              modifiedDateTime: '2021-12-01T00:00:00Z',
              displayName: authenticationStrengthNames[strength] ?? 'Custom strength',
              description: null,
              policyType: authenticationStrengthNames[strength] ? 'builtIn' : 'custom',
              requirementsSatisfied: 'mfa',
              allowedCombinations: [],
            },
    },
    sessionControls: null,
  };
}

const authenticationStrengthNames: Record<string, string> = {
  '00000000-0000-0000-0000-000000000002': 'Multifactor authentication',
  '00000000-0000-0000-0000-000000000003': 'Passwordless MFA',
  '00000000-0000-0000-0000-000000000004': 'Phishing-resistant MFA',
};

export function ipNamedLocation(id: string, displayName: string, cidrs: string[], isTrusted: boolean): NamedLocation {
  return {
    '@odata.type': '#microsoft.graph.ipNamedLocation',
    id,
    displayName,
    createdDateTime: '2023-02-01T10:00:00Z',
    modifiedDateTime: '2023-02-01T10:00:00Z',
    isTrusted,
    ipRanges: cidrs.map((cidrAddress) => ({ '@odata.type': cidrAddress.includes(':') ? '#microsoft.graph.iPv6CidrRange' : '#microsoft.graph.iPv4CidrRange', cidrAddress })),
  };
}

export function countryNamedLocation(id: string, displayName: string, countries: string[]): NamedLocation {
  return {
    '@odata.type': '#microsoft.graph.countryNamedLocation',
    id,
    displayName,
    createdDateTime: '2023-02-01T10:00:00Z',
    modifiedDateTime: '2023-02-01T10:00:00Z',
    countriesAndRegions: countries,
    includeUnknownCountriesAndRegions: false,
    countryLookupMethod: 'clientIpAddress',
  };
}

/** The tenant default: Authenticator (number matching is always on since 2023), FIDO2, SMS and voice enabled for all users. */
export function defaultAuthenticationMethodsPolicy(options: { smsSignIn?: boolean; voice?: boolean; numberMatching?: 'enabled' | 'disabled' | 'default' } = {}): AuthenticationMethodsPolicy {
  const allUsers = (extra: Record<string, unknown> = {}) => [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false, ...extra }];
  return {
    '@odata.context': `${graphRoot}/$metadata#authenticationMethodsPolicy`,
    id: 'authenticationMethodsPolicy',
    displayName: 'Authentication Methods Policy',
    policyVersion: '1.5',
    authenticationMethodConfigurations: [
      {
        '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration',
        id: 'MicrosoftAuthenticator',
        state: 'enabled',
        includeTargets: allUsers({ authenticationMode: 'any' }),
        excludeTargets: [],
        featureSettings: {
          displayAppInformationRequiredState: { state: 'default', includeTarget: { targetType: 'group', id: 'all_users' }, excludeTarget: { targetType: 'group', id: '00000000-0000-0000-0000-000000000000' } },
          displayLocationInformationRequiredState: { state: 'default', includeTarget: { targetType: 'group', id: 'all_users' }, excludeTarget: { targetType: 'group', id: '00000000-0000-0000-0000-000000000000' } },
          ...(options.numberMatching !== undefined
            ? { numberMatchingRequiredState: { state: options.numberMatching, includeTarget: { targetType: 'group', id: 'all_users' }, excludeTarget: { targetType: 'group', id: '00000000-0000-0000-0000-000000000000' } } }
            : {}),
        },
      },
      { '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration', id: 'Fido2', state: 'enabled', includeTargets: allUsers(), excludeTargets: [] },
      {
        '@odata.type': '#microsoft.graph.smsAuthenticationMethodConfiguration',
        id: 'Sms',
        state: 'enabled',
        includeTargets: allUsers({ isUsableForSignIn: options.smsSignIn ?? false }),
        excludeTargets: [],
      },
      { '@odata.type': '#microsoft.graph.voiceAuthenticationMethodConfiguration', id: 'Voice', state: options.voice === false ? 'disabled' : 'enabled', includeTargets: allUsers(), excludeTargets: [] },
      { '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethodConfiguration', id: 'SoftwareOath', state: 'enabled', includeTargets: allUsers(), excludeTargets: [] },
      { '@odata.type': '#microsoft.graph.emailAuthenticationMethodConfiguration', id: 'Email', state: 'disabled', includeTargets: [], excludeTargets: [] },
      { '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration', id: 'TemporaryAccessPass', state: 'disabled', includeTargets: [], excludeTargets: [] },
    ],
  };
}

/** Transitive members of a group (users and nested groups), each once, as `/groups/{id}/transitiveMembers` lists them. */
export function transitiveMembers(tenant: EntraTenantFixture, groupId: string): Array<Record<string, unknown>> {
  const groups = new Map(tenant.groups.map((group) => [group.id, group]));
  const users = new Map(tenant.users.map((user) => [user.id, user]));
  const seen = new Set<string>();
  const members: Array<Record<string, unknown>> = [];
  const visit = (id: string): void => {
    for (const memberId of groups.get(id)?.members ?? []) {
      if (seen.has(memberId)) continue;
      seen.add(memberId);
      const user = users.get(memberId);
      const group = groups.get(memberId);
      if (user) members.push({ '@odata.type': '#microsoft.graph.user', id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName ?? null });
      else if (group) {
        members.push({ '@odata.type': '#microsoft.graph.group', id: group.id, displayName: group.displayName });
        visit(group.id);
      }
    }
  };
  visit(groupId);
  return members;
}

/** A security group as `GET /groups` returns it (v1.0 default properties). */
export function graphGroup(group: EntraGroupFixture): Record<string, unknown> {
  return {
    id: group.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: '2022-01-10T09:00:00Z',
    creationOptions: [],
    description: null,
    displayName: group.displayName,
    expirationDateTime: null,
    groupTypes: [],
    isAssignableToRole: null,
    mail: null,
    mailEnabled: false,
    mailNickname: group.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesDomainName: null,
    onPremisesLastSyncDateTime: null,
    onPremisesNetBiosName: null,
    onPremisesSamAccountName: null,
    onPremisesSecurityIdentifier: null,
    onPremisesSyncEnabled: null,
    preferredDataLocation: null,
    preferredLanguage: null,
    proxyAddresses: [],
    renewedDateTime: '2022-01-10T09:00:00Z',
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: [],
    securityEnabled: true,
    securityIdentifier: `S-1-12-1-${group.id.length}`,
    theme: null,
    visibility: null,
    onPremisesProvisioningErrors: [],
    serviceProvisioningErrors: [],
  };
}

/** Ids of users holding a directory role, directly or through a role-assignable group. */
export function adminUserIds(tenant: EntraTenantFixture): Set<string> {
  const admins = new Set<string>();
  for (const assignment of tenant.roleAssignments) {
    if (assignment.principal?.['@odata.type'] === '#microsoft.graph.group') {
      for (const member of transitiveMembers(tenant, assignment.principalId)) {
        if (member['@odata.type'] === '#microsoft.graph.user') admins.add(member.id as string);
      }
    } else admins.add(assignment.principalId);
  }
  return admins;
}

/** Groups the collector reads members of: referenced by a conditional-access policy or holding a role. */
export function referencedGroupIds(tenant: EntraTenantFixture): string[] {
  const ids = new Set<string>();
  for (const policy of tenant.conditionalAccessPolicies) {
    for (const id of [...(policy.conditions.users?.includeGroups ?? []), ...(policy.conditions.users?.excludeGroups ?? [])]) ids.add(id);
  }
  for (const assignment of tenant.roleAssignments) {
    if (assignment.principal?.['@odata.type'] === '#microsoft.graph.group') ids.add(assignment.principalId);
  }
  return [...ids].sort();
}

function* pagesOf<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let index = 0; index < items.length; index += size) yield items.slice(index, index + size);
}

/**
 * Writes the tenant through a recorder in the snapshot layout (docs/snapshot-format.md). Per-user methods are
 * always written (the simulator serves them for the `$batch` fallback); a collector only records them when the
 * registration report is refused.
 */
export async function recordEntraTenant(recorder: SourceRecorder, tenant: EntraTenantFixture): Promise<void> {
  const writeCollection = async (name: string, path: string, items: readonly unknown[], size: number): Promise<void> => {
    const writer = recorder.endpoint(name);
    const pages = [...pagesOf(items, size)];
    if (pages.length === 0) pages.push([]);
    for (const [index, page] of pages.entries()) {
      const next = index + 1 < pages.length ? { '@odata.nextLink': `${graphRoot}/${path}?$top=${size}&$skiptoken=page${index + 1}` } : {};
      await writer.write({ '@odata.context': `${graphRoot}/$metadata#${path}`, value: page, ...next });
    }
    await writer.close();
  };
  const writeSingle = async (name: string, value: unknown): Promise<void> => {
    const writer = recorder.endpoint(name);
    await writer.write(value);
    await writer.close();
  };

  const admins = adminUserIds(tenant);
  await writeCollection(entraEndpoints.users.name, 'users', tenant.users, entraFixturePageSizes.users);
  await writeCollection(
    entraEndpoints.userRegistrationDetails.name,
    'reports/authenticationMethods/userRegistrationDetails',
    tenant.users.map((user) => registrationDetailsFor(user, methodsOf(tenant, user.id), admins.has(user.id))),
    entraFixturePageSizes.userRegistrationDetails,
  );
  const methodsWriter = recorder.endpoint(entraEndpoints.authenticationMethods.name, { keyed: true });
  for (const user of tenant.users) {
    await methodsWriter.write({ key: user.id, status: 200, body: { '@odata.context': `${graphRoot}/$metadata#users('${user.id}')/authentication/methods`, value: methodsOf(tenant, user.id) } });
  }
  await methodsWriter.close();
  await writeCollection(entraEndpoints.roleDefinitions.name, 'roleManagement/directory/roleDefinitions', tenant.roleDefinitions, entraFixturePageSizes.default);
  await writeCollection(entraEndpoints.roleAssignments.name, 'roleManagement/directory/roleAssignments', tenant.roleAssignments, entraFixturePageSizes.default);
  const membersWriter = recorder.endpoint(entraEndpoints.groupMembers.name, { keyed: true });
  for (const group of tenant.groups) {
    await membersWriter.write({ key: group.id, status: 200, body: { '@odata.context': `${graphRoot}/$metadata#directoryObjects`, value: transitiveMembers(tenant, group.id) } });
  }
  await membersWriter.close();
  // Every group (the simulator serves /groups from it); a collector records only the groups policies and roles name.
  await writeCollection(entraEndpoints.groups.name, 'groups', tenant.groups.map(graphGroup), entraFixturePageSizes.default);
  await writeCollection(entraEndpoints.conditionalAccessPolicies.name, 'identity/conditionalAccess/policies', tenant.conditionalAccessPolicies, entraFixturePageSizes.default);
  await writeCollection(entraEndpoints.namedLocations.name, 'identity/conditionalAccess/namedLocations', tenant.namedLocations, entraFixturePageSizes.default);
  await writeSingle(entraEndpoints.securityDefaults.name, { '@odata.context': `${graphRoot}/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity`, ...tenant.securityDefaults });
  await writeSingle(entraEndpoints.authenticationMethodsPolicy.name, tenant.authenticationMethodsPolicy);
}

/** A user's methods, the password first as Graph lists it. */
export function methodsOf(tenant: EntraTenantFixture, userId: string): AuthenticationMethod[] {
  const methods = tenant.methods.get(userId) ?? [];
  return methods.some((method) => method['@odata.type'] === methodOdataTypes.password) ? methods : [authenticationMethod('password'), ...methods];
}
