/**
 * Alerts benchmark: the seeded demo tenant served by the Okta and Graph simulators, the alert service on the local
 * Redis with an SQLite store, and a signed-webhook receiver. Each sample injects, at a random point of the poll
 * cycle, one MFA-disabling record into each source's audit log (an Okta policy deactivated, an Entra per-user MFA
 * disable) and times injection → webhook delivery. Over the whole run it counts the audit-log requests each
 * watcher made (from the simulators' own request logs), per hour, against each vendor's audit-log rate limit.
 *
 *   npm run bench -- alerts [--interval-seconds 60] [--samples 3]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createChannels } from '../src/alerts/delivery/create-channels.js';
import { AlertService } from '../src/alerts/jobs/alert-service.js';
import { SourceContexts } from '../src/alerts/source-context.js';
import { createAuditLogReader } from '../src/alerts/watch/create-audit-log-reader.js';
import { alertsConfigSchema } from '../src/config/alerts-config.js';
import { appConfigSchema } from '../src/config/app-config.js';
import { silentLogger } from '../src/logger.js';
import { auditInjectionSchema } from '../src/simulators/audit-injection.js';
import { generateDemoTenant } from '../src/simulators/demo/generate-demo-tenant.js';
import { startGraphSimulator } from '../src/simulators/entra/graph-simulator.js';
import { startOktaSimulator } from '../src/simulators/okta/okta-simulator.js';
import { openSnapshot } from '../src/snapshot/snapshot-reader.js';
import { AlertRepository } from '../src/store/alert-repository.js';
import { createStore } from '../src/store/create-store.js';
import { createHistoryStore } from '../src/store/history-store.js';
import { createServer } from 'node:http';

const { values } = parseArgs({ options: { 'interval-seconds': { type: 'string', default: '60' }, samples: { type: 'string', default: '3' } } });
const intervalSeconds = Number(values['interval-seconds']);
const samples = Number(values.samples);
if (!(intervalSeconds >= 1) || !(samples >= 1 && samples <= 20)) throw new Error('--interval-seconds ≥ 1 and --samples 1–20');

const root = await mkdtemp(path.join(os.tmpdir(), 'mfa-alerts-bench-'));
const tenantDirectory = path.join(root, 'tenant');
await generateDemoTenant({ directory: tenantDirectory, seed: 2026, userCount: 500, asOf: new Date(Date.now() - 86_400_000) });
const tenant = await openSnapshot(tenantDirectory);
const token = randomBytes(12).toString('hex');
const okta = await startOktaSimulator(tenant.sources.find((source) => source.meta.connector === 'okta')!.directory, { token });
const entraSource = tenant.sources.find((source) => source.meta.connector === 'entra')!;
const entra = await startGraphSimulator(entraSource.directory, { token });

const arrivals = new Map<string, number>();
const receiver = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  request.on('end', () => {
    const alert = (JSON.parse(body) as { data: { alert: { title: string } } }).data.alert;
    arrivals.set(alert.title, Date.now());
    response.end('ok');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;

const env: NodeJS.ProcessEnv = { ...process.env, BENCH_TOKEN: token, BENCH_SECRET: `whsec_${randomBytes(32).toString('base64')}` };
const config = appConfigSchema.parse({
  organisation: { name: 'Bench' },
  sources: {
    'demo-okta': { connector: 'okta', orgUrl: okta.url, auth: { type: 'api-token', token: { env: 'BENCH_TOKEN' } } },
    'demo-entra': { connector: 'entra', tenantId: entraSource.meta.tenant, graphBaseUrl: entra.url, auth: { type: 'access-token', token: { env: 'BENCH_TOKEN' } } },
  },
});
const alerts = alertsConfigSchema.parse({ enabled: true, watch: { pollIntervalSeconds: intervalSeconds }, channels: [{ id: 'hook', type: 'webhook', url: receiverUrl, secret: { env: 'BENCH_SECRET' } }] });
const store = await createStore({ path: path.join(root, 'store.sqlite') });
const history = createHistoryStore(store.db);
const startedAt = Date.now();
const service = await AlertService.start({
  alerts,
  sources: config.sources,
  connection: { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null },
  prefix: `bench-alerts-${randomBytes(4).toString('hex')}`,
  repository: new AlertRepository(store.db),
  history,
  contexts: new SourceContexts(history),
  channels: await createChannels(alerts, env),
  readerFor: (sourceId) => createAuditLogReader(sourceId, config.sources[sourceId]!, alerts, env),
  logger: silentLogger(),
  now: () => new Date(),
  workers: true,
});

const latencies: Record<string, number[]> = { okta: [], entra: [] };
for (let sample = 0; sample < samples; sample += 1) {
  await new Promise((resolve) => setTimeout(resolve, Math.random() * intervalSeconds * 1000));
  const policyName = `Bench policy ${sample}`;
  const user = `bench-user-${sample}@contoso-demo.onmicrosoft.com`;
  const injectedAt = Date.now();
  okta.auditLog.inject(
    auditInjectionSchema.parse({
      kind: 'raw',
      source: 'demo-okta',
      records: [
        {
          uuid: randomUUID(),
          published: new Date().toISOString(),
          eventType: 'policy.lifecycle.deactivate',
          displayMessage: 'Deactivate policy',
          severity: 'INFO',
          actor: { id: '00ubench', type: 'User', alternateId: 'admin@contoso-demo.example', displayName: 'Admin', detailEntry: null },
          outcome: { result: 'SUCCESS', reason: null },
          target: [{ id: `00pbench${sample}`, type: 'PolicyEntity', alternateId: 'unknown', displayName: policyName, detailEntry: null }],
          debugContext: { debugData: {} },
          legacyEventType: 'core.policy.deactivate',
          transaction: { type: 'WEB', id: randomUUID(), detail: {} },
          version: '0',
          request: { ipChain: [] },
        },
      ],
    }),
  );
  entra.auditLog.inject(
    auditInjectionSchema.parse({
      kind: 'raw',
      source: 'demo-entra',
      records: [
        {
          id: `Directory_bench_${sample}_${randomUUID()}`,
          category: 'UserManagement',
          correlationId: randomUUID(),
          result: 'success',
          resultReason: '',
          activityDisplayName: 'Disable Strong Authentication',
          activityDateTime: new Date().toISOString(),
          loggedByService: 'Core Directory',
          operationType: 'Update',
          initiatedBy: { app: null, user: { id: 'admin-bench', displayName: null, userPrincipalName: 'admin@contoso-demo.onmicrosoft.com', ipAddress: '203.0.113.1', userType: null, homeTenantId: null, homeTenantName: null } },
          targetResources: [{ id: `u-bench-${sample}`, displayName: null, type: 'User', userPrincipalName: user, groupType: null, modifiedProperties: [] }],
          additionalDetails: [],
        },
      ],
    }),
  );
  const deadline = Date.now() + (intervalSeconds * 2 + 30) * 1000;
  const oktaTitle = `MFA disabled in demo-okta: policy "${policyName}" disabled`;
  const entraTitle = `MFA disabled in demo-entra: MFA turned off for ${user}`;
  while ((!arrivals.has(oktaTitle) || !arrivals.has(entraTitle)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  for (const [idp, title] of [['okta', oktaTitle], ['entra', entraTitle]] as const) {
    const at = arrivals.get(title);
    if (at === undefined) throw new Error(`sample ${sample}: no delivery for ${idp} within ${intervalSeconds * 2 + 30} s`);
    latencies[idp]!.push((at - injectedAt) / 1000);
  }
  console.log(`sample ${sample + 1}/${samples}: okta ${latencies.okta!.at(-1)!.toFixed(2)} s, entra ${latencies.entra!.at(-1)!.toFixed(2)} s`);
}
const elapsedHours = (Date.now() - startedAt) / 3_600_000;
await service.close(2000);

const oktaRequests = okta.stats().requests['GET /api/v1/logs'] ?? 0;
const entraRequests = entra.requests.filter((entry) => entry.label === 'GET /auditLogs/directoryAudits').length;
const summary = (list: number[]) => `mean ${(list.reduce((a, b) => a + b, 0) / list.length).toFixed(2)} s, max ${Math.max(...list).toFixed(2)} s`;
console.log(`\npoll interval ${intervalSeconds} s, ${samples} samples (injection at a random point of the cycle)`);
console.log(`injection → webhook delivery: okta ${summary(latencies.okta!)}; entra ${summary(latencies.entra!)}`);
console.log(`audit-log requests over ${(elapsedHours * 60).toFixed(1)} min, per hour:`);
console.log(`  okta  GET /api/v1/logs: ${oktaRequests} → ${(oktaRequests / elapsedHours).toFixed(0)}/h; limit (System Log, Workforce) 120/min = 7,200/h; at most ${10 * (3600 / intervalSeconds)}/h with the 10-page cap`);
console.log(`  entra GET /auditLogs/directoryAudits: ${entraRequests} → ${(entraRequests / elapsedHours).toFixed(0)}/h; limit 5 per 10 s per app per tenant = 1,800/h; at most ${4 * (3600 / intervalSeconds)}/h with the 4-page cap`);

await Promise.all([okta.close(), entra.close(), new Promise<void>((resolve) => receiver.close(() => resolve())), store.close()]);
await rm(root, { recursive: true, force: true });
