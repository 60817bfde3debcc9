/**
 * A local Microsoft Graph v1.0 that speaks the wire protocol `@microsoft/microsoft-graph-client` expects: bearer
 * tokens (401 `InvalidAuthenticationToken` without one), the collections the Entra connector reads with `$top`
 * limits (999, or 500 when `signInActivity` is selected; out of range is Graph's 400), `$select`, `$expand`,
 * `$skiptoken` paging with absolute `@odata.nextLink`s built from the request's `Host` (so they point back here),
 * JSON batching (20 requests at most, inner statuses and inner 429s in the body), a client-credentials token
 * endpoint, and the behaviour knobs of `simulator.json`: licence (403 with Graph's licence error), missing
 * permissions (403 `Authorization_RequestDenied`) and throttling (429/503/504 with `Retry-After`). Anything it does
 * not implement answers 501 with a Graph-shaped error body, so a test can never pass by accident.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { openRawSource } from '../../snapshot/snapshot-reader.js';
import { entraEndpoints } from '../../connectors/entra/endpoints.js';
import {
  GraphReplyError,
  badRequest,
  graphError,
  invalidToken,
  licenceRequired,
  missingToken,
  notImplemented,
  permissionDenied,
  resourceNotFound,
  throttled,
  type GraphReply,
} from './graph-error-bodies.js';
import { parseBatch, runBatch } from './graph-batch.js';
import {
  mergeGraphSimulatorSettings,
  readGraphSimulatorSettings,
  type GraphSimulatorSettings,
  type GraphSimulatorSettingsInput,
  type GraphThrottleRule,
} from './graph-simulator-settings.js';
import { loadGraphTenant, type GraphTenantStore, type Json, type KeyedEntry } from './graph-tenant-store.js';
import { ODataQuery, applySelect, pageOf } from './odata-query.js';
import { GraphAuditLog } from './graph-audit-log.js';
import { entraOidcProvider } from './entra-oidc.js';
import { serveOidcRequest } from '../oidc/serve-oidc-request.js';

export interface GraphSimulatorOptions extends GraphSimulatorSettingsInput {
  port?: number;
}

/** One request the simulator answered; requests inside a `$batch` are logged too, with `inBatch`. */
export interface GraphRequestLogEntry {
  method: string;
  /** Path and query as received, e.g. `/v1.0/users?$top=500`. */
  path: string;
  /** Route label relative to `/v1.0`, e.g. `GET /users/{id}/authentication/methods`. */
  label: string;
  status: number;
  inBatch: boolean;
}

export interface RunningGraphSimulator {
  /** Origin to use as `graphBaseUrl` (and `authorityUrl` for client-secret auth). */
  url: string;
  readonly requests: readonly GraphRequestLogEntry[];
  /** `auditLogs/directoryAudits`, which `inject` appends to (audit-injection.ts). */
  auditLog: GraphAuditLog;
  close(): Promise<void>;
}

/** The properties Graph returns for a user when no `$select` is given (signInActivity never is). */
const defaultUserProperties = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];

const graphJson = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

interface RouteContext {
  match: RegExpExecArray;
  query: ODataQuery;
  origin: string;
  /** Full request path (`/v1.0/...`) without the query. */
  pathname: string;
}

interface Route {
  method: string;
  label: string;
  pattern: RegExp;
  /** Permissions this request needs (each one missing is a 403). */
  permissions(query: ODataQuery): string[];
  /** True when this request needs Entra ID P1/P2. */
  needsPremium?(query: ODataQuery): boolean;
  handle(context: RouteContext): Json;
}

export async function startGraphSimulator(sourceDirectory: string, options: GraphSimulatorOptions = {}): Promise<RunningGraphSimulator> {
  const { port, ...overrides } = options;
  const settings = mergeGraphSimulatorSettings(await readGraphSimulatorSettings(sourceDirectory), overrides);
  const store = await loadGraphTenant(await openRawSource(sourceDirectory));
  return serveGraphTenant(store, settings, port);
}

