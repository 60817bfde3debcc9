/**
 * Collects one Entra ID tenant into the snapshot through `@microsoft/microsoft-graph-client`: users at the largest
 * page Graph allows (with `signInActivity` when configured), the bulk registration report (falling back to per-user
 * methods through `$batch` when the tenant's licence refuses it), directory roles and assignments, conditional-access
 * policies, named locations, security defaults, the authentication-methods policy, and the transitive members of only
 * those groups that policies or role assignments name, with those groups' display names. Each page is stored as Graph returned it. A refused or failing
 * endpoint is recorded (the source becomes partial) and the rest carries on; only bad credentials end the source.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { CollectContext } from '../connector.js';
import { AuthError, MfaCoverageError, PermissionError, describeError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { EndpointWriter, SourceRecorder } from '../../snapshot/snapshot-writer.js';
import { mapWithConcurrency } from '../../scan/map-with-concurrency.js';
import { usersPageSize, type EntraConfig } from './entra-config.js';
import { entraEndpoints, type EntraEndpoint } from './endpoints.js';
import { conditionalAccessPolicySchema, roleAssignmentSchema } from './graph-payloads.js';
import { createAccessTokenSource } from './graph-access-token.js';
import { createGraphClient } from './create-graph-client.js';
import { graphGet, graphPages, type GraphPage } from './graph-paginator.js';
import { statusOfError } from '../request-control.js';
import { GraphRequestRunner, type Sleep } from './graph-request-runner.js';
import { collectMethodsThroughBatch } from './graph-batch-fallback.js';

export interface EntraCollectDependencies {
  /** Waits between retries; tests record the waits instead of sleeping. */
  sleep?: Sleep;
  /** `fetch` for the client-credentials token request. */
  fetch?: typeof fetch;
}

/**
 * The user properties read: what the analysis uses (graph-payloads.ts). `signInActivity` is added when configured;
 * Graph then serves at most 500 users a page and needs AuditLog.Read.All and a P1 licence.
 */
export const userProperties = [
  'id',
  'userPrincipalName',
  'displayName',
  'accountEnabled',
  'userType',
  'createdDateTime',
  'mail',
  'otherMails',
  'proxyAddresses',
  'employeeId',
  'department',
  'onPremisesSyncEnabled',
  // What tells internal guests, B2B collaboration guests and members apart (external-user-type.ts).
  'creationType',
  'externalUserState',
  'identities',
] as const;

/** `$top` for the collections that accept it; the others are followed through their nextLinks at Graph's default. */
const registrationPageSize = 999;
const membersPageSize = 999;
/** Transitive-member listings (and group-name requests) in flight at once. */
const groupConcurrency = 4;
/** Ids per `id in (...)` filter: Graph accepts at most 15 values in an `in` expression on directory objects. */
const groupNameChunk = 15;

/**
 * The error-record endpoint for `signInActivity` refused while the users themselves could be listed: the users file
 * then lacks sign-in dates (dormancy becomes unknown) but is otherwise complete.
 */
export const signInActivityErrorEndpoint = 'signInActivity';

const builtInGroupType = '#microsoft.graph.group';

export async function collectEntra(
  config: EntraConfig,
  recorder: SourceRecorder,
  context: CollectContext,
  dependencies: EntraCollectDependencies = {},
): Promise<void> {
  const tokens = await createAccessTokenSource(config, recorder.sourceId, context.env, {
    ...(dependencies.fetch ? { fetch: dependencies.fetch } : {}),
    countRequest: (label) => recorder.countRequest(label),
    signal: context.signal,
  });
  const client = createGraphClient({ graphBaseUrl: config.graphBaseUrl, accessToken: () => tokens.token() });
  const runner = new GraphRequestRunner({
    countRequest: (label) => recorder.countRequest(label),
    countThrottled: (label) => recorder.countThrottled?.(label),
    maxRetries: config.maxRetries,
    maxRetryAfterMs: config.maxRetryAfterMs,
    initialBackoffMs: config.initialBackoffMs,
    requestTimeoutMs: config.requestTimeoutMs,
    logger: context.logger,
    authHint: tokens.authHint,
    signal: context.signal,
    beforeAttempt: () => tokens.token(),
    ...(dependencies.sleep ? { sleep: dependencies.sleep } : {}),
  });
  await new EntraCollection(config, client, runner, recorder, context).run();
}

