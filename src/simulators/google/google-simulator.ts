/**
 * A local Google Workspace API that speaks the wire protocol the generated `googleapis` clients expect: the Admin
 * SDK Directory and Reports paths and the Cloud Identity `v1` policies and inbound-SSO paths, `nextPageToken`
 * paging within each method's page-size limits, `fields` partial responses, Bearer tokens with scopes (401 without
 * one, 403 naming the scope a token lacks), injected 403 `userRateLimitExceeded`/`quotaExceeded` and 429
 * `rateLimitExceeded` answers, and a Google-shaped 501 for anything it does not implement. It serves a customer
 * from a source directory in the snapshot layout.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { openRawSource } from '../../snapshot/snapshot-reader.js';
import { googleScopeList, googleScopes } from '../../connectors/google/google-endpoints.js';
import { applyFieldMask, FieldMaskError, parseFieldMask } from './google-fields-mask.js';
import {
  googleError,
  insufficientScope,
  invalidCredentials,
  missingCredentials,
  notImplemented,
  userRateLimitExceeded,
  type GoogleApiFamily,
  type GoogleErrorReply,
} from './google-error-bodies.js';
import { loadGoogleTenant, type GoogleTenantStore } from './google-tenant-store.js';
import type { GoogleJson } from './google-tenant-fixture.js';
import { GoogleReportsLog } from './google-reports-log.js';

const faultSchema = z
  .object({
    /** A route label such as `GET /admin/directory/v1/users` (see `stats().requests`), or `*` for every route. */
    route: z.string().min(1),
    kind: z.enum(['userRateLimitExceeded', 'quotaExceeded', 'rateLimitExceeded', 'backendError']),
    /** How many matching requests are answered with the fault. */
    times: z.number().int().positive().default(1),
    /** Matching requests served normally before the fault starts. */
    after: z.number().int().nonnegative().default(0),
    /** Adds a `Retry-After` header (Google rarely sends one; the scanner honours it when it does). */
    retryAfterSeconds: z.number().int().nonnegative().optional(),
  })
  .strict();
export type GoogleSimulatorFault = z.input<typeof faultSchema>;

/** Behaviour settings a source directory may carry in `simulator.json` (the analysis ignores the file). */
export const googleSimulatorSettingsSchema = z
  .object({
    /** The bearer token accepted; any non-empty token when absent. */
    token: z.string().min(1).optional(),
    /** The scopes the token holds (default: every scope the connector uses). */
    scopes: z.array(z.string()).optional(),
    faults: z.array(faultSchema).optional(),
    latencyMs: z.number().nonnegative().optional(),
  })
  .strict();
export type GoogleSimulatorSettings = z.input<typeof googleSimulatorSettingsSchema>;

export const simulatorSettingsFile = 'simulator.json';

export interface GoogleSimulatorOptions extends GoogleSimulatorSettings {
  port?: number;
}

export interface GoogleSimulatorStats {
  /** Requests per route label, errors included. */
  requests: Record<string, number>;
  /** Answers per status code. */
  statuses: Record<string, number>;
}

