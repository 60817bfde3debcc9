/** `analyse` and `verify` through the real entry point, as a supervisor's auditor would run them. */
import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ed25519KeyPair, writeFixtureSnapshot } from '../reports/evidence-fixtures.js';

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
afterAll(async () => {
  await Promise.all(created.map((directory) => rm(directory, { recursive: true, force: true })));
});

const generatedAt = '2026-11-02T09:00:00.000Z';
/** Each test starts the CLI several times (tsx compiles on start); generous for a loaded CI machine. */
const cliTestTimeoutMs = 180_000;

describe('mfa-coverage analyse and verify', () => {
  let root: string;
  let snapshot: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'mfa-cli-verify-'));
    created.push(root);
    snapshot = await writeFixtureSnapshot(path.join(root, 'snapshot'));
  }, cliTestTimeoutMs);

  it('writes the same manifest twice from one snapshot, and verify finds each intact, then detects a modified artefact', async () => {
    const first = path.join(root, 'first');
    const second = path.join(root, 'second');
    for (const out of [first, second]) {
      const result = await mfaCoverage('analyse', '--snapshot', snapshot, '--out', out, '--generated-at', generatedAt);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`wrote ${path.join(out, 'manifest.json')}`);
    }
    expect(await readFile(path.join(second, 'manifest.json'), 'utf8')).toBe(await readFile(path.join(first, 'manifest.json'), 'utf8'));
    expect((await readdir(first)).sort()).toEqual([
      'manifest.json',
      'report.csv',
      'report.exceptions.csv',
      'report.findings.csv',
      'report.html',
      'report.json',
      'report.pdf',
      'report.people.csv',
    ]);

    const intact = await mfaCoverage('verify', first);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^ {2}ok {9}report\.json$/m);
    expect(intact.stdout).toMatch(/^ {2}ok {9}\.\.\/snapshot\/sources\/corp\/users\.jsonl$/m);
    expect(intact.stdout).toContain('signature: unsigned');
    expect(intact.stdout).toMatch(/^Intact: all \d+ files match the manifest\.$/m);

    await appendFile(path.join(first, 'report.findings.csv'), '=1+1\r\n');
    const modified = await mfaCoverage('verify', first);
    expect(modified.code).toBe(1);
    expect(modified.stdout).toMatch(/^ {2}MODIFIED {3}report\.findings\.csv \(sha256 [0-9a-f]{64}, \d+ bytes; the manifest recorded [0-9a-f]{64}, \d+ bytes\)$/m);
    expect(modified.stdout).toMatch(/^NOT INTACT: 1 file does not match \(1 modified\)\.$/m);
    // The other report still checks out: it shares the snapshot, which nobody touched.
    expect((await mfaCoverage('verify', second)).code).toBe(0);
  }, cliTestTimeoutMs);

  it('detects a modified raw snapshot file', async () => {
    const ownSnapshot = await writeFixtureSnapshot(path.join(root, 'tampered-snapshot'));
    const out = path.join(root, 'tampered-report');
    expect((await mfaCoverage('analyse', '--snapshot', ownSnapshot, '--out', out, '--generated-at', generatedAt)).code).toBe(0);
    const users = path.join(ownSnapshot, 'sources', 'corp', 'users.jsonl');
    await writeFile(users, (await readFile(users, 'utf8')).replace('"accountEnabled":true', '"accountEnabled":false'));
    const result = await mfaCoverage('verify', out);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}MODIFIED {3}\.\.\/tampered-snapshot\/sources\/corp\/users\.jsonl /m);
    expect(result.stdout).toMatch(/^ {2}ok {9}report\.json$/m);
  }, cliTestTimeoutMs);

  it('hashes the earlier reports the trend was drawn from, and detects one modified since', async () => {
    const october = await writeFixtureSnapshot(path.join(root, 'snapshot-2026-10'), '2026-10-01T08:00:00.000Z');
    const history = path.join(root, 'history');
    expect((await mfaCoverage('analyse', '--snapshot', october, '--out', path.join(history, '2026-10'), '--generated-at', '2026-10-02T09:00:00.000Z')).code).toBe(0);
    const out = path.join(root, 'with-history');
    const analysed = await mfaCoverage('analyse', '--snapshot', snapshot, '--out', out, '--history', history, '--generated-at', generatedAt);
    expect(analysed.stderr).toBe('');
    expect(analysed.code).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { history: Array<{ path: string; snapshotCreatedAt: string }> };
    expect(manifest.history.map((entry) => [entry.path, entry.snapshotCreatedAt])).toEqual([['../history/2026-10/report.json', '2026-10-01T08:00:00.000Z']]);
    expect(await mfaCoverage('verify', out)).toMatchObject({ code: 0 });

    const earlier = path.join(history, '2026-10', 'report.json');
    await writeFile(earlier, (await readFile(earlier, 'utf8')).replace('"generatedAt": "2026-10-02T09:00:00.000Z"', '"generatedAt": "2026-10-03T09:00:00.000Z"'));
    const result = await mfaCoverage('verify', out);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}MODIFIED {3}\.\.\/history\/2026-10\/report\.json \(history\) /m);
  }, cliTestTimeoutMs);

  it('signs with the key the configuration names, verifies against the public key, and refuses a bad signature', async () => {
    const keys = ed25519KeyPair();
    const keyFile = path.join(root, 'manifest-signing.pem');
    const publicKeyFile = path.join(root, 'manifest-signing.pub');
    await writeFile(keyFile, keys.privatePem, { mode: 0o600 });
    await writeFile(publicKeyFile, keys.publicPem);
    const config = path.join(root, 'mfa.yaml');
    await writeFile(
      config,
      [
        'organisation:',
        '  name: Corp & Co',
        'sources:',
        '  corp:',
        '    connector: entra',
        '    tenantId: corp.example',
        '    auth:',
        '      type: access-token',
        '      token: { env: CORP_GRAPH_TOKEN }',
        'evidence:',
        '  signingKey:',
        `    file: ${keyFile}`,
        '',
      ].join('\n'),
    );
    const out = path.join(root, 'signed');
    const analysed = await mfaCoverage('analyse', '--snapshot', snapshot, '--out', out, '--config', config, '--generated-at', generatedAt);
    expect(analysed.code).toBe(0);
    expect(analysed.stdout).toContain(`wrote ${path.join(out, 'manifest.sig')}`);
    const privateBody = keys.privatePem.split('\n').slice(1, -2).join('');
    expect(analysed.stdout + analysed.stderr).not.toContain(privateBody);
    for (const file of await readdir(out)) expect(await readFile(path.join(out, file), 'latin1')).not.toContain(privateBody);

    const trusted = await mfaCoverage('verify', out, '--public-key', publicKeyFile, '--config', config);
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toMatch(/signature: valid: valid Ed25519 signature by the --public-key SHA256:[0-9a-f]{64}/);
    expect(trusted.stdout).toContain('configuration: matches --config');
    expect(trusted.stdout).toMatch(/^Intact: .* and the signature is valid\.$/m);

    const impostorKeyFile = path.join(root, 'impostor.pub');
    await writeFile(impostorKeyFile, ed25519KeyPair().publicPem);
    const impostor = await mfaCoverage('verify', out, '--public-key', impostorKeyFile);
    expect(impostor.code).toBe(1);
    expect(impostor.stdout).toMatch(/signature: invalid: manifest\.sig does not verify manifest\.json with key SHA256:/);

    const manifestFile = path.join(out, 'manifest.json');
    await writeFile(manifestFile, (await readFile(manifestFile, 'utf8')).replace('"name": "Corp & Co"', '"name": "Someone else"'));
    const forged = await mfaCoverage('verify', out, '--public-key', publicKeyFile);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toMatch(/^NOT INTACT: signature invalid\.$/m);
  }, cliTestTimeoutMs);

  it('exits 2 naming the directory when it holds no manifest, and when the public key is unreadable', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'mfa-cli-verify-empty-'));
    created.push(empty);
    const noManifest = await mfaCoverage('verify', empty);
    expect(noManifest.code).toBe(2);
    expect(noManifest.stderr).toContain(`error [INPUT_INVALID]: ${path.join(empty, 'manifest.json')} is missing`);
    const noKey = await mfaCoverage('verify', empty, '--public-key', path.join(empty, 'absent.pub'));
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain(`--public-key ${path.join(empty, 'absent.pub')} cannot be read`);
  }, cliTestTimeoutMs);
});
