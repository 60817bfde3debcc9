/**
 * Alerts: `GET /v1/alerts` (newest first, filtered, keyset-paged), `GET /v1/alerts/{id}` (with the affected accounts,
 * each linked to `GET /v1/accounts`, and the alert's deliveries), `POST /v1/alerts/{id}/ack`, and
 * `GET /v1/alerts/dead-letters` (deliveries given up on). Reading needs `reports:read`; acknowledging needs `admin`,
 * as in the console.
 */
import { z } from 'zod';
import { alertSeverities, alertStatuses, type Alert } from '../../alerts/alert.js';
import { alertRuleIds } from '../../config/alerts-config.js';
import { AlertRepository, type DeliveryRecord } from '../../store/alert-repository.js';
import { ApiError, apiErrorSchema, authenticatedErrorResponses } from '../api-errors.js';
import type { ApiRouteModule } from '../api-dependencies.js';
import { decodeCursor, encodeCursor, pageQuerySchema } from '../page-cursor.js';

const alertCursorSchema = z.object({ createdAt: z.string(), id: z.string() }).strict();

const alertAccountSchema = z.object({ id: z.string(), login: z.string().optional(), privileged: z.boolean(), href: z.string().describe('The account in GET /v1/accounts.') });

export const alertSchema = z
  .object({
    id: z.string(),
    rule: z.enum(alertRuleIds),
    severity: z.enum(alertSeverities),
    status: z.enum(alertStatuses),
    sourceId: z.string(),
    idp: z.string(),
    title: z.string(),
    summary: z.string(),
    accountCount: z.number().int(),
    actors: z.array(z.object({ id: z.string(), login: z.string().optional(), accounts: z.number().int() })),
    eventCount: z.number().int(),
    eventNames: z.array(z.string()),
    detectors: z.array(z.string()),
    coverageImpact: z.object({ accountsLosingCoverage: z.number().int().nullable(), method: z.string(), detail: z.string() }).nullable(),
    storm: z.object({ count: z.number().int(), items: z.array(z.string()) }).nullable(),
    suppressedBy: z.string().nullable(),
    acknowledgement: z.object({ by: z.string(), at: z.string(), note: z.string().optional() }).nullable(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    revision: z.number().int(),
  })
  .meta({ id: 'Alert' });

const deliverySchema = z
  .object({ alertId: z.string(), channelId: z.string(), revision: z.number().int(), status: z.enum(['pending', 'sent', 'dead']), attempts: z.number().int(), lastError: z.string().nullable(), updatedAt: z.string() })
  .meta({ id: 'AlertDelivery' });

function alertView(alert: Alert): z.infer<typeof alertSchema> {
  return {
    id: alert.id,
    rule: alert.rule,
    severity: alert.severity,
    status: alert.status,
    sourceId: alert.sourceId,
    idp: alert.idp,
    title: alert.title,
    summary: alert.summary,
    accountCount: alert.accounts.length,
    actors: alert.actors,
    eventCount: alert.eventCount,
    eventNames: alert.eventNames,
    detectors: alert.detectors,
    coverageImpact: alert.coverageImpact ?? null,
    storm: alert.storm ?? null,
    suppressedBy: alert.suppressedBy ?? null,
    acknowledgement: alert.acknowledgement ?? null,
    firstSeenAt: alert.firstSeenAt,
    lastSeenAt: alert.lastSeenAt,
    createdAt: alert.createdAt,
    updatedAt: alert.updatedAt,
    revision: alert.revision,
  };
}

function deliveryView(delivery: DeliveryRecord): z.infer<typeof deliverySchema> {
  const { createdAt: _createdAt, ...rest } = delivery;
  return rest;
}

export const alertsRoutes: ApiRouteModule = (app, deps) => {
  const repository = new AlertRepository(deps.store.db);
  const read = { auth: { kind: 'bearer' as const, scopes: ['reports:read' as const] } };

  app.get(
    '/v1/alerts',
    {
      config: read,
      schema: {
        summary: 'Alerts, newest first',
        description: 'For example `?status=open&rule=bulk-unenrollment`. Pages follow `nextCursor`.',
        tags: ['alerts'],
        querystring: z
          .object({
            status: z.enum(alertStatuses).optional(),
            rule: z.enum(alertRuleIds).optional(),
            severity: z.enum(alertSeverities).optional(),
            source: z.string().max(200).optional(),
            ...pageQuerySchema,
          })
          .strict(),
        response: { 200: z.object({ items: z.array(alertSchema), nextCursor: z.string().nullable() }), ...authenticatedErrorResponses },
      },
    },
    async (request) => {
      const { status, rule, severity, source, limit, cursor } = request.query;
      const after = decodeCursor(cursor, alertCursorSchema);
      const page = await repository.listAlerts(
        { ...(status ? { status } : {}), ...(rule ? { rule } : {}), ...(severity ? { severity } : {}), ...(source ? { sourceId: source } : {}) },
        { limit, ...(after ? { after } : {}) },
      );
      return { items: page.items.map(alertView), nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/v1/alerts/dead-letters',
    {
      config: read,
      schema: {
        summary: 'Deliveries given up on (dead letters)',
        tags: ['alerts'],
        querystring: z.object({ limit: pageQuerySchema.limit }).strict(),
        response: { 200: z.object({ items: z.array(deliverySchema) }), ...authenticatedErrorResponses },
      },
    },
    async (request) => ({ items: (await repository.deliveriesByStatus('dead', request.query.limit)).map(deliveryView) }),
  );

  app.get(
    '/v1/alerts/:id',
    {
      config: read,
      schema: {
        summary: 'One alert with its affected accounts and deliveries',
        tags: ['alerts'],
        params: z.object({ id: z.string().min(1).max(100) }),
        response: {
          200: z.object({ alert: alertSchema, accounts: z.array(alertAccountSchema), deliveries: z.array(deliverySchema) }),
          404: apiErrorSchema,
          ...authenticatedErrorResponses,
        },
      },
    },
    async (request) => {
      const alert = await repository.getAlert(request.params.id);
      if (!alert) throw new ApiError('NOT_FOUND', `No alert ${request.params.id}.`);
      const source = encodeURIComponent(alert.sourceId);
      return {
        alert: alertView(alert),
        accounts: alert.accounts.map((account) => ({ ...account, href: `/v1/accounts?source=${source}&search=${encodeURIComponent(account.login ?? account.id)}` })),
        deliveries: (await repository.deliveriesOf(alert.id)).map(deliveryView),
      };
    },
  );

  app.post(
    '/v1/alerts/:id/ack',
    {
      config: { auth: { kind: 'bearer', scopes: ['admin'] } },
      schema: {
        summary: 'Acknowledge an alert',
        description: 'Later evidence still updates an acknowledged alert, silently unless its severity rises. Acknowledging twice keeps the first acknowledgement.',
        tags: ['alerts'],
        params: z.object({ id: z.string().min(1).max(100) }),
        body: z.object({ note: z.string().max(2000).optional() }).strict().optional(),
        response: { 200: z.object({ alert: alertSchema }), 404: apiErrorSchema, ...authenticatedErrorResponses },
      },
    },
    async (request) => {
      const by = request.principal?.tokenName ?? 'unknown';
      const alert = await repository.acknowledge(request.params.id, by, request.body?.note, deps.clock().toISOString());
      if (!alert) throw new ApiError('NOT_FOUND', `No alert ${request.params.id}.`);
      return { alert: alertView(alert) };
    },
  );
};
