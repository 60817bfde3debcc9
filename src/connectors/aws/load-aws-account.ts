/**
 * Reads one AWS source of a snapshot into `AwsAccountData`: pages flattened, the credential report decoded, the
 * authorization details joined; an endpoint that is absent or recorded with an error is unreadable, with the reason.
 * A user the schema refuses is left out and listed as unreadable; any other object the schema refuses makes its
 * endpoint unreadable, naming the object. Either way it is recorded as a problem that makes the source partial.
 */
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import type { SourceError } from '../../snapshot/snapshot-format.js';
import { describeRawObject, readPages, tolerantItems, tolerantKeyed, type PagesOutcome } from '../../snapshot/tolerant-items.js';
import { SnapshotError } from '../../errors.js';
import { formatZodIssues } from '../../config/format-zod-issues.js';
import type { z } from 'zod';
import { awsEndpoints, type AwsEndpoint } from './aws-endpoints.js';
import {
  awsAccountSummarySchema,
  awsAuthorizationDetailsPageSchema,
  awsCredentialReportSchema,
  awsMfaDevicesPageSchema,
  awsOrganisationAccountSchema,
  awsScanSettingsSchema,
  awsUserSchema,
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
  const problems: SourceError[] = [];
  const unreadableUsers: AwsAccountData['unreadableUsers'] = [];
  /** The endpoint's pages, or (when one is refused) the reason that makes what depends on it unknown. */
  const pagesOf = async <T>(endpoint: AwsEndpoint, schema: z.ZodType<T>): Promise<T[]> => {
    const outcome: PagesOutcome<T> = await readPages(source, endpoint.name, schema);
    if (outcome.ok) return outcome.pages;
    problems.push({ endpoint: endpoint.name, code: 'INPUT_INVALID', message: `An object of ${endpoint.label} could not be understood: ${outcome.problem}` });
    throw new RefusedEndpoint(`${endpoint.label} holds an object that could not be understood (${outcome.problem})`);
  };
  let accountName: string | undefined;
  let rootEmail: string | undefined;
  const organisation = await readPages(source, awsEndpoints.organisationAccount.name, awsOrganisationAccountSchema);
  for (const account of organisation.ok ? organisation.pages : []) {
    accountName = account.Name;
    rootEmail = account.Email;
  }
  let settings = defaultAwsScanSettings;
  const recordedSettings = await readPages(source, awsEndpoints.scanSettings.name, awsScanSettingsSchema);
  for (const recorded of recordedSettings.ok ? recordedSettings.pages : []) settings = recorded;
  for (const [endpoint, outcome] of [[awsEndpoints.organisationAccount, organisation], [awsEndpoints.scanSettings, recordedSettings]] as const) {
    if (!outcome.ok) problems.push({ endpoint: endpoint.name, code: 'INPUT_INVALID', message: `${endpoint.label} could not be understood and was ignored: ${outcome.problem}` });
  }

  return {
    tenant: source.meta.tenant,
    accountName,
    rootEmail,
    settings,
    report: await readable(source, awsEndpoints.credentialReport, async () => {
      let result: { rows: ReturnType<typeof decodeCredentialReport>; generatedAt: string | undefined } | undefined;
      for await (const { value, file, line } of source.lines(awsEndpoints.credentialReport.name)) {
        const report = awsCredentialReportSchema.safeParse(value);
        if (!report.success) {
          const problem = `${file}:${line}: ${formatZodIssues(report.error)}`;
          problems.push({ endpoint: awsEndpoints.credentialReport.name, code: 'INPUT_INVALID', message: `The credential report could not be understood: ${problem}` });
          throw new RefusedEndpoint(`${awsEndpoints.credentialReport.label} could not be understood (${problem})`);
        }
        result = { rows: decodeCredentialReport(report.data.Content, `${file}:${line}`), generatedAt: report.data.GeneratedTime };
      }
      return result ?? { rows: [], generatedAt: undefined };
    }),
    users: await readable(source, awsEndpoints.users, async () => {
      const users: AwsUser[] = [];
      for await (const outcome of tolerantItems(source, awsEndpoints.users.name, awsUserSchema, { itemsKey: 'Users' })) {
        if (outcome.ok) {
          users.push(outcome.item);
          continue;
        }
        const name = describeRawObject(outcome.raw);
        problems.push({ endpoint: awsEndpoints.users.name, code: 'INPUT_INVALID', message: `The IAM user ${name} could not be understood and was left out: ${outcome.problem}` });
        const record = typeof outcome.raw === 'object' && outcome.raw !== null ? (outcome.raw as Record<string, unknown>) : {};
        const userName = typeof record.UserName === 'string' ? record.UserName : undefined;
        if (userName) unreadableUsers.push({ userName, id: typeof record.UserId === 'string' ? record.UserId : userName, problem: outcome.problem });
      }
      return users;
    }),
    virtualDevices: await readable(source, awsEndpoints.virtualMfaDevices, async () => {
      const devices: AwsVirtualMfaDevice[] = [];
      for (const page of await pagesOf(awsEndpoints.virtualMfaDevices, awsVirtualMfaPageSchema)) devices.push(...page.VirtualMFADevices);
      return devices;
    }),
    mfaDevices: await perUserDevices(source, problems),
    summary: await readable(source, awsEndpoints.accountSummary, async () => {
      let summary: Record<string, number> = {};
      for (const value of await pagesOf(awsEndpoints.accountSummary, awsAccountSummarySchema)) summary = value.SummaryMap;
      return summary;
    }),
    authorization: await readable(source, awsEndpoints.authorizationDetails, async () => {
      const index = new AuthorizationIndex();
      for (const page of await pagesOf(awsEndpoints.authorizationDetails, awsAuthorizationDetailsPageSchema)) {
        for (const user of page.UserDetailList) index.addUser(user);
        for (const group of page.GroupDetailList) index.addGroup(group);
        for (const policy of page.Policies) index.addPolicy(policy);
      }
      return index;
    }),
    unreadableUsers,
    problems,
  };
}

