/**
 * Collects one AWS account into the snapshot: assumes the member-account role when the organisation expansion set
 * one, checks the account with `sts:GetCallerIdentity`, then reads in bulk the credential report (generated, polled
 * while STARTED/INPROGRESS, fetched once), users, assigned virtual MFA devices, the account summary (root MFA and
 * keys) and the authorization details (users, groups, policies). Per-user `ListMFADevices` runs only where the bulk
 * data cannot answer: users the report shows with MFA that no virtual device explains (hardware TOTP or FIDO keys),
 * and administrators whose only known device is virtual. A refused endpoint is recorded and the rest carries on;
 * bad credentials, an unassumable role or the wrong account end the source.
 */
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { CollectContext } from '../connector.js';
import { AuthError, MfaCoverageError, PermissionError, RateLimitedError, UpstreamError, describeError } from '../../errors.js';
import { resolveSecret } from '../../config/secret-reference.js';
import { mapWithConcurrency } from '../../scan/map-with-concurrency.js';
import type { SourceRecorder } from '../../snapshot/snapshot-writer.js';
import type { AwsConfig } from './aws-config.js';
import { authorizationDetailsFilter, awsEndpoints, awsRequestLabels, iamMaxItems, type AwsEndpoint } from './aws-endpoints.js';
import { AwsRequestRunner, type Sleep } from './aws-request-runner.js';
import { readAwsApiFailure } from './aws-api-failure.js';
import { baseCredentials, clientSettings, createAwsClients, type AwsClients, type AwsCredentials } from './create-aws-clients.js';
import { decodeCredentialReport, rootAccountRowName, type CredentialReportRow } from './credential-report.js';
import { AuthorizationIndex } from './authorization-index.js';
import { awsAuthorizationDetailsPageSchema, awsVirtualMfaPageSchema } from './aws-payloads.js';
import { isRootArn } from './mfa-device-kind.js';
import { PagingGuard } from '../paging-guard.js';

export interface AwsCollectDependencies {
  sleep?: Sleep;
  random?: () => number;
}

const perUserConcurrency = 4;
const reportNotReadyCodes = new Set(['ReportInProgress', 'CredentialReportNotReadyException']);
const reportMissingCodes = new Set(['ReportNotPresent', 'ReportExpired', 'CredentialReportNotPresentException', 'CredentialReportExpiredException']);

export async function collectAws(config: AwsConfig, recorder: SourceRecorder, context: CollectContext, dependencies: AwsCollectDependencies = {}): Promise<void> {
  const runner = new AwsRequestRunner({
    countRequest: (label) => recorder.countRequest(label),
    countThrottled: (label) => recorder.countThrottled?.(label),
    retry: config.retry,
    logger: context.logger,
    signal: context.signal,
    requestTimeoutMs: config.requestTimeoutMs,
    ...(dependencies.sleep ? { sleep: dependencies.sleep } : {}),
    ...(dependencies.random ? { random: dependencies.random } : {}),
  });
  const base = await baseCredentials(config, context.env);
  const credentials = config.assumeRoleArn ? await assumeRole(config, config.assumeRoleArn, base, runner, context.env) : base;
  const clients = createAwsClients(clientSettings(config, credentials));
  try {
    await new AwsAccountCollection(config, clients, runner, recorder, context).run();
  } finally {
    clients.destroy();
  }
}

/** Temporary credentials in a member account; a refusal ends this account's source (and only this one). */
async function assumeRole(config: AwsConfig, roleArn: string, base: AwsCredentials | undefined, runner: AwsRequestRunner, env: NodeJS.ProcessEnv): Promise<AwsCredentials> {
  const clients = createAwsClients(clientSettings(config, base));
  try {
    const externalId = config.organisation?.externalId ?? undefined;
    const sessionName = config.organisation?.sessionName ?? 'mfa-coverage';
    const output = await runner.run(awsRequestLabels.assumeRole, async (abortSignal) =>
      clients.sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionName,
          DurationSeconds: 3600,
          ...(externalId ? { ExternalId: await resolveSecret(externalId, 'organisation.externalId', env) } : {}),
        }),
        { abortSignal },
      ),
    );
    const issued = output.Credentials;
    if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new UpstreamError(`sts:AssumeRole on ${roleArn} returned no credentials.`);
    return { accessKeyId: issued.AccessKeyId, secretAccessKey: issued.SecretAccessKey, ...(issued.SessionToken ? { sessionToken: issued.SessionToken } : {}) };
  } catch (error) {
    if (error instanceof PermissionError || error instanceof AuthError) {
      throw new PermissionError(
        `Cannot assume ${roleArn} in account ${config.accountId}: ${error.message} Deploy the read-only role in that account and let the scanner's principal assume it (docs/connectors/aws.md).`,
        awsRequestLabels.assumeRole,
        { cause: error },
      );
    }
    throw error;
  } finally {
    clients.destroy();
  }
}

