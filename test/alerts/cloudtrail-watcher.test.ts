/**
 * The AWS watcher through @aws-sdk/client-cloudtrail against the AWS simulator's LookupEvents: an injected MFA device
 * deactivation is read (and the device is gone from ListMFADevices), re-reading the look-back records nothing twice,
 * and LookupEvents' 2 requests per second per account are enforced and reported as throttling.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { recordDetection } from '../../src/alerts/record-detection.js';
import { createCloudTrailReader } from '../../src/alerts/watch/cloudtrail-reader.js';
import type { AuditLogReader } from '../../src/alerts/watch/audit-log-reader.js';
import { alertsConfigSchema } from '../../src/config/alerts-config.js';
import { awsConfigSchema } from '../../src/connectors/aws/aws-config.js';
import { awsEndpoints } from '../../src/connectors/aws/aws-endpoints.js';
import { auditInjectionSchema } from '../../src/simulators/audit-injection.js';
import { generateDemoTenant } from '../../src/simulators/demo/generate-demo-tenant.js';
import { startAwsSimulator, type RunningAwsSimulator } from '../../src/simulators/aws/aws-simulator.js';
import { openSnapshot, type RawSource } from '../../src/snapshot/snapshot-reader.js';
import { AlertRepository } from '../../src/store/alert-repository.js';
import { openTestStore, type TestStore } from '../store/test-stores.js';

const env = { AWS_SIM_KEY: 'AKIASIMULATEDKEY0001' };

describe('CloudTrail watcher', () => {
  let root: string;
  let aws: RunningAwsSimulator;
  let source: RawSource;
  let reader: AuditLogReader;
  let test: TestStore;
  let userWithDevice: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'mfa-cloudtrail-'));
    await generateDemoTenant({ directory: path.join(root, 'tenant'), seed: 11, userCount: 200, asOf: new Date(Date.now() - 86_400_000) });
    const tenant = await openSnapshot(path.join(root, 'tenant'));
    source = tenant.sources.find((candidate) => candidate.meta.connector === 'aws')!;
    aws = await startAwsSimulator(source.directory, { token: env.AWS_SIM_KEY });
    for await (const { value } of source.lines(awsEndpoints.mfaDevices.name)) {
      const line = value as { key: string; body?: { MFADevices?: unknown[] } };
      if ((line.body?.MFADevices?.length ?? 0) > 0) {
        userWithDevice = line.key;
        break;
      }
    }
    const config = awsConfigSchema.parse({ connector: 'aws', accountId: source.meta.tenant, endpoint: aws.url, credentials: { type: 'static', accessKeyId: { env: 'AWS_SIM_KEY' }, secretAccessKey: { env: 'AWS_SIM_KEY' } } });
    reader = await createCloudTrailReader({ sourceId: source.meta.sourceId, config, env, lookBackMinutes: 30 });
    test = await openTestStore('sqlite');
  }, 120_000);

  afterAll(async () => {
    await reader?.close?.();
    await aws?.close();
    await test?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('reads an injected DeactivateMFADevice once, through the SDK', async () => {
    expect(userWithDevice).toBeDefined();
    aws.auditLog.inject(auditInjectionSchema.parse({ kind: 'aws-mfa-deactivate', source: source.meta.sourceId, userName: userWithDevice, actor: 'ops-admin' }));
    const first = await reader.poll(undefined, new Date());
    expect(first.events).toEqual([expect.objectContaining({ kind: 'factor-removed', idp: 'aws', vendorEventName: 'DeactivateMFADevice', target: expect.objectContaining({ login: userWithDevice }) })]);
    const repository = new AlertRepository(test.store.db);
    const alerts = alertsConfigSchema.parse({});
    const context = { sourceId: source.meta.sourceId, registeredAccounts: null, privileged: new Set<string>() };
    const recorded = await recordDetection({ idp: 'aws', source: context, events: first.events, cursor: first.cursor, config: alerts, repository, now: new Date() });
    expect(recorded.fresh).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // The next poll re-reads the look-back window: the same event comes back and is dropped as seen.
    const second = await reader.poll(await repository.getCursor(source.meta.sourceId), new Date());
    expect(second.events.map((event) => event.vendorEventId)).toEqual(first.events.map((event) => event.vendorEventId));
    const again = await recordDetection({ idp: 'aws', source: context, events: second.events, cursor: second.cursor, config: alerts, repository, now: new Date() });
    expect(again.fresh).toHaveLength(0);
  });

  it('enforces 2 LookupEvents per second per account', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const client = new CloudTrailClient({ region: 'us-east-1', endpoint: aws.url, maxAttempts: 1, credentials: { accessKeyId: env.AWS_SIM_KEY, secretAccessKey: env.AWS_SIM_KEY } });
    const outcomes = await Promise.all([1, 2, 3].map(() => client.send(new LookupEventsCommand({ MaxResults: 5 })).then(() => 'ok', (error: { name: string }) => error.name)));
    client.destroy();
    expect(outcomes.sort()).toEqual(['ThrottlingException', 'ok', 'ok']);
  });
});
