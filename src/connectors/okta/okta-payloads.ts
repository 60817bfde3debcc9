/**
 * Okta Management API payload shapes, as the collector stores them and the simulator serves them. Objects are
 * loose (unknown fields kept) because Okta adds fields; only the fields the analysis reads are declared.
 * Shapes follow okta-sdk-nodejs 8.1.0 `oas-spec/management.yaml`.
 */
import { z } from 'zod';

const nullableString = z.string().nullable().optional();
const idList = z.array(z.string()).nullable().optional();

export const oktaUserSchema = z.looseObject({
  id: z.string(),
  /** ACTIVE, DEPROVISIONED, LOCKED_OUT, PASSWORD_EXPIRED, PROVISIONED, RECOVERY, STAGED, SUSPENDED. */
  status: z.string(),
  created: nullableString,
  activated: nullableString,
  statusChanged: nullableString,
  lastLogin: nullableString,
  lastUpdated: nullableString,
  passwordChanged: nullableString,
  type: z.looseObject({ id: z.string() }).nullable().optional(),
  profile: z.looseObject({
    login: z.string(),
    email: nullableString,
    firstName: nullableString,
    lastName: nullableString,
    displayName: nullableString,
    userType: nullableString,
    department: nullableString,
  }),
  credentials: z
    .looseObject({ provider: z.looseObject({ type: z.string(), name: nullableString }).nullable().optional() })
    .nullable()
    .optional(),
});
export type OktaUser = z.infer<typeof oktaUserSchema>;
export const oktaUsersPageSchema = z.array(oktaUserSchema);

export const oktaFactorSchema = z.looseObject({
  id: z.string(),
  /** call, email, push, question, signed_nonce, sms, token, token:hardware, token:hotp, token:software:totp, u2f, web, webauthn. */
  factorType: z.string(),
  provider: nullableString,
  vendorName: nullableString,
  /** Only ACTIVE counts. */
  status: z.string(),
});
export type OktaFactor = z.infer<typeof oktaFactorSchema>;
export const oktaFactorsSchema = z.array(oktaFactorSchema);

/** `GET /api/v1/iam/assignees/users`: paged through `_links.next.href` in the body, not the Link header. */
export const roleAssigneesPageSchema = z.looseObject({
  value: z.array(z.looseObject({ id: z.string(), orn: nullableString })),
  _links: z.looseObject({ next: z.looseObject({ href: z.string() }).nullable().optional() }).nullable().optional(),
});
export type RoleAssigneesPage = z.infer<typeof roleAssigneesPageSchema>;

export const oktaRoleSchema = z.looseObject({
  id: z.string(),
  label: nullableString,
  /** SUPER_ADMIN, ORG_ADMIN, APP_ADMIN, USER_ADMIN, HELP_DESK_ADMIN, READ_ONLY_ADMIN, …, CUSTOM. */
  type: z.string(),
  status: nullableString,
  /** USER or GROUP. */
  assignmentType: nullableString,
  _links: z.looseObject({ assignee: z.looseObject({ href: z.string() }).nullable().optional() }).nullable().optional(),
});
export type OktaRole = z.infer<typeof oktaRoleSchema>;
export const oktaRolesSchema = z.array(oktaRoleSchema);

export const oktaGroupSchema = z.looseObject({
  id: z.string(),
  /** OKTA_GROUP, APP_GROUP or BUILT_IN (the "Everyone" group). */
  type: z.string(),
  profile: z.looseObject({ name: z.string() }),
});
export type OktaGroup = z.infer<typeof oktaGroupSchema>;

export const peopleConditionSchema = z.looseObject({
  users: z.looseObject({ include: idList, exclude: idList }).nullable().optional(),
  groups: z.looseObject({ include: idList, exclude: idList }).nullable().optional(),
});

export const networkConditionSchema = z.looseObject({
  /** ANYWHERE, ZONE (OIE, Classic); ON_NETWORK / OFF_NETWORK (Classic legacy gateway IPs). */
  connection: nullableString,
  include: idList,
  exclude: idList,
});

export const ruleConditionsSchema = z.looseObject({
  people: peopleConditionSchema.nullable().optional(),
  network: networkConditionSchema.nullable().optional(),
  /** `ANY` or `RADIUS` (Classic sign-on rules). */
  authContext: z.looseObject({ authType: nullableString }).nullable().optional(),
  riskScore: z.looseObject({ level: nullableString }).nullable().optional(),
  risk: z.looseObject({}).nullable().optional(),
  device: z.looseObject({}).nullable().optional(),
  platform: z.looseObject({}).nullable().optional(),
  userType: z.looseObject({ include: idList, exclude: idList }).nullable().optional(),
  elCondition: z.looseObject({ condition: nullableString }).nullable().optional(),
});
export type RuleConditions = z.infer<typeof ruleConditionsSchema>;