class AwsAccountCollection {
  private readonly index = new AuthorizationIndex();
  private authorizationRead = false;
  private reportRows: CredentialReportRow[] | undefined;
  /** User names with an assigned virtual MFA device. */
  private readonly virtualHolders = new Set<string>();
  private virtualRead = false;

  constructor(
    private readonly config: AwsConfig,
    private readonly clients: AwsClients,
    private readonly runner: AwsRequestRunner,
    private readonly recorder: SourceRecorder,
    private readonly context: CollectContext,
  ) {}

  async run(): Promise<void> {
    await this.checkIdentity();
    if (this.config.organisationAccount) await this.writeOne(awsEndpoints.organisationAccount, this.config.organisationAccount);
    await this.writeOne(awsEndpoints.scanSettings, { ...this.config.accessKeys });
    await settleAll([
      this.guarded(awsEndpoints.credentialReport, () => this.collectCredentialReport()),
      this.guarded(awsEndpoints.users, () => this.collectUsers()),
      this.guarded(awsEndpoints.virtualMfaDevices, () => this.collectVirtualMfaDevices()),
      this.guarded(awsEndpoints.accountSummary, () => this.collectAccountSummary()),
      this.guarded(awsEndpoints.authorizationDetails, () => this.collectAuthorizationDetails()),
    ]);
    await this.collectMfaDevices();
  }