/** Thrown by a read that met an object it could not understand: `readable` turns it into an unreadable endpoint. */
class RefusedEndpoint extends SnapshotError {}

async function readable<T>(source: RawSource, endpoint: AwsEndpoint, read: () => Promise<T>): Promise<Readable<T>> {
  const errors = source.meta.errors.filter((error) => error.endpoint === endpoint.name || error.endpoint === '*');
  if (errors.length > 0) {
    const reason = errors.map((error) => `${endpoint.label} failed: ${error.message}${error.permission ? ` (needs ${error.permission})` : ''}`).join('; ');
    return { readable: false, reason };
  }
  if (!source.has(endpoint.name)) return { readable: false, reason: `${endpoint.label} was not collected in this snapshot` };
  try {
    return { readable: true, value: await read() };
  } catch (error) {
    if (error instanceof RefusedEndpoint) return { readable: false, reason: error.message };
    throw error;
  }
}

async function perUserDevices(source: RawSource, problems: SourceError[]): Promise<Map<string, PerUserMfaDevices>> {
  const devices = new Map<string, PerUserMfaDevices>();
  for await (const line of tolerantKeyed(source, awsEndpoints.mfaDevices.name, awsMfaDevicesPageSchema)) {
    if (!line.ok) {
      problems.push({ endpoint: awsEndpoints.mfaDevices.name, code: 'INPUT_INVALID', message: `The MFA devices of ${line.key ?? 'a user'} could not be understood: ${line.problem}` });
      // Recorded as a failed listing: the user's devices are then unknown, never "none".
      if (line.key !== undefined) devices.set(line.key, { status: 422, kinds: [] });
      continue;
    }
    const entry = devices.get(line.key) ?? { status: line.status, kinds: [] };
    if (line.status < 200 || line.status >= 300) entry.status = line.status;
    for (const device of line.body?.MFADevices ?? []) entry.kinds.push(mfaDeviceKind(device.SerialNumber));
    devices.set(line.key, entry);
  }
  return devices;
}