export const oktaPolicySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  status: z.string(),
  priority: z.number().nullable().optional(),
  system: z.boolean().nullable().optional(),
  conditions: z.looseObject({ people: peopleConditionSchema.nullable().optional() }).nullable().optional(),
});
export type OktaPolicy = z.infer<typeof oktaPolicySchema>;
export const oktaPoliciesSchema = z.array(oktaPolicySchema);

const possessionConstraintSchema = z.looseObject({
  required: z.boolean().nullable().optional(),
  /** REQUIRED, OPTIONAL. */
  phishingResistant: nullableString,
  deviceBound: nullableString,
  hardwareProtection: nullableString,
  userVerification: nullableString,
});

export const accessConstraintSchema = z.looseObject({
  knowledge: z.looseObject({ required: z.boolean().nullable().optional(), types: idList }).nullable().optional(),
  possession: possessionConstraintSchema.nullable().optional(),
});
export type AccessConstraint = z.infer<typeof accessConstraintSchema>;

export const ruleActionsSchema = z.looseObject({
  signon: z
    .looseObject({
      access: nullableString,
      requireFactor: z.boolean().nullable().optional(),
      /** ALWAYS, DEVICE, SESSION. */
      factorPromptMode: nullableString,
      /** Minutes a verified factor is remembered. */
      factorLifetime: z.number().nullable().optional(),
      primaryFactor: nullableString,
    })
    .nullable()
    .optional(),
  appSignOn: z
    .looseObject({
      access: nullableString,
      verificationMethod: z
        .looseObject({
          type: nullableString,
          factorMode: nullableString,
          reauthenticateIn: nullableString,
          /** The schema says array; a spec example uses a single object. Both are accepted. */
          constraints: z.union([z.array(accessConstraintSchema), accessConstraintSchema]).nullable().optional(),
        })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});
export type RuleActions = z.infer<typeof ruleActionsSchema>;

export const oktaPolicyRuleSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  priority: z.number().nullable().optional(),
  system: z.boolean().nullable().optional(),
  type: nullableString,
  conditions: ruleConditionsSchema.nullable().optional(),
  actions: ruleActionsSchema.nullable().optional(),
});
export type OktaPolicyRule = z.infer<typeof oktaPolicyRuleSchema>;
export const oktaPolicyRulesSchema = z.array(oktaPolicyRuleSchema);

export const oktaAppSchema = z.looseObject({
  id: z.string(),
  /** `saasure` is the Okta Admin Console, `okta_enduser` the Okta Dashboard. */
  name: z.string(),
  label: nullableString,
  status: nullableString,
  signOnMode: nullableString,
});
export type OktaApp = z.infer<typeof oktaAppSchema>;
export const oktaAppsSchema = z.array(oktaAppSchema);

export const oktaAppUserSchema = z.looseObject({ id: z.string(), scope: nullableString, status: nullableString });
export const oktaAppUsersSchema = z.array(oktaAppUserSchema);

export const oktaZoneSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  status: z.string(),
  /** POLICY or BLOCKLIST. */
  usage: nullableString,
  system: z.boolean().nullable().optional(),
  /** IP zones: the addresses a sign-in must come from to be in the zone; none means no sign-in is. */
  gateways: z.array(z.looseObject({ type: nullableString, value: nullableString })).nullable().optional(),
});
export type OktaZone = z.infer<typeof oktaZoneSchema>;
export const oktaZonesSchema = z.array(oktaZoneSchema);

export const oktaAuthenticatorSchema = z.looseObject({
  id: z.string(),
  key: z.string(),
  name: nullableString,
  status: z.string(),
  settings: z
    .looseObject({
      channelBinding: z.looseObject({ style: nullableString, required: nullableString }).nullable().optional(),
      userVerification: nullableString,
    })
    .nullable()
    .optional(),
});
export type OktaAuthenticator = z.infer<typeof oktaAuthenticatorSchema>;
export const oktaAuthenticatorsSchema = z.array(oktaAuthenticatorSchema);

const logActorSchema = z.looseObject({ id: z.string(), type: nullableString, alternateId: nullableString });
export const oktaLogEventSchema = z.looseObject({
  uuid: z.string(),
  published: z.string(),
  eventType: z.string(),
  actor: logActorSchema.nullable().optional(),
  target: z.array(logActorSchema).nullable().optional(),
});
export type OktaLogEvent = z.infer<typeof oktaLogEventSchema>;
export const oktaLogPageSchema = z.array(oktaLogEventSchema);

/** Well-known app names. */
export const adminConsoleAppName = 'saasure';
export const dashboardAppName = 'okta_enduser';
