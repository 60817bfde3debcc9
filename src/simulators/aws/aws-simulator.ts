/**
 * A local AWS that speaks what the SDK's IAM, STS and Organizations clients send: the awsQuery protocol for IAM and
 * STS (form-encoded POST, XML answers, `Marker`/`IsTruncated` paging, `Throttling` as HTTP 400 with the AWS error
 * XML) and the JSON 1.1 protocol for Organizations (`X-Amz-Target`, `NextToken`). SigV4 requests are attributed to
 * an account by their access key id: the configured key is the first account's (the management account), and the
 * keys `AssumeRole` issues belong to the account assumed into. Credential reports go through their states
 * (STARTED → INPROGRESS → COMPLETE; absent, expired). Signatures are not verified. Anything not implemented
 * answers an AWS-shaped error, so a test can never pass by accident.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { loadAwsOrganisationStores, organisationOf, type AwsAccountStore } from './aws-account-store.js';
import { queryError, queryResponse, type QueryService } from './aws-query-xml.js';
import { CloudTrailLog, isLookupEventsTarget } from './aws-cloudtrail-log.js';

type Json = Record<string, unknown>;

const faultSchema = z
  .object({
    /** `iam:ListUsers`, `sts:AssumeRole`, `organizations:ListAccounts`, or `*`. */
    action: z.string().min(1),
    /** Only requests for this account (default: any). */
    accountId: z.string().optional(),
    code: z.enum(['Throttling', 'ServiceUnavailable']).default('Throttling'),
    times: z.number().int().positive().default(1),
    after: z.number().int().nonnegative().default(0),
  })
  .strict();
export type AwsSimulatorFault = z.input<typeof faultSchema>;

export interface AwsSimulatorOptions {
  port?: number;
  /** The access key id of the configured (management) credentials; any `AKIA…`-style key when absent. */
  token?: string;
  /** Most items per page, whatever `MaxItems` asks (AWS may return fewer than asked and set IsTruncated). */
  pageSize?: number;
  faults?: AwsSimulatorFault[];
}

export interface AwsSimulatorStats {
  /** Requests per `service:Action`, errors included. */
  requests: Record<string, number>;
  /** Requests per account id, then per `service:Action`. */
  byAccount: Record<string, Record<string, number>>;
  statuses: Record<string, number>;
}