  private async checkIdentity(): Promise<void> {
    const identity = await this.runner.run(awsEndpoints.callerIdentity.label, (abortSignal) => this.clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal }));
    await this.writeOne(awsEndpoints.callerIdentity, withoutMetadata(identity));
    if (identity.Account !== this.config.accountId) {
      throw new AuthError(
        `The credentials belong to account ${identity.Account ?? '(unknown)'}, not ${this.config.accountId}; fix accountId or the credentials so no other account's users are reported under this one.`,
      );
    }
  }

  private async collectCredentialReport(): Promise<void> {
    const { pollIntervalMs, maxPolls } = this.config.credentialReport;
    for (let poll = 1; poll <= maxPolls; poll += 1) {
      const generated = await this.runner.run(awsRequestLabels.generateCredentialReport, (abortSignal) =>
        this.clients.iam.send(new GenerateCredentialReportCommand({}), { abortSignal }),
      );
      if (generated.State === 'COMPLETE') {
        try {
          const report = await this.runner.run(awsEndpoints.credentialReport.label, (abortSignal) => this.clients.iam.send(new GetCredentialReportCommand({}), { abortSignal }));
          const content = Buffer.from(report.Content ?? new Uint8Array()).toString('base64');
          const line = { Content: content, ReportFormat: report.ReportFormat, GeneratedTime: report.GeneratedTime?.toISOString() };
          await this.recorder.endpoint(awsEndpoints.credentialReport.name).write(line);
          this.reportRows = decodeCredentialReport(content, awsEndpoints.credentialReport.name);
          this.progress(awsEndpoints.credentialReport.name, this.reportRows.length);
          return;
        } catch (error) {
          const code = readAwsApiFailure(error instanceof MfaCoverageError ? error.cause : error).code;
          if (code === undefined || !(reportNotReadyCodes.has(code) || reportMissingCodes.has(code))) throw error;
          this.context.logger.debug({ code, poll }, 'credential report not ready; polling again');
        }
      }
      if (poll < maxPolls) await this.runner.sleep(pollIntervalMs, this.runner.signal);
    }
    this.recorder.recordError({
      endpoint: awsEndpoints.credentialReport.name,
      code: 'UPSTREAM_FAILED',
      message: `The credential report was still being generated after ${maxPolls} polls ${pollIntervalMs} ms apart; raise credentialReport.maxPolls.`,
    });
  }

  private async collectUsers(): Promise<void> {
    await this.paged(
      awsEndpoints.users,
      (Marker, abortSignal) => this.clients.iam.send(new ListUsersCommand({ MaxItems: iamMaxItems, ...(Marker ? { Marker } : {}) }), { abortSignal }),
      (page) => page.Users?.length ?? 0,
      (page) => page.Users,
    );
  }

  private async collectVirtualMfaDevices(): Promise<void> {
    await this.paged(
      awsEndpoints.virtualMfaDevices,
      (Marker, abortSignal) =>
        this.clients.iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', MaxItems: iamMaxItems, ...(Marker ? { Marker } : {}) }), { abortSignal }),
      (page) => {
        const parsed = awsVirtualMfaPageSchema.safeParse(JSON.parse(JSON.stringify(page)));
        const devices = parsed.success ? parsed.data.VirtualMFADevices : [];
        for (const device of devices) if (device.User?.UserName && !isRootArn(device.User.Arn)) this.virtualHolders.add(device.User.UserName);
        return devices.length;
      },
      (page) => page.VirtualMFADevices,
    );
    this.virtualRead = true;
  }

  private async collectAccountSummary(): Promise<void> {
    const summary = await this.runner.run(awsEndpoints.accountSummary.label, (abortSignal) => this.clients.iam.send(new GetAccountSummaryCommand({}), { abortSignal }));
    if (summary.SummaryMap === undefined) throw new UpstreamError(`${awsEndpoints.accountSummary.label} answered without a SummaryMap; the body is not IAM's.`, 200);
    await this.writeOne(awsEndpoints.accountSummary, withoutMetadata(summary));
  }

  private async collectAuthorizationDetails(): Promise<void> {
    await this.paged(
      awsEndpoints.authorizationDetails,
      (Marker, abortSignal) =>
        this.clients.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: [...authorizationDetailsFilter], MaxItems: iamMaxItems, ...(Marker ? { Marker } : {}) }), { abortSignal }),
      (page) => {
        const parsed = awsAuthorizationDetailsPageSchema.safeParse(JSON.parse(JSON.stringify(page)));
        if (!parsed.success) return 0;
        for (const user of parsed.data.UserDetailList) this.index.addUser(user);
        for (const group of parsed.data.GroupDetailList) this.index.addGroup(group);
        for (const policy of parsed.data.Policies) this.index.addPolicy(policy);
        return parsed.data.UserDetailList.length + parsed.data.GroupDetailList.length + parsed.data.Policies.length;
      },
      (page) => (page.UserDetailList === undefined ? undefined : [...page.UserDetailList, ...(page.GroupDetailList ?? []), ...(page.Policies ?? [])]),
    );
    this.authorizationRead = true;
  }

  /**
   * Users whose devices the bulk data cannot explain: MFA active in the report without an assigned virtual device
   * (a hardware token or FIDO key), and administrators whose only known device is virtual (they may hold a key too).
   */
  private mfaDeviceTargets(): string[] {
    if (!this.reportRows || !this.virtualRead) return [];
    const targets: string[] = [];
    for (const row of this.reportRows) {
      if (row.user === rootAccountRowName || !row.mfaActive) continue;
      const hasVirtual = this.virtualHolders.has(row.user);
      const admin = this.authorizationRead && (this.index.userAuthorization(row.user)?.adminVia.length ?? 0) > 0;
      if (!hasVirtual || admin) targets.push(row.user);
    }
    return targets.sort();
  }

  private async collectMfaDevices(): Promise<void> {
    const targets = this.mfaDeviceTargets();
    if (targets.length === 0) return;
    const endpoint = awsEndpoints.mfaDevices;
    const writer = this.recorder.endpoint(endpoint.name, { keyed: true });
    let refused = false;
    let fatal: unknown;
    await mapWithConcurrency(targets, perUserConcurrency, async (userName) => {
      if (fatal !== undefined || refused || this.context.signal?.aborted) return;
      try {
        let Marker: string | undefined;
        const guard = new PagingGuard(`${endpoint.label} (user ${userName})`);
        for (;;) {
          const page = withoutMetadata(
            await this.runner.run(endpoint.label, (abortSignal) => this.clients.iam.send(new ListMFADevicesCommand({ UserName: userName, MaxItems: iamMaxItems, ...(Marker ? { Marker } : {}) }), { abortSignal })),
          );
          if (!Array.isArray(page.MFADevices)) throw new UpstreamError(`${endpoint.label} answered without an MFADevices list; the body is not IAM's.`, 200);
          await writer.write({ key: userName, status: 200, body: page });
          if (!page.IsTruncated || !page.Marker) break;
          guard.check(page.MFADevices, page.Marker);
          Marker = page.Marker;
        }
        this.progress(endpoint.name, 1);
      } catch (error) {
        if (isFatal(error)) {
          fatal ??= error;
          return;
        }
        if (error instanceof PermissionError) {
          refused = true;
          this.recordFailure(endpoint, error);
          return;
        }
        const failure = readAwsApiFailure(error instanceof MfaCoverageError ? error.cause : error);
        await writer.write({ key: userName, status: statusOf(error), body: { Error: { Code: failure.code ?? 'UPSTREAM_FAILED', Message: describeError(error) } } });
      }
    });
    if (fatal !== undefined) throw fatal;
  }

  /** Follows `Marker` while `IsTruncated`, writing each page as returned (without the SDK's `$metadata`). */
  private async paged<T extends { IsTruncated?: boolean | undefined; Marker?: string | undefined; $metadata?: unknown }>(
    endpoint: AwsEndpoint,
    fetchPage: (marker: string | undefined, abortSignal: AbortSignal | undefined) => Promise<T>,
    onPage: (page: T) => number,
    itemsOf: (page: T) => readonly unknown[] | undefined,
  ): Promise<void> {
    const writer = this.recorder.endpoint(endpoint.name);
    const guard = new PagingGuard(endpoint.label);
    let marker: string | undefined;
    for (;;) {
      const page = await this.runner.run(endpoint.label, (abortSignal) => fetchPage(marker, abortSignal));
      // The SDK turns a body that is not IAM's XML (a login page, garbage) into an output without its list.
      const items = itemsOf(page);
      if (!Array.isArray(items)) throw new UpstreamError(`${endpoint.label} answered with a body that is not IAM's response (no item list); it was not stored as data.`, 200);
      await writer.write(withoutMetadata(page));
      this.progress(endpoint.name, onPage(page));
      if (!page.IsTruncated || !page.Marker) return;
      guard.check(items, page.Marker);
      marker = page.Marker;
    }
  }

  private async writeOne(endpoint: AwsEndpoint, value: unknown): Promise<void> {
    await this.recorder.endpoint(endpoint.name).write(value);
  }

  private async guarded(endpoint: AwsEndpoint, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (isFatal(error)) throw error;
      this.recordFailure(endpoint, error);
    }
  }

  private recordFailure(endpoint: AwsEndpoint, error: unknown): void {
    const status = statusOf(error);
    this.recorder.recordError({
      endpoint: endpoint.name,
      code: error instanceof MfaCoverageError ? error.code : 'UPSTREAM_FAILED',
      message: describeError(error),
      ...(error instanceof PermissionError ? { permission: error.permission } : {}),
      ...(status !== 599 ? { httpStatus: status } : {}),
    });
    this.context.logger.warn({ endpoint: endpoint.name, status }, 'AWS endpoint could not be read');
  }

  private progress(endpoint: string, items: number): void {
    this.context.progress.pageFetched({ sourceId: this.recorder.sourceId, endpoint, items });
  }
}

/** The SDK output as stored: `$metadata` is transport detail, not the payload. */
function withoutMetadata<T extends { $metadata?: unknown }>(output: T): Omit<T, '$metadata'> {
  const { $metadata: _metadata, ...body } = output;
  return body;
}

/** Bad credentials or a cancelled scan end the source; everything else is recorded per endpoint. */
function isFatal(error: unknown): boolean {
  return error instanceof AuthError || (error instanceof Error && error.name === 'AbortError');
}

function statusOf(error: unknown): number {
  if (error instanceof AuthError) return 401;
  if (error instanceof PermissionError) return 403;
  if (error instanceof RateLimitedError) return 429;
  if (error instanceof UpstreamError && error.status !== undefined) return error.status;
  return 599;
}

async function settleAll(work: Array<Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(work);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}
