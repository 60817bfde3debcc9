/**
 * Okta scan benchmark: a 20,000-user org served by the simulator at its default (Workforce Identity) limits,
 * scanned through the real SDK. Prints requests per endpoint against the minimum possible, wall time against the
 * rate-limit lower bound at the configured share, and the peak share of any bucket's budget used in one window;
 * then rescans after 1% of the users changed, incrementally.
 *
 * Scanner and simulator share a clock that runs `--time-scale` times faster than real time (10 by default), so a
 * 34-minute Okta scan takes a few real minutes; all figures are in simulated time, as Okta would see them.
 *
 * `--auth private-key` scans as an OAuth service app (private_key_jwt) instead of with an SSWS token, and
 * `--token-ttl-seconds` shortens the simulator's access-token lifetime so that the scan has to renew it.
 *
 *   npx tsx bench/okta-scan.bench.ts [--users 20000] [--time-scale 10] [--share 0.5] [--latency-ms 40]
 *     [--auth api-token|private-key] [--token-ttl-seconds 3600]
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { silentProgress } from '../src/connectors/connector.js';
import { collectOkta, type OktaCollectResult } from '../src/connectors/okta/collect-okta.js';
import { scaledClock, type Clock } from '../src/connectors/okta/okta-clock.js';
import { oktaConfigSchema } from '../src/connectors/okta/okta-config.js';
import { oktaEndpoints, oktaScopes, pageSizes } from '../src/connectors/okta/okta-endpoints.js';
import { createLogger } from '../src/logger.js';
import { openRawSource, type RawSource } from '../src/snapshot/snapshot-reader.js';
import type { SourceMeta } from '../src/snapshot/snapshot-format.js';
import { SnapshotWriter } from '../src/snapshot/snapshot-writer.js';
import { buildDemoOktaOrg } from '../src/simulators/okta/demo-okta-org.js';
import { oktaFactor, oktaLogEvent, oktaUser, recordOktaOrg, type OktaOrgFixture } from '../src/simulators/okta/okta-org-fixture.js';
import { startOktaSimulator, type OktaSimulatorStats } from '../src/simulators/okta/okta-simulator.js';
import { simulatorBucketOf, type SimulatorBucket } from '../src/simulators/okta/okta-rate-limiter.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '20000' },
    'time-scale': { type: 'string', default: '10' },
    share: { type: 'string', default: '0.5' },
    'latency-ms': { type: 'string', default: '40' },
    'changed-percent': { type: 'string', default: '1' },
    auth: { type: 'string', default: 'api-token' },
    'token-ttl-seconds': { type: 'string', default: '3600' },
  },
});
const userCount = Number(values.users);
const timeScale = Number(values['time-scale']);
const share = Number(values.share);
const latencyMs = Number(values['latency-ms']);
const changedPercent = Number(values['changed-percent']);
const token = 'bench-token';
const authMode = values.auth;
if (authMode !== 'api-token' && authMode !== 'private-key') throw new Error(`--auth is api-token or private-key, not ${authMode}`);
const tokenTtlSeconds = Number(values['token-ttl-seconds']);
const serviceApp = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    clientId: '0oabenchscanner',
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
})();
const authConfig =
  authMode === 'api-token'
    ? { type: 'api-token', token: { env: 'OKTA_BENCH_TOKEN' } }
    : { type: 'private-key', clientId: serviceApp.clientId, privateKey: { env: 'OKTA_BENCH_KEY' } };

/** The demo org's policies, groups and admins, grown to `userCount` users with the demo's factor mix. */
function benchOrg(): OktaOrgFixture {
  const { org } = buildDemoOktaOrg({ seed: 2025, userCount: Math.min(userCount, 2000) });
  const extra = userCount - org.users.length;
  for (let index = 0; index < extra; index += 1) {
    const id = `00ubench${String(index).padStart(7, '0')}`;
    const status = index % 100 === 7 ? 'DEPROVISIONED' : index % 100 === 8 ? 'SUSPENDED' : 'ACTIVE';
    org.users.push(oktaUser({ id, login: `bench${index}@contoso-demo.example`, status, lastUpdated: '2025-01-01T00:00:00.000Z' }));
    if (status !== 'DEPROVISIONED') org.factors.set(id, index % 5 === 0 ? [oktaFactor(id, 'webauthn')] : [oktaFactor(id, 'push'), oktaFactor(id, 'token:software:totp', 'ACTIVE', 1)]);
    if (index % 10 === 3) org.groupMembers.get('00gofficestaff')?.push(id);
  }
  return org;
}

