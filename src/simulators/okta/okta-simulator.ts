/**
 * A local Okta Management API that speaks the wire protocol the official SDK expects: `Link` headers carrying the
 * simulator's own origin (the SDK follows them verbatim), `X-Rate-Limit-Limit/-Remaining/-Reset` and `Date` on
 * every response, per-bucket per-minute limits and the org concurrency limit answered with 429 `E0000047`, 403
 * `E0000006` naming the missing scope, SSWS tokens and the private_key_jwt token endpoint, and an Okta-shaped 501
 * for anything it does not implement. It serves an org from a source directory in the snapshot layout.
 */
import { serveOidcRequest } from '../oidc/serve-oidc-request.js';
import { oktaOidcProvider } from './okta-oidc.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { type Clock, sleep, systemClock } from '../../connectors/okta/okta-clock.js';
import { oktaScopes } from '../../connectors/okta/okta-endpoints.js';
import { openRawSource } from '../../snapshot/snapshot-reader.js';
import { loadOktaOrg, type KeyedEntry, type OktaOrgStore } from './okta-org-store.js';
import {
  defaultConcurrencyLimit,
  defaultTier,
  limitsFor,
  OktaRateLimiter,
  oktaTiers,
  simulatorBucketOf,
  simulatorBuckets,
  type SimulatorBucket,
  type WindowUse,
} from './okta-rate-limiter.js';
import { OktaTokenService, type OAuthClientRegistration } from './okta-token-service.js';
import { FilterSyntaxError, parseFilter } from './okta-filter-expression.js';
import { OktaSystemLog } from './okta-system-log.js';

