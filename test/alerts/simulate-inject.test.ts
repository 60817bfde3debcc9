/**
 * `mfa-coverage simulate --tenant DIR --inject FILE` as a user runs it: the injections happen while the simulators
 * serve, and the Okta System Log then serves the vendor-shaped events to a polling request; a bad injection file is
 * refused naming the file and field.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadInjectionFile } from '../../src/simulators/audit-injection.js';
import { generateDemoTenant } from '../../src/simulators/demo/generate-demo-tenant.js';

const run = promisify(execFile);
const cli = ['--import', 'tsx', 'src/cli/main.ts'];
const created: string[] = [];

afterAll(async () => {
  await Promise.all(created.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('simulate --inject', () => {
  it('refuses a malformed injection file, naming the file and field', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'mfa-inject-'));
    created.push(directory);
    const file = path.join(directory, 'inject.yaml');
    await writeFile(file, 'injections:\n  - kind: okta-factor-reset\n    source: demo-okta\n    count: 0\n');
    await expect(loadInjectionFile(file)).rejects.toThrow(/inject\.yaml: field injections\.0\.count/);
    const failed = await run(process.execPath, [...cli, 'simulate', '--tenant', directory, '--inject', file], { env: { ...process.env, LOG_LEVEL: 'silent' } }).catch((error: unknown) => error as { code: number; stderr: string });
    expect((failed as { code: number }).code).toBe(2);
  }, 60_000);

  it('applies a bulk factor reset to the served Okta org, visible to a System Log poll', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'mfa-inject-'));
    created.push(directory);
    const tenant = path.join(directory, 'tenant');
    await generateDemoTenant({ directory: tenant, seed: 7, userCount: 400, asOf: new Date(Date.now() - 86_400_000) });
    const file = path.join(directory, 'inject.yaml');
    await writeFile(file, 'injections:\n  - kind: okta-factor-reset\n    source: demo-okta\n    count: 5\n    afterSeconds: 1\n');
    const child = spawn(process.execPath, [...cli, 'simulate', '--tenant', tenant, '--inject', file], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    try {
      const deadline = Date.now() + 100_000;
      while (!stdout.includes('injected okta-factor-reset') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stdout).toContain('injected okta-factor-reset into demo-okta');
      const oktaUrl = /demo-okta \[okta\] .*: (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      expect(oktaUrl).toBeDefined();
      const since = new Date(Date.now() - 60_000).toISOString();
      const response = await fetch(`${oktaUrl}/api/v1/logs?since=${since}&sortOrder=ASCENDING&limit=1000`, { headers: { Authorization: 'SSWS any' } });
      const events = (await response.json()) as Array<{ eventType: string; target: Array<{ type: string; id: string }> }>;
      expect(new Set(events.filter((event) => event.eventType === 'user.mfa.factor.deactivate').map((event) => event.target[0]!.id)).size).toBe(5);
      expect(response.headers.get('link')).toMatch(/rel="next"/);
      const user = events[0]!.target[0]!.id;
      const factors = (await (await fetch(`${oktaUrl}/api/v1/users/${user}/factors`, { headers: { Authorization: 'SSWS any' } })).json()) as unknown[];
      expect(factors).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 180_000);
});