class EntraCollection {
  private readonly logger: Logger;
  /** Groups that conditional-access policies include or exclude, or that hold directory roles. */
  private readonly referencedGroups = new Set<string>();
  /** Endpoints whose file has at least one line: a refusal after that is a broken listing, not a refusal. */
  private readonly wrote = new Set<string>();

  constructor(
    private readonly config: EntraConfig,
    private readonly client: Client,
    private readonly runner: GraphRequestRunner,
    private readonly recorder: SourceRecorder,
    private readonly context: CollectContext,
  ) {
    this.logger = context.logger;
  }

  async run(): Promise<void> {
    const enabledUserIds = await this.collectUsers();
    await settleAll([
      this.collectRegistration(enabledUserIds),
      this.collectAccessStructure(),
      this.guarded(entraEndpoints.namedLocations, () => this.collectPaged(entraEndpoints.namedLocations, '/identity/conditionalAccess/namedLocations')),
      this.guarded(entraEndpoints.securityDefaults, () => this.collectSingle(entraEndpoints.securityDefaults, '/policies/identitySecurityDefaultsEnforcementPolicy')),
      this.guarded(entraEndpoints.authenticationMethodsPolicy, () => this.collectSingle(entraEndpoints.authenticationMethodsPolicy, '/policies/authenticationMethodsPolicy')),
    ]);
  }

  /**
   * Lists users and returns the ids of those that can sign in (for the per-user fallback), or undefined when the
   * users could not be listed. A `signInActivity` refusal on the first page (no licence, or no AuditLog.Read.All)
   * is recorded and the listing runs again without it.
   */
  private async collectUsers(): Promise<string[] | undefined> {
    const endpoint = entraEndpoints.users;
    const ids: string[] = [];
    const onItems = (items: unknown[]): void => {
      for (const item of items) {
        if (typeof item !== 'object' || item === null) continue;
        const user = item as { id?: unknown; accountEnabled?: unknown };
        if (typeof user.id === 'string' && user.accountEnabled !== false) ids.push(user.id);
      }
    };
    const listing = (withSignIn: boolean): Promise<number> => {
      const select = withSignIn ? [...userProperties, 'signInActivity'] : userProperties;
      const top = withSignIn ? usersPageSize(this.config) : (this.config.pageSize ?? 999);
      return this.collectPaged(endpoint, `/users?$select=${select.join(',')}&$top=${top}`, onItems);
    };
    try {
      await listing(this.config.signInActivity);
      return ids;
    } catch (error) {
      if (isFatal(error)) throw error;
      if (!(error instanceof PermissionError && this.config.signInActivity && !this.wrote.has(endpoint.name))) {
        this.recordFailure(endpoint, error);
        return this.wrote.has(endpoint.name) ? ids : undefined;
      }
      this.logger.warn({ endpoint: endpoint.name }, 'signInActivity refused; listing users without sign-in dates');
      try {
        await listing(false);
      } catch (retryError) {
        if (isFatal(retryError)) throw retryError;
        this.recordFailure(endpoint, retryError);
        return this.wrote.has(endpoint.name) ? ids : undefined;
      }
      this.recorder.recordError({
        endpoint: signInActivityErrorEndpoint,
        code: error.code,
        message: `${error.message} Users were listed without signInActivity: last sign-in dates are unknown.`,
        permission: 'AuditLog.Read.All (and a Microsoft Entra ID P1/P2 licence)',
        httpStatus: 403,
      });
      return ids;
    }
  }

