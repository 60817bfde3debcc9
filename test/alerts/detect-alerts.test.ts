import { describe, expect, it } from '@jest/globals';
import type { AuditEvent } from '../../src/alerts/audit-event.js';
import { detectAlerts, type DetectionInput } from '../../src/alerts/detect-alerts.js';
import { diffRuns, type DiffVerdict } from '../../src/alerts/scan-diff.js';
import { alertsConfigSchema, type AlertsConfig } from '../../src/config/alerts-config.js';

const config = alertsConfigSchema.parse({});

function removal(index: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    detector: 'audit-log',
    idp: 'okta',
    sourceId: 'okta',
    vendorEventId: `ev-${index}`,
    vendorEventName: 'user.mfa.factor.deactivate',
    kind: 'factor-removed',
    occurredAt: new Date(Date.parse('2026-12-06T10:00:00Z') + index * 1000).toISOString(),
    actor: { id: '00uadmin', login: 'admin@example.com', type: 'user' },
    target: { id: `00u${index}`, login: `user${index}@example.com`, type: 'user' },
    selfService: false,
    summary: `removed factor ${index}`,
    ...overrides,
  };
}

function input(events: AuditEvent[], overrides: Partial<DetectionInput> = {}): DetectionInput {
  return {
    idp: 'okta',
    events,
    recentFactorLosses: [],
    recentAlerts: [],
    source: { sourceId: 'okta', registeredAccounts: 1000, privileged: new Set() },
    config,
    now: new Date('2026-12-06T10:05:00Z'),
    ...overrides,
  };
}

describe('bulk unenrollment', () => {
  it('raises one alert at the account threshold, critical when one actor did it', () => {
    const changes = detectAlerts(input(Array.from({ length: 40 }, (_, index) => removal(index))));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ change: 'created', notify: true, alert: { rule: 'bulk-unenrollment', severity: 'critical', eventCount: 40 } });
    expect(changes[0]!.alert.accounts).toHaveLength(40);
    expect(changes[0]!.alert.actors).toEqual([{ id: '00uadmin', login: 'admin@example.com', accounts: 40 }]);
  });

  it('stays quiet below both thresholds (churn)', () => {
    const churn = Array.from({ length: 9 }, (_, index) => removal(index, { actor: { id: `00u${index}`, type: 'user' }, selfService: true }));
    expect(detectAlerts(input(churn))).toEqual([]);
  });

  it('counts the same account once and re-registrations are not losses', () => {
    const repeated = Array.from({ length: 12 }, (_, index) => removal(index, { target: { id: '00u1', type: 'user' } }));
    const registered = Array.from({ length: 12 }, (_, index) => removal(100 + index, { kind: 'factor-registered' }));
    expect(detectAlerts(input([...repeated, ...registered]))).toEqual([]);
  });

  it('uses the percentage of registered accounts in a small source', () => {
    const events = Array.from({ length: 3 }, (_, index) => removal(index, { actor: { id: `00u${index}`, type: 'user' } }));
    const changes = detectAlerts(input(events, { source: { sourceId: 'okta', registeredAccounts: 100, privileged: new Set() } }));
    expect(changes.map((change) => change.alert.rule)).toEqual(['bulk-unenrollment']);
    expect(changes[0]!.alert.severity).toBe('high');
  });

  it('is critical when a privileged account is among them even with many actors', () => {
    const events = Array.from({ length: 10 }, (_, index) => removal(index, { actor: { id: `a${index}`, type: 'user' } }));
    const changes = detectAlerts(input(events, { source: { sourceId: 'okta', registeredAccounts: 5000, privileged: new Set(['00u3']) } }));
    expect(changes[0]!.alert.severity).toBe('critical');
  });

  it('counts the sliding window across polls and updates, not duplicates, the open alert', () => {
    const first = detectAlerts(input(Array.from({ length: 10 }, (_, index) => removal(index))));
    expect(first).toHaveLength(1);
    const alert = first[0]!.alert;
    const later = Array.from({ length: 5 }, (_, index) => removal(20 + index));
    const second = detectAlerts(input(later, { recentFactorLosses: Array.from({ length: 10 }, (_, index) => removal(index)), recentAlerts: [alert] }));
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ change: 'updated', notify: false, alert: { id: alert.id, eventCount: 15, revision: 2 } });
    expect(second[0]!.alert.accounts).toHaveLength(15);
  });

  it('does not count losses outside the window', () => {
    const old = Array.from({ length: 8 }, (_, index) => removal(index, { occurredAt: '2026-12-06T08:00:00.000Z' }));
    expect(detectAlerts(input([removal(50), removal(51)], { recentFactorLosses: old }))).toEqual([]);
  });
});

