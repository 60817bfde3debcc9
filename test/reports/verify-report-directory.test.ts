import { appendFile, cp, mkdtemp, readFile, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildReport } from '../../src/reports/build-report.js';
import { InputError } from '../../src/errors.js';
import { digestFile } from '../../src/reports/file-digest.js';
import { verifyReportDirectory, type VerificationResult } from '../../src/reports/verify-report-directory.js';
import { writeReport } from '../../src/reports/write-report.js';
import { openSnapshot } from '../../src/snapshot/snapshot-reader.js';
import { fixtureInput } from './report-fixtures.js';
import { ed25519KeyPair, writeFixtureSnapshot } from './evidence-fixtures.js';

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((directory) => rm(directory, { recursive: true, force: true })));
});

const report = buildReport(fixtureInput());
const signer = ed25519KeyPair();
let pristine: string;

beforeAll(async () => {
  pristine = await mkdtemp(path.join(tmpdir(), 'mfa-verify-'));
  created.push(pristine);
  const snapshot = await writeFixtureSnapshot(path.join(pristine, 'snapshot'));
  await writeReport(report, pristine, { snapshot: await openSnapshot(snapshot), configuration: { origin: 'snapshot', value: {} }, signingKey: signer.privateKey });
});

/** A fresh copy of the signed report directory, to tamper with. */
async function copyOfReport(): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'mfa-verify-copy-'));
  created.push(directory);
  await cp(pristine, directory, { recursive: true });
  return directory;
}

const problems = (result: VerificationResult) => result.files.filter((check) => check.status !== 'ok').map((check) => `${check.status} ${check.group} ${check.path}`);

