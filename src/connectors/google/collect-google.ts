/**
 * Collects one Google Workspace customer into the snapshot through `@googleapis/admin` and
 * `@googleapis/cloudidentity`: users in 500-user pages with a `fields` mask, org units, admin roles and their
 * assignments, every Cloud Identity policy, inbound SAML SSO profiles and assignments, the groups those refer to
 * (with their members), app passwords (administrators always, other enrolled users within a request budget) and
 * the Reports API's `2sv_disable` / `2sv_enroll` events over a bounded window. Each page is stored as returned.
 * A refused or failing endpoint is recorded and the rest carries on; only bad credentials end the source.
 */
import type { MethodOptions } from '@googleapis/admin';
import type { CollectContext } from '../connector.js';
import { AuthError, MfaCoverageError, PermissionError, describeError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { EndpointWriter, SourceRecorder } from '../../snapshot/snapshot-writer.js';
import { mapWithConcurrency } from '../../scan/map-with-concurrency.js';
import type { GoogleConfig } from './google-config.js';
import { googleEndpoints, usersFieldMask, type GoogleEndpoint } from './google-endpoints.js';
import {
  googlePoliciesPageSchema,
  googleRoleAssignmentsPageSchema,
  googleSsoAssignmentsPageSchema,
  googleUsersPageSchema,
} from './google-payloads.js';
import { createGoogleAuthClient, createGoogleClients, type GoogleAuthClient, type GoogleClients } from './create-google-clients.js';
import { statusOfError } from '../request-control.js';
import { GoogleRequestRunner } from './google-request-runner.js';
import { groupIdOf } from './google-resource-names.js';
import { PagingGuard } from '../paging-guard.js';
import { UpstreamError } from '../../errors.js';

export interface GoogleCollectDependencies {
  /** An auth client to use instead of the one the config describes (tests inject a preset-token OAuth2 client). */
  authClient?: GoogleAuthClient;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

interface UserDigest {
  id: string;
  admin: boolean;
  enrolled: boolean;
  active: boolean;
}

export async function collectGoogle(
  config: GoogleConfig,
  recorder: SourceRecorder,
  context: CollectContext,
  dependencies: GoogleCollectDependencies = {},
): Promise<void> {
  const authClient = dependencies.authClient ?? (await createGoogleAuthClient(config, context.env));
  const clients = createGoogleClients(authClient, config.rootUrl);
  const runner = new GoogleRequestRunner({
    countRequest: (label) => recorder.countRequest(label),
    countThrottled: (label) => recorder.countThrottled?.(label),
    retry: config.retry,
    timeoutMs: config.requestTimeoutMs,
    logger: context.logger,
    signal: context.signal,
    ...(dependencies.sleep ? { sleep: dependencies.sleep } : {}),
    ...(dependencies.random ? { random: dependencies.random } : {}),
  });
  await new GoogleCollection(config, clients, runner, recorder, context).run();
}

class GoogleCollection {
  private readonly logger: Logger;
  /** Groups that policies, SSO assignments or role assignments name: their members decide who those reach. */
  private readonly referencedGroups = new Set<string>();

  constructor(
    private readonly config: GoogleConfig,
    private readonly clients: GoogleClients,
    private readonly runner: GoogleRequestRunner,
    private readonly recorder: SourceRecorder,
    private readonly context: CollectContext,
  ) {
    this.logger = context.logger;
  }

  async run(): Promise<void> {
    const users = await this.collectUsers();
    await settleAll([
      this.guarded(googleEndpoints.orgUnits, () => this.collectOrgUnits()),
      this.guarded(googleEndpoints.roles, () => this.collectRoles()),
      this.guarded(googleEndpoints.roleAssignments, () => this.collectRoleAssignments()),
      this.guarded(googleEndpoints.policies, () => this.collectPolicies()),
      this.guarded(googleEndpoints.samlSsoProfiles, () => this.collectSamlProfiles()),
      this.guarded(googleEndpoints.ssoAssignments, () => this.collectSsoAssignments()),
      this.guarded(googleEndpoints.twoStepDisableEvents, () => this.collectEvents(googleEndpoints.twoStepDisableEvents, '2sv_disable')),
      this.guarded(googleEndpoints.twoStepEnrollEvents, () => this.collectEvents(googleEndpoints.twoStepEnrollEvents, '2sv_enroll')),
    ]);
    await this.collectGroups();
    await this.collectAppPasswords(users);
  }

  private get customer(): string {
    return this.config.customerId;
  }

  /** The Cloud Identity customer filter; omitted for `my_customer` (the API then answers for the caller's own). */
  private cloudIdentityCustomer(quoted: boolean): string | undefined {
    if (this.customer === 'my_customer') return undefined;
    return quoted ? `customer == "customers/${this.customer}"` : `customer==customers/${this.customer}`;
  }

  private async collectUsers(): Promise<UserDigest[]> {
    const digests: UserDigest[] = [];
    await this.guarded(googleEndpoints.users, () =>
      this.paged(
        googleEndpoints.users,
        (pageToken, options) =>
          this.clients.directory.users.list(
            { customer: this.customer, maxResults: 500, projection: 'basic', fields: usersFieldMask, ...(pageToken ? { pageToken } : {}) },
            options,
          ),
        (page) => {
          const parsed = googleUsersPageSchema.safeParse(page);
          for (const user of parsed.success ? (parsed.data.users ?? []) : []) {
            digests.push({
              id: user.id,
              admin: user.isAdmin === true || user.isDelegatedAdmin === true,
              enrolled: user.isEnrolledIn2Sv === true,
              active: user.suspended !== true && user.archived !== true,
            });
          }
          return parsed.success ? (parsed.data.users?.length ?? 0) : 0;
        },
      ),
    );
    return digests;
  }

  private async collectOrgUnits(): Promise<void> {
    // `allIncludingParent` is the only listing that returns the root unit itself, whose id policies refer to.
    const page = await this.runner.run(googleEndpoints.orgUnits, (options) =>
      this.clients.directory.orgunits.list({ customerId: this.customer, type: 'allIncludingParent' }, options),
    );
    await this.recorder.endpoint(googleEndpoints.orgUnits.name).write(page);
    this.progress(googleEndpoints.orgUnits.name, Array.isArray(page.organizationUnits) ? page.organizationUnits.length : 0);
  }

  private async collectRoles(): Promise<void> {
    await this.paged(googleEndpoints.roles, (pageToken, options) =>
      this.clients.directory.roles.list({ customer: this.customer, maxResults: 100, ...(pageToken ? { pageToken } : {}) }, options),
    );
  }

  private async collectRoleAssignments(): Promise<void> {
    await this.paged(
      googleEndpoints.roleAssignments,
      (pageToken, options) => this.clients.directory.roleAssignments.list({ customer: this.customer, maxResults: 200, ...(pageToken ? { pageToken } : {}) }, options),
      (page) => {
        const parsed = googleRoleAssignmentsPageSchema.safeParse(page);
        const items = parsed.success ? (parsed.data.items ?? []) : [];
        for (const item of items) if (item.assigneeType === 'GROUP') this.referencedGroups.add(item.assignedTo);
        return items.length;
      },
    );
  }

  private async collectPolicies(): Promise<void> {
    const filter = this.cloudIdentityCustomer(true);
    await this.paged(
      googleEndpoints.policies,
      (pageToken, options) => this.clients.cloudIdentity.policies.list({ pageSize: 100, ...(filter ? { filter } : {}), ...(pageToken ? { pageToken } : {}) }, options),
      (page) => {
        const parsed = googlePoliciesPageSchema.safeParse(page);
        const policies = parsed.success ? (parsed.data.policies ?? []) : [];
        for (const policy of policies) {
          const group = groupIdOf(policy.policyQuery?.group);
          if (group) this.referencedGroups.add(group);
        }
        return policies.length;
      },
    );
  }

  private async collectSamlProfiles(): Promise<void> {
    const filter = this.cloudIdentityCustomer(true);
    await this.paged(googleEndpoints.samlSsoProfiles, (pageToken, options) =>
      this.clients.cloudIdentity.inboundSamlSsoProfiles.list({ pageSize: 100, ...(filter ? { filter } : {}), ...(pageToken ? { pageToken } : {}) }, options),
    );
  }

  private async collectSsoAssignments(): Promise<void> {
    const filter = this.cloudIdentityCustomer(false);
    await this.paged(
      googleEndpoints.ssoAssignments,
      (pageToken, options) => this.clients.cloudIdentity.inboundSsoAssignments.list({ pageSize: 100, ...(filter ? { filter } : {}), ...(pageToken ? { pageToken } : {}) }, options),
      (page) => {
        const parsed = googleSsoAssignmentsPageSchema.safeParse(page);
        const assignments = parsed.success ? (parsed.data.inboundSsoAssignments ?? []) : [];
        for (const assignment of assignments) {
          const group = groupIdOf(assignment.targetGroup);
          if (group) this.referencedGroups.add(group);
        }
        return assignments.length;
      },
    );
  }

  private async collectEvents(endpoint: GoogleEndpoint, eventName: string): Promise<void> {
    const endTime = this.context.now();
    const startTime = new Date(endTime.getTime() - this.config.reports.lookbackDays * 86_400_000);
    await this.paged(endpoint, (pageToken, options) =>
      this.clients.reports.activities.list(
        {
          userKey: 'all',
          applicationName: 'user_accounts',
          eventName,
          startTime: startTime.toISOString(),
          endTime: endTime.toISOString(),
          maxResults: 1000,
          ...(this.customer !== 'my_customer' ? { customerId: this.customer } : {}),
          ...(pageToken ? { pageToken } : {}),
        },
        options,
      ),
    );
  }

  /** One `groups.get` and one derived-membership listing per referenced group, stored as keyed lines. */
  private async collectGroups(): Promise<void> {
    const groupIds = [...this.referencedGroups].sort();
    if (groupIds.length === 0) return;
    const groups = this.recorder.endpoint(googleEndpoints.groups.name, { keyed: true });
    const members = this.recorder.endpoint(googleEndpoints.groupMembers.name, { keyed: true });
    const refused = new Set<string>();
    for (const groupId of groupIds) {
      if (!refused.has(googleEndpoints.groups.name)) {
        await this.keyedObject(googleEndpoints.groups, groups, groupId, refused, (options) =>
          this.clients.directory.groups.get({ groupKey: groupId }, options),
        );
      }
      if (!refused.has(googleEndpoints.groupMembers.name)) {
        await this.keyedMembers(members, groupId, refused);
      }
    }
  }

  private async keyedMembers(writer: EndpointWriter, groupId: string, refused: Set<string>): Promise<void> {
    const endpoint = googleEndpoints.groupMembers;
    let pageToken: string | undefined;
    const guard = new PagingGuard(`${endpoint.label} (group ${groupId})`);
    try {
      for (;;) {
        const page = await this.runner.run(endpoint, (options) =>
          this.clients.directory.members.list(
            { groupKey: groupId, maxResults: 200, includeDerivedMembership: true, ...(pageToken ? { pageToken } : {}) },
            options,
          ),
        );
        const members = checkedItems(endpoint, page, 'members');
        await writer.write({ key: groupId, status: 200, body: page });
        this.progress(endpoint.name, members?.length ?? 0);
        if (!page.nextPageToken) return;
        guard.check(members, page.nextPageToken);
        pageToken = page.nextPageToken;
      }
    } catch (error) {
      await this.keyedFailure(endpoint, writer, groupId, error, refused);
    }
  }

  private async keyedObject<T>(
    endpoint: GoogleEndpoint,
    writer: EndpointWriter,
    key: string,
    refused: Set<string>,
    call: (options: MethodOptions) => Promise<{ data: T }>,
  ): Promise<void> {
    try {
      const body = await this.runner.run(endpoint, call);
      await writer.write({ key, status: 200, body });
      this.progress(endpoint.name, 1);
    } catch (error) {
      await this.keyedFailure(endpoint, writer, key, error, refused);
    }
  }

  /**
   * A per-object failure becomes a keyed line with its status, so the analysis knows exactly what is missing. A 404
   * is a fact (a group or user deleted since it was referenced), not a collection failure; a refusal stops the
   * endpoint, since every further call would be refused the same way.
   */
  private async keyedFailure(endpoint: GoogleEndpoint, writer: EndpointWriter, key: string, error: unknown, refused: Set<string>): Promise<void> {
    if (isFatal(error)) throw error;
    const status = statusOfError(error);
    await writer.write({ key, status, body: { error: { code: status, message: describeError(error) } } });
    if (status === 404) return;
    if (error instanceof PermissionError) {
      if (!refused.has(endpoint.name)) this.recordFailure(endpoint, error);
      refused.add(endpoint.name);
      return;
    }
    this.recordFailure(endpoint, error, key);
  }

  /**
   * App passwords bypass 2-step verification, and a user can only hold them while enrolled in it. Administrators
   * are always checked; other enrolled, active users while the request budget lasts (one request each).
   */
  private async collectAppPasswords(users: readonly UserDigest[]): Promise<void> {
    const endpoint = googleEndpoints.appPasswords;
    const admins = users.filter((user) => user.admin && user.active);
    const others = users.filter((user) => !user.admin && user.active && user.enrolled);
    const budgeted = others.slice(0, this.config.appPasswords.requestBudget);
    const targets = [...admins, ...budgeted];
    if (others.length > budgeted.length) {
      this.logger.info({ checked: budgeted.length, skipped: others.length - budgeted.length }, 'app-password request budget reached; the rest stay unknown');
    }
    if (targets.length === 0) return;
    const writer = this.recorder.endpoint(endpoint.name, { keyed: true });
    const refused = new Set<string>();
    // A fatal error stops the other workers from starting requests, and is rethrown only once all have settled,
    // so no request is left writing to a closed file.
    let fatal: unknown;
    await mapWithConcurrency(targets, this.config.appPasswords.concurrency, async (user) => {
      if (fatal !== undefined || refused.has(endpoint.name) || this.context.signal?.aborted) return;
      try {
        await this.keyedObject(endpoint, writer, user.id, refused, (options) => this.clients.directory.asps.list({ userKey: user.id }, options));
      } catch (error) {
        fatal ??= error;
      }
    });
    if (fatal !== undefined) throw fatal;
  }

  /** Follows `nextPageToken` to the end, writing each page as returned; `onPage` reads a page and returns its item count. */
  private async paged<T extends { nextPageToken?: string | null }>(
    endpoint: GoogleEndpoint,
    fetchPage: (pageToken: string | undefined, options: MethodOptions) => Promise<{ data: T }>,
    onPage: (page: T) => number = (page) => itemCount(page, endpoint.itemsField),
  ): Promise<void> {
    const guard = new PagingGuard(endpoint.label);
    const writer = this.recorder.endpoint(endpoint.name);
    let pageToken: string | undefined;
    for (;;) {
      const page = await this.runner.run(endpoint, (options) => fetchPage(pageToken, options));
      const items = checkedItems(endpoint, page, endpoint.itemsField);
      if (page.nextPageToken !== undefined && page.nextPageToken !== null && typeof page.nextPageToken !== 'string') {
        throw new UpstreamError(`${endpoint.label} answered with a nextPageToken that is not a string.`, 200);
      }
      await writer.write(page);
      this.progress(endpoint.name, onPage(page));
      const next = page.nextPageToken ?? undefined;
      if (!next) return;
      guard.check(items, next);
      pageToken = next;
    }
  }

  private async guarded(endpoint: GoogleEndpoint, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (isFatal(error)) throw error;
      this.recordFailure(endpoint, error);
    }
  }

  private recordFailure(endpoint: GoogleEndpoint, error: unknown, key?: string): void {
    const about = key ? ` (for ${key})` : '';
    if (error instanceof PermissionError) {
      this.recorder.recordError({ endpoint: endpoint.name, code: error.code, message: error.message, permission: error.permission, httpStatus: 403 });
    } else {
      const status = statusOfError(error);
      this.recorder.recordError({
        endpoint: endpoint.name,
        code: error instanceof MfaCoverageError ? error.code : 'UPSTREAM_FAILED',
        message: `${describeError(error)}${about}`,
        ...(status !== 599 ? { httpStatus: status } : {}),
      });
    }
    this.logger.warn({ endpoint: endpoint.name, status: statusOfError(error) }, 'Google endpoint could not be read');
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
async function settleAll(work: Array<Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(work);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

function itemCount(page: unknown, field: string): number {
  if (page === null || typeof page !== 'object') return 0;
  const items = (page as Record<string, unknown>)[field];
  return Array.isArray(items) ? items.length : 0;
}

/** A page's list of items, checked when it arrives: absent is an empty page, anything but a list of objects an error. */
function checkedItems(endpoint: GoogleEndpoint, page: unknown, field: string): unknown[] | undefined {
  const items = (page as Record<string, unknown>)[field];
  if (items === undefined || items === null) return undefined;
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'object' || item === null)) {
    throw new UpstreamError(`${endpoint.label} answered with a page whose \`${field}\` is not a list of objects; it was not stored as data.`, 200);
  }
  return items;
}
