/**
 * The Google watcher through @googleapis/admin reports_v1 against the Google simulator: an injected 2SV enforcement
 * switch-off for an org unit (admin application) is read and raises an mfa-disabled alert; a second poll from the
 * stored cursor re-reads the look-back and records nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { recordDetection } from '../../src/alerts/record-detection.js';
import { createGoogleActivityReader } from '../../src/alerts/watch/google-activity-reader.js';
import type { AuditLogReader } from '../../src/alerts/watch/audit-log-reader.js';
import { alertsConfigSchema } from '../../src/config/alerts-config.js';
import { googleConfigSchema } from '../../src/connectors/google/google-config.js';
import { auditInjectionSchema } from '../../src/simulators/audit-injection.js';
import { generateDemoTenant } from '../../src/simulators/demo/generate-demo-tenant.js';
import { startGoogleSimulator, type RunningGoogleSimulator } from '../../src/simulators/google/google-simulator.js';
import { openSnapshot, type RawSource } from '../../src/snapshot/snapshot-reader.js';
import { AlertRepository } from '../../src/store/alert-repository.js';
import { openTestStore, type TestStore } from '../store/test-stores.js';

const env = { GOOGLE_SIM_TOKEN: 'google-simulated-token' };

describe('Google Reports watcher', () => {
  let root: string;
  let google: RunningGoogleSimulator;
  let source: RawSource;
  let reader: AuditLogReader;
  let test: TestStore;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'mfa-google-watch-'));
    await generateDemoTenant({ directory: path.join(root, 'tenant'), seed: 5, userCount: 200, asOf: new Date(Date.now() - 86_400_000) });
    source = (await openSnapshot(path.join(root, 'tenant'))).sources.find((candidate) => candidate.meta.connector === 'google')!;
    google = await startGoogleSimulator(source.directory, { token: env.GOOGLE_SIM_TOKEN });
    const config = googleConfigSchema.parse({ connector: 'google', domain: source.meta.tenant, rootUrl: google.url, auth: { type: 'access-token', token: { env: 'GOOGLE_SIM_TOKEN' } } });
    reader = await createGoogleActivityReader({ sourceId: source.meta.sourceId, config, env, lookBackMinutes: 60 });
    test = await openTestStore('sqlite');
  }, 120_000);

  afterAll(async () => {
    await google?.close();
    await test?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('reads an OU 2SV enforcement switch-off and alerts once', async () => {
    google.auditLog.inject(auditInjectionSchema.parse({ kind: 'google-ou-2sv-off', source: source.meta.sourceId, orgUnit: '/Sales' }));
    const repository = new AlertRepository(test.store.db);
    const alerts = alertsConfigSchema.parse({});
    const context = { sourceId: source.meta.sourceId, registeredAccounts: null, privileged: new Set<string>() };
    const first = await reader.poll(undefined, new Date());
    expect(first.requests).toBe(2);
    expect(first.events).toEqual([expect.objectContaining({ kind: 'enforcement-off', idp: 'google', target: expect.objectContaining({ id: '/Sales', type: 'org-unit' }) })]);
    const recorded = await recordDetection({ idp: 'google', source: context, events: first.events, cursor: first.cursor, config: alerts, repository, now: new Date() });
    expect(recorded.changes.map((change) => [change.alert.rule, change.alert.severity, change.notify])).toEqual([['mfa-disabled', 'critical', true]]);
    const second = await reader.poll(await repository.getCursor(source.meta.sourceId), new Date());
    const again = await recordDetection({ idp: 'google', source: context, events: second.events, cursor: second.cursor, config: alerts, repository, now: new Date() });
    expect(second.events).toHaveLength(1);
    expect(again.fresh).toHaveLength(0);
    expect(again.changes).toHaveLength(0);
  });
});
