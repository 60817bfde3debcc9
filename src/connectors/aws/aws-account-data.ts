/**
 * One AWS account as the analysis sees it, read from the snapshot: each part either readable or unreadable with the
 * reason (the endpoint that failed and the permission AWS named), never silently empty.
 */
import type { SourceError } from '../../snapshot/snapshot-format.js';
import type { AuthorizationIndex } from './authorization-index.js';
import type { AwsScanSettings, AwsUser, AwsVirtualMfaDevice } from './aws-payloads.js';
import type { CredentialReportRow } from './credential-report.js';
import type { MfaDeviceKind } from './mfa-device-kind.js';

export type Readable<T> = { readable: true; value: T } | { readable: false; reason: string };

export interface PerUserMfaDevices {
  /** HTTP status of the `ListMFADevices` call for this user; non-2xx: the devices are unknown. */
  status: number;
  kinds: MfaDeviceKind[];
}

export interface AwsAccountData {
  /** The account id: the tenant label. */
  tenant: string;
  accountName: string | undefined;
  /** The root user's email, as Organizations lists the account (unknown for a single account). */
  rootEmail: string | undefined;
  settings: AwsScanSettings;
  report: Readable<{ rows: CredentialReportRow[]; generatedAt: string | undefined }>;
  users: Readable<AwsUser[]>;
  virtualDevices: Readable<AwsVirtualMfaDevice[]>;
  /** Per-user `ListMFADevices`, only for the users the collector asked about. */
  mfaDevices: Map<string, PerUserMfaDevices>;
  summary: Readable<Record<string, number>>;
  authorization: Readable<AuthorizationIndex>;
  /** IAM users whose ListUsers entry the schema refused (absent from analyses that predate the field). */
  unreadableUsers?: Array<{ userName: string; id: string; problem: string }>;
  /** Objects the schemas refused; they make the source partial. */
  problems?: SourceError[];
}