export async function serveGraphTenant(store: GraphTenantStore, settings: GraphSimulatorSettings, port = 0): Promise<RunningGraphSimulator> {
  const auditLog = new GraphAuditLog(store);
  const routes = [...graphRoutes(store), directoryAuditsRoute(auditLog)];
  const missing = new Set(settings.missingPermissions);
  const throttleCounters = settings.throttle.map(() => 0);
  const requests: GraphRequestLogEntry[] = [];
  const oidc = entraOidcProvider(store);

  const throttleFor = (label: string): GraphReply | undefined => {
    let reply: GraphReply | undefined;
    settings.throttle.forEach((rule: GraphThrottleRule, index) => {
      if (rule.route !== '*' && rule.route !== label) return;
      const seen = (throttleCounters[index] ?? 0) + 1;
      throttleCounters[index] = seen;
      const fires = (rule.firstRequests !== undefined && seen <= rule.firstRequests) || (rule.everyNth !== undefined && seen % rule.everyNth === 0);
      if (fires) reply ??= throttled(rule.status, rule.retryAfterSeconds);
    });
    return reply;
  };

  /** Answers one request under `/v1.0` (top-level or inside a batch); `relative` is the path after `/v1.0`. */
  const dispatch = (method: string, relative: string, search: string, origin: string, inBatch: boolean): GraphReply => {
    const route = routes.find((candidate) => candidate.method === method && candidate.pattern.test(relative));
    const label = route ? route.label : `${method} ${relative}`;
    let reply: GraphReply;
    try {
      if (!route) throw new GraphReplyError(notImplemented(method, `/v1.0${relative}`));
      const throttle = throttleFor(label);
      if (throttle) throw new GraphReplyError(throttle);
      const query = new ODataQuery(search);
      if (route.permissions(query).some((permission) => missing.has(permission))) throw new GraphReplyError(permissionDenied());
      if (settings.licence === 'free' && route.needsPremium?.(query)) throw new GraphReplyError(licenceRequired());
      const match = route.pattern.exec(relative) as RegExpExecArray;
      reply = { status: 200, body: route.handle({ match, query, origin, pathname: `/v1.0${relative}` }) };
    } catch (error) {
      if (!(error instanceof GraphReplyError)) throw error;
      reply = error.reply;
    }
    requests.push({ method, path: `/v1.0${relative}${search}`, label, status: reply.status, inBatch });
    return reply;
  };

  const handle = async (request: IncomingMessage): Promise<GraphReply> => {
    const method = (request.method ?? 'GET').toUpperCase();
    const origin = `http://${request.headers.host ?? `127.0.0.1:${port}`}`;
    const url = new URL(request.url ?? '/', origin);
    const log = (label: string, reply: GraphReply): GraphReply => {
      requests.push({ method, path: `${url.pathname}${url.search}`, label, status: reply.status, inBatch: false });
      return reply;
    };
    if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname) && method === 'POST') {
      const form = new URLSearchParams(await readBody(request));
      return log('POST /{tenant}/oauth2/v2.0/token', oidc.tokenGrant(form, request.headers.authorization) ?? issueToken(form, settings));
    }
    if (!url.pathname.startsWith('/v1.0/')) return log(`${method} ${url.pathname}`, notImplemented(method, url.pathname));
    const relative = url.pathname.slice('/v1.0'.length).replace(/(.)\/+$/, '$1');
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer === undefined) return log(`${method} ${relative}`, missingToken());
    if (settings.token !== undefined && bearer !== settings.token) return log(`${method} ${relative}`, invalidToken());
    if (method === 'POST' && relative === '/$batch') {
      const label = 'POST /$batch';
      const throttle = throttleFor(label);
      if (throttle) return log(label, throttle);
      try {
        const inner = parseBatch(await readBody(request));
        return log(
          label,
          await runBatch(inner, async (innerRequest) => {
            const innerUrl = new URL(innerRequest.url, origin);
            return dispatch(innerRequest.method, innerUrl.pathname.replace(/^\/v1\.0(?=\/)/, ''), innerUrl.search, origin, true);
          }),
        );
      } catch (error) {
        if (!(error instanceof GraphReplyError)) throw error;
        return log(label, error.reply);
      }
    }
    return dispatch(method, relative, url.search, origin, false);
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (serveOidcRequest(oidc, request, response)) return;
    handle(request)
      .then((reply) => send(response, reply))
      .catch((error: unknown) => {
        if (response.headersSent) response.destroy();
        else if (error instanceof GraphReplyError) send(response, error.reply);
        else send(response, graphError(500, 'InternalServerError', `The Graph simulator failed: ${(error as Error).message}`));
      });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The Graph simulator did not get a TCP address.');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    requests,
    auditLog,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function graphRoutes(store: GraphTenantStore): Route[] {
  const collection = (items: readonly Json[], context: RouteContext, contextName: string, project?: (item: Json) => Json): Json =>
    pageOf(items, { origin: context.origin, pathname: context.pathname, query: context.query, context: contextName, defaultTop: 100, maxTop: 999 }, project);
  const single = (item: Json | undefined, name: string, context: RouteContext): Json => {
    if (!item) throw new GraphReplyError(resourceNotFound(name));
    return { '@odata.context': `${context.origin}/v1.0/$metadata#${name}/$entity`, ...withoutContext(item) };
  };
  const keyedList = (entries: Map<string, KeyedEntry>, key: string, context: RouteContext, contextName: string, paged: boolean): Json => {
    const entry = entries.get(key) ?? { status: 200, items: [] };
    if (entry.status < 200 || entry.status >= 300) {
      throw new GraphReplyError({ status: entry.status, body: entry.errorBody ?? graphError(entry.status, 'UnknownError', 'Recorded failure').body });
    }
    if (!paged) return { '@odata.context': `${context.origin}/v1.0/$metadata#${contextName}`, value: entry.items.map((item) => applySelect(item, context.query.select())) };
    return collection(entry.items, context, contextName, (item) => applySelect(item, context.query.select()));
  };
  const policy = entraEndpoints.conditionalAccessPolicies.permission;

  return [
    {
      method: 'GET',
      label: entraEndpoints.users.label,
      pattern: /^\/users$/,
      permissions: (query) => (query.selects('signInActivity') ? ['User.Read.All', 'AuditLog.Read.All'] : ['User.Read.All']),
      needsPremium: (query) => query.selects('signInActivity'),
      handle: (context) => {
        const withSignIn = context.query.selects('signInActivity');
        const select = context.query.select();
        return pageOf(
          store.users,
          { origin: context.origin, pathname: context.pathname, query: context.query, context: 'users', defaultTop: 100, maxTop: withSignIn ? 500 : 999 },
          (user) => applySelect(user, select, defaultUserProperties),
        );
      },
    },
    {
      method: 'GET',
      label: entraEndpoints.userRegistrationDetails.label,
      pattern: /^\/reports\/authenticationMethods\/userRegistrationDetails$/,
      permissions: () => ['AuditLog.Read.All'],
      needsPremium: () => true,
      handle: (context) => collection(store.registrationDetails, context, 'reports/authenticationMethods/userRegistrationDetails', (item) => applySelect(item, context.query.select())),
    },
    {
      method: 'GET',
      label: entraEndpoints.authenticationMethods.label,
      pattern: /^\/users\/([^/]+)\/authentication\/methods$/,
      permissions: () => ['UserAuthenticationMethod.Read.All'],
      handle: (context) => {
        const id = decodeURIComponent(context.match[1] ?? '');
        const user = store.usersById.get(id) ?? store.users.find((candidate) => String(candidate.userPrincipalName).toLowerCase() === id.toLowerCase());
        if (!user) throw new GraphReplyError(resourceNotFound(id));
        return keyedList(store.methods, String(user.id), context, `users('${String(user.id)}')/authentication/methods`, false);
      },
    },
    {
      method: 'GET',
      label: entraEndpoints.roleDefinitions.label,
      pattern: /^\/roleManagement\/directory\/roleDefinitions$/,
      permissions: () => [entraEndpoints.roleDefinitions.permission],
      handle: (context) => collection(store.roleDefinitions, context, 'roleManagement/directory/roleDefinitions', (item) => applySelect(item, context.query.select())),
    },
    {
      method: 'GET',
      label: entraEndpoints.roleAssignments.label,
      pattern: /^\/roleManagement\/directory\/roleAssignments$/,
      permissions: () => [entraEndpoints.roleAssignments.permission],
      handle: (context) => {
        const expand = context.query.expands('principal');
        return collection(store.roleAssignments, context, expand ? 'roleManagement/directory/roleAssignments(principal())' : 'roleManagement/directory/roleAssignments', (item) => {
          const { principal, ...rest } = item;
          return applySelect(expand ? { ...rest, principal } : rest, context.query.select());
        });
      },
    },
    {
      method: 'GET',
      label: entraEndpoints.groupMembers.label,
      pattern: /^\/groups\/([^/]+)\/transitiveMembers$/,
      permissions: () => [entraEndpoints.groupMembers.permission],
      handle: (context) => {
        const id = decodeURIComponent(context.match[1] ?? '');
        if (!store.groupMembers.has(id)) throw new GraphReplyError(resourceNotFound(id));
        return keyedList(store.groupMembers, id, context, 'directoryObjects', true);
      },
    },
    {
      method: 'GET',
      label: entraEndpoints.groups.label,
      pattern: /^\/groups$/,
      permissions: () => [entraEndpoints.groups.permission],
      handle: (context) => {
        const ids = idInFilter(context.query.get('$filter'));
        const groups = ids === undefined ? store.groups : store.groups.filter((group) => ids.includes(String(group.id)));
        return collection(groups, context, 'groups', (item) => applySelect(item, context.query.select()));
      },
    },
    {
      method: 'GET',
      label: entraEndpoints.conditionalAccessPolicies.label,
      pattern: /^\/identity\/conditionalAccess\/policies$/,
      permissions: () => [policy],
      handle: (context) => collection(store.conditionalAccessPolicies, context, 'identity/conditionalAccess/policies', (item) => applySelect(item, context.query.select())),
    },
    {
      method: 'GET',
      label: entraEndpoints.namedLocations.label,
      pattern: /^\/identity\/conditionalAccess\/namedLocations$/,
      permissions: () => [policy],
      handle: (context) => collection(store.namedLocations, context, 'identity/conditionalAccess/namedLocations', (item) => applySelect(item, context.query.select())),
    },
    {
      method: 'GET',
      label: entraEndpoints.securityDefaults.label,
      pattern: /^\/policies\/identitySecurityDefaultsEnforcementPolicy$/,
      permissions: () => [policy],
      handle: (context) => single(store.securityDefaults, 'policies/identitySecurityDefaultsEnforcementPolicy', context),
    },
    {
      method: 'GET',
      label: entraEndpoints.authenticationMethodsPolicy.label,
      pattern: /^\/policies\/authenticationMethodsPolicy$/,
      permissions: () => [policy],
      handle: (context) => single(store.authenticationMethodsPolicy, 'authenticationMethodsPolicy', context),
    },
  ];
}