/** Behaviour settings a source directory may carry in `simulator.json` (the analysis ignores the file). */
export const oktaSimulatorSettingsSchema = z
  .object({
    /** The SSWS token accepted; any non-empty token when absent. */
    token: z.string().min(1).optional(),
    /** Scopes an SSWS token holds (default: all read scopes). */
    sswsScopes: z.array(z.string()).optional(),
    tier: z.enum(oktaTiers).optional(),
    limits: z.partialRecord(z.enum(simulatorBuckets), z.number().int().positive()).optional(),
    concurrencyLimit: z.number().int().positive().optional(),
    windowMs: z.number().int().positive().optional(),
    latencyMs: z.number().nonnegative().optional(),
    backgroundUsage: z.partialRecord(z.enum(simulatorBuckets), z.number().int().nonnegative()).optional(),
    backgroundWindows: z.number().int().positive().optional(),
    oauthClients: z.array(z.object({ clientId: z.string(), publicKey: z.union([z.string(), z.record(z.string(), z.unknown())]), scopes: z.array(z.string()) })).optional(),
    accessTokenTtlSeconds: z.number().int().positive().optional(),
    /**
     * Transient server failures: of the requests matching `route` (a `METHOD /template` label as in `stats().requests`,
     * e.g. `GET /api/v1/users/{id}/factors`, or one concrete path such as `GET /api/v1/users/00u1/factors`), those
     * after the first `after` are answered with `status`, `times` times.
     */
    faults: z
      .array(
        z
          .object({
            route: z.string().min(1),
            status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
            times: z.number().int().positive().default(1),
            after: z.number().int().nonnegative().default(0),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();
export type OktaSimulatorSettings = z.infer<typeof oktaSimulatorSettingsSchema>;

export const simulatorSettingsFile = 'simulator.json';

export interface OktaSimulatorOptions extends Omit<OktaSimulatorSettings, 'oauthClients' | 'faults'> {
  port?: number;
  clock?: Clock;
  oauthClients?: OAuthClientRegistration[];
  faults?: z.input<typeof oktaSimulatorSettingsSchema>['faults'];
}

export interface OktaSimulatorStats {
  /** Requests per `METHOD /template` label, 429s included. */
  requests: Record<string, number>;
  windows: WindowUse[];
  peakShare: Partial<Record<SimulatorBucket, number>>;
  rejected: { rate: number; concurrency: number };
  peakConcurrency: number;
  tokensIssued: number;
}

export interface RunningOktaSimulator {
  url: string;
  limits: Record<SimulatorBucket, number>;
  windowMs: number;
  stats(): OktaSimulatorStats;
  /** The System Log, which `inject` appends to (audit-injection.ts). */
  auditLog: OktaSystemLog;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

const scopeOf: Array<[RegExp, string]> = [
  [/^\/api\/v1\/users\/[^/]+\/roles$/, 'okta.roles.read'],
  [/^\/api\/v1\/iam\//, 'okta.roles.read'],
  [/^\/api\/v1\/groups\/[^/]+\/roles$/, 'okta.roles.read'],
  [/^\/api\/v1\/users/, 'okta.users.read'],
  [/^\/api\/v1\/groups/, 'okta.groups.read'],
  [/^\/api\/v1\/policies/, 'okta.policies.read'],
  [/^\/api\/v1\/apps/, 'okta.apps.read'],
  [/^\/api\/v1\/zones/, 'okta.networkZones.read'],
  [/^\/api\/v1\/authenticators/, 'okta.authenticators.read'],
  [/^\/api\/v1\/logs/, 'okta.logs.read'],
];

/** Loads `simulator.json` from a source directory, when present. */
export async function readSimulatorSettings(sourceDirectory: string): Promise<OktaSimulatorSettings> {
  let text: string;
  try {
    text = await readFile(path.join(sourceDirectory, simulatorSettingsFile), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  return oktaSimulatorSettingsSchema.parse(JSON.parse(text));
}

export async function startOktaSimulator(sourceDirectory: string, options: OktaSimulatorOptions = {}): Promise<RunningOktaSimulator> {
  const settings = await readSimulatorSettings(sourceDirectory);
  const org = await loadOktaOrg(await openRawSource(sourceDirectory));
  const merged = { ...settings, ...stripUndefined(options) };
  return serveOktaOrg(org, {
    ...merged,
    oauthClients: options.oauthClients ?? (settings.oauthClients as OAuthClientRegistration[] | undefined),
  });
}

export async function serveOktaOrg(org: OktaOrgStore, options: OktaSimulatorOptions): Promise<RunningOktaSimulator> {
  const clock = options.clock ?? systemClock;
  const limits = limitsFor(options.tier ?? defaultTier, options.limits ?? {});
  const windowMs = options.windowMs ?? 60_000;
  const limiter = new OktaRateLimiter({
    clock,
    limits,
    concurrencyLimit: options.concurrencyLimit ?? defaultConcurrencyLimit,
    windowMs,
    backgroundUsage: options.backgroundUsage ?? {},
    ...(options.backgroundWindows !== undefined ? { backgroundWindows: options.backgroundWindows } : {}),
  });
  const tokens = new OktaTokenService(options.oauthClients ?? [], clock, options.accessTokenTtlSeconds ?? 3600);
  const sswsScopes = new Set(options.sswsScopes ?? oktaScopes);
  const systemLog = new OktaSystemLog(org, clock);
  const requestCounts: Record<string, number> = {};
  const faults = (options.faults ?? []).map((fault) => ({ route: fault.route, status: fault.status, times: fault.times ?? 1, after: fault.after ?? 0, seen: 0, fired: 0 }));
  const oidc = oktaOidcProvider(org);
  let origin = '';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', origin);
    const method = (request.method ?? 'GET').toUpperCase();
    const label = `${method} ${templateOf(url.pathname)}`;
    requestCounts[label] = (requestCounts[label] ?? 0) + 1;
    const bucket = simulatorBucketOf(method, url.pathname);
    const admission = limiter.admit(bucket);
    const baseHeaders: Record<string, string> = {
      ...admission.headers,
      Date: new Date(clock.now()).toUTCString(),
      'Content-Type': 'application/json',
      'X-Okta-Request-Id': randomBytes(12).toString('base64url'),
    };
    if (!admission.admitted) {
      send(response, {
        status: 429,
        headers: baseHeaders,
        body: oktaError('E0000047', 'API call exceeded rate limit due to too many requests.'),
      });
      return;
    }
    try {
      let reply: Reply;
      try {
        const body = method === 'POST' ? await readBody(request) : '';
        injectFault(label, `${method} ${url.pathname}`);
        reply = route(method, url, request.headers.authorization, body);
      } catch (error) {
        if (!(error instanceof ReplyError)) throw error;
        reply = error.reply;
      }
      if (options.latencyMs) await sleep(clock, options.latencyMs);
      send(response, { ...reply, headers: { ...baseHeaders, ...reply.headers, Date: new Date(clock.now()).toUTCString() } });
    } finally {
      admission.release();
    }
  };

  const injectFault = (label: string, concrete: string): void => {
    const matching = faults.filter((fault) => fault.route === label || fault.route === concrete);
    for (const fault of matching) fault.seen += 1;
    const fault = matching.find((candidate) => candidate.seen > candidate.after && candidate.fired < candidate.times);
    if (!fault) return;
    fault.fired += 1;
    throw new ReplyError({ status: fault.status, body: oktaError('E0000009', 'Internal Server Error') });
  };

  const route = (method: string, url: URL, authorization: string | undefined, body: string): Reply => {
    const pathname = url.pathname.replace(/\/+$/, '');
    if (pathname === '/oauth2/v1/token') {
      if (method !== 'POST') throw notImplemented(method, pathname);
      const grant = oidc.tokenGrant(new URLSearchParams(body), authorization);
      if (grant) return grant;
      const result = tokens.issue(new URLSearchParams(body), `${origin}/oauth2/v1/token`);
      return { status: result.status, body: result.body, headers: { 'Cache-Control': 'no-store' } };
    }
    if (!pathname.startsWith('/api/v1/')) throw notImplemented(method, pathname);
    const scopes = authorise(authorization);
    if (method !== 'GET') throw notImplemented(method, pathname);
    const required = scopeOf.find(([pattern]) => pattern.test(pathname))?.[1];
    if (required && !scopes.has(required)) {
      throw new ReplyError({
        status: 403,
        body: oktaError('E0000006', 'You do not have permission to perform the requested action'),
        headers: {
          'WWW-Authenticate': `Bearer authorization_uri="${origin}/oauth2/v1/authorize", realm="IdpError", scope="${required}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${pathname}"`,
        },
      });
    }
    return get(pathname, url);
  };

  const authorise = (authorization: string | undefined): Set<string> => {
    const invalid = (): ReplyError =>
      new ReplyError({
        status: 401,
        body: oktaError('E0000011', 'Invalid token provided'),
        headers: { 'WWW-Authenticate': `Bearer authorization_uri="${origin}/oauth2/v1/authorize", realm="IdpError", error="invalid_token", error_description="The access token is invalid."` },
      });
    if (authorization?.startsWith('SSWS ')) {
      const token = authorization.slice(5).trim();
      if (token === '' || (options.token !== undefined && token !== options.token)) throw invalid();
      return sswsScopes;
    }
    if (authorization?.startsWith('Bearer ')) {
      const grant = tokens.grantFor(authorization.slice(7).trim());
      if (!grant) throw invalid();
      return grant.scopes;
    }
    throw invalid();
  };

  const get = (pathname: string, url: URL): Reply => {
    const segments = pathname.split('/').slice(3);
    const [collection, id, sub, extra] = segments;
    if (extra !== undefined) throw notImplemented('GET', pathname);
    switch (collection) {
      case 'users': {
        if (id === undefined) return listUsers(url);
        const user = org.usersById.get(id) ?? org.users.find((candidate) => (candidate.profile as Json | undefined)?.login === id);
        if (!user) throw notFound(id, 'User');
        if (sub === undefined) return { status: 200, body: user };
        if (sub === 'factors') return keyedList(org.factors, user.id as string, url, { defaultEmpty: true, pageSize: undefined });
        if (sub === 'roles') return keyedList(org.userRoles, user.id as string, url, { defaultEmpty: true, pageSize: undefined });
        throw notImplemented('GET', pathname);
      }
      case 'iam':
        if (id === 'assignees' && sub === 'users') return listAssignees(url);
        throw notImplemented('GET', pathname);
      case 'groups': {
        if (id === undefined) throw notImplemented('GET', pathname);
        const group = org.groups.get(id);
        if (!group) throw notFound(id, 'UserGroup');
        if (sub === undefined) return replay(group, () => ({ status: 200, body: group.items[0] }));
        if (sub === 'users') {
          if ((group.items[0] as Json | undefined)?.type === 'BUILT_IN' && !org.groupMembers.has(id)) {
            return paged(org.users.filter((user) => user.status !== 'DEPROVISIONED'), url, { defaultLimit: 1000, maxLimit: 10000 });
          }
          return keyedList(org.groupMembers, id, url, { defaultEmpty: true, pageSize: { defaultLimit: 1000, maxLimit: 10000 } });
        }
        if (sub === 'roles') return keyedList(org.groupRoles, id, url, { defaultEmpty: true, pageSize: undefined });
        throw notImplemented('GET', pathname);
      }
      case 'policies': {
        if (id === undefined) {
          const type = url.searchParams.get('type');
          if (!type) throw new ReplyError({ status: 400, body: oktaError('E0000001', 'Api validation failed: type', [{ errorSummary: 'type: The field cannot be left blank' }]) });
          return paged(org.policiesByType.get(type) ?? [], url, { defaultLimit: 1000, maxLimit: 1000 });
        }
        const known = [...org.policiesByType.values()].some((policies) => policies.some((policy) => policy.id === id));
        if (!known) throw notFound(id, 'Policy');
        if (sub === 'rules') return keyedList(org.policyRules, id, url, { defaultEmpty: true, pageSize: undefined });
        if (sub === 'app') return keyedList(org.policyApps, id, url, { defaultEmpty: true, pageSize: undefined });
        throw notImplemented('GET', pathname);
      }
      case 'apps': {
        if (id === undefined || sub !== 'users') throw notImplemented('GET', pathname);
        const knownApp = org.appUsers.has(id) || [...org.policyApps.values()].some((entry) => entry.items.some((app) => (app as Json).id === id));
        if (!knownApp) throw notFound(id, 'AppInstance');
        return keyedList(org.appUsers, id, url, { defaultEmpty: true, pageSize: { defaultLimit: 50, maxLimit: 500 } });
      }
      case 'zones':
        if (id !== undefined) throw notImplemented('GET', pathname);
        return paged(org.zones, url, { defaultLimit: Number.MAX_SAFE_INTEGER, maxLimit: Number.MAX_SAFE_INTEGER });
      case 'authenticators':
        if (id !== undefined) throw notImplemented('GET', pathname);
        return { status: 200, body: org.authenticators };
      case 'logs':
        if (id !== undefined) throw notImplemented('GET', pathname);
        return listLogs(url);
      default:
        throw notImplemented('GET', pathname);
    }
  };

  const listUsers = (url: URL): Reply => {
    const filter = url.searchParams.get('filter') ?? url.searchParams.get('search');
    const q = url.searchParams.get('q');
    let users = org.users;
    if (filter) {
      const predicate = compileFilter(filter);
      users = users.filter(predicate);
    } else {
      // The plain listing leaves deprovisioned users out: only a filter or search returns them.
      users = users.filter((user) => user.status !== 'DEPROVISIONED');
    }
    if (q) users = users.filter((user) => JSON.stringify(user.profile ?? {}).toLowerCase().includes(q.toLowerCase()));
    return paged(users, url, { defaultLimit: 200, maxLimit: 200 });
  };

  const listAssignees = (url: URL): Reply => {
    const limit = clampLimit(url, 100, 100);
    const offset = decodeCursor(url.searchParams.get('after'));
    const value = org.roleAssignees.slice(offset, offset + limit);
    const body: Json = { value };
    if (offset + limit < org.roleAssignees.length) {
      const next = new URL('/api/v1/iam/assignees/users', origin);
      next.searchParams.set('after', encodeCursor(offset + limit));
      next.searchParams.set('limit', String(limit));
      body._links = { next: { href: next.toString() } };
    }
    return { status: 200, body };
  };

  const listLogs = (url: URL): Reply => {
    const filter = url.searchParams.get('filter');
    const predicate = filter ? compileFilter(filter) : () => true;
    let page: ReturnType<typeof systemLog.page>;
    try {
      page = systemLog.page(url.searchParams, predicate, clampLimit(url, 100, 1000));
    } catch (error) {
      if (error instanceof RangeError) throw new ReplyError({ status: 400, body: oktaError('E0000001', `Api validation failed: ${error.message}`) });
      throw error;
    }
    return { status: 200, body: page.events, headers: logLinkHeaders(url, page.next) };
  };

  const logLinkHeaders = (url: URL, after: string | undefined): Record<string, string> => {
    const self = new URL(url.pathname + url.search, origin);
    const links = [`<${self.toString()}>; rel="self"`];
    if (after !== undefined) {
      const next = new URL(url.pathname + url.search, origin);
      next.searchParams.set('after', after);
      links.push(`<${next.toString()}>; rel="next"`);
    }
    return { Link: links.join(', ') };
  };

  const keyedList = (
    entries: Map<string, KeyedEntry>,
    key: string,
    url: URL,
    options: { defaultEmpty: boolean; pageSize: { defaultLimit: number; maxLimit: number } | undefined },
  ): Reply => {
    const entry = entries.get(key) ?? (options.defaultEmpty ? { status: 200, items: [] } : undefined);
    if (!entry) throw notFound(key, 'Resource');
    return replay(entry, () => (options.pageSize ? paged(entry.items, url, options.pageSize) : { status: 200, body: entry.items }));
  };

  const paged = (items: readonly unknown[], url: URL, size: { defaultLimit: number; maxLimit: number }): Reply => {
    const limit = clampLimit(url, size.defaultLimit, size.maxLimit);
    const offset = decodeCursor(url.searchParams.get('after'));
    const page = items.slice(offset, offset + limit);
    const next = offset + limit < items.length ? offset + limit : undefined;
    return { status: 200, body: page, headers: linkHeaders(url, next, limit) };
  };

  const linkHeaders = (url: URL, nextOffset: number | undefined, limit: number): Record<string, string> => {
    const self = new URL(url.pathname + url.search, origin);
    const links = [`<${self.toString()}>; rel="self"`];
    if (nextOffset !== undefined) {
      const next = new URL(url.pathname + url.search, origin);
      next.searchParams.set('after', encodeCursor(nextOffset));
      if (limit !== Number.MAX_SAFE_INTEGER) next.searchParams.set('limit', String(limit));
      links.push(`<${next.toString()}>; rel="next"`);
    }
    return { Link: links.join(', ') };
  };

  const server: Server = createServer((request, response) => {
    if (serveOidcRequest(oidc, request, response)) return;
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        send(response, { status: 500, body: oktaError('E0000009', `Internal Server Error: ${(error as Error).message}`), headers: { 'Content-Type': 'application/json' } });
      } else {
        response.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The Okta simulator did not get a TCP address.');
  origin = `http://127.0.0.1:${address.port}`;

  return {
    url: origin,
    limits,
    windowMs,
    auditLog: systemLog,
    stats: () => ({
      requests: Object.fromEntries(Object.entries(requestCounts).sort(([a], [b]) => a.localeCompare(b))),
      windows: limiter.windowUse(),
      peakShare: limiter.peakShare(),
      rejected: { ...limiter.rejected },
      peakConcurrency: limiter.peakInFlight,
      tokensIssued: tokens.issued,
    }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function replay(entry: KeyedEntry, ok: () => Reply): Reply {
  if (entry.status >= 200 && entry.status < 300) return ok();
  return { status: entry.status, body: entry.errorBody ?? oktaError('E0000009', 'Recorded failure') };
}

function compileFilter(expression: string): (item: Json) => boolean {
  try {
    return parseFilter(expression);
  } catch (error) {
    if (error instanceof FilterSyntaxError) {
      throw new ReplyError({ status: 400, body: oktaError('E0000031', 'Invalid search criteria.', [{ errorSummary: error.message }]) });
    }
    throw error;
  }
}

function clampLimit(url: URL, defaultLimit: number, maxLimit: number): number {
  const raw = url.searchParams.get('limit');
  if (raw === null || raw === '-1') return defaultLimit;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw new ReplyError({ status: 400, body: oktaError('E0000001', 'Api validation failed: limit') });
  return Math.min(limit, maxLimit);
}

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string | null): number {
  if (!cursor) return 0;
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new ReplyError({ status: 400, body: oktaError('E0000001', 'Api validation failed: after is not a valid cursor') });
  return Number(match[1]);
}

function oktaError(errorCode: string, errorSummary: string, errorCauses: Array<{ errorSummary: string }> = []): Json {
  return { errorCode, errorSummary, errorLink: errorCode, errorId: `oae${randomBytes(9).toString('base64url')}`, errorCauses };
}

function notFound(id: string, type: string): ReplyError {
  return new ReplyError({ status: 404, body: oktaError('E0000007', `Not found: Resource not found: ${id} (${type})`) });
}

function notImplemented(method: string, pathname: string): ReplyError {
  return new ReplyError({
    status: 501,
    body: oktaError('E0000060', `Unsupported operation: the mfa-coverage Okta simulator does not implement ${method} ${pathname}.`),
  });
}

function templateOf(pathname: string): string {
  const segments = pathname.replace(/\/+$/, '').split('/');
  const idAfter = new Set(['users', 'groups', 'policies', 'apps', 'zones', 'authenticators', 'factors', 'roles', 'rules']);
  return segments.map((segment, index) => (index >= 4 && idAfter.has(segments[index - 1] ?? '') ? '{id}' : segment)).join('/');
}

function send(response: ServerResponse, reply: Reply): void {
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
  response.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > 1_000_000) throw new ReplyError({ status: 413, body: oktaError('E0000001', 'Request body too large') });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