async function writeOrg(parent: string, name: string, org: OktaOrgFixture): Promise<string> {
  const writer = await SnapshotWriter.create(path.join(parent, name), { now: () => new Date(), scannerVersion: 'bench' });
  await writer.recordSource({ sourceId: 'okta', connector: 'okta', tenant: 'https://bench.okta.com' }, (recorder) => recordOktaOrg(recorder, org));
  await writer.commit();
  return path.join(parent, name, 'sources', 'okta');
}

interface ScanRun {
  startedAt: number;
  source: RawSource;
  meta: SourceMeta;
  stats: OktaSimulatorStats;
  result: OktaCollectResult;
  simulatedMs: number;
  realMs: number;
  limits: Record<SimulatorBucket, number>;
  url: string;
}

async function scan(orgDirectory: string, parent: string, name: string, clock: Clock, options: { previous?: RawSource; port?: number } = {}): Promise<ScanRun> {
  const simulator = await startOktaSimulator(orgDirectory, {
    token,
    clock,
    latencyMs,
    oauthClients: [{ clientId: serviceApp.clientId, publicKey: serviceApp.publicKeyPem, scopes: [...oktaScopes] }],
    accessTokenTtlSeconds: tokenTtlSeconds,
    ...(options.port ? { port: options.port } : {}),
  });
  try {
    const config = oktaConfigSchema.parse({ connector: 'okta', orgUrl: simulator.url, auth: authConfig, rateLimit: { budgetShare: share } });
    const writer = await SnapshotWriter.create(path.join(parent, name), { now: () => new Date(clock.now()), scannerVersion: 'bench' });
    const startedSimulated = clock.now();
    const startedReal = performance.now();
    let result: OktaCollectResult | undefined;
    const meta = await writer.recordSource({ sourceId: 'okta', connector: 'okta', tenant: config.orgUrl }, async (recorder) => {
      result = await collectOkta(
        config,
        recorder,
        {
          logger: createLogger({ level: 'error' }),
          now: () => new Date(clock.now()),
          progress: silentProgress,
          env: { OKTA_BENCH_TOKEN: token, OKTA_BENCH_KEY: serviceApp.privateKeyPem },
          ...(options.previous ? { previous: options.previous } : {}),
        },
        { clock },
      );
    });
    const simulatedMs = clock.now() - startedSimulated;
    const realMs = performance.now() - startedReal;
    await writer.commit();
    if (!result) throw new Error(`scan failed: ${JSON.stringify(meta.errors)}`);
    return { startedAt: startedSimulated, source: await openRawSource(path.join(parent, name, 'sources', 'okta')), meta, stats: simulator.stats(), result, simulatedMs, realMs, limits: simulator.limits, url: simulator.url };
  } finally {
    await simulator.close();
  }
}