describe('MFA disabled and weakened', () => {
  const reportOnly: AuditEvent = {
    ...removal(0),
    idp: 'entra',
    sourceId: 'entra',
    vendorEventId: 'Directory_1',
    vendorEventName: 'Update conditional access policy',
    kind: 'policy-report-only',
    target: { id: 'ca-1', type: 'policy', name: 'Require MFA' },
  };
  it('raises a critical alert immediately with the coverage impact', () => {
    const changes = detectAlerts(
      input([reportOnly], { idp: 'entra', source: { sourceId: 'entra', registeredAccounts: 10, privileged: new Set() }, impacts: new Map([['Directory_1', { accountsLosingCoverage: 37, method: 'reanalysis', detail: 'x' }]]) }),
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]!.alert).toMatchObject({ rule: 'mfa-disabled', severity: 'critical', key: 'mfa-disabled:entra:policy:ca-1', coverageImpact: { accountsLosingCoverage: 37 } });
    expect(changes[0]!.alert.summary).toMatch(/37 account\(s\) lose MFA coverage/);
  });

  it('raises mfa-weakened for a new exclusion and number matching off', () => {
    const changes = detectAlerts(input([{ ...reportOnly, kind: 'policy-exclusion-added' }, { ...reportOnly, vendorEventId: 'x2', kind: 'number-matching-off', target: { id: 'amp', type: 'policy' } }]));
    expect(changes.map((change) => [change.alert.rule, change.alert.severity])).toEqual([
      ['mfa-weakened', 'high'],
      ['mfa-weakened', 'high'],
    ]);
  });

  it('a scan diff confirming the watcher event updates the same alert', () => {
    const [created] = detectAlerts(input([reportOnly], { idp: 'entra', source: { sourceId: 'entra', registeredAccounts: 10, privileged: new Set() } }));
    const diff = diffRuns({
      sourceId: 'entra',
      idp: 'entra',
      previous: { runId: 'r1', at: '2026-12-06T09:00:00.000Z', verdicts: [], policies: [{ id: 'ca-1', name: 'Conditional access: Require MFA', state: 'enabled', requiresMfa: true, scope: [] }] },
      current: { runId: 'r2', at: '2026-12-06T11:00:00.000Z', verdicts: [], policies: [{ id: 'ca-1', name: 'Conditional access: Require MFA', state: 'enabledForReportingButNotEnforced', requiresMfa: true, scope: [] }] },
    });
    const confirmed = detectAlerts(
      input(diff.events, { idp: 'entra', source: { sourceId: 'entra', registeredAccounts: 10, privileged: new Set() }, recentAlerts: [created!.alert], confirmSince: '2026-12-06T09:00:00.000Z' }),
    );
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]).toMatchObject({ change: 'updated', notify: false, alert: { id: created!.alert.id, detectors: ['audit-log', 'scan-diff'], eventCount: 2 } });
  });

  it('collapses a storm into one alert with counts and a list', () => {
    const many = Array.from({ length: 12 }, (_, index) => ({ ...reportOnly, vendorEventId: `p${index}`, target: { id: `ca-${index}`, type: 'policy' as const, name: `Policy ${index}` } }));
    const changes = detectAlerts(input(many));
    const storm = changes.filter((change) => change.alert.storm);
    expect(changes.filter((change) => !change.alert.storm)).toHaveLength(config.storm.maxAlerts);
    expect(storm).toHaveLength(1);
    expect(storm[0]!.alert.storm).toMatchObject({ count: 12 - config.storm.maxAlerts });
    expect(storm[0]!.alert.storm!.items).toHaveLength(12 - config.storm.maxAlerts);
    expect(changes.filter((change) => change.notify)).toHaveLength(config.storm.maxAlerts + 1);
  });

  it('stores a suppressed alert without notifying', () => {
    const suppressed: AlertsConfig = alertsConfigSchema.parse({
      suppressions: [{ rule: 'mfa-disabled', source: 'okta', from: '2026-12-06T00:00:00Z', until: '2026-12-07T00:00:00Z', reason: 'migration CHG-42' }],
    });
    const [change] = detectAlerts(input([reportOnly], { config: suppressed }));
    expect(change).toMatchObject({ notify: false, alert: { status: 'suppressed' } });
    expect(change!.alert.suppressedBy).toMatch(/CHG-42/);
  });

  it('an acknowledged alert is updated silently', () => {
    const [created] = detectAlerts(input([reportOnly]));
    const acked = { ...created!.alert, status: 'acknowledged' as const, acknowledgement: { by: 'secops', at: '2026-12-06T10:06:00Z' } };
    const [again] = detectAlerts(input([{ ...reportOnly, vendorEventId: 'Directory_2' }], { recentAlerts: [acked] }));
    expect(again).toMatchObject({ change: 'updated', notify: false, alert: { status: 'acknowledged', eventCount: 2 } });
  });
});

