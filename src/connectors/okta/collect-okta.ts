/**
 * Collects one Okta org into the snapshot through `@okta/okta-sdk-nodejs`, politely: one rate-limit governor for
 * the whole scan, maximal page sizes, factors (Okta's N+1) only for users who can sign in, and, when the previous
 * snapshot of this source is handed over, an incremental scan that re-fetches only what the System Log and the
 * users' `lastUpdated` say changed. Independent endpoints run concurrently; the governor decides the pace.
 */
import type { Client } from '@okta/okta-sdk-nodejs';
import type { CollectContext } from '../connector.js';
import { AuthError, UpstreamError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import type { EndpointWriter, SourceRecorder } from '../../snapshot/snapshot-writer.js';
import { type Clock, systemClock } from './okta-clock.js';
import { maxConcurrencyOf, type OktaConfig } from './okta-config.js';
import { collectionManifestEndpoint, fetchesFactors, oktaEndpoints, pageSizes, type OktaEndpoint } from './okta-endpoints.js';
import {
  adminConsoleAppName,
  dashboardAppName,
  oktaAppsSchema,
  oktaGroupSchema,
  oktaLogPageSchema,
  oktaPoliciesSchema,
  oktaPolicyRulesSchema,
  oktaRolesSchema,
  oktaUsersPageSchema,
  roleAssigneesPageSchema,
  type OktaApp,
  type OktaPolicy,
  type OktaPolicyRule,
} from './okta-payloads.js';
import { RateLimitGovernor, type BucketReport } from './rate-limit-governor.js';
import { GovernedRequestExecutor } from './governed-request-executor.js';
import { createOktaClient } from './create-okta-client.js';
import { withPageCapture } from './page-capture.js';
import { readOktaApiFailure } from './okta-api-failure.js';
import { drainWith, settleAll, WorkQueue } from './work-queue.js';
import { PagingGuard } from '../paging-guard.js';
import {
  addChange,
  factorsNeedRefetch,
  noChanges,
  systemLogFilter,
  systemLogOverlapMs,
  type ChangeSummary,
  type UserVersion,
} from './change-detection.js';
import { carriedKeyedLineSchema, collectionHeaderSchema, type CollectionHeader } from './collection-manifest.js';
import { policyMayAllowSingleFactor } from './rule-requirement.js';

/** The collect context; `previous` (the same source in an earlier snapshot) makes the scan incremental. */
export type OktaCollectContext = CollectContext;

export interface OktaCollectDependencies {
  /** The clock for rate-limit waits; tests and the benchmark share a scaled clock with the simulator. */
  clock?: Clock;
}

export interface OktaCollectResult {
  mode: 'full' | 'incremental';
  governor: BucketReport[];
  peakInFlight: number;
}

export async function collectOkta(
  config: OktaConfig,
  recorder: SourceRecorder,
  context: OktaCollectContext,
  dependencies: OktaCollectDependencies = {},
): Promise<OktaCollectResult> {
  const clock = dependencies.clock ?? systemClock;
  const governor = new RateLimitGovernor({
    budgetShare: config.rateLimit.budgetShare,
    maxConcurrency: maxConcurrencyOf(config),
    clock,
  });
  const starvedBuckets = new Set<string>();
  const executor = new GovernedRequestExecutor({
    governor,
    countRequest: (label) => recorder.countRequest(label),
    countThrottled: (label) => recorder.countThrottled?.(label),
    logger: context.logger,
    maxRateLimitRetries: config.rateLimit.maxRateLimitRetries,
    requestTimeoutMs: config.rateLimit.requestTimeoutMs,
    maxAttempts: config.retry.maxAttempts,
    initialBackoffMs: config.retry.initialBackoffMs,
    maxBudgetWaitMs: config.rateLimit.maxBudgetWaitMs,
    onStarving: (report) => {
      if (starvedBuckets.has(report.bucket)) return;
      starvedBuckets.add(report.bucket);
      const message = `waiting ${Math.round(report.waitedMs / 1000)} s for rate-limit budget of ${report.bucket}: other callers are using the org's quota (gives up after rateLimit.maxBudgetWaitMs, ${config.rateLimit.maxBudgetWaitMs} ms)`;
      context.logger.warn({ bucket: report.bucket, waitedMs: report.waitedMs, remaining: report.remaining, limit: report.limit }, 'Okta rate-limit budget starved by other callers');
      context.progress.notice?.({ sourceId: recorder.sourceId, endpoint: report.bucket, message });
    },
    clock,
    signal: context.signal,
  });
  const client = await createOktaClient(config, executor, context.env, clock);
  try {
    const mode = await new OktaCollection(config, client, recorder, context).run();
    return { mode, governor: governor.report(), peakInFlight: governor.peakInFlight };
  } finally {
    executor.close();
  }
}

type Plan =
  | { mode: 'full'; reason?: string }
  | { mode: 'incremental'; previous: RawSource; previousHeader: CollectionHeader };

interface PolicyFacts {
  groupIds: Set<string>;
  /** Apps whose authentication policy could let a single factor through: their assignments are needed. */
  appsNeedingUsers: Set<string>;
}

class OktaCollection {
  private readonly logger: Logger;
  private readonly workers: number;
  private readonly keyedFailures = new Map<string, { count: number; first: string }>();
  private readonly refusedEndpoints = new Set<string>();
  private manifest: EndpointWriter | undefined;
  /** Set by the first credential refusal: every other request of the source is then skipped, not sent. */
  private credentialsRefused: AuthError | undefined;

  constructor(
    private readonly config: OktaConfig,
    private readonly client: Client,
    private readonly recorder: SourceRecorder,
    private readonly context: OktaCollectContext,
  ) {
    this.logger = context.logger;
    this.workers = maxConcurrencyOf(config);
  }

  async run(): Promise<'full' | 'incremental'> {
    const startedAt = this.context.now();
    // The SDK fetches a token lazily on each request until one arrives: get it once before going concurrent.
    if (this.config.auth.type === 'private-key') await this.client.oauth.getAccessToken();
    let plan = await this.plan(startedAt);
    const until = startedAt.toISOString();
    const since = (current: Plan): string =>
      current.mode === 'incremental'
        ? new Date(Date.parse(current.previousHeader.systemLog.until) - systemLogOverlapMs).toISOString()
        : new Date(startedAt.getTime() - this.config.systemLog.lookbackDays * 86_400_000).toISOString();

    // An incremental scan reads the System Log first: it decides what may be carried forward.
    let changes: ChangeSummary = noChanges();
    let systemLog: Promise<unknown> | undefined;
    const logWindow = since(plan);
    if (plan.mode === 'incremental') {
      const summary = await this.collectSystemLog(logWindow, until);
      if (summary) changes = summary;
      else plan = { mode: 'full', reason: 'the System Log could not be read, so no change can be ruled out' };
    } else {
      systemLog = this.collectSystemLog(logWindow, until);
      // Settled later with the other tasks; an early rejection must not count as unhandled meanwhile.
      systemLog.catch(() => undefined);
    }

    const header: CollectionHeader = {
      mode: plan.mode,
      ...(plan.mode === 'full' && plan.reason ? { fullScanReason: plan.reason } : {}),
      startedAt: until,
      baseFullScanAt: plan.mode === 'incremental' ? plan.previousHeader.baseFullScanAt : until,
      systemLog: { since: logWindow, until, filter: systemLogFilter },
      ...(plan.mode === 'incremental' ? { previous: { sourceId: plan.previous.meta.sourceId, startedAt: plan.previous.meta.startedAt } } : {}),
    };
    this.manifest = this.recorder.endpoint(collectionManifestEndpoint);
    await this.manifest.write(header);
    this.logger.info({ mode: plan.mode, reason: plan.mode === 'full' ? plan.reason : undefined }, 'collecting Okta org');

    await this.runTasks(plan.mode === 'incremental' ? plan.previous : undefined, changes, systemLog);
    return plan.mode;
  }

  private async runTasks(previous: RawSource | undefined, changes: ChangeSummary, systemLog?: Promise<unknown>): Promise<void> {
    const tasks: Array<Promise<unknown>> = [this.collectUsersAndFactors(previous, changes), this.collectConfiguration(previous, changes)];
    if (systemLog) tasks.push(systemLog);
    const results = await Promise.allSettled(tasks);
    this.recordKeyedFailures();
    const fatal = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (fatal) throw fatal.reason;
  }

  private async plan(now: Date): Promise<Plan> {
    const previous = this.context.previous;
    if (!previous) return { mode: 'full' };
    const reasonNotIncremental = (): string | undefined => {
      if (!this.config.incremental.enabled) return 'incremental scans are disabled in the config';
      if (previous.meta.connector !== 'okta') return `the previous source is a ${previous.meta.connector} source`;
      if (previous.meta.tenant !== this.config.orgUrl) return `the previous snapshot is of ${previous.meta.tenant}, not ${this.config.orgUrl}`;
      if (previous.meta.status === 'failed') return 'the previous scan of this source failed';
      if (!previous.has(collectionManifestEndpoint)) return 'the previous snapshot has no collection record';
      return undefined;
    };
    const reason = reasonNotIncremental();
    if (reason) return { mode: 'full', reason };
    let header: CollectionHeader | undefined;
    for await (const { value } of previous.lines(collectionManifestEndpoint)) {
      header = collectionHeaderSchema.safeParse(value).data;
      break;
    }
    if (!header) return { mode: 'full', reason: 'the previous collection record has no readable header' };
    const ageDays = (now.getTime() - Date.parse(header.baseFullScanAt)) / 86_400_000;
    if (!(ageDays <= this.config.incremental.fullScanAfterDays)) {
      return { mode: 'full', reason: `the last full scan (${header.baseFullScanAt}) is older than ${this.config.incremental.fullScanAfterDays} days` };
    }
    return { mode: 'incremental', previous, previousHeader: header };
  }

  // ---------------------------------------------------------------- users and factors

  private async collectUsersAndFactors(previous: RawSource | undefined, changes: ChangeSummary): Promise<void> {
    const previousUsers = previous ? await readUserVersions(previous) : new Map<string, UserVersion>();
    const previousFactorStatus = previous ? await readKeyedStatuses(previous, oktaEndpoints.factors.name) : new Map<string, number>();
    const queue = new WorkQueue<string>();
    const carried = new Set<string>();

    const enqueue = (body: unknown): void => {
      const users = oktaUsersPageSchema.safeParse(body);
      if (!users.success) return;
      for (const user of users.data) {
        if (!fetchesFactors(user.status)) continue;
        const version = { lastUpdated: user.lastUpdated ?? null, status: user.status };
        const refetch = !previous || factorsNeedRefetch(user.id, version, previousUsers.get(user.id), previousFactorStatus.get(user.id), changes);
        if (refetch) queue.push(user.id);
        else carried.add(user.id);
      }
    };

    const listing = (async () => {
      try {
        await this.listPaged(oktaEndpoints.users, () => this.client.userApi.listUsers({ limit: pageSizes.users }), enqueue);
        await this.listPaged(
          oktaEndpoints.deprovisionedUsers,
          () => this.client.userApi.listUsers({ limit: pageSizes.users, filter: 'status eq "DEPROVISIONED"' }),
          enqueue,
        );
      } finally {
        queue.close();
      }
    })();
    const factors = drainWith(queue, this.workers, (userId) =>
      this.fetchKeyed(oktaEndpoints.factors, userId, () => this.client.userFactorApi.listFactors({ userId })),
    );
    await settleAll([listing, factors]);
    if (previous && carried.size > 0) await this.carryKeyed(previous, oktaEndpoints.factors, carried);
  }

  // ---------------------------------------------------------------- configuration

  private async collectConfiguration(previous: RawSource | undefined, changes: ChangeSummary): Promise<void> {
    const simple = settleAll([
      this.fetchOrCarry(previous, !changes.zones, [oktaEndpoints.networkZones], () =>
        this.listPaged(oktaEndpoints.networkZones, () => this.client.networkZoneApi.listNetworkZones({ limit: pageSizes.zones })),
      ),
      this.fetchOrCarry(previous, !changes.authenticators, [oktaEndpoints.authenticators], () =>
        this.listPaged(oktaEndpoints.authenticators, () => this.client.authenticatorApi.listAuthenticators()),
      ),
    ]);
    simple.catch(() => undefined);
    const policiesTask = this.collectPolicies(previous, changes);
    const rolesTask = this.collectRoles(previous, changes);
    try {
      await settleAll([policiesTask, rolesTask]);
    } catch (error) {
      await simple.catch(() => undefined);
      throw error;
    }
    const [policies, roleGroups] = [await policiesTask, await rolesTask];
    const groupIds = new Set([...policies.groupIds, ...roleGroups]);
    await settleAll([this.collectGroups(previous, changes, groupIds), this.collectAppUsers(previous, changes, policies.appsNeedingUsers), simple]);
  }

  private async collectPolicies(previous: RawSource | undefined, changes: ChangeSummary): Promise<PolicyFacts> {
    const policyEndpoints = [
      oktaEndpoints.signOnPolicies,
      oktaEndpoints.accessPolicies,
      oktaEndpoints.mfaEnrollPolicies,
      oktaEndpoints.policyRules,
      oktaEndpoints.policyApps,
    ];
    const policies: OktaPolicy[] = [];
    const rulesByPolicy = new Map<string, OktaPolicyRule[]>();
    const appsByPolicy = new Map<string, OktaApp[]>();

    const collectPolicyPage = (body: unknown): void => {
      const page = oktaPoliciesSchema.safeParse(body);
      if (page.success) policies.push(...page.data);
    };
    const carried = await this.fetchOrCarry(previous, !changes.policies, policyEndpoints, async () => {
      const types = [
        [oktaEndpoints.signOnPolicies, 'OKTA_SIGN_ON'],
        [oktaEndpoints.accessPolicies, 'ACCESS_POLICY'],
        [oktaEndpoints.mfaEnrollPolicies, 'MFA_ENROLL'],
      ] as const;
      for (const [endpoint, type] of types) {
        await this.listPaged(endpoint, () => this.client.policyApi.listPolicies({ type }), collectPolicyPage);
      }
      await mapConcurrently(policies, this.workers, async (policy) => {
        const rules = await this.fetchKeyed(oktaEndpoints.policyRules, policy.id, () =>
          this.client.policyApi.listPolicyRules({ policyId: policy.id }),
        );
        rulesByPolicy.set(policy.id, rules.flatMap((body) => oktaPolicyRulesSchema.safeParse(body).data ?? []));
        if (policy.type === 'ACCESS_POLICY') {
          const apps = await this.fetchKeyed(oktaEndpoints.policyApps, policy.id, () =>
            this.client.policyApi.listPolicyApps({ policyId: policy.id }),
          );
          appsByPolicy.set(policy.id, apps.flatMap((body) => oktaAppsSchema.safeParse(body).data ?? []));
        }
      });
    });
    if (carried && previous) {
      for (const endpoint of [oktaEndpoints.signOnPolicies, oktaEndpoints.accessPolicies, oktaEndpoints.mfaEnrollPolicies]) {
        for await (const page of previous.parsed(endpoint.name, oktaPoliciesSchema)) policies.push(...page);
      }
      for await (const line of previous.keyed(oktaEndpoints.policyRules.name, oktaPolicyRulesSchema)) {
        if (line.body) rulesByPolicy.set(line.key, [...(rulesByPolicy.get(line.key) ?? []), ...line.body]);
      }
      for await (const line of previous.keyed(oktaEndpoints.policyApps.name, oktaAppsSchema)) {
        if (line.body) appsByPolicy.set(line.key, [...(appsByPolicy.get(line.key) ?? []), ...line.body]);
      }
    }

    const groupIds = new Set<string>();
    const addGroups = (people: { groups?: { include?: string[] | null; exclude?: string[] | null } | null } | null | undefined): void => {
      for (const id of [...(people?.groups?.include ?? []), ...(people?.groups?.exclude ?? [])]) groupIds.add(id);
    };
    const appsNeedingUsers = new Set<string>();
    for (const policy of policies) {
      addGroups(policy.conditions?.people);
      const rules = rulesByPolicy.get(policy.id) ?? [];
      for (const rule of rules) addGroups(rule.conditions?.people);
      if (policy.type === 'ACCESS_POLICY' && policy.status === 'ACTIVE' && policyMayAllowSingleFactor(rules)) {
        for (const app of appsByPolicy.get(policy.id) ?? []) {
          if (app.status === 'ACTIVE' && app.name !== dashboardAppName && app.name !== adminConsoleAppName) appsNeedingUsers.add(app.id);
        }
      }
    }
    return { groupIds, appsNeedingUsers };
  }

  /** Users holding admin roles (bulk assignees listing), their roles, and the roles of the groups granting them. */
  private async collectRoles(previous: RawSource | undefined, changes: ChangeSummary): Promise<Set<string>> {
    const roleGroups = new Set<string>();
    const noteRoleGroups = (body: unknown): void => {
      for (const role of oktaRolesSchema.safeParse(body).data ?? []) {
        const href = role._links?.assignee?.href;
        if (role.assignmentType === 'GROUP' && href) roleGroups.add(href.replace(/\/+$/, '').split('/').pop() ?? '');
      }
    };
    const roleEndpoints = [oktaEndpoints.roleAssignees, oktaEndpoints.userRoles, oktaEndpoints.groupRoles];
    // Joining a group that grants a role makes an administrator without any privilege event.
    const roleGroupsBefore = previous ? await readKeyedStatuses(previous, oktaEndpoints.groupRoles.name) : new Map<string, number>();
    const roleGroupChanged = [...changes.groups].some((groupId) => roleGroupsBefore.has(groupId));
    const carried = await this.fetchOrCarry(previous, !changes.roles && !roleGroupChanged, roleEndpoints, async () => {
      const adminIds: string[] = [];
      await this.pageRoleAssignees((page) => adminIds.push(...page.value.map((assignee) => assignee.id)));
      await mapConcurrently(adminIds, this.workers, async (userId) => {
        const bodies = await this.fetchKeyed(oktaEndpoints.userRoles, userId, () =>
          this.client.roleAssignmentApi.listAssignedRolesForUser({ userId }),
        );
        bodies.forEach(noteRoleGroups);
      });
      roleGroups.delete('');
      await mapConcurrently([...roleGroups], this.workers, (groupId) =>
        this.fetchKeyed(oktaEndpoints.groupRoles, groupId, () => this.client.roleAssignmentApi.listGroupAssignedRoles({ groupId })),
      );
    });
    if (carried && previous) {
      for await (const line of previous.keyed(oktaEndpoints.userRoles.name, oktaRolesSchema)) noteRoleGroups(line.body);
    }
    roleGroups.delete('');
    return roleGroups;
  }

  /** The assignees listing pages through `_links.next` in the body, which the SDK leaves to the caller. */
  private async pageRoleAssignees(onPage: (page: { value: Array<{ id: string }> }) => void): Promise<void> {
    const endpoint = oktaEndpoints.roleAssignees;
    const writer = this.recorder.endpoint(endpoint.name);
    const seen = new Set<string>();
    let after: string | undefined;
    try {
      for (let pageNumber = 0; pageNumber < 100_000; pageNumber += 1) {
        let next: string | undefined;
        await withPageCapture(
          {
            label: endpoint.label,
            onPage: async (body) => {
              await writer.write(body);
              const page = roleAssigneesPageSchema.safeParse(body);
              if (!page.success) return;
              onPage(page.data);
              this.progress(endpoint.name, page.data.value.length);
              const href = page.data._links?.next?.href;
              next = href ? (new URL(href).searchParams.get('after') ?? undefined) : undefined;
            },
          },
          () => this.client.roleAssignmentApi.listUsersWithRoleAssignments({ limit: pageSizes.roleAssignees, ...(after ? { after } : {}) }),
        );
        if (next === undefined) return;
        if (seen.has(next)) {
          this.recorder.recordError({ endpoint: endpoint.name, code: 'UPSTREAM_FAILED', message: `the assignees listing repeated the cursor ${next}; paging stopped` });
          return;
        }
        seen.add(next);
        after = next;
      }
    } catch (error) {
      this.recordEndpointFailure(endpoint, error);
    }
  }

  /** The groups policies and roles refer to, and their members (the built-in Everyone group needs none). */
  private async collectGroups(previous: RawSource | undefined, changes: ChangeSummary, groupIds: Set<string>): Promise<void> {
    const fresh = new Set<string>();
    const carryGroups = new Set<string>();
    const carryMembers = new Set<string>();
    const previousGroups = previous ? await readKeyedStatuses(previous, oktaEndpoints.groups.name) : new Map<string, number>();
    const previousMembers = previous ? await readKeyedStatuses(previous, oktaEndpoints.groupMembers.name) : new Map<string, number>();
    const builtIn = previous ? await readBuiltInGroups(previous) : new Set<string>();
    for (const id of groupIds) {
      const unchanged = previous !== undefined && !changes.groups.has(id);
      if (unchanged && previousGroups.get(id) === 200 && (builtIn.has(id) || previousMembers.get(id) === 200)) {
        carryGroups.add(id);
        if (!builtIn.has(id)) carryMembers.add(id);
      } else {
        fresh.add(id);
      }
    }
    if (previous && carryGroups.size > 0) {
      await this.carryKeyed(previous, oktaEndpoints.groups, carryGroups);
      if (carryMembers.size > 0) await this.carryKeyed(previous, oktaEndpoints.groupMembers, carryMembers);
    }
    await mapConcurrently([...fresh], this.workers, async (groupId) => {
      const bodies = await this.fetchKeyed(oktaEndpoints.groups, groupId, () => this.client.groupApi.getGroup({ groupId }));
      const group = oktaGroupSchema.safeParse(bodies[0]);
      // A group that could not be read (gone, or refused) has no members to ask for; Everyone needs none.
      if (!group.success || group.data.type === 'BUILT_IN') return;
      await this.fetchKeyed(oktaEndpoints.groupMembers, groupId, () =>
        this.client.groupApi.listGroupUsers({ groupId, limit: pageSizes.groupMembers }),
      );
    });
  }

  private async collectAppUsers(previous: RawSource | undefined, changes: ChangeSummary, appIds: Set<string>): Promise<void> {
    const previousApps = previous ? await readKeyedStatuses(previous, oktaEndpoints.appUsers.name) : new Map<string, number>();
    const carry = new Set<string>();
    const fresh: string[] = [];
    for (const id of appIds) {
      const unchanged = previous !== undefined && !changes.groupEvents && !changes.apps.has(id) && previousApps.get(id) === 200;
      if (unchanged) carry.add(id);
      else fresh.push(id);
    }
    if (previous && carry.size > 0) await this.carryKeyed(previous, oktaEndpoints.appUsers, carry);
    await mapConcurrently(fresh, this.workers, (appId) =>
      this.fetchKeyed(oktaEndpoints.appUsers, appId, () => this.client.applicationApi.listApplicationUsers({ appId, limit: pageSizes.appUsers })),
    );
  }

  /** Always bounded by `since` and `until`: without `until` Okta always links a next page and the SDK polls forever. */
  private async collectSystemLog(since: string, until: string): Promise<ChangeSummary | undefined> {
    const changes = noChanges();
    const ok = await this.listPaged(
      oktaEndpoints.systemLog,
      () => this.client.systemLogApi.listLogEvents({ since, until, filter: systemLogFilter, limit: pageSizes.systemLog, sortOrder: 'ASCENDING' }),
      (body) => {
        for (const event of oktaLogPageSchema.safeParse(body).data ?? []) addChange(changes, event);
      },
    );
    return ok ? changes : undefined;
  }

  // ---------------------------------------------------------------- plumbing

  /**
   * Carries `endpoints` forward from the previous snapshot when `unchanged` and all were read cleanly there;
   * otherwise runs `fetch`. Returns true when carried.
   */
  private async fetchOrCarry(
    previous: RawSource | undefined,
    unchanged: boolean,
    endpoints: readonly OktaEndpoint[],
    fetch: () => Promise<unknown>,
  ): Promise<boolean> {
    const failedBefore = (endpoint: OktaEndpoint): boolean => previous?.meta.errors.some((error) => error.endpoint === endpoint.name) ?? true;
    // Keyed endpoints may legitimately be absent (no admins, no access policies); their listing decides.
    const carriable =
      previous !== undefined &&
      unchanged &&
      endpoints.every((endpoint) => !failedBefore(endpoint) && (endpoint.keyed || previous.has(endpoint.name)));
    if (!carriable) {
      await fetch();
      return false;
    }
    for (const endpoint of endpoints) {
      if (!previous.has(endpoint.name)) continue;
      if (endpoint.keyed) await this.carryKeyed(previous, endpoint, undefined);
      else await this.carryPaged(previous, endpoint);
    }
    return true;
  }

  private async carryPaged(previous: RawSource, endpoint: OktaEndpoint): Promise<void> {
    const writer = this.recorder.endpoint(endpoint.name);
    let lines = 0;
    for await (const line of previous.lines(endpoint.name)) {
      await writer.write(line.value);
      lines += 1;
    }
    const fetchedAt = previous.meta.endpoints[endpoint.name]?.fetchedAt ?? previous.meta.startedAt;
    await this.manifest?.write({ carried: endpoint.name, fetchedAt: (await this.originalFetchTime(previous, endpoint.name)) ?? fetchedAt, lines });
  }

  /** Copies keyed lines (all, or those whose key is in `keys`), each stamped with when it was really fetched. */
  private async carryKeyed(previous: RawSource, endpoint: OktaEndpoint, keys: Set<string> | undefined): Promise<void> {
    const writer = this.recorder.endpoint(endpoint.name, { keyed: true });
    const endpointFetchedAt = (await this.originalFetchTime(previous, endpoint.name)) ?? previous.meta.endpoints[endpoint.name]?.fetchedAt ?? previous.meta.startedAt;
    let lines = 0;
    let earliest: string | undefined;
    for await (const { value } of previous.lines(endpoint.name)) {
      const line = carriedKeyedLineSchema.safeParse(value);
      if (!line.success || (keys && !keys.has(line.data.key))) continue;
      const fetchedAt = line.data.fetchedAt ?? endpointFetchedAt;
      await writer.write({ key: line.data.key, status: line.data.status, body: line.data.body, fetchedAt });
      earliest = earliest === undefined || fetchedAt < earliest ? fetchedAt : earliest;
      lines += 1;
    }
    await this.manifest?.write({ carried: endpoint.name, fetchedAt: earliest ?? endpointFetchedAt, lines });
  }

  /** When the previous snapshot itself carried an endpoint, its original fetch time. */
  private async originalFetchTime(previous: RawSource, endpoint: string): Promise<string | undefined> {
    for await (const { value } of previous.lines(collectionManifestEndpoint)) {
      if (value && typeof value === 'object' && 'carried' in value && (value as { carried: unknown }).carried === endpoint) {
        const fetchedAt = (value as { fetchedAt?: unknown }).fetchedAt;
        return typeof fetchedAt === 'string' ? fetchedAt : undefined;
      }
    }
    return undefined;
  }

  /** Drives one SDK listing to its end; the executor hands each page body to the snapshot as it arrives. */
  private async listPaged(
    endpoint: OktaEndpoint,
    open: () => Promise<AsyncIterable<unknown>>,
    onPage?: (body: unknown) => void,
  ): Promise<boolean> {
    if (this.credentialsRefused) return false;
    const writer = this.recorder.endpoint(endpoint.name);
    const guard = new PagingGuard(endpoint.label);
    try {
      await withPageCapture(
        {
          label: endpoint.label,
          onPage: async (body, url) => {
            checkBody(endpoint, body);
            // The SDK follows Link headers itself: the page's own URL is the cursor to check.
            guard.check(Array.isArray(body) ? body : [body], url.toString());
            await writer.write(body);
            this.progress(endpoint.name, Array.isArray(body) ? body.length : 1);
            onPage?.(body);
          },
        },
        async () => {
          const collection = await open();
          for await (const item of collection) void item;
        },
      );
      return true;
    } catch (error) {
      this.recordEndpointFailure(endpoint, error);
      return false;
    }
  }

  /**
   * One per-object request (paged or not), stored as keyed lines. Returns the page bodies; a failure is stored as a
   * keyed line with its status. After a 403 the endpoint is not asked again: the answer would not change.
   */
  private async fetchKeyed(endpoint: OktaEndpoint, key: string, open: () => Promise<unknown>): Promise<unknown[]> {
    if (this.refusedEndpoints.has(endpoint.name)) return [];
    if (this.credentialsRefused) throw this.credentialsRefused;
    const writer = this.recorder.endpoint(endpoint.name, { keyed: true });
    const bodies: unknown[] = [];
    const guard = new PagingGuard(`${endpoint.label} (${key})`);
    try {
      await withPageCapture(
        {
          label: endpoint.label,
          onPage: async (body, url) => {
            checkBody(endpoint, body);
            guard.check(Array.isArray(body) ? body : [body], url.toString());
            bodies.push(body);
            await writer.write({ key, status: 200, body });
            this.progress(endpoint.name, Array.isArray(body) ? body.length : 1);
          },
        },
        async () => {
          const result = await open();
          if (isAsyncIterable(result)) for await (const item of result) void item;
        },
      );
    } catch (error) {
      const failure = readOktaApiFailure(error);
      if (failure.httpStatus === 401 || error instanceof AuthError) throw this.refuseCredentials(failure.message, error);
      if (this.context.signal?.aborted) throw error;
      await writer.write({ key, status: failure.httpStatus ?? 0, body: failure.body });
      if (failure.httpStatus === 403) {
        if (!this.refusedEndpoints.has(endpoint.name)) this.recordEndpointFailure(endpoint, error);
        this.refusedEndpoints.add(endpoint.name);
      } else if (failure.httpStatus !== 404) {
        const known = this.keyedFailures.get(endpoint.name);
        this.keyedFailures.set(endpoint.name, { count: (known?.count ?? 0) + 1, first: known?.first ?? `${key}: ${failure.message}` });
      }
    }
    return bodies;
  }

  /** The first 401 stops the source: every request after it is skipped, and the source fails with this error. */
  private refuseCredentials(message: string, cause: unknown): AuthError {
    this.credentialsRefused ??=
      cause instanceof AuthError ? cause : new AuthError(`Okta rejected the credentials (${message}); check the API token or the service app's key, and that it was not revoked during the scan.`, { cause });
    return this.credentialsRefused;
  }

  private recordEndpointFailure(endpoint: OktaEndpoint, error: unknown): void {
    const failure = readOktaApiFailure(error);
    if (failure.httpStatus === 401 || error instanceof AuthError) throw this.refuseCredentials(failure.message, error);
    if (this.context.signal?.aborted) throw error;
    if (failure.httpStatus === 403) {
      const scope = failure.scope ?? endpoint.scope;
      this.recorder.recordError({
        endpoint: endpoint.name,
        code: 'PERMISSION_MISSING',
        message: `Okta refused ${endpoint.label} (${failure.code}: ${failure.message}); grant ${scope} to the service app (and a read-only admin role).`,
        permission: scope,
        httpStatus: 403,
      });
    } else {
      this.recorder.recordError({
        endpoint: endpoint.name,
        code: failure.code,
        message: `${endpoint.label} failed: ${failure.message}`,
        ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
      });
    }
    this.logger.warn({ endpoint: endpoint.name, status: failure.httpStatus, code: failure.code }, 'Okta endpoint could not be read');
  }

  private recordKeyedFailures(): void {
    for (const [name, failure] of this.keyedFailures) {
      this.recorder.recordError({
        endpoint: name,
        code: 'UPSTREAM_FAILED',
        message: `${failure.count} per-object request(s) failed; the first: ${failure.first}`,
      });
    }
  }

  private progress(endpoint: string, items: number): void {
    this.context.progress.pageFetched({ sourceId: this.recorder.sourceId, endpoint, items });
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

async function mapConcurrently<T>(items: Iterable<T>, limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  const queue = new WorkQueue<T>();
  for (const item of items) queue.push(item);
  queue.close();
  await drainWith(queue, limit, async (item) => {
    await work(item);
  });
}

async function readUserVersions(previous: RawSource): Promise<Map<string, UserVersion>> {
  const versions = new Map<string, UserVersion>();
  for (const endpoint of [oktaEndpoints.users.name, oktaEndpoints.deprovisionedUsers.name]) {
    for await (const { value } of previous.lines(endpoint)) {
      for (const user of oktaUsersPageSchema.safeParse(value).data ?? []) {
        versions.set(user.id, { lastUpdated: user.lastUpdated ?? null, status: user.status });
      }
    }
  }
  return versions;
}

async function readKeyedStatuses(previous: RawSource, endpoint: string): Promise<Map<string, number>> {
  const statuses = new Map<string, number>();
  for await (const { value } of previous.lines(endpoint)) {
    const line = carriedKeyedLineSchema.safeParse(value);
    if (!line.success) continue;
    // A paged per-object response has several lines; any failed page makes the object unreadable.
    const known = statuses.get(line.data.key);
    statuses.set(line.data.key, known !== undefined && known !== 200 ? known : line.data.status);
  }
  return statuses;
}

async function readBuiltInGroups(previous: RawSource): Promise<Set<string>> {
  const builtIn = new Set<string>();
  for await (const { value } of previous.lines(oktaEndpoints.groups.name)) {
    const line = carriedKeyedLineSchema.safeParse(value);
    const group = line.success ? oktaGroupSchema.safeParse(line.data.body) : undefined;
    if (group?.success && group.data.type === 'BUILT_IN') builtIn.add(group.data.id);
  }
  return builtIn;
}

/** Okta answers a listing with a JSON array and an object read with a JSON object; anything else is not data. */
function checkBody(endpoint: OktaEndpoint, body: unknown): void {
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  const ok = endpoint.body === 'object' ? isObject : Array.isArray(body) && body.every((item) => typeof item === 'object' && item !== null);
  if (!ok) throw new UpstreamError(`${endpoint.label} answered with a body that is not the JSON ${endpoint.body === 'object' ? 'object' : 'array'} Okta sends; it was not stored as data.`, 200);
}