export interface RunningGoogleSimulator {
  /** The root to give the clients (`rootUrl`), with a trailing slash. */
  url: string;
  /** Reports API activities, which `inject` appends to (audit-injection.ts). */
  auditLog: GoogleReportsLog;
  stats(): GoogleSimulatorStats;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

class ReplyError extends Error {
  constructor(readonly reply: GoogleErrorReply) {
    super(`HTTP ${reply.status}`);
  }
}

interface Route {
  label: string;
  family: GoogleApiFamily;
  pattern: RegExp;
  /** Any one of these scopes grants the call; the first is the one named when it is missing. */
  scopes: string[];
  handle(match: RegExpExecArray, query: URLSearchParams): Reply;
}

export async function readSimulatorSettings(sourceDirectory: string): Promise<GoogleSimulatorSettings> {
  let text: string;
  try {
    text = await readFile(path.join(sourceDirectory, simulatorSettingsFile), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  return googleSimulatorSettingsSchema.parse(JSON.parse(text));
}

export async function startGoogleSimulator(sourceDirectory: string, options: GoogleSimulatorOptions = {}): Promise<RunningGoogleSimulator> {
  const settings = await readSimulatorSettings(sourceDirectory);
  const store = await loadGoogleTenant(await openRawSource(sourceDirectory));
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as GoogleSimulatorOptions;
  return serveGoogleTenant(store, { ...settings, ...defined });
}

export async function serveGoogleTenant(store: GoogleTenantStore, options: GoogleSimulatorOptions): Promise<RunningGoogleSimulator> {
  const settings = googleSimulatorSettingsSchema.parse({
    ...(options.token !== undefined ? { token: options.token } : {}),
    ...(options.scopes !== undefined ? { scopes: options.scopes } : {}),
    ...(options.faults !== undefined ? { faults: options.faults } : {}),
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
  });
  const scopes = new Set(settings.scopes ?? googleScopeList);
  const faults = (settings.faults ?? []).map((fault) => ({ ...fault, seen: 0, fired: 0 }));
  const reportsLog = new GoogleReportsLog(store.customerId ?? 'C00000000');
  const routes = googleRoutes(store, reportsLog);
  const requests: Record<string, number> = {};
  const statuses: Record<string, number> = {};

  const handle = async (request: IncomingMessage): Promise<Reply> => {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const family: GoogleApiFamily = url.pathname.startsWith('/admin/') ? 'admin' : 'cloudidentity';
    const route = routes.find((candidate) => candidate.pattern.test(url.pathname));
    const match = route?.pattern.exec(url.pathname);
    const label = route ? route.label : `${request.method ?? 'GET'} ${url.pathname}`;
    requests[label] = (requests[label] ?? 0) + 1;
    if (settings.latencyMs) await new Promise((resolve) => setTimeout(resolve, settings.latencyMs));

    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? url.searchParams.get('access_token') ?? undefined;
    if (bearer === undefined) return missingCredentials(family);
    if (settings.token !== undefined && bearer !== settings.token) return invalidCredentials(family);
    if (!route || !match || request.method !== 'GET') return notImplemented(family, `${request.method ?? 'GET'} ${url.pathname}`);

    const matching = faults.filter((fault) => fault.route === '*' || fault.route === route.label);
    for (const fault of matching) fault.seen += 1;
    const fault = matching.find((candidate) => candidate.seen > candidate.after && candidate.fired < candidate.times);
    if (fault) {
      fault.fired += 1;
      return faultReply(route.family, fault.kind, fault.retryAfterSeconds);
    }
    if (!route.scopes.some((scope) => scopes.has(scope))) return insufficientScope(route.family, route.scopes[0] as string);

    try {
      const reply = route.handle(match, url.searchParams);
      const fields = url.searchParams.get('fields');
      return fields ? { ...reply, body: applyFieldMask(reply.body, parseFieldMask(fields)) } : reply;
    } catch (error) {
      if (error instanceof ReplyError) return error.reply;
      if (error instanceof FieldMaskError) return googleError(route.family, 400, error.message, 'invalidParameter');
      throw error;
    }
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    handle(request)
      .catch((error: unknown) => googleError('admin', 500, `Simulator failure: ${error instanceof Error ? error.message : String(error)}`, 'backendError'))
      .then((reply) => {
        statuses[String(reply.status)] = (statuses[String(reply.status)] ?? 0) + 1;
        response.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', ...reply.headers });
        response.end(JSON.stringify(reply.body));
      })
      .catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    auditLog: reportsLog,
    stats: () => ({ requests: { ...requests }, statuses: { ...statuses } }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function faultReply(family: GoogleApiFamily, kind: z.infer<typeof faultSchema>['kind'], retryAfterSeconds: number | undefined): GoogleErrorReply {
  const headers = retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : undefined;
  const withHeaders = (reply: GoogleErrorReply): GoogleErrorReply => (headers ? { ...reply, headers: { ...reply.headers, ...headers } } : reply);
  switch (kind) {
    case 'userRateLimitExceeded':
      return withHeaders(family === 'admin' ? userRateLimitExceeded() : googleError(family, 429, 'Quota exceeded.', 'RATE_LIMIT_EXCEEDED'));
    case 'quotaExceeded':
      return withHeaders(googleError(family, 403, 'Quota exceeded for quota group and limit of service.', 'quotaExceeded', { domain: 'usageLimits' }));
    case 'rateLimitExceeded':
      return withHeaders(googleError(family, 429, 'Rate Limit Exceeded', family === 'admin' ? 'rateLimitExceeded' : 'RATE_LIMIT_EXCEEDED', { domain: 'usageLimits' }));
    case 'backendError':
      return withHeaders(googleError(family, 503, 'The service is currently unavailable.', 'backendError'));
  }
}

/** Either scope grants the call: the read-only one the scanner asks for, or its read-write parent. */
function scopesFor(scope: string): string[] {
  return [scope, scope.replace(/\.readonly$/, '')];
}

function googleRoutes(store: GoogleTenantStore, reportsLog: GoogleReportsLog): Route[] {
  const customerOk = (customer: string | null): boolean => customer === 'my_customer' || (customer !== null && customer === store.customerId);
  const requireCustomer = (family: GoogleApiFamily, customer: string | null): void => {
    if (!customerOk(customer)) throw new ReplyError(googleError(family, 400, 'Bad Request', 'badRequest'));
  };
  const userByKey = (key: string): GoogleJson | undefined =>
    store.users.find((user) => user.id === key || String(user.primaryEmail).toLowerCase() === decodeURIComponent(key).toLowerCase());
  const groupByKey = (key: string): GoogleJson | undefined => {
    const decoded = decodeURIComponent(key).toLowerCase();
    return store.groups.get(key) ?? [...store.groups.values()].find((group) => String(group.email).toLowerCase() === decoded);
  };
  const unsupported = (family: GoogleApiFamily, query: URLSearchParams, names: string[]): void => {
    for (const name of names) if (query.has(name)) throw new ReplyError(notImplemented(family, `the ${name} parameter`));
  };

  return [
    {
      label: 'GET /admin/directory/v1/users',
      family: 'admin',
      pattern: /^\/admin\/directory\/v1\/users$/,
      scopes: scopesFor(googleScopes.users),
      handle: (_match, query) => {
        unsupported('admin', query, ['query', 'orderBy', 'sortOrder', 'customFieldMask', 'event']);
        if (query.get('showDeleted') === 'true') throw new ReplyError(notImplemented('admin', 'showDeleted=true'));
        const domain = query.get('domain');
        if (domain === null) requireCustomer('admin', query.get('customer'));
        const users = domain === null ? store.users : store.users.filter((user) => String(user.primaryEmail).toLowerCase().endsWith(`@${domain.toLowerCase()}`));
        if (domain !== null && users.length === 0) throw new ReplyError(googleError('admin', 403, 'Not Authorized to access this resource/api', 'forbidden'));
        const page = paginate('admin', users, query, 'maxResults', { default: 100, max: 500, clamp: false });
        return ok({ kind: 'admin#directory#users', etag: '"users"', ...listBody('users', page.items), ...next(page) });
      },
    },
    {
      label: 'GET /admin/directory/v1/customer/{customerId}/orgunits',
      family: 'admin',
      pattern: /^\/admin\/directory\/v1\/customer\/([^/]+)\/orgunits$/,
      scopes: scopesFor(googleScopes.orgUnits),
      handle: (match, query) => {
        requireCustomer('admin', decodeURIComponent(match[1] as string));
        const parentPath = query.get('orgUnitPath') ?? '/';
        const type = query.get('type') ?? 'children';
        const parent = store.orgUnits.find((unit) => unit.orgUnitPath === parentPath || unit.orgUnitId === parentPath || unit.orgUnitId === `id:${parentPath}`);
        if (!parent) throw new ReplyError(googleError('admin', 404, 'Org unit not found', 'notFound'));
        const prefix = parent.orgUnitPath === '/' ? '/' : `${String(parent.orgUnitPath)}/`;
        const below = store.orgUnits.filter((unit) => unit !== parent && String(unit.orgUnitPath).startsWith(prefix));
        let units: GoogleJson[];
        if (type === 'all' || type === 'ALL') units = below;
        else if (type === 'allIncludingParent' || type === 'ALL_INCLUDING_PARENT') units = [parent, ...below];
        else if (type === 'children' || type === 'CHILDREN') units = below.filter((unit) => unit.parentOrgUnitPath === parent.orgUnitPath);
        else throw new ReplyError(googleError('admin', 400, `Invalid value for type: ${type}`, 'invalidParameter'));
        return ok({ kind: 'admin#directory#orgUnits', etag: '"orgunits"', ...listBody('organizationUnits', units) });
      },
    },
    {
      label: 'GET /admin/directory/v1/customer/{customer}/roles',
      family: 'admin',
      pattern: /^\/admin\/directory\/v1\/customer\/([^/]+)\/roles$/,
      scopes: scopesFor(googleScopes.roles),
      handle: (match, query) => {
        requireCustomer('admin', decodeURIComponent(match[1] as string));
        const page = paginate('admin', store.roles, query, 'maxResults', { default: 100, max: 100, clamp: false });
        return ok({ kind: 'admin#directory#roles', etag: '"roles"', ...listBody('items', page.items), ...next(page) });
      },
    },
    {
      label: 'GET /admin/directory/v1/customer/{customer}/roleassignments',
      family: 'admin',
      pattern: /^\/admin\/directory\/v1\/customer\/([^/]+)\/roleassignments$/,
      scopes: scopesFor(googleScopes.roles),
      handle: (match, query) => {
        requireCustomer('admin', decodeURIComponent(match[1] as string));
        unsupported('admin', query, ['userKey', 'roleId', 'includeIndirectRoleAssignments']);
        const page = paginate('admin', store.roleAssignments, query, 'maxResults', { default: 100, max: 200, clamp: false });
        return ok({ kind: 'admin#directory#roleAssignments', etag: '"roleassignments"', ...listBody('items', page.items), ...next(page) });
      },
    },
    {
      label: 'GET /admin/directory/v1/groups/{groupKey}/members',
      family: 'admin',
      pattern: /^\/admin\/directory\/v1\/groups\/([^/]+)\/members$/,
      scopes: [...scopesFor(googleScopes.groups), 'https://www.googleapis.com/auth/admin.directory.group.member.readonly'],
      handle: (match, query) => {
        unsupported('admin', query, ['roles']);
        const group = groupByKey(match[1] as string);
        if (!group) throw new ReplyError(googleError('admin', 404, 'Resource Not Found: groupKey', 'notFound'));
        const page = paginate('admin', store.groupMembers.get(String(group.id)) ?? [], query, 'maxResults', { default: 200, max: 200, clamp: false });
        return ok({ kind: 'admin#directory#members', etag: '"members"', ...listBody('members', page.items), ...next(page) });
      },
    },
    {
      label: 'GET /admin/directory/v1/groups/{groupKey}',
      family: 'admin',
      pattern: /^\/admin\/directory\/v1\/groups\/([^/]+)$/,
      scopes: scopesFor(googleScopes.groups),
      handle: (match) => {
        const group = groupByKey(match[1] as string);
        if (!group) throw new ReplyError(googleError('admin', 404, 'Resource Not Found: groupKey', 'notFound'));
        return ok(group);
      },
    },
    {
      label: 'GET /admin/directory/v1/users/{userKey}/asps',
      family: 'admin',
      pattern: /^\/admin\/directory\/v1\/users\/([^/]+)\/asps$/,
      scopes: [googleScopes.userSecurity],
      handle: (match) => {
        const user = userByKey(match[1] as string);
        if (!user) throw new ReplyError(googleError('admin', 404, 'Resource Not Found: userKey', 'notFound'));
        const items = store.appPasswords.get(String(user.id)) ?? [];
        return ok({ kind: 'admin#directory#aspList', etag: '"asps"', ...listBody('items', items) });
      },
    },
    {
      label: 'GET /admin/reports/v1/activity/users/{userKey}/applications/{applicationName}',
      family: 'admin',
      pattern: /^\/admin\/reports\/v1\/activity\/users\/([^/]+)\/applications\/([^/]+)$/,
      scopes: scopesFor(googleScopes.reports),
      handle: (match, query) => {
        unsupported('admin', query, ['filters', 'orgUnitID', 'groupIdFilter', 'actorIpAddress']);
        const application = match[2] ?? '';
        if (!reportsLog.serves(application)) throw new ReplyError(notImplemented('admin', `the ${application} activity application`));
        const customer = query.get('customerId');
        if (customer !== null && customer !== store.customerId) throw new ReplyError(googleError('admin', 403, 'Not Authorized to access this resource/api', 'forbidden'));
        const userKey = decodeURIComponent(match[1] as string).toLowerCase();
        const eventName = query.get('eventName');
        const start = timeParameter(query, 'startTime');
        const end = timeParameter(query, 'endTime');
        const items = reportsLog.activities(application, application === 'user_accounts' ? store.activities : []).filter((activity) => {
          const time = Date.parse(String((activity.id as { time?: string }).time));
          const actor = (activity.actor ?? {}) as { email?: string; profileId?: string };
          if (userKey !== 'all' && actor.email?.toLowerCase() !== userKey && actor.profileId !== userKey) return false;
          if (start !== undefined && time < start) return false;
          if (end !== undefined && time > end) return false;
          return eventName === null || ((activity.events ?? []) as Array<{ name?: string }>).some((event) => event.name === eventName);
        });
        const page = paginate('admin', items, query, 'maxResults', { default: 1000, max: 1000, clamp: false });
        return ok({ kind: 'admin#reports#activities', etag: '"activities"', ...listBody('items', page.items), ...next(page) });
      },
    },
    {
      label: 'GET /v1/policies',
      family: 'cloudidentity',
      pattern: /^\/v1\/policies$/,
      scopes: scopesFor(googleScopes.policies),
      handle: (_match, query) => {
        const filter = parsePolicyFilter(query.get('filter'));
        if (filter.customer !== undefined) requireCustomer('cloudidentity', filter.customer);
        const policies = filter.settingType ? store.policies.filter((policy) => filter.settingType?.test(String((policy.setting as { type?: string }).type))) : store.policies;
        const page = paginate('cloudidentity', policies, query, 'pageSize', { default: 50, max: 100, clamp: true });
        return ok({ ...listBody('policies', page.items), ...next(page) });
      },
    },
    {
      label: 'GET /v1/inboundSamlSsoProfiles',
      family: 'cloudidentity',
      pattern: /^\/v1\/inboundSamlSsoProfiles$/,
      scopes: scopesFor(googleScopes.inboundSso),
      handle: (_match, query) => {
        const customer = parseCustomerFilter(query.get('filter'));
        if (customer !== undefined) requireCustomer('cloudidentity', customer);
        const page = paginate('cloudidentity', store.samlProfiles, query, 'pageSize', { default: 50, max: 100, clamp: true });
        return ok({ ...listBody('inboundSamlSsoProfiles', page.items), ...next(page) });
      },
    },
    {
      label: 'GET /v1/inboundSsoAssignments',
      family: 'cloudidentity',
      pattern: /^\/v1\/inboundSsoAssignments$/,
      scopes: scopesFor(googleScopes.inboundSso),
      handle: (_match, query) => {
        const customer = parseCustomerFilter(query.get('filter'));
        if (customer !== undefined) requireCustomer('cloudidentity', customer);
        const page = paginate('cloudidentity', store.ssoAssignments, query, 'pageSize', { default: 50, max: 100, clamp: true });
        return ok({ ...listBody('inboundSsoAssignments', page.items), ...next(page) });
      },
    },
  ];
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

/** Google leaves an empty list out of the body. */
function listBody(field: string, items: readonly GoogleJson[]): Record<string, unknown> {
  return items.length > 0 ? { [field]: items } : {};
}

function next(page: { nextPageToken: string | undefined }): Record<string, string> {
  return page.nextPageToken ? { nextPageToken: page.nextPageToken } : {};
}

interface PageLimits {
  default: number;
  max: number;
  /** Cloud Identity silently lowers an oversized page size; the Admin SDK rejects it. */
  clamp: boolean;
}

const ignoredForToken = new Set(['pageToken', 'maxResults', 'pageSize', 'fields', 'prettyPrint', 'alt', 'access_token', 'key', 'quotaUser']);

/** Page tokens carry the offset and the other parameters: a token reused with different parameters is refused. */
function paginate<T>(family: GoogleApiFamily, items: readonly T[], query: URLSearchParams, sizeParameter: string, limits: PageLimits): { items: T[]; nextPageToken: string | undefined } {
  const raw = query.get(sizeParameter);
  let size = limits.default;
  if (raw !== null && raw !== '') {
    const requested = Number(raw);
    if (!Number.isInteger(requested) || requested < 0 || (!limits.clamp && (requested < 1 || requested > limits.max))) {
      throw new ReplyError(googleError(family, 400, `Invalid value for ${sizeParameter}: ${raw} (1 to ${limits.max})`, 'invalidParameter'));
    }
    size = requested === 0 ? limits.default : Math.min(requested, limits.max);
  }
  const key = [...query.entries()]
    .filter(([name]) => !ignoredForToken.has(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  let offset = 0;
  const token = query.get('pageToken');
  if (token) {
    const decoded = decodePageToken(token);
    if (!decoded || decoded.k !== key || decoded.o > items.length) throw new ReplyError(googleError(family, 400, 'Invalid page token.', 'invalid'));
    offset = decoded.o;
  }
  const end = offset + size;
  return { items: items.slice(offset, end), nextPageToken: end < items.length ? Buffer.from(JSON.stringify({ o: end, k: key })).toString('base64url') : undefined };
}

function decodePageToken(token: string): { o: number; k: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; k?: unknown };
    return typeof value.o === 'number' && typeof value.k === 'string' ? { o: value.o, k: value.k } : undefined;
  } catch {
    return undefined;
  }
}

function timeParameter(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const time = Date.parse(raw);
  if (Number.isNaN(time)) throw new ReplyError(googleError('admin', 400, `Invalid value for ${name}: ${raw}`, 'invalid'));
  return time;
}

/** `customer == "customers/C0123"` and/or `setting.type.matches('regex')`, joined with `&&`, as the Policy API allows. */
function parsePolicyFilter(filter: string | null): { customer: string | undefined; settingType: RegExp | undefined } {
  const result: { customer: string | undefined; settingType: RegExp | undefined } = { customer: undefined, settingType: undefined };
  if (filter === null || filter.trim() === '') return result;
  for (const clause of filter.split('&&').map((part) => part.trim())) {
    const customer = /^customer\s*==\s*"?customers\/([^"\s]+)"?$/.exec(clause);
    const setting = /^setting\.type\.matches\('(.*)'\)$/.exec(clause);
    if (customer) result.customer = customer[1];
    else if (setting) result.settingType = new RegExp((setting[1] as string).replace(/\\\\/g, '\\'));
    else throw new ReplyError(googleError('cloudidentity', 400, `Invalid filter: ${clause}`, 'INVALID_ARGUMENT'));
  }
  return result;
}

function parseCustomerFilter(filter: string | null): string | undefined {
  if (filter === null || filter.trim() === '') return undefined;
  const customer = /^customer\s*==\s*"?customers\/([^"\s]+)"?$/.exec(filter.trim());
  if (!customer) throw new ReplyError(googleError('cloudidentity', 400, `Invalid filter: ${filter}`, 'INVALID_ARGUMENT'));
  return customer[1];
}
