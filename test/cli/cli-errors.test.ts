import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cli = ['--import', 'tsx', 'src/cli/main.ts'];

async function mfaCoverage(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...cli, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const created: string[] = [];
async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'mfa-cli-'));
  created.push(directory);
  return directory;
}
afterAll(async () => {
  await Promise.all(created.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('mfa-coverage CLI errors', () => {
  it('exits 2 naming the file, line and field of a bad config, and writes nothing', async () => {
    const dir = await temporaryDirectory();
    const config = path.join(dir, 'bad.yaml');
    await writeFile(config, 'organisation:\n  name: X\nsources:\n  corp:\n    connector: entra\n    tenantId: t\n    auth:\n      type: magic\n');
    const result = await mfaCoverage('scan', '--config', config, '--out', path.join(dir, 'out'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${config}:8: field sources.corp.auth.type`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 when the config file does not exist', async () => {
    const result = await mfaCoverage('scan', '--config', '/nonexistent/mfa.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Cannot read config file \/nonexistent\/mfa\.yaml/);
  });

  it('exits 2 when asked to analyse a directory that is not a snapshot', async () => {
    const dir = await temporaryDirectory();
    const result = await mfaCoverage('analyse', '--snapshot', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/snapshot\.json is missing/);
  });

  it('exits 2 naming a history file that is not a report, before scanning anything', async () => {
    const dir = await temporaryDirectory();
    const config = path.join(dir, 'mfa.yaml');
    await writeFile(
      config,
      'organisation:\n  name: X\nsources:\n  corp:\n    connector: entra\n    tenantId: example.onmicrosoft.com\n    auth:\n      type: client-secret\n      clientId: 00000000-0000-0000-0000-000000000001\n      clientSecret:\n        env: ENTRA_SECRET\n',
    );
    const history = path.join(dir, 'history');
    await mkdir(history);
    await writeFile(path.join(history, '2026-10.json'), JSON.stringify({ schemaVersion: '1.1.0', generatedAt: 'soon' }));
    const out = path.join(dir, 'out');
    const result = await mfaCoverage('scan', '--config', config, '--out', out, '--history', history);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`History file ${path.join(history, '2026-10.json')} is not a report.json this version can read: field generatedAt: expected an ISO 8601 date-time`);
    await expect(access(out)).rejects.toThrow(/ENOENT/);
  });
});
