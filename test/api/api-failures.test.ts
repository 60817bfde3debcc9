/**
 * What the API answers when something behind it fails: /ready names the dependency that is down, a scan that
 * cannot be queued is 503 QUEUE_UNAVAILABLE, and an unexpected error is 500 INTERNAL whose details stay in the log.
 */
import { readFile } from 'node:fs/promises';
import { parseAppConfig, type AppConfig } from '../../src/config/app-config.js';
import { demoConfigFile } from '../../src/demo/run-demo.js';
import { QueueError } from '../../src/errors.js';
import { bearer, openApiHarness, type ApiHarness } from './api-harness.js';

let config: AppConfig;
let harness: ApiHarness | undefined;

beforeAll(async () => {
  config = parseAppConfig(await readFile(demoConfigFile, 'utf8'), 'demo.yaml');
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('API failures', () => {
  it('is not ready while Redis cannot be reached, and says so without hanging', async () => {
    harness = await openApiHarness('sqlite', config, { redis: { host: '127.0.0.1', port: 1 } });
    const started = Date.now();
    const response = await harness.app.inject({ url: '/ready' });
    expect(Date.now() - started).toBeLessThan(4500);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: { code: 'NOT_READY', message: expect.stringContaining('queue') } });
    expect(response.json<{ error: { message: string } }>().error.message).not.toContain('store');
    expect((await harness.app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('is not ready once the store is closed', async () => {
    harness = await openApiHarness('postgres', config);
    expect((await harness.app.inject({ url: '/ready' })).statusCode).toBe(200);
    const other = await openApiHarness('sqlite', config);
    try {
      await other.opened.dispose();
      const response = await other.app.inject({ url: '/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ error: { code: 'NOT_READY', message: expect.stringContaining('store') } });
    } finally {
      await other.app.close();
      await other.queue.close();
    }
  });

  it('answers 503 QUEUE_UNAVAILABLE when the scan cannot be queued, and 500 INTERNAL without details for anything unexpected', async () => {
    let failure: Error = new QueueError('Redis at redis://127.0.0.1:6390 cannot be reached.');
    harness = await openApiHarness('sqlite', config, {
      launcher: () => ({
        start: async () => {
          throw failure;
        },
      }),
    });
    const runner = await harness.token(['scans:run']);
    const unavailable = await harness.app.inject({ method: 'POST', url: '/v1/scans', headers: bearer(runner) });
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.json()).toMatchObject({ error: { code: 'QUEUE_UNAVAILABLE' } });
    expect(unavailable.headers['retry-after']).toBe('5');

    failure = new TypeError('column "secret_internal_detail" does not exist');
    const broken = await harness.app.inject({ method: 'POST', url: '/v1/scans', headers: bearer(runner) });
    expect(broken.statusCode).toBe(500);
    expect(broken.json()).toEqual({ error: { code: 'INTERNAL', message: expect.any(String), requestId: broken.headers['x-request-id'] } });
    expect(broken.body).not.toContain('secret_internal_detail');
    const logged = harness.logLines.find((line) => line.includes('secret_internal_detail'));
    expect(logged).toContain(String(broken.headers['x-request-id']));
  });
});
