import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { AuditEvent } from '../../src/alerts/audit-event.js';
import { detectAlerts } from '../../src/alerts/detect-alerts.js';
import { alertsConfigSchema } from '../../src/config/alerts-config.js';
import { appConfigSchema } from '../../src/config/app-config.js';
import { AlertRepository } from '../../src/store/alert-repository.js';
import { storeKinds } from '../store/test-stores.js';
import { bearer, openApiHarness, type ApiHarness } from '../api/api-harness.js';

const config = appConfigSchema.parse({ organisation: { name: 'T' }, sources: { okta: { connector: 'okta', orgUrl: 'http://127.0.0.1:1', auth: { type: 'api-token', token: { env: 'X' } } } } });
const alerts = alertsConfigSchema.parse({ channels: [{ id: 'hook', type: 'webhook', url: 'http://127.0.0.1:1/h', secret: { env: 'S' } }] });

function removal(index: number): AuditEvent {
  return {
    detector: 'audit-log',
    idp: 'okta',
    sourceId: 'okta',
    vendorEventId: `ev-${index}`,
    vendorEventName: 'user.mfa.factor.deactivate',
    kind: 'factor-removed',
    occurredAt: new Date(Date.parse('2026-12-06T10:00:00Z') + index * 1000).toISOString(),
    actor: { id: 'admin', login: 'admin@example.com', type: 'user' },
    target: { id: `00u${index}`, login: `user${index}@example.com`, type: 'user' },
    selfService: false,
    summary: 's',
  };
}

describe.each(storeKinds)('alerts API (%s)', (kind) => {
  let harness: ApiHarness;
  let alertId: string;
  beforeEach(async () => {
    harness = await openApiHarness(kind, config);
    const repository = new AlertRepository(harness.opened.store.db);
    const events = Array.from({ length: 12 }, (_, index) => removal(index));
    const changes = detectAlerts({ idp: 'okta', events, recentFactorLosses: [], recentAlerts: [], source: { sourceId: 'okta', registeredAccounts: 100, privileged: new Set() }, config: alerts, now: new Date('2026-12-06T10:01:00Z') });
    await repository.recordDetection({ sourceId: 'okta', events, changes, channelsFor: () => ['hook'], at: '2026-12-06T10:01:00.000Z' });
    await repository.markDelivery({ alertId: changes[0]!.alert.id, channelId: 'hook', revision: 1 }, { status: 'dead', attempts: 8, error: 'webhook channel hook: receiver answered HTTP 500' }, '2026-12-06T10:10:00.000Z');
    alertId = changes[0]!.alert.id;
  });
  afterEach(async () => harness.close());

  it('lists, shows with account links and deliveries, and lists dead letters', async () => {
    const reader = await harness.token(['reports:read']);
    const list = await harness.app.inject({ method: 'GET', url: '/v1/alerts?status=open', headers: bearer(reader) });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ items: [{ id: alertId, rule: 'bulk-unenrollment', accountCount: 12 }], nextCursor: null });
    const one = await harness.app.inject({ method: 'GET', url: `/v1/alerts/${alertId}`, headers: bearer(reader) });
    expect(one.statusCode).toBe(200);
    const body = one.json() as { accounts: Array<{ href: string }>; deliveries: Array<{ status: string }> };
    expect(body.accounts[0]!.href).toBe('/v1/accounts?source=okta&search=user0%40example.com');
    expect(body.deliveries).toEqual([expect.objectContaining({ channelId: 'hook', status: 'dead', attempts: 8 })]);
    const dead = await harness.app.inject({ method: 'GET', url: '/v1/alerts/dead-letters', headers: bearer(reader) });
    expect(dead.json()).toMatchObject({ items: [{ alertId, channelId: 'hook' }] });
    const missing = await harness.app.inject({ method: 'GET', url: '/v1/alerts/alr_nope', headers: bearer(reader) });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('exposes alerts raised and deliveries per rule and channel in /metrics', async () => {
    const scraper = await harness.token(['metrics:read']);
    const metrics = await harness.app.inject({ method: 'GET', url: '/metrics', headers: bearer(scraper) });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('mfa_coverage_alerts_raised_total{rule="bulk-unenrollment",source_id="okta",severity="critical",status="open"} 1');
    expect(metrics.body).toContain('mfa_coverage_alert_deliveries_total{channel="hook",rule="bulk-unenrollment",status="dead"} 1');
  });

  it('acknowledges with admin only, and needs a token to read', async () => {
    expect((await harness.app.inject({ method: 'GET', url: '/v1/alerts' })).statusCode).toBe(401);
    const reader = await harness.token(['reports:read']);
    const refused = await harness.app.inject({ method: 'POST', url: `/v1/alerts/${alertId}/ack`, headers: bearer(reader), payload: { note: 'x' } });
    expect(refused.statusCode).toBe(403);
    const admin = await harness.token(['admin'], 'secops-lead');
    const acked = await harness.app.inject({ method: 'POST', url: `/v1/alerts/${alertId}/ack`, headers: bearer(admin), payload: { note: 'handled in INC-7' } });
    expect(acked.statusCode).toBe(200);
    expect(acked.json()).toMatchObject({ alert: { status: 'acknowledged', acknowledgement: { by: 'secops-lead', note: 'handled in INC-7' } } });
    const filtered = await harness.app.inject({ method: 'GET', url: '/v1/alerts?status=open', headers: bearer(reader) });
    expect(filtered.json()).toMatchObject({ items: [] });
  });
});