/** The fewest requests that can read this org: each listing at Okta's maximal page size, one factor call per user who can sign in. */
function minimumRequests(org: OktaOrgFixture): Record<string, number> {
  const pages = (count: number, size: number): number => Math.max(1, Math.ceil(count / size));
  const deprovisioned = org.users.filter((user) => user.status === 'DEPROVISIONED').length;
  const fetchable = org.users.filter((user) => ['ACTIVE', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'RECOVERY', 'SUSPENDED'].includes(String(user.status))).length;
  const policies = org.signOnPolicies.length + org.accessPolicies.length + org.mfaEnrollPolicies.length;
  const referencedGroups = new Set<string>();
  for (const rules of org.rules.values()) {
    for (const rule of rules as Array<{ conditions?: { people?: { groups?: { include?: string[]; exclude?: string[] } } } }>) {
      for (const id of [...(rule.conditions?.people?.groups?.include ?? []), ...(rule.conditions?.people?.groups?.exclude ?? [])]) referencedGroups.add(id);
    }
  }
  for (const policy of org.signOnPolicies as Array<{ conditions?: { people?: { groups?: { include?: string[] } } } }>) {
    for (const id of policy.conditions?.people?.groups?.include ?? []) referencedGroups.add(id);
  }
  for (const id of org.groupRoles.keys()) referencedGroups.add(id);
  const memberPages = [...referencedGroups].filter((id) => org.groupMembers.has(id)).reduce((sum, id) => sum + pages(org.groupMembers.get(id)?.length ?? 0, pageSizes.groupMembers), 0);
  return {
    [oktaEndpoints.users.label]: pages(org.users.length - deprovisioned, pageSizes.users),
    [oktaEndpoints.deprovisionedUsers.label]: pages(deprovisioned, pageSizes.users),
    [oktaEndpoints.factors.label]: fetchable,
    [oktaEndpoints.roleAssignees.label]: pages(org.userRoles.size, pageSizes.roleAssignees),
    [oktaEndpoints.userRoles.label]: org.userRoles.size,
    [oktaEndpoints.groupRoles.label]: org.groupRoles.size,
    [oktaEndpoints.groups.label]: referencedGroups.size,
    [oktaEndpoints.groupMembers.label]: memberPages,
    [oktaEndpoints.signOnPolicies.label]: 1,
    [oktaEndpoints.accessPolicies.label]: 1,
    [oktaEndpoints.mfaEnrollPolicies.label]: 1,
    [oktaEndpoints.policyRules.label]: policies,
    [oktaEndpoints.policyApps.label]: org.accessPolicies.length,
    [oktaEndpoints.appUsers.label]: [...org.appUsers.values()].reduce((sum, users) => sum + pages(users.length, pageSizes.appUsers), 0),
    [oktaEndpoints.networkZones.label]: 1,
    [oktaEndpoints.authenticators.label]: 1,
    [oktaEndpoints.systemLog.label]: pages(org.logEvents.length, pageSizes.systemLog),
  };
}

/** Minutes the requests need at `share` of each bucket's limit: the busiest bucket sets the bound. */
function lowerBoundMinutes(requests: Record<string, number>, limits: Record<SimulatorBucket, number>): { minutes: number; bucket: string } {
  const perBucket = new Map<SimulatorBucket, number>();
  for (const [label, count] of Object.entries(requests)) {
    const [method = 'GET', pathTemplate = '/'] = label.replace(/\?.*$/, '').split(' ');
    const bucket = simulatorBucketOf(method, pathTemplate.replace(/\{id\}/g, 'x'));
    perBucket.set(bucket, (perBucket.get(bucket) ?? 0) + count);
  }
  let worst = { minutes: 0, bucket: '' };
  for (const [bucket, count] of perBucket) {
    const minutes = count / (share * limits[bucket]);
    if (minutes > worst.minutes) worst = { minutes, bucket };
  }
  return worst;
}