  /**
   * The bulk registration report; when it is refused (no P1/P2 licence, or no AuditLog.Read.All), each enabled
   * user's methods through `$batch`. A fallback that reads every user leaves no error behind: the data is complete.
   */
  private async collectRegistration(enabledUserIds: string[] | undefined): Promise<void> {
    const report = entraEndpoints.userRegistrationDetails;
    try {
      await this.collectPaged(report, `/reports/authenticationMethods/userRegistrationDetails?$top=${registrationPageSize}`);
      return;
    } catch (error) {
      if (isFatal(error)) throw error;
      if (!(error instanceof PermissionError) || this.wrote.has(report.name)) {
        this.recordFailure(report, error);
        return;
      }
      if (enabledUserIds === undefined) {
        this.recordFailure(report, error, 'the per-user fallback needs the user list, which could not be read');
        return;
      }
      this.logger.info({ users: enabledUserIds.length }, 'registration report refused; reading each enabled user\'s methods through $batch');
      const methods = entraEndpoints.authenticationMethods;
      const writer = this.recorder.endpoint(methods.name, { keyed: true });
      const outcome = await collectMethodsThroughBatch({
        client: this.client,
        runner: this.runner,
        graphBaseUrl: this.config.graphBaseUrl,
        writer,
        userIds: enabledUserIds,
        concurrency: this.config.batchConcurrency,
        onUser: (count) => this.progress(methods.name, count),
      });
      if (outcome.stored === outcome.users) return;
      this.recordFailure(report, error, 'the per-user fallback did not read every user');
      if (outcome.refused) this.recordFailure(methods, outcome.refused);
      if (outcome.firstFailure) {
        const first = outcome.firstFailure;
        this.recorder.recordError({
          endpoint: methods.name,
          code: first.code,
          message: `${outcome.failed} of ${outcome.users} users' methods could not be read; first: user ${first.userId}: ${first.message}`,
          httpStatus: first.status,
        });
      }
    }
  }

  /** Roles and policies (in parallel), then the members of the groups they name. */
  private async collectAccessStructure(): Promise<void> {
    await settleAll([
      this.guarded(entraEndpoints.roleDefinitions, () => this.collectPaged(entraEndpoints.roleDefinitions, '/roleManagement/directory/roleDefinitions')),
      this.guarded(entraEndpoints.roleAssignments, () =>
        this.collectPaged(entraEndpoints.roleAssignments, '/roleManagement/directory/roleAssignments?$expand=principal', (items) => {
          for (const item of items) {
            const assignment = roleAssignmentSchema.safeParse(item);
            if (assignment.success && assignment.data.principal?.['@odata.type'] === builtInGroupType) this.referencedGroups.add(assignment.data.principalId);
          }
        }),
      ),
      this.guarded(entraEndpoints.conditionalAccessPolicies, () =>
        this.collectPaged(entraEndpoints.conditionalAccessPolicies, '/identity/conditionalAccess/policies', (items) => {
          for (const item of items) {
            const policy = conditionalAccessPolicySchema.safeParse(item);
            const users = policy.success ? policy.data.conditions.users : undefined;
            for (const id of [...(users?.includeGroups ?? []), ...(users?.excludeGroups ?? [])]) this.referencedGroups.add(id);
          }
        }),
      ),
    ]);
    await settleAll([this.collectGroupMembers(), this.guarded(entraEndpoints.groups, () => this.collectGroupNames())]);
  }