export interface RunningAwsSimulator {
  /** The endpoint to give the clients (`endpoint`). */
  url: string;
  /** CloudTrail LookupEvents, which `inject` appends to (audit-injection.ts). */
  auditLog: CloudTrailLog;
  stats(): AwsSimulatorStats;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

interface Caller {
  accountId: string;
  arn: string;
}

interface ReportState {
  state: 'fresh' | 'absent' | 'expired' | 'generating' | 'complete';
  polls: number;
}

export async function startAwsSimulator(sourceDirectory: string, options: AwsSimulatorOptions = {}): Promise<RunningAwsSimulator> {
  const { first, accounts } = await loadAwsOrganisationStores(sourceDirectory);
  return serveAwsAccounts(first, accounts, options);
}

/** Serves `accounts` (an organisation, or one account); the configured credentials belong to `home`'s management account. */
export async function serveAwsAccounts(home: AwsAccountStore, accounts: AwsAccountStore[], options: AwsSimulatorOptions = {}): Promise<RunningAwsSimulator> {
  const organisation = organisationOf(home);
  const byId = new Map(accounts.map((account) => [account.accountId, account]));
  const homeAccount = byId.get(organisation?.managementAccountId ?? home.accountId) ?? home;
  const pageCap = options.pageSize ?? 1000;
  const faults = (options.faults ?? []).map((fault) => ({ ...faultSchema.parse(fault), seen: 0, fired: 0 }));
  const sessions = new Map<string, Caller>();
  const reports = new Map(accounts.map((account) => [account.accountId, { state: account.settings.credentialReport.initial, polls: 0 } as ReportState]));
  const stats: AwsSimulatorStats = { requests: {}, byAccount: {}, statuses: {} };
  let requestCounter = 0;
  const cloudTrail = new CloudTrailLog(byId);

  const lookupEvents = (body: string, accessKeyId: string | undefined, requestId: string): Reply => {
    stats.requests['cloudtrail:LookupEvents'] = (stats.requests['cloudtrail:LookupEvents'] ?? 0) + 1;
    const caller = accessKeyId ? callerOf(accessKeyId) : undefined;
    if (!caller) return jsonError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.', requestId);
    let input: Json;
    try {
      input = JSON.parse(body === '' ? '{}' : body) as Json;
    } catch {
      return jsonError(400, 'SerializationException', 'Malformed JSON.', requestId);
    }
    const reply = cloudTrail.lookup(caller.accountId, input);
    return { status: reply.status, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(reply.body) };
  };

  const handle = async (request: IncomingMessage, body: string): Promise<Reply> => {
    requestCounter += 1;
    const requestId = `00000000-0000-4000-8000-${String(requestCounter).padStart(12, '0')}`;
    const target = request.headers['x-amz-target'];
    const credential = /Credential=([^/,\s]+)\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(request.headers.authorization ?? '');
    const service = credential?.[2] ?? (target ? 'organizations' : 'iam');
    if (isLookupEventsTarget(target)) return lookupEvents(body, credential?.[1], requestId);
    if (typeof target === 'string') return organizations(target, body, credential?.[1], requestId);
    const querySvc: QueryService = service === 'sts' ? 'sts' : 'iam';
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    const label = `${querySvc}:${action}`;
    stats.requests[label] = (stats.requests[label] ?? 0) + 1;
    if (request.method !== 'POST' || !(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return xmlError(querySvc, 400, 'InvalidAction', 'Expected a form-encoded POST.', requestId);
    }
    if (!credential) return xmlError(querySvc, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token', requestId);
    const caller = callerOf(credential[1] as string);
    if (!caller) return xmlError(querySvc, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.', requestId);
    const perAccount = (stats.byAccount[caller.accountId] ??= {});
    perAccount[label] = (perAccount[label] ?? 0) + 1;
    const fault = firing(label, caller.accountId);
    if (fault) {
      return fault === 'Throttling'
        ? xmlError(querySvc, 400, 'Throttling', 'Rate exceeded', requestId)
        : xmlError(querySvc, 503, 'ServiceUnavailable', 'Service is unavailable. Please try again later.', requestId, 'Receiver');
    }
    const account = byId.get(caller.accountId);
    if (!account) return xmlError(querySvc, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.', requestId);
    if (account.settings.deniedActions.includes(label)) {
      return xmlError(querySvc, 403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: ${label} on resource: arn:aws:iam::${account.accountId}:*`, requestId);
    }
    const ok = (result: Json): Reply => ({ status: 200, contentType: 'text/xml', body: queryResponse(querySvc, action, result, requestId) });
    const version = params.get('Version');
    if (version !== (querySvc === 'sts' ? '2011-06-15' : '2010-05-08')) return xmlError(querySvc, 400, 'InvalidAction', `Could not find operation ${action} for version ${version ?? '(none)'}`, requestId);

    if (querySvc === 'sts') {
      if (action === 'GetCallerIdentity') return ok({ Arn: caller.arn, UserId: caller.arn.endsWith('scanner') ? 'AIDASCANNER' : 'AROASCANNER:mfa-coverage', Account: caller.accountId });
      if (action === 'AssumeRole') return assumeRole(params, caller, requestId, ok);
      return xmlError('sts', 400, 'InvalidAction', `Could not find operation ${action} for version ${version}`, requestId);
    }
    switch (action) {
      case 'ListUsers':
        return ok(page(account.users, params, 'Users'));
      case 'ListVirtualMFADevices': {
        const status = params.get('AssignmentStatus') ?? 'Any';
        if (status === 'Unassigned') return ok(page([], params, 'VirtualMFADevices'));
        return ok(page(account.virtualDevices, params, 'VirtualMFADevices'));
      }
      case 'ListMFADevices': {
        const userName = params.get('UserName');
        if (!userName) return xmlError('iam', 400, 'ValidationError', 'The scanner must name the user: without UserName IAM lists the caller\'s own devices.', requestId);
        if (!account.users.some((user) => user.UserName === userName)) return xmlError('iam', 404, 'NoSuchEntity', `The user with name ${userName} cannot be found.`, requestId);
        return ok(page(account.mfaDevices.get(userName) ?? [], params, 'MFADevices'));
      }
      case 'GetAccountSummary':
        return ok({ SummaryMap: (account.summary.SummaryMap as Json | undefined) ?? {} });
      case 'GetAccountAuthorizationDetails':
        return ok(authorizationDetails(account, params));
      case 'GenerateCredentialReport':
        return ok(generateReport(account));
      case 'GetCredentialReport':
        return getReport(account, requestId, ok);
      default:
        return xmlError('iam', 400, 'InvalidAction', `Could not find operation ${action} for version ${version}`, requestId);
    }
  };

  const callerOf = (accessKeyId: string): Caller | undefined => {
    const session = sessions.get(accessKeyId);
    if (session) return session;
    if (options.token !== undefined ? accessKeyId !== options.token : accessKeyId.startsWith('ASIA')) return undefined;
    return { accountId: homeAccount.accountId, arn: `arn:aws:iam::${homeAccount.accountId}:user/mfa-coverage-scanner` };
  };

  const firing = (label: string, accountId: string | undefined): string | undefined => {
    for (const fault of faults) {
      if (fault.action !== '*' && fault.action !== label) continue;
      if (fault.accountId !== undefined && fault.accountId !== accountId) continue;
      fault.seen += 1;
      if (fault.seen > fault.after && fault.fired < fault.times) {
        fault.fired += 1;
        return fault.code;
      }
    }
    return undefined;
  };

  const page = (items: readonly Json[], params: URLSearchParams, field: string): Json => {
    const maxItems = Math.min(Number(params.get('MaxItems') ?? '100') || 100, pageCap);
    const start = decodeMarker(params.get('Marker'));
    const slice = items.slice(start, start + maxItems);
    const truncated = start + maxItems < items.length;
    return { [field]: slice, IsTruncated: truncated, ...(truncated ? { Marker: encodeMarker(start + maxItems) } : {}) };
  };

  const authorizationDetails = (account: AwsAccountStore, params: URLSearchParams): Json => {
    const filters = [...params.entries()].filter(([key]) => key.startsWith('Filter.member.')).map(([, value]) => value);
    const wants = (kind: string) => filters.length === 0 || filters.includes(kind);
    const isAws = (policy: Json) => String(policy.Arn).startsWith('arn:aws:iam::aws:');
    const items = [
      ...(wants('User') ? account.userDetails.map((item) => ['UserDetailList', item] as const) : []),
      ...(wants('Group') ? account.groupDetails.map((item) => ['GroupDetailList', item] as const) : []),
      ...account.policies.filter((policy) => (isAws(policy) ? wants('AWSManagedPolicy') : wants('LocalManagedPolicy'))).map((item) => ['Policies', item] as const),
    ];
    const paged = page(items as unknown as Json[], params, 'items');
    const slice = paged.items as unknown as Array<readonly [string, Json]>;
    return {
      UserDetailList: slice.filter(([list]) => list === 'UserDetailList').map(([, item]) => item),
      GroupDetailList: slice.filter(([list]) => list === 'GroupDetailList').map(([, item]) => item),
      RoleDetailList: [],
      Policies: slice.filter(([list]) => list === 'Policies').map(([, item]) => item),
      IsTruncated: paged.IsTruncated,
      ...(paged.Marker ? { Marker: paged.Marker } : {}),
    };
  };

  const generateReport = (account: AwsAccountStore): Json => {
    const report = reports.get(account.accountId) as ReportState;
    if (report.state === 'fresh' || report.state === 'complete') return { State: 'COMPLETE', Description: 'No report generated: a report under 4 hours old exists.' };
    if (report.state === 'absent' || report.state === 'expired') {
      report.state = 'generating';
      report.polls = 0;
      return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
    }
    report.polls += 1;
    if (report.polls >= account.settings.credentialReport.pollsUntilComplete) {
      report.state = 'complete';
      return { State: 'COMPLETE' };
    }
    return { State: 'INPROGRESS' };
  };

  const getReport = (account: AwsAccountStore, requestId: string, ok: (result: Json) => Reply): Reply => {
    const report = reports.get(account.accountId) as ReportState;
    if (report.state === 'absent' || !account.credentialReport) return xmlError('iam', 410, 'ReportNotPresent', 'Credential report is not present. Use GenerateCredentialReport to generate a report.', requestId);
    if (report.state === 'expired') return xmlError('iam', 410, 'ReportExpired', 'Credential report has expired. Use GenerateCredentialReport to generate a new report.', requestId);
    if (report.state === 'generating') return xmlError('iam', 404, 'ReportInProgress', 'Credential report is being generated.', requestId);
    return ok({ Content: account.credentialReport.Content, ReportFormat: 'text/csv', GeneratedTime: account.credentialReport.GeneratedTime });
  };

  const assumeRole = (params: URLSearchParams, caller: Caller, requestId: string, ok: (result: Json) => Reply): Reply => {
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    const match = /^arn:aws[\w-]*:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
    const target = match ? byId.get(match[1] as string) : undefined;
    if (!match || !target || target.settings.assumeRole === 'deny' || sessionName === '') {
      return xmlError('sts', 403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, requestId);
    }
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const roleName = (match[2] as string).split('/').at(-1) ?? '';
    sessions.set(accessKeyId, { accountId: target.accountId, arn: `arn:aws:sts::${target.accountId}:assumed-role/${roleName}/${sessionName}` });
    return ok({
      Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: randomBytes(20).toString('base64'), SessionToken: randomBytes(32).toString('base64'), Expiration: new Date(Date.now() + 3_600_000).toISOString() },
      AssumedRoleUser: { AssumedRoleId: `AROA${target.accountId}:${sessionName}`, Arn: `arn:aws:sts::${target.accountId}:assumed-role/${roleName}/${sessionName}` },
    });
  };

  const organizations = (target: string, body: string, accessKeyId: string | undefined, requestId: string): Reply => {
    const operation = target.replace(/^AWSOrganizationsV20161128\./, '');
    const label = `organizations:${operation}`;
    stats.requests[label] = (stats.requests[label] ?? 0) + 1;
    const caller = accessKeyId ? callerOf(accessKeyId) : undefined;
    if (!caller) return jsonError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.', requestId);
    const perAccount = (stats.byAccount[caller.accountId] ??= {});
    perAccount[label] = (perAccount[label] ?? 0) + 1;
    if (firing(label, caller.accountId)) return jsonError(400, 'TooManyRequestsException', 'AWS Organizations can\'t complete your request because another request is already in progress or rate exceeded.', requestId);
    if (!organisation) return jsonError(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.', requestId);
    if (caller.accountId !== organisation.managementAccountId) {
      return jsonError(400, 'AccessDeniedException', 'You don\'t have permissions to access this resource.', requestId);
    }
    let input: Json;
    try {
      input = JSON.parse(body === '' ? '{}' : body) as Json;
    } catch {
      return jsonError(400, 'SerializationException', 'Malformed JSON.', requestId);
    }
    if (operation === 'ListAccounts') {
      const members = accounts.map((account) => account.organisationAccount).filter((item): item is Json => item !== undefined).sort((a, b) => String(a.Id).localeCompare(String(b.Id)));
      const max = Math.min(typeof input.MaxResults === 'number' ? input.MaxResults : 20, 20, pageCap);
      const start = decodeMarker(typeof input.NextToken === 'string' ? input.NextToken : null);
      const slice = members.slice(start, start + max).map((item) => ({ ...item, JoinedTimestamp: Date.parse(String(item.JoinedTimestamp)) / 1000 }));
      const more = start + max < members.length;
      return { status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ Accounts: slice, ...(more ? { NextToken: encodeMarker(start + max) } : {}) }) };
    }
    return jsonError(400, 'UnknownOperationException', `The operation ${operation} is not implemented by the simulator.`, requestId);
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      handle(request, body)
        .catch((error: unknown) => xmlError('iam', 500, 'ServiceFailure', error instanceof Error ? error.message : String(error), 'failure', 'Receiver'))
        .then((reply) => {
          stats.statuses[String(reply.status)] = (stats.statuses[String(reply.status)] ?? 0) + 1;
          response.writeHead(reply.status, { 'content-type': reply.contentType, 'x-amzn-requestid': 'simulated' });
          response.end(reply.body);
        })
        .catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    auditLog: cloudTrail,
    stats: () => JSON.parse(JSON.stringify(stats)) as AwsSimulatorStats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function xmlError(service: QueryService, status: number, code: string, message: string, requestId: string, type: 'Sender' | 'Receiver' = 'Sender'): Reply {
  return { status, contentType: 'text/xml', body: queryError(service, code, message, requestId, type) };
}

function jsonError(status: number, code: string, message: string, requestId: string): Reply {
  return { status, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: code, Message: message, RequestId: requestId }) };
}

function encodeMarker(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function decodeMarker(marker: string | null): number {
  if (!marker) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
  return match ? Number(match[1]) : 0;
}
