/**
 * `mfa-coverage token create | list | revoke` as a user runs them (the real CLI in a child process) over a SQLite
 * store, then the token it printed used against the API built over the same store.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAppConfig } from '../../src/config/app-config.js';
import { createStore } from '../../src/store/create-store.js';
import { createTokenRepository } from '../../src/store/token-repository.js';

const run = promisify(execFile);

async function mfaCoverage(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let directory: string;
let configFile: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'mfa-token-'));
  configFile = path.join(directory, 'service.yaml');
  const demo = await readFile(new URL('../../config/demo.yaml', import.meta.url), 'utf8');
  await writeFile(configFile, `${demo}\nstore:\n  path: ${JSON.stringify(path.join(directory, 'store.sqlite'))}\n`);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('mfa-coverage token', () => {
  it('creates a token printed once on stdout, lists it without its secret, and revokes it', async () => {
    const created = await mfaCoverage('token', 'create', '--config', configFile, '--name', 'ci pipeline', '--scopes', 'reports:read,scans:run');
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^mfac_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown once');
    expect(created.stderr).not.toContain(token);

    const config = parseAppConfig(await readFile(configFile, 'utf8'), configFile);
    const store = await createStore(config.store);
    try {
      const record = await createTokenRepository(store.db).authenticate(token);
      expect(record).toMatchObject({ name: 'ci pipeline', scopes: ['reports:read', 'scans:run'] });
    } finally {
      await store.close();
    }

    const listed = await mfaCoverage('token', 'list', '--config', configFile);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('ci pipeline');
    expect(listed.stdout).toContain(`${token.slice(0, 9)}…`);
    expect(listed.stdout).toContain('reports:read,scans:run');
    expect(listed.stdout).not.toContain(token.slice(9));

    const duplicate = await mfaCoverage('token', 'create', '--config', configFile, '--name', 'ci pipeline', '--scopes', 'admin');
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain('already named');

    const revoked = await mfaCoverage('token', 'revoke', '--config', configFile, 'ci pipeline');
    expect(revoked.code).toBe(0);
    expect((await mfaCoverage('token', 'list', '--config', configFile)).stdout).toMatch(/ci pipeline.*revoked/);
    const reopened = await createStore(config.store);
    try {
      expect(await createTokenRepository(reopened.db).authenticate(token)).toBeUndefined();
    } finally {
      await reopened.close();
    }
    expect((await mfaCoverage('token', 'revoke', '--config', configFile, 'ci pipeline')).code).toBe(2);
    // Each run starts a TypeScript CLI; on a loaded machine that takes seconds.
  }, 300_000);

  it('refuses an unknown scope, naming it and the valid ones', async () => {
    const refused = await mfaCoverage('token', 'create', '--config', configFile, '--name', 'x', '--scopes', 'reports:read,root');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('unknown scope "root"');
    expect(refused.stderr).toContain('reports:read, scans:run, metrics:read, admin');
  }, 120_000);
});
