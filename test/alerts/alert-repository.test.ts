import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { AuditEvent } from '../../src/alerts/audit-event.js';
import { detectAlerts } from '../../src/alerts/detect-alerts.js';
import { alertsConfigSchema } from '../../src/config/alerts-config.js';
import { AlertRepository } from '../../src/store/alert-repository.js';
import { openTestStore, storeKinds, type TestStore } from '../store/test-stores.js';

const config = alertsConfigSchema.parse({});

function removal(index: number): AuditEvent {
  return {
    detector: 'audit-log',
    idp: 'okta',
    sourceId: 'okta',
    vendorEventId: `ev-${index}`,
    vendorEventName: 'user.mfa.factor.deactivate',
    kind: 'factor-removed',
    occurredAt: new Date(Date.parse('2026-12-06T10:00:00Z') + index * 1000).toISOString(),
    actor: { id: 'admin', type: 'user' },
    target: { id: `u${index}`, type: 'user' },
    selfService: false,
    summary: 's',
  };
}

describe.each(storeKinds)('alert repository (%s)', (kind) => {
  let test: TestStore;
  let repository: AlertRepository;
  beforeEach(async () => {
    test = await openTestStore(kind);
    repository = new AlertRepository(test.store.db);
  });
  afterEach(async () => test.dispose());

  it('records a batch atomically: events become seen, alerts, deliveries and the cursor are stored', async () => {
    const events = Array.from({ length: 12 }, (_, index) => removal(index));
    const changes = detectAlerts({ idp: 'okta', events, recentFactorLosses: [], recentAlerts: [], source: { sourceId: 'okta', registeredAccounts: 100, privileged: new Set() }, config, now: new Date('2026-12-06T10:01:00Z') });
    const deliveries = await repository.recordDetection({ sourceId: 'okta', events, changes, channelsFor: () => ['hook', 'slack'], cursor: { next: 'x' }, at: '2026-12-06T10:01:00.000Z' });
    expect(deliveries.map((delivery) => delivery.channelId)).toEqual(['hook', 'slack']);
    expect(await repository.unseen('okta', ['ev-1', 'ev-99'])).toEqual(new Set(['ev-99']));
    expect(await repository.getCursor('okta')).toEqual({ next: 'x' });
    expect((await repository.recentEvents('okta', ['factor-removed'], '2026-12-06T10:00:05.000Z')).map((event) => event.vendorEventId)).toHaveLength(7);
    const alertId = changes[0]!.alert.id;
    expect((await repository.getAlert(alertId))?.accounts).toHaveLength(12);
    expect(await repository.deliveriesByStatus('pending')).toHaveLength(2);
    // The same batch again (a watcher that died after committing) stores nothing new.
    await repository.recordDetection({ sourceId: 'okta', events, changes, channelsFor: () => ['hook', 'slack'], cursor: { next: 'x' }, at: '2026-12-06T10:02:00.000Z' });
    expect(await repository.deliveriesOf(alertId)).toHaveLength(2);
    await repository.markDelivery({ alertId, channelId: 'hook', revision: 1 }, { status: 'dead', attempts: 8, error: 'HTTP 500' }, '2026-12-06T10:03:00.000Z');
    expect(await repository.deliveriesByStatus('dead')).toEqual([expect.objectContaining({ alertId, channelId: 'hook', lastError: 'HTTP 500', attempts: 8 })]);
  });

  it('acknowledges once, pages newest first and filters', async () => {
    for (let index = 0; index < 3; index += 1) {
      const events = [{ ...removal(index), kind: 'policy-disabled' as const, target: { id: `p${index}`, type: 'policy' as const } }];
      const changes = detectAlerts({ idp: 'okta', events, recentFactorLosses: [], recentAlerts: [], source: { sourceId: 'okta', registeredAccounts: 100, privileged: new Set() }, config, now: new Date(`2026-12-06T10:0${index}:00Z`) });
      await repository.recordDetection({ sourceId: 'okta', events, changes, channelsFor: () => [], at: `2026-12-06T10:0${index}:00.000Z` });
    }
    const first = await repository.listAlerts({}, { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.items[0]!.createdAt > first.items[1]!.createdAt).toBe(true);
    const second = await repository.listAlerts({}, { limit: 2, after: first.next! });
    expect(second.items).toHaveLength(1);
    expect(second.next).toBeNull();
    const target = first.items[0]!;
    const acked = await repository.acknowledge(target.id, 'secops-token', 'on it', '2026-12-06T11:00:00.000Z');
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgement: { by: 'secops-token', note: 'on it' }, revision: 2 });
    expect((await repository.acknowledge(target.id, 'other', undefined, '2026-12-06T12:00:00.000Z'))?.acknowledgement?.by).toBe('secops-token');
    expect((await repository.listAlerts({ status: 'acknowledged' }, { limit: 10 })).items.map((alert) => alert.id)).toEqual([target.id]);
    expect(await repository.acknowledge('alr_missing', 'x', undefined, '2026-12-06T12:00:00.000Z')).toBeUndefined();
  });
});