describe('scan diff', () => {
  const verdict = (id: string, overrides: Partial<DiffVerdict> = {}): DiffVerdict => ({ accountId: id, login: `${id}@x`, privileged: false, enabled: true, mfaRegistered: 'yes', mfaEnforced: 'yes', covered: 'yes', ...overrides });
  it('turns lost registrations into factor-loss events and lists lost coverage', () => {
    const result = diffRuns({
      sourceId: 'okta',
      idp: 'okta',
      previous: { runId: 'r1', at: 't1', verdicts: [verdict('a'), verdict('b'), verdict('c'), verdict('d', { enabled: false })], policies: [] },
      current: { runId: 'r2', at: 't2', verdicts: [verdict('a', { mfaRegistered: 'no', covered: 'no' }), verdict('b', { covered: 'unknown' }), verdict('c'), verdict('d', { enabled: false, mfaRegistered: 'no' })], policies: [] },
    });
    expect(result.events.map((event) => [event.kind, event.target.id])).toEqual([['factor-removed', 'a']]);
    expect(result.coverageLost.map((entry) => entry.accountId)).toEqual(['a', 'b']);
  });
  it('raises the privileged last-factor case as mfa-disabled', () => {
    const result = diffRuns({
      sourceId: 'okta',
      idp: 'okta',
      previous: { runId: 'r1', at: 't1', verdicts: [verdict('admin', { privileged: true })], policies: [] },
      current: { runId: 'r2', at: '2026-12-06T10:00:00.000Z', verdicts: [verdict('admin', { privileged: true, mfaRegistered: 'no' })], policies: [] },
    });
    const changes = detectAlerts(input(result.events, { source: { sourceId: 'okta', registeredAccounts: 1000, privileged: new Set(['admin']) }, confirmSince: 't1' }));
    expect(changes.map((change) => change.alert.rule)).toEqual(['mfa-disabled']);
  });
  it('finds disabled, deleted, downgraded policies and new exclusions; ignores policies that never required MFA', () => {
    const policy = (id: string, state: string, requiresMfa = true, scope: string[] = ['Includes all users.']) => ({ id, name: id, state, requiresMfa, scope });
    const result = diffRuns({
      sourceId: 'okta',
      idp: 'okta',
      previous: { runId: 'r1', at: 't1', verdicts: [], policies: [policy('p1', 'ACTIVE'), policy('p2', 'ACTIVE'), policy('p3', 'ACTIVE'), policy('p4', 'ACTIVE'), policy('p5', 'ACTIVE', false)] },
      current: { runId: 'r2', at: 't2', verdicts: [], policies: [policy('p1', 'INACTIVE'), policy('p3', 'ACTIVE', false), policy('p4', 'ACTIVE', true, ['Includes all users.', 'Excludes group Contractors.']), policy('p5', 'INACTIVE', false)] },
    });
    expect(result.events.map((event) => [event.target.id, event.kind])).toEqual([
      ['p1', 'policy-disabled'],
      ['p2', 'policy-deleted'],
      ['p3', 'policy-downgraded'],
      ['p4', 'policy-exclusion-added'],
    ]);
  });
});
