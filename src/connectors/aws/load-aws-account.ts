/**
 * Reads one AWS source of a snapshot into `AwsAccountData`: pages flattened, the credential report decoded, the
 * authorization details joined; an endpoint that is absent or recorded with an error is unreadable, with the reason.
 */
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import { awsEndpoints, type AwsEndpoint } from './aws-endpoints.js';
import {
  awsAccountSummarySchema,
  awsAuthorizationDetailsPageSchema,
  awsCredentialReportSchema,
  awsMfaDevicesPageSchema,
  awsOrganisationAccountSchema,
  awsScanSettingsSchema,
  awsUsersPageSchema,
  awsVirtualMfaPageSchema,
  type AwsScanSettings,
  type AwsUser,
  type AwsVirtualMfaDevice,
} from './aws-payloads.js';
import type { AwsAccountData, PerUserMfaDevices, Readable } from './aws-account-data.js';
import { AuthorizationIndex } from './authorization-index.js';
import { decodeCredentialReport } from './credential-report.js';
import { mfaDeviceKind } from './mfa-device-kind.js';

export const defaultAwsScanSettings: AwsScanSettings = { unusedAfterDays: 90, rotateAfterDays: 90 };

export async function loadAwsAccount(source: RawSource): Promise<AwsAccountData> {
  let accountName: string | undefined;
  let rootEmail: string | undefined;
  for await (const account of source.parsed(awsEndpoints.organisationAccount.name, awsOrganisationAccountSchema)) {
    accountName = account.Name;
    rootEmail = account.Email;
  }
  let settings = defaultAwsScanSettings;
  for await (const recorded of source.parsed(awsEndpoints.scanSettings.name, awsScanSettingsSchema)) settings = recorded;

  return {
    tenant: source.meta.tenant,
    accountName,
    rootEmail,
    settings,
    report: await readable(source, awsEndpoints.credentialReport, async () => {
      let result: { rows: ReturnType<typeof decodeCredentialReport>; generatedAt: string | undefined } | undefined;
      for await (const { value, file, line } of source.lines(awsEndpoints.credentialReport.name)) {
        const report = awsCredentialReportSchema.parse(value);
        result = { rows: decodeCredentialReport(report.Content, `${file}:${line}`), generatedAt: report.GeneratedTime };
      }
      return result ?? { rows: [], generatedAt: undefined };
    }),
    users: await readable(source, awsEndpoints.users, async () => {
      const users: AwsUser[] = [];
      for await (const page of source.parsed(awsEndpoints.users.name, awsUsersPageSchema)) users.push(...page.Users);
      return users;
    }),
    virtualDevices: await readable(source, awsEndpoints.virtualMfaDevices, async () => {
      const devices: AwsVirtualMfaDevice[] = [];
      for await (const page of source.parsed(awsEndpoints.virtualMfaDevices.name, awsVirtualMfaPageSchema)) devices.push(...page.VirtualMFADevices);
      return devices;
    }),
    mfaDevices: await perUserDevices(source),
    summary: await readable(source, awsEndpoints.accountSummary, async () => {
      let summary: Record<string, number> = {};
      for await (const value of source.parsed(awsEndpoints.accountSummary.name, awsAccountSummarySchema)) summary = value.SummaryMap;
      return summary;
    }),
    authorization: await readable(source, awsEndpoints.authorizationDetails, async () => {
      const index = new AuthorizationIndex();
      for await (const page of source.parsed(awsEndpoints.authorizationDetails.name, awsAuthorizationDetailsPageSchema)) {
        for (const user of page.UserDetailList) index.addUser(user);
        for (const group of page.GroupDetailList) index.addGroup(group);
        for (const policy of page.Policies) index.addPolicy(policy);
      }
      return index;
    }),
  };
}

async function readable<T>(source: RawSource, endpoint: AwsEndpoint, read: () => Promise<T>): Promise<Readable<T>> {
  const errors = source.meta.errors.filter((error) => error.endpoint === endpoint.name || error.endpoint === '*');
  if (errors.length > 0) {
    const reason = errors.map((error) => `${endpoint.label} failed: ${error.message}${error.permission ? ` (needs ${error.permission})` : ''}`).join('; ');
    return { readable: false, reason };
  }
  if (!source.has(endpoint.name)) return { readable: false, reason: `${endpoint.label} was not collected in this snapshot` };
  return { readable: true, value: await read() };
}

async function perUserDevices(source: RawSource): Promise<Map<string, PerUserMfaDevices>> {
  const devices = new Map<string, PerUserMfaDevices>();
  for await (const line of source.keyed(awsEndpoints.mfaDevices.name, awsMfaDevicesPageSchema)) {
    const entry = devices.get(line.key) ?? { status: line.status, kinds: [] };
    if (line.status < 200 || line.status >= 300) entry.status = line.status;
    for (const device of line.body?.MFADevices ?? []) entry.kinds.push(mfaDeviceKind(device.SerialNumber));
    devices.set(line.key, entry);
  }
  return devices;
}