describe('verifyReportDirectory', () => {
  it('finds an untouched directory intact, every file ok and the signature valid', async () => {
    const result = await verifyReportDirectory(await copyOfReport());
    expect(problems(result)).toEqual([]);
    expect(result.files.length).toBe((result.manifest?.artefacts.length ?? 0) + (result.manifest?.snapshot.files.length ?? 0));
    expect(result.signature).toMatchObject({ status: 'valid', trustedKey: false });
    expect(result.intact).toBe(true);
  });

  it.each<[string, (directory: string) => Promise<void>, string[]]>([
    ['a modified artefact', (d) => appendFile(path.join(d, 'report.csv'), 'x'), ['modified artefact report.csv']],
    ['a deleted artefact', (d) => unlink(path.join(d, 'report.html')), ['missing artefact report.html']],
    ['a modified snapshot file', (d) => writeFile(path.join(d, 'snapshot', 'sources', 'corp', 'users.jsonl'), '{"value":[]}\n'), ['modified snapshot sources/corp/users.jsonl']],
    ['a deleted snapshot file', (d) => unlink(path.join(d, 'snapshot', 'sources', 'corp', 'groupMembers.jsonl')), ['missing snapshot sources/corp/groupMembers.jsonl']],
    ['a file added to the snapshot', (d) => writeFile(path.join(d, 'snapshot', 'sources', 'corp', 'extra.jsonl'), '{}\n'), ['unlisted snapshot sources/corp/extra.jsonl']],
    [
      'a snapshot file replaced by a link to the same bytes',
      async (d) => {
        const users = path.join(d, 'snapshot', 'sources', 'corp', 'users.jsonl');
        await rename(users, path.join(d, 'users-elsewhere.jsonl'));
        await symlink(path.join(d, 'users-elsewhere.jsonl'), users);
      },
      ['unlisted snapshot sources/corp/users.jsonl'],
    ],
  ])('detects %s', async (_name, tamper, expected) => {
    const directory = await copyOfReport();
    await tamper(directory);
    const result = await verifyReportDirectory(directory);
    expect(problems(result)).toEqual(expected);
    expect(result.signature.status).toBe('valid');
    expect(result.intact).toBe(false);
  });

  it('detects a manifest edited to match a modified artefact: the signature no longer verifies', async () => {
    const directory = await copyOfReport();
    const manifestFile = path.join(directory, 'manifest.json');
    await appendFile(path.join(directory, 'report.csv'), 'x');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { artefacts: Array<{ file: string; bytes: number; sha256: string }> };
    const entry = manifest.artefacts.find((artefact) => artefact.file === 'report.csv');
    if (!entry) throw new Error('report.csv is not in the manifest');
    Object.assign(entry, await digestFile(path.join(directory, 'report.csv')));
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    const result = await verifyReportDirectory(directory);
    expect(problems(result)).toEqual([]);
    expect(result.signature.status).toBe('invalid');
    expect(result.intact).toBe(false);
  });

  it('checks the signature against the verifier’s key when one is given', async () => {
    const directory = await copyOfReport();
    expect((await verifyReportDirectory(directory, { publicKey: signer.publicKey })).signature).toMatchObject({ status: 'valid', trustedKey: true });
    const impostor = ed25519KeyPair();
    const result = await verifyReportDirectory(directory, { publicKey: impostor.publicKey });
    expect(result.signature.status).toBe('invalid');
    expect(result.signature.detail).toContain('the manifest names key SHA256:');
    expect(result.intact).toBe(false);
  });

  it('fails when the signature is removed but expected, and when it is garbage', async () => {
    const directory = await copyOfReport();
    await writeFile(path.join(directory, 'manifest.sig'), 'not a signature');
    expect((await verifyReportDirectory(directory)).signature.status).toBe('invalid');
    await unlink(path.join(directory, 'manifest.sig'));
    expect((await verifyReportDirectory(directory)).signature.status).toBe('missing');
    expect((await verifyReportDirectory(directory, { publicKey: signer.publicKey })).signature.status).toBe('missing');
    expect((await verifyReportDirectory(directory)).intact).toBe(false);
  });

  it('reports a manifest that is no longer valid instead of trusting it', async () => {
    const directory = await copyOfReport();
    await writeFile(path.join(directory, 'manifest.json'), '{"format":"mfa-coverage-evidence-manifest"');
    const result = await verifyReportDirectory(directory);
    expect(result.manifest).toBeNull();
    expect(result.files).toEqual([expect.objectContaining({ group: 'manifest', status: 'invalid' })]);
    expect(result.signature.status).toBe('unverifiable');
    expect(result.intact).toBe(false);
  });

  it('finds a moved snapshot with snapshotDirectory, and reports its files missing without it', async () => {
    const directory = await copyOfReport();
    const moved = path.join(directory, 'moved-snapshot');
    await cp(path.join(directory, 'snapshot'), moved, { recursive: true });
    await rm(path.join(directory, 'snapshot'), { recursive: true });
    const lost = await verifyReportDirectory(directory);
    expect(lost.snapshotDirectoryFound).toBe(false);
    expect(problems(lost).every((problem) => problem.startsWith('missing snapshot '))).toBe(true);
    expect((await verifyReportDirectory(directory, { snapshotDirectory: 'moved-snapshot' })).intact).toBe(true);
  });

  it('compares the configuration hash when asked', async () => {
    const directory = await copyOfReport();
    const manifest = (await verifyReportDirectory(directory)).manifest;
    expect((await verifyReportDirectory(directory, { configurationHash: manifest?.configuration.sha256 ?? '' })).intact).toBe(true);
    const other = await verifyReportDirectory(directory, { configurationHash: '0'.repeat(64) });
    expect(other.configuration?.matches).toBe(false);
    expect(other.intact).toBe(false);
  });

  it('refuses a directory without a manifest, saying what to give instead', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'mfa-verify-empty-'));
    created.push(directory);
    await expect(verifyReportDirectory(directory)).rejects.toThrow(InputError);
    await expect(verifyReportDirectory(directory)).rejects.toThrow(/manifest\.json is missing: give a report directory written by `scan` or `analyse`/);
  });
});
