/**
 * The whole alert path on real Redis and a real store: the seeded demo tenant served by the Okta and Graph
 * simulators, scanned by the real pipeline and recorded; the watchers poll through the Okta SDK and the Graph SDK;
 * injections reset 40 Okta users' factors (one admin) and switch an Entra CA policy to report-only; a signed
 * webhook receiver and a Slack-format receiver must each get exactly one bulk and one policy alert within one poll
 * interval; churn below the thresholds raises nothing; the next scan's diff updates the two alerts without a new
 * message; a watcher that dies mid-poll and restarts sends nothing twice and misses nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import type { Alert } from '../../src/alerts/alert.js';
import { createChannels } from '../../src/alerts/delivery/create-channels.js';
import { coverageImpactFromHistory } from '../../src/alerts/coverage-impact.js';
import { AlertService } from '../../src/alerts/jobs/alert-service.js';
import { SourceContexts } from '../../src/alerts/source-context.js';
import { createAuditLogReader } from '../../src/alerts/watch/create-audit-log-reader.js';
import { alertsConfigSchema, type AlertsConfig } from '../../src/config/alerts-config.js';
import { appConfigSchema, type AppConfig } from '../../src/config/app-config.js';
import { silentProgress } from '../../src/connectors/connector.js';
import { silentLogger } from '../../src/logger.js';
import { runScan } from '../../src/scan/run-scan.js';
import { auditInjectionSchema } from '../../src/simulators/audit-injection.js';
import { generateDemoTenant } from '../../src/simulators/demo/generate-demo-tenant.js';
import { startGraphSimulator, type RunningGraphSimulator } from '../../src/simulators/entra/graph-simulator.js';
import { startOktaSimulator, type RunningOktaSimulator } from '../../src/simulators/okta/okta-simulator.js';
import { openSnapshot } from '../../src/snapshot/snapshot-reader.js';
import { AlertRepository } from '../../src/store/alert-repository.js';
import { createHistoryStore, type HistoryStore } from '../../src/store/history-store.js';
import { openTestStore, type TestStore } from '../store/test-stores.js';
import { startHttpReceiver, type HttpReceiver } from './local-receivers.js';
import { deleteRedisKeys } from '../redis-keys.js';

// Three seconds keeps Entra's watcher at 3.3 requests per 10 s, inside Graph's 5 per 10 s for audit logs.
const pollIntervalMs = 3000;
const tokenEnv = 'E2E_SIMULATOR_TOKEN';
const token = randomBytes(12).toString('hex');
const secret = `whsec_${randomBytes(32).toString('base64')}`;
const env: NodeJS.ProcessEnv = { ...process.env, [tokenEnv]: token, E2E_HOOK_SECRET: secret };

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('alerts end to end (real Redis, SQLite store, Okta and Graph simulators)', () => {
  let root: string;
  let okta: RunningOktaSimulator;
  let entra: RunningGraphSimulator;
  let test: TestStore;
  let history: HistoryStore;
  let repository: AlertRepository;
  let config: AppConfig;
  let alerts: AlertsConfig;
  let hook: HttpReceiver;
  let slack: HttpReceiver;
  let oktaAdmin: string;
  const prefix = `e2e-alerts-${randomBytes(4).toString('hex')}`;
  const services: AlertService[] = [];
  const polls: Array<{ sourceId: string; startedAt: number; alerts: number }> = [];

  const startService = async (overrides: Partial<Parameters<typeof AlertService.start>[0]> = {}): Promise<AlertService> => {
    const service = await AlertService.start({
      alerts,
      sources: config.sources,
      connection: { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null },
      prefix,
      repository,
      history,
      contexts: new SourceContexts(history),
      channels: await createChannels(alerts, env),
      readerFor: (sourceId) => createAuditLogReader(sourceId, config.sources[sourceId]!, alerts, env),
      impactOf: coverageImpactFromHistory(history),
      logger: silentLogger(),
      now: () => new Date(),
      workers: true,
      onPoll: (sourceId, poll) => polls.push({ sourceId, startedAt: poll.startedAt.getTime(), alerts: poll.alerts }),
      ...overrides,
    });
    services.push(service);
    return service;
  };

  const scanAndRecord = async (runId: string): Promise<void> => {
    const out = path.join(root, runId);
    const scan = await runScan(config, out, { logger: silentLogger(), now: () => new Date(), progress: silentProgress, env });
    const createdAt = scan.report.snapshot.createdAt;
    await history.createRun({ id: runId, trigger: 'manual', createdAt });
    await history.addRunSources(runId, scan.report.sources.map((source) => ({ sourceId: source.sourceId, connector: source.connector, tenant: source.tenant })), createdAt);
    for (const source of scan.report.sources) await history.updateSourceProgress(runId, source.sourceId, { status: source.status }, createdAt);
    await history.recordReport(runId, scan.report, out, new Date().toISOString());
  };

  const byRule = async (): Promise<Record<string, Alert[]>> => {
    const { items } = await repository.listAlerts({}, { limit: 100 });
    const grouped: Record<string, Alert[]> = {};
    for (const alert of items) (grouped[alert.rule] ??= []).push(alert);
    return grouped;
  };

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'mfa-alerts-e2e-'));
    const tenantDirectory = path.join(root, 'tenant');
    // Dated a day back: the tenant's own System Log history falls outside the watchers' first look-back.
    await generateDemoTenant({ directory: tenantDirectory, seed: 2026, userCount: 500, asOf: new Date(Date.now() - 86_400_000) });
    const tenant = await openSnapshot(tenantDirectory);
    const oktaSource = tenant.sources.find((source) => source.meta.connector === 'okta')!;
    const entraSource = tenant.sources.find((source) => source.meta.connector === 'entra')!;
    okta = await startOktaSimulator(oktaSource.directory, { token });
    entra = await startGraphSimulator(entraSource.directory, { token });
    config = appConfigSchema.parse({
      organisation: { name: 'E2E' },
      sources: {
        [oktaSource.meta.sourceId]: { connector: 'okta', orgUrl: okta.url, auth: { type: 'api-token', token: { env: tokenEnv } } },
        [entraSource.meta.sourceId]: { connector: 'entra', tenantId: entraSource.meta.tenant, graphBaseUrl: entra.url, auth: { type: 'access-token', token: { env: tokenEnv } } },
      },
    });
    hook = await startHttpReceiver();
    slack = await startHttpReceiver();
    alerts = alertsConfigSchema.parse({
      enabled: true,
      watch: { pollIntervalSeconds: pollIntervalMs / 1000 },
      apiBaseUrl: 'http://127.0.0.1:8080',
      channels: [
        { id: 'hook', type: 'webhook', url: `${hook.url}/hook`, secret: { env: 'E2E_HOOK_SECRET' } },
        { id: 'slack', type: 'slack', url: { env: 'E2E_SLACK_URL' } },
      ],
      delivery: { attempts: 3, backoffMs: 200, timeoutMs: 2000 },
    });
    env.E2E_SLACK_URL = `${slack.url}/services/T0/B0/secret`;
    test = await openTestStore('sqlite');
    history = createHistoryStore(test.store.db);
    repository = new AlertRepository(test.store.db);
    await scanAndRecord('run-1');
    const admins = await history.listVerdicts('run-1', { sourceId: oktaSource.meta.sourceId, privileged: true }, { limit: 1 });
    oktaAdmin = admins.items[0]?.login ?? 'admin@example.com';
  }, 180_000);

  afterAll(async () => {
    for (const service of services) await service.close(1000);
    await okta?.close();
    await entra?.close();
    await hook?.close();
    await slack?.close();
    await test?.dispose();
    await rm(root, { recursive: true, force: true });
    await deleteRedisKeys(prefix);
  });

  it('delivers exactly one bulk alert and one policy alert within one poll interval, then confirms both by the scan diff', async () => {
    const service = await startService();
    // The first polls set the cursors (nothing in the look-back yet).
    await waitFor(async () => (await repository.getCursor('demo-okta')) !== undefined && (await repository.getCursor('demo-entra')) !== undefined, 10_000);
    expect(hook.received).toHaveLength(0);

    const injectedAt = Date.now();
    okta.auditLog.inject(auditInjectionSchema.parse({ kind: 'okta-factor-reset', source: 'demo-okta', actor: oktaAdmin, count: 40 }));
    entra.auditLog.inject(auditInjectionSchema.parse({ kind: 'entra-ca-report-only', source: 'demo-entra' }));
    await waitFor(() => hook.received.length >= 2 && slack.received.length >= 2, pollIntervalMs * 3);
    // Within one poll interval: each alert was raised by a poll that started less than one interval (plus the
    // scheduler's slack on a loaded machine) after the injection; raw delivery timing is left to the benchmark.
    for (const sourceId of ['demo-okta', 'demo-entra']) {
      const raising = polls.filter((poll) => poll.sourceId === sourceId && poll.alerts > 0);
      expect(raising).toHaveLength(1);
      expect(raising[0]!.startedAt - injectedAt).toBeLessThanOrEqual(pollIntervalMs + 2000);
    }
    const latestArrival = Math.max(...[...hook.received, ...slack.received].map((request) => request.at));
    expect(latestArrival - injectedAt).toBeLessThan(pollIntervalMs * 2);
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs * 1.5));
    expect(hook.received).toHaveLength(2);
    expect(slack.received).toHaveLength(2);

    const verifier = new Webhook(secret);
    const bodies = hook.received.map((request) =>
      verifier.verify(request.body, {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      }) as { type: string; data: { alert: Alert } },
    );
    const rules = bodies.map((body) => body.data.alert.rule).sort();
    expect(rules).toEqual(['bulk-unenrollment', 'mfa-disabled']);
    const bulk = bodies.find((body) => body.data.alert.rule === 'bulk-unenrollment')!.data.alert;
    expect(bulk).toMatchObject({ severity: 'critical', sourceId: 'demo-okta' });
    expect(bulk.accounts).toHaveLength(40);
    expect(bulk.actors[0]).toMatchObject({ login: oktaAdmin, accounts: 40 });
    const policy = bodies.find((body) => body.data.alert.rule === 'mfa-disabled')!.data.alert;
    expect(policy.title).toMatch(/switched to report-only/);
    expect(policy.coverageImpact).toMatchObject({ method: 'reanalysis' });
    expect(policy.coverageImpact!.accountsLosingCoverage).toBeGreaterThan(0);
    const slackTexts = slack.received.map((request) => (JSON.parse(request.body) as { text: string }).text).sort();
    expect(slackTexts[0]).toMatch(/^\[critical\] Bulk MFA unenrollment in demo-okta: 40 accounts/);

    // Churn below both thresholds in Entra: three users remove one method each.
    const churn = [1, 2, 3].map((index) => ({
      id: `Directory_churn_${index}`,
      category: 'UserManagement',
      correlationId: `c${index}`,
      result: 'success',
      resultReason: '',
      activityDisplayName: 'User deleted security info',
      activityDateTime: new Date().toISOString(),
      loggedByService: 'Authentication Methods',
      operationType: 'Delete',
      initiatedBy: { app: null, user: { id: `u-churn-${index}`, displayName: null, userPrincipalName: `churn${index}@contoso-demo.onmicrosoft.com`, ipAddress: '203.0.113.1', userType: null, homeTenantId: null, homeTenantName: null } },
      targetResources: [{ id: `u-churn-${index}`, displayName: null, type: 'User', userPrincipalName: `churn${index}@contoso-demo.onmicrosoft.com`, groupType: null, modifiedProperties: [] }],
      additionalDetails: [{ key: 'AuthenticationMethod', value: 'Phone' }],
    }));
    entra.auditLog.inject(auditInjectionSchema.parse({ kind: 'raw', source: 'demo-entra', records: churn }));
    await waitFor(async () => (await repository.unseen('demo-entra', ['Directory_churn_3'])).size === 0, pollIntervalMs * 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(Object.values(await byRule()).flat()).toHaveLength(2);
    expect(hook.received).toHaveLength(2);

    // The next scan sees the same changes: the diff updates both alerts and sends nothing.
    await scanAndRecord('run-2');
    await service.onRunRecorded('run-2');
    await waitFor(async () => Object.values(await byRule()).flat().every((alert) => alert.detectors.includes('scan-diff')), 30_000);
    const grouped = await byRule();
    expect(grouped['bulk-unenrollment']).toHaveLength(1);
    expect(grouped['mfa-disabled']).toHaveLength(1);
    expect(grouped['bulk-unenrollment']![0]!.accounts).toHaveLength(40);
    expect(grouped['bulk-unenrollment']![0]!.detectors).toEqual(['audit-log', 'scan-diff']);
    // The re-analysis predicted exactly the coverage the next scan found lost.
    const covered = async (runId: string): Promise<Set<string>> =>
      new Set((await history.listVerdicts(runId, { sourceId: 'demo-entra', covered: 'yes' }, { limit: 10_000 })).items.filter((verdict) => verdict.covered === 'yes').map((verdict) => verdict.accountId));
    const [coveredBefore, coveredAfter] = [await covered('run-1'), await covered('run-2')];
    expect(grouped['mfa-disabled']![0]!.coverageImpact!.accountsLosingCoverage).toBe([...coveredBefore].filter((id) => !coveredAfter.has(id)).length);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(hook.received).toHaveLength(2);
    expect(slack.received).toHaveLength(2);
    await service.close(1000);
    services.splice(services.indexOf(service), 1);
  }, 120_000);

  it('a watcher killed mid-poll and restarted sends nothing twice and misses nothing', async () => {
    const before = hook.received.length;
    // A repository whose commit dies once, as a process killed between reading the log and recording: the cursor stays put.
    let killNext = true;
    const dying = Object.create(repository) as AlertRepository;
    dying.recordDetection = async (batch) => {
      if (killNext && batch.events.length > 0) {
        killNext = false;
        throw new Error('killed mid-poll');
      }
      return repository.recordDetection(batch);
    };
    const first = await startService({ repository: dying, workers: false });
    entra.auditLog.inject(
      auditInjectionSchema.parse({
        kind: 'raw',
        source: 'demo-entra',
        records: [
          {
            id: 'Directory_kill_1',
            category: 'UserManagement',
            correlationId: 'kill-1',
            result: 'success',
            resultReason: '',
            activityDisplayName: 'Disable Strong Authentication',
            activityDateTime: new Date().toISOString(),
            loggedByService: 'Core Directory',
            operationType: 'Update',
            initiatedBy: { app: null, user: { id: 'u-admin', displayName: null, userPrincipalName: 'admin@contoso-demo.onmicrosoft.com', ipAddress: '203.0.113.1', userType: null, homeTenantId: null, homeTenantName: null } },
            targetResources: [{ id: 'u-victim', displayName: null, type: 'User', userPrincipalName: 'victim@contoso-demo.onmicrosoft.com', groupType: null, modifiedProperties: [] }],
            additionalDetails: [],
          },
        ],
      }),
    );
    await expect(first.pollSource('demo-entra')).rejects.toThrow('killed mid-poll');
    await first.close(500);
    services.splice(services.indexOf(first), 1);
    // Restarted: the same events are read again from the unmoved cursor and recorded once.
    await startService();
    await waitFor(() => hook.received.length >= before + 1, pollIntervalMs * 3);
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    expect(hook.received.length).toBe(before + 1);
    const ids = hook.received.map((request) => String(request.headers['webhook-id']));
    expect(new Set(ids).size).toBe(ids.length);
  }, 60_000);
});
