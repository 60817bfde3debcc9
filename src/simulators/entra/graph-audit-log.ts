/**
 * `GET /v1.0/auditLogs/directoryAudits` as Graph serves it: `$filter` on `activityDateTime` (ge, le, gt, lt),
 * `loggedByService` and `category` (eq), joined by `and`; `$top` up to 1,000; `$orderby=activityDateTime asc|desc`
 * (desc by default); `@odata.nextLink` paging; and the identity-and-access-reports throttle of 5 requests per 10 s
 * per app per tenant (429 with Retry-After). A record becomes visible when it reaches the log, which may be later
 * than its `activityDateTime` (Entra's 2 min p95 / 5 min p99 delay): that is why watchers look back.
 */
import { randomUUID } from 'node:crypto';
import { InputError } from '../../errors.js';
import { wrongInjection, type AuditInjection, type SimulatorAuditLog } from '../audit-injection.js';
import { badRequest, GraphReplyError, throttled } from './graph-error-bodies.js';
import type { GraphTenantStore, Json } from './graph-tenant-store.js';
import { pageOf, type ODataQuery } from './odata-query.js';

interface StoredAudit {
  visibleAt: number;
  record: Json;
}

type Condition = (record: Json) => boolean;

/** Graph's documented throttle for identity and access reports. */
export const auditRequestsPerWindow = 5;
export const auditWindowMs = 10_000;

function parseFilter(filter: string): Condition {
  const conditions: Condition[] = [];
  for (const clause of filter.split(/\s+and\s+/i)) {
    const time = /^activityDateTime\s+(ge|le|gt|lt)\s+(\S+)$/i.exec(clause.trim());
    if (time) {
      const bound = Date.parse(time[2]!);
      if (Number.isNaN(bound)) throw new GraphReplyError(badRequest(`Invalid filter clause: ${clause}`));
      const op = time[1]!.toLowerCase();
      conditions.push((record) => {
        const at = Date.parse(String(record.activityDateTime));
        return op === 'ge' ? at >= bound : op === 'gt' ? at > bound : op === 'le' ? at <= bound : at < bound;
      });
      continue;
    }
    const equal = /^(loggedByService|category)\s+eq\s+'([^']*)'$/i.exec(clause.trim());
    if (equal) {
      const field = equal[1]!.toLowerCase() === 'category' ? 'category' : 'loggedByService';
      conditions.push((record) => String(record[field]) === equal[2]);
      continue;
    }
    throw new GraphReplyError(badRequest(`Invalid filter clause: ${clause}`));
  }
  return (record) => conditions.every((condition) => condition(record));
}

export class GraphAuditLog implements SimulatorAuditLog {
  private readonly records: StoredAudit[] = [];
  private readonly recentRequests: number[] = [];

  constructor(
    private readonly store: GraphTenantStore,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.records.length;
  }

  /** The route's handler; throws GraphReplyError for throttling and bad filters. */
  list(context: { query: ODataQuery; origin: string; pathname: string }): Json {
    const now = this.now();
    while (this.recentRequests.length > 0 && this.recentRequests[0]! <= now - auditWindowMs) this.recentRequests.shift();
    if (this.recentRequests.length >= auditRequestsPerWindow) {
      throw new GraphReplyError(throttled(429, Math.max(1, Math.ceil((this.recentRequests[0]! + auditWindowMs - now) / 1000))));
    }
    this.recentRequests.push(now);
    const filter = context.query.get('$filter');
    const condition = filter ? parseFilter(filter) : () => true;
    const order = (context.query.get('$orderby') ?? 'activityDateTime desc').trim().toLowerCase();
    if (!/^activitydatetime( asc| desc)?$/.test(order)) throw new GraphReplyError(badRequest(`Invalid $orderby: ${order}`));
    const ascending = !order.endsWith('desc');
    const visible = this.records
      .filter((entry) => entry.visibleAt <= now && condition(entry.record))
      .map((entry) => entry.record)
      .sort((a, b) => (ascending ? 1 : -1) * String(a.activityDateTime).localeCompare(String(b.activityDateTime)));
    return pageOf(visible, { origin: context.origin, pathname: context.pathname, query: context.query, context: 'auditLogs/directoryAudits', defaultTop: 1000, maxTop: 1000 });
  }

  inject(injection: AuditInjection): void {
    const now = this.now();
    if (injection.kind === 'raw') {
      for (const record of injection.records) this.records.push({ visibleAt: now, record });
      return;
    }
    if (injection.kind !== 'entra-ca-report-only' && injection.kind !== 'entra-ca-disabled') throw wrongInjection('Entra', injection);
    const policy = injection.policy
      ? this.store.conditionalAccessPolicies.find((candidate) => candidate.id === injection.policy || candidate.displayName === injection.policy)
      : this.store.conditionalAccessPolicies.find((candidate) => candidate.state === 'enabled' && JSON.stringify(candidate.grantControls ?? {}).includes('mfa'));
    if (!policy) throw new InputError(`${injection.kind}: no conditional access policy ${injection.policy ?? 'that is enabled and requires MFA'} in source ${injection.source}`);
    const before = JSON.stringify(policy);
    policy.state = injection.kind === 'entra-ca-report-only' ? 'enabledForReportingButNotEnforced' : 'disabled';
    policy.modifiedDateTime = new Date(now).toISOString();
    const admin = this.store.users.find((user) => String(user.userPrincipalName).toLowerCase() === injection.actor.toLowerCase());
    this.records.push({
      visibleAt: now,
      record: {
        id: `IPCGraph_${randomUUID()}`,
        category: 'Policy',
        correlationId: randomUUID(),
        result: 'success',
        resultReason: '',
        activityDisplayName: 'Update conditional access policy',
        activityDateTime: new Date(now - injection.lateBySeconds * 1000).toISOString(),
        loggedByService: 'Conditional Access',
        operationType: 'Update',
        initiatedBy: {
          app: null,
          user: { id: String(admin?.id ?? randomUUID()), displayName: null, userPrincipalName: injection.actor, ipAddress: '198.51.100.17', userType: null, homeTenantId: null, homeTenantName: null },
        },
        targetResources: [
          {
            id: String(policy.id),
            displayName: String(policy.displayName),
            type: 'Policy',
            userPrincipalName: null,
            groupType: null,
            modifiedProperties: [{ displayName: 'ConditionalAccessPolicy', oldValue: before, newValue: JSON.stringify(policy) }],
          },
        ],
        additionalDetails: [],
      },
    });
  }
}