function peakShares(stats: OktaSimulatorStats): string {
  const peaks = Object.entries(stats.peakShare).sort(([a], [b]) => a.localeCompare(b));
  return peaks.map(([bucket, peak]) => `${bucket} ${(100 * (peak ?? 0)).toFixed(1)}%`).join(', ');
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const parent = await mkdtemp(path.join(tmpdir(), 'okta-bench-'));
  try {
    const clock = scaledClock(timeScale);
    const org = benchOrg();
    const orgDirectory = await writeOrg(parent, 'org-v1', org);
    console.log(
      `Okta scan benchmark: ${org.users.length} users, simulator defaults (Workforce Identity limits, 75 concurrent), share ${share}, ${latencyMs} ms simulated latency, clock ×${timeScale}, auth ${authMode}${authMode === 'private-key' ? ` (access tokens live ${tokenTtlSeconds} s)` : ''}`,
    );

    const first = await scan(orgDirectory, parent, 'scan-1', clock);
    const minimum = minimumRequests(org);
    const rows = [['endpoint', 'requests', 'minimum', 'extra']];
    for (const [label, min] of Object.entries(minimum)) {
      const made = first.meta.requests[label] ?? 0;
      rows.push([label, String(made), String(min), String(made - min)]);
    }
    for (const [label, made] of Object.entries(first.meta.requests)) if (!(label in minimum)) rows.push([label, String(made), '-', '-']);
    console.log(`\nFull scan (${first.result.mode}, status ${first.meta.status}):\n${table(rows)}`);
    const bound = lowerBoundMinutes(minimum, first.limits);
    const minutes = first.simulatedMs / 60_000;
    // Okta's windows are fixed minutes: a scan starting mid-window may spend that window's whole share at once,
    // so the absolute floor is the start of the last window it needs, counted from the scan's start.
    const quota = Math.floor(share * (first.limits[bound.bucket as SimulatorBucket] ?? 1));
    const busiest = Math.round(bound.minutes * quota);
    const phaseMs = first.startedAt % 60_000;
    const windowFloor = Math.max(0, (Math.ceil(busiest / quota) - 1) * 60_000 - phaseMs) / 60_000;
    console.log(
      `\nwall time ${minutes.toFixed(2)} min simulated (${(first.realMs / 1000).toFixed(1)} s real); rate-limit lower bound at ${share * 100}% share: ${bound.minutes.toFixed(2)} min (bucket ${bound.bucket}, ${busiest} requests at ${quota}/min); ratio ${(minutes / bound.minutes).toFixed(3)}`,
    );
    console.log(`(absolute floor with fixed one-minute windows and this start phase: ${windowFloor.toFixed(2)} min)`);
    console.log(`peak share of a bucket's per-minute budget used in one window: ${peakShares(first.stats)}`);
    console.log(`429 answers: ${first.stats.rejected.rate} rate, ${first.stats.rejected.concurrency} concurrency; peak requests in flight ${first.result.peakInFlight}`);
    if (authMode === 'private-key') {
      // One token per lifetime is the floor; the scan renews 5 minutes before expiry, or at half-life if sooner.
      const fewest = Math.ceil(first.simulatedMs / (tokenTtlSeconds * 1000));
      console.log(`access tokens: ${first.meta.requests['POST /oauth2/v1/token'] ?? 0} token requests (${first.stats.tokensIssued} issued) for ${tokenTtlSeconds} s tokens; at least ${fewest} needed`);
    }

    // 1% of users change: half edit their profile (lastUpdated), half enrol a factor (System Log event).
    const changed = structuredClone(org) as OktaOrgFixture;
    const candidates = changed.users.filter((user) => user.status === 'ACTIVE');
    const changes = Math.round((changedPercent / 100) * org.users.length);
    const published = new Date(clock.now()).toISOString();
    for (let index = 0; index < changes; index += 1) {
      const user = candidates[(index * 97) % candidates.length];
      if (!user) continue;
      const id = String(user.id);
      if (index % 2 === 0) {
        user.lastUpdated = published;
      } else {
        changed.factors.set(id, [...(changed.factors.get(id) ?? []), oktaFactor(id, 'sms', 'ACTIVE', 9)]);
        changed.logEvents.push(oktaLogEvent({ uuid: `bench-evt-${index}`, published, eventType: 'user.mfa.factor.activate', actorId: id, targets: [{ id, type: 'User' }] }));
      }
    }
    const changedDirectory = await writeOrg(parent, 'org-v2', changed);
    const second = await scan(changedDirectory, parent, 'scan-2', clock, { previous: first.source, port: Number(new URL(first.url).port) });
    const userPages = (second.meta.requests[oktaEndpoints.users.label] ?? 0) + (second.meta.requests[oktaEndpoints.deprovisionedUsers.label] ?? 0);
    const logPages = second.meta.requests[oktaEndpoints.systemLog.label] ?? 0;
    // The service app's token request is not a read of the org, and draws on its own bucket: shown apart.
    const tokenRequests = second.meta.requests['POST /oauth2/v1/token'] ?? 0;
    const total = Object.values(second.meta.requests).reduce((sum, count) => sum + count, 0) - tokenRequests;
    const budget = userPages + changes + logPages;
    console.log(`\nIncremental rescan after ${changes} users (${changedPercent}%) changed (${second.result.mode}, status ${second.meta.status}):`);
    console.log(table([['endpoint', 'requests'], ...Object.entries(second.meta.requests).map(([label, count]) => [label, String(count)])]));
    console.log(
      `total ${total} requests ≤ user pages ${userPages} + changed users ${changes} + log pages ${logPages} = ${budget}: ${total <= budget ? 'yes' : 'NO'}${tokenRequests > 0 ? ` (and ${tokenRequests} token request(s))` : ''}; wall time ${(second.simulatedMs / 60_000).toFixed(2)} min simulated`,
    );
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
}

await main();
