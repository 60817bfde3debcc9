/**
 * The shapes of the stored AWS payloads the analysis relies on (the SDK's output objects, `$metadata` removed,
 * dates as ISO strings, the credential report's `Content` as the base64 text IAM sent). Unknown fields pass through.
 */
import { z } from 'zod';

const date = z.string();

export const awsUserSchema = z.looseObject({
  UserName: z.string(),
  UserId: z.string(),
  Arn: z.string(),
  Path: z.string().optional(),
  CreateDate: date.optional(),
  PasswordLastUsed: date.optional(),
});
export type AwsUser = z.infer<typeof awsUserSchema>;

export const awsUsersPageSchema = z.looseObject({
  Users: z.array(awsUserSchema).default([]),
  IsTruncated: z.boolean().optional(),
  Marker: z.string().optional(),
});

export const awsVirtualMfaDeviceSchema = z.looseObject({
  SerialNumber: z.string(),
  EnableDate: date.optional(),
  User: z.looseObject({ UserName: z.string().optional(), UserId: z.string().optional(), Arn: z.string() }).optional(),
});
export type AwsVirtualMfaDevice = z.infer<typeof awsVirtualMfaDeviceSchema>;

export const awsVirtualMfaPageSchema = z.looseObject({
  VirtualMFADevices: z.array(awsVirtualMfaDeviceSchema).default([]),
  IsTruncated: z.boolean().optional(),
  Marker: z.string().optional(),
});

export const awsMfaDeviceSchema = z.looseObject({ UserName: z.string().optional(), SerialNumber: z.string(), EnableDate: date.optional() });
export type AwsMfaDevice = z.infer<typeof awsMfaDeviceSchema>;

export const awsMfaDevicesPageSchema = z.looseObject({
  MFADevices: z.array(awsMfaDeviceSchema).default([]),
  IsTruncated: z.boolean().optional(),
  Marker: z.string().optional(),
});

export const awsAccountSummarySchema = z.looseObject({
  SummaryMap: z.record(z.string(), z.number()).default({}),
});

export const awsCredentialReportSchema = z.looseObject({
  /** Base64 of the CSV, as IAM sends it on the wire. */
  Content: z.string(),
  ReportFormat: z.string().optional(),
  GeneratedTime: date.optional(),
});

const inlinePolicySchema = z.looseObject({ PolicyName: z.string(), PolicyDocument: z.string().optional() });
const attachedPolicySchema = z.looseObject({ PolicyName: z.string().optional(), PolicyArn: z.string() });

export const awsUserDetailSchema = z.looseObject({
  UserName: z.string(),
  UserId: z.string().optional(),
  Arn: z.string().optional(),
  UserPolicyList: z.array(inlinePolicySchema).default([]),
  GroupList: z.array(z.string()).default([]),
  AttachedManagedPolicies: z.array(attachedPolicySchema).default([]),
  PermissionsBoundary: z.looseObject({ PermissionsBoundaryArn: z.string().optional() }).optional(),
});
export type AwsUserDetail = z.infer<typeof awsUserDetailSchema>;

export const awsGroupDetailSchema = z.looseObject({
  GroupName: z.string(),
  GroupId: z.string().optional(),
  Arn: z.string().optional(),
  GroupPolicyList: z.array(inlinePolicySchema).default([]),
  AttachedManagedPolicies: z.array(attachedPolicySchema).default([]),
});
export type AwsGroupDetail = z.infer<typeof awsGroupDetailSchema>;

export const awsManagedPolicyDetailSchema = z.looseObject({
  PolicyName: z.string().optional(),
  Arn: z.string(),
  DefaultVersionId: z.string().optional(),
  PolicyVersionList: z
    .array(z.looseObject({ Document: z.string().optional(), VersionId: z.string().optional(), IsDefaultVersion: z.boolean().optional() }))
    .default([]),
});
export type AwsManagedPolicyDetail = z.infer<typeof awsManagedPolicyDetailSchema>;

export const awsAuthorizationDetailsPageSchema = z.looseObject({
  UserDetailList: z.array(awsUserDetailSchema).default([]),
  GroupDetailList: z.array(awsGroupDetailSchema).default([]),
  Policies: z.array(awsManagedPolicyDetailSchema).default([]),
  IsTruncated: z.boolean().optional(),
  Marker: z.string().optional(),
});

export const awsCallerIdentitySchema = z.looseObject({ Account: z.string(), Arn: z.string(), UserId: z.string().optional() });

export const awsOrganisationAccountSchema = z.looseObject({
  Id: z.string(),
  Arn: z.string().optional(),
  Name: z.string().optional(),
  Email: z.string().optional(),
  Status: z.string().optional(),
  State: z.string().optional(),
});

export const awsScanSettingsSchema = z.looseObject({
  unusedAfterDays: z.number().int().positive(),
  rotateAfterDays: z.number().int().positive(),
});
export type AwsScanSettings = z.infer<typeof awsScanSettingsSchema>;