/**
 * The ids of a `$filter=id in ('a','b')` on /groups; absent filter = every group. Any other filter, or more than 15
 * values (Graph's limit for `in` on directory objects), is Graph's 400.
 */
function idInFilter(filter: string | undefined): string[] | undefined {
  if (filter === undefined) return undefined;
  const match = /^\s*id\s+in\s*\((.*)\)\s*$/i.exec(filter);
  if (!match) throw new GraphReplyError(badRequest(`Unsupported query: the simulator filters /groups only by id in (...), not '${filter}'.`, 'Request_UnsupportedQuery'));
  const ids = [...(match[1] ?? '').matchAll(/'((?:[^']|'')*)'/g)].map((value) => (value[1] ?? '').replace(/''/g, "'"));
  if (ids.length > 15) throw new GraphReplyError(badRequest('Too many child clauses specified in search filter expression containing \'OR\' operators: max allowed: 15.', 'Request_UnsupportedQuery'));
  return ids;
}

function withoutContext(item: Json): Json {
  const { '@odata.context': _context, ...rest } = item;
  return rest;
}

/** The Microsoft identity platform's client-credentials grant, enough for `client-secret` auth against the simulator. */
function issueToken(form: URLSearchParams, settings: GraphSimulatorSettings): GraphReply {
  const oauthError = (status: number, error: string, description: string, code: number): GraphReply => ({
    status,
    body: { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code], timestamp: new Date().toISOString() },
  });
  if (form.get('grant_type') !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'The provided value for the input parameter grant_type is not valid; the simulator supports client_credentials.', 70003);
  if (!form.get('scope')?.endsWith('/.default')) return oauthError(400, 'invalid_scope', 'The provided value for the input parameter scope is not valid; use <resource>/.default.', 70011);
  const expected = settings.clientCredentials;
  if (!form.get('client_id') || (expected && form.get('client_id') !== expected.clientId)) return oauthError(400, 'unauthorized_client', 'Application was not found in the directory.', 700016);
  if (!form.get('client_secret') || (expected && form.get('client_secret') !== expected.clientSecret)) {
    return oauthError(401, 'invalid_client', 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.', 7000215);
  }
  return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: settings.token ?? 'simulated-graph-access-token' } };
}

function send(response: ServerResponse, reply: GraphReply): void {
  const text = JSON.stringify(reply.body);
  response.writeHead(reply.status, { 'Content-Type': graphJson, ...reply.headers, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > 4_000_000) throw new GraphReplyError(graphError(413, 'RequestEntityTooLarge', 'The request body is too large.'));
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `GET /auditLogs/directoryAudits` (AuditLog.Read.All, Entra ID P1/P2 for more than 7 days in Graph; the simulator keeps all). */
function directoryAuditsRoute(auditLog: GraphAuditLog): Route {
  return {
    method: 'GET',
    label: 'GET /auditLogs/directoryAudits',
    pattern: /^\/auditLogs\/directoryAudits$/,
    permissions: () => ['AuditLog.Read.All'],
    handle: (context) => auditLog.list(context),
  };
}