  /**
   * The display names of the referenced groups, so reasons name groups rather than ids: `GET /groups` filtered to
   * `id in (...)` with at most 15 ids (Graph's limit for `in`) and only `id,displayName` selected, one page each.
   */
  private async collectGroupNames(): Promise<void> {
    const endpoint = entraEndpoints.groups;
    const groupIds = [...this.referencedGroups].sort();
    const chunks: string[][] = [];
    for (let index = 0; index < groupIds.length; index += groupNameChunk) chunks.push(groupIds.slice(index, index + groupNameChunk));
    let writer: EndpointWriter | undefined;
    // One after another: a tenant's policies name few groups, and one writer takes one page at a time.
    for (const chunk of chunks) {
      if (this.context.signal?.aborted) return;
      const filter = `id in (${chunk.map((id) => `'${id.replace(/'/g, "''")}'`).join(',')})`;
      const path = `/groups?$filter=${encodeURIComponent(filter)}&$select=id,displayName&$top=${groupNameChunk}`;
      for await (const page of graphPages({ client: this.client, runner: this.runner, endpoint, path, graphBaseUrl: this.config.graphBaseUrl })) {
        writer ??= this.recorder.endpoint(endpoint.name);
        await writer.write(page);
        this.progress(endpoint.name, itemCount(page));
      }
    }
  }

  /** One transitive-member listing per referenced group, stored as keyed lines (one per page). */
  private async collectGroupMembers(): Promise<void> {
    const endpoint = entraEndpoints.groupMembers;
    const groupIds = [...this.referencedGroups].sort();
    if (groupIds.length === 0) return;
    const writer = this.recorder.endpoint(endpoint.name, { keyed: true });
    let refused: PermissionError | undefined;
    let failed = 0;
    let firstFailure: { groupId: string; error: unknown } | undefined;
    let fatal: unknown;
    await mapWithConcurrency(groupIds, groupConcurrency, async (groupId) => {
      if (fatal !== undefined || refused || this.context.signal?.aborted) return;
      try {
        await this.keyedPages(writer, endpoint, groupId, `/groups/${encodeURIComponent(groupId)}/transitiveMembers?$top=${membersPageSize}`);
      } catch (error) {
        if (isFatal(error)) {
          fatal ??= error;
          return;
        }
        const status = statusOfError(error);
        await writer.write({ key: groupId, status, body: { error: { code: error instanceof MfaCoverageError ? error.code : 'UPSTREAM_FAILED', message: describeError(error) } } });
        if (status === 404) return;
        if (error instanceof PermissionError) refused ??= error;
        else {
          failed += 1;
          firstFailure ??= { groupId, error };
        }
      }
    });
    if (fatal !== undefined) throw fatal;
    if (refused) this.recordFailure(endpoint, refused);
    if (firstFailure) this.recordFailure(endpoint, firstFailure.error, `${failed} of ${groupIds.length} groups could not be read; first: group ${firstFailure.groupId}`);
  }

  private async keyedPages(writer: EndpointWriter, endpoint: EntraEndpoint, key: string, path: string): Promise<void> {
    for await (const page of graphPages({ client: this.client, runner: this.runner, endpoint, path, graphBaseUrl: this.config.graphBaseUrl })) {
      await writer.write({ key, status: 200, body: page });
      this.progress(endpoint.name, itemCount(page));
    }
  }

  /**
   * Streams a collection into its file, page by page as returned. The file is opened with the first page, so an
   * endpoint refused outright has no file (docs/snapshot-format.md: absent = not fetched). Returns the page count.
   */
  private async collectPaged(endpoint: EntraEndpoint, path: string, onItems?: (items: unknown[]) => void): Promise<number> {
    let writer: EndpointWriter | undefined;
    let pages = 0;
    for await (const page of graphPages({ client: this.client, runner: this.runner, endpoint, path, graphBaseUrl: this.config.graphBaseUrl })) {
      writer ??= this.recorder.endpoint(endpoint.name);
      await writer.write(page);
      this.wrote.add(endpoint.name);
      pages += 1;
      const items = Array.isArray(page.value) ? (page.value as unknown[]) : [];
      onItems?.(items);
      this.progress(endpoint.name, items.length);
    }
    return pages;
  }

  private async collectSingle(endpoint: EntraEndpoint, path: string): Promise<void> {
    const body = await graphGet(this.client, this.runner, endpoint, path);
    await this.recorder.endpoint(endpoint.name).write(body);
    this.wrote.add(endpoint.name);
    this.progress(endpoint.name, 1);
  }

  private async guarded(endpoint: EntraEndpoint, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (isFatal(error)) throw error;
      this.recordFailure(endpoint, error);
    }
  }

  private recordFailure(endpoint: EntraEndpoint, error: unknown, context?: string): void {
    const suffix = context ? ` (${context})` : '';
    const status = statusOfError(error);
    this.recorder.recordError({
      endpoint: endpoint.name,
      code: error instanceof MfaCoverageError ? error.code : 'UPSTREAM_FAILED',
      message: `${describeError(error)}${suffix}`,
      ...(error instanceof PermissionError ? { permission: error.permission } : {}),
      ...(status !== 599 ? { httpStatus: status } : {}),
    });
    this.logger.warn({ endpoint: endpoint.name, status }, 'Graph endpoint could not be read');
  }

  private progress(endpoint: string, items: number): void {
    this.context.progress.pageFetched({ sourceId: this.recorder.sourceId, endpoint, items });
  }
}

/** Bad credentials or a cancelled scan end the source; everything else is recorded per endpoint. */
function isFatal(error: unknown): boolean {
  return error instanceof AuthError || (error instanceof Error && error.name === 'AbortError');
}

/** Runs independent collectors to completion before rethrowing the first fatal error, so no writer is left mid-write. */
async function settleAll(work: Array<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(work);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

function itemCount(page: GraphPage): number {
  return Array.isArray(page.value) ? page.value.length : 0;
}
