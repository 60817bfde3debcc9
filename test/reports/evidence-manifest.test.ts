import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { buildReport } from '../../src/reports/build-report.js';
import { configurationHash, type ReportEvidence } from '../../src/reports/build-evidence-manifest.js';
import { canonicalJson } from '../../src/reports/canonical-json.js';
import { evidenceManifestJsonSchema, evidenceManifestSchema, type EvidenceManifest } from '../../src/reports/evidence-manifest.js';
import { renderReportArtefacts } from '../../src/reports/report-artefacts.js';
import { loadSigningKey, publicKeyFingerprint } from '../../src/reports/sign-manifest.js';
import { writeReport } from '../../src/reports/write-report.js';
import { openSnapshot } from '../../src/snapshot/snapshot-reader.js';
import { ConfigError, SnapshotError } from '../../src/errors.js';
import { fixtureInput } from './report-fixtures.js';
import { ed25519KeyPair, writeFixtureSnapshot } from './evidence-fixtures.js';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

const schemaFile = new URL('../../docs/evidence-manifest.schema.json', import.meta.url);

const created: string[] = [];
async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'mfa-evidence-'));
  created.push(directory);
  return directory;
}
afterAll(async () => {
  await Promise.all(created.map((directory) => rm(directory, { recursive: true, force: true })));
});

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const report = buildReport(fixtureInput());

async function evidenceFor(snapshotDirectory: string, extra: Partial<ReportEvidence> = {}): Promise<ReportEvidence> {
  return { snapshot: await openSnapshot(snapshotDirectory), configuration: { origin: 'snapshot', value: { organisation: { name: 'Corp & Co' } } }, ...extra };
}

async function readManifest(directory: string): Promise<EvidenceManifest> {
  return evidenceManifestSchema.parse(JSON.parse(await readFile(path.join(directory, 'manifest.json'), 'utf8')));
}

describe('evidence manifest', () => {
  let root: string;
  let snapshot: string;
  let out: string;
  beforeAll(async () => {
    root = await temporaryDirectory();
    snapshot = await writeFixtureSnapshot(path.join(root, 'snapshot'));
    out = root;
    await writeReport(report, out, await evidenceFor(snapshot));
  });

  it('hashes the exact bytes of every artefact written, in writing order', async () => {
    const manifest = await readManifest(out);
    const rendered = renderReportArtefacts(report);
    expect(manifest.artefacts.map((artefact) => artefact.file)).toEqual(rendered.map((artefact) => artefact.file));
    for (const artefact of manifest.artefacts) {
      const bytes = await readFile(path.join(out, artefact.file));
      expect({ file: artefact.file, bytes: artefact.bytes, sha256: artefact.sha256 }).toEqual({ file: artefact.file, bytes: bytes.byteLength, sha256: sha256(bytes) });
    }
  });

  it('hashes every file of the snapshot, sorted, and nothing of the report', async () => {
    const manifest = await readManifest(out);
    expect(manifest.snapshot.directory).toBe('snapshot');
    expect(manifest.snapshot.files.map((file) => file.path)).toEqual([
      'snapshot.json',
      'sources/corp/groupMembers.jsonl',
      'sources/corp/source.json',
      'sources/corp/userRegistrationDetails.jsonl',
      'sources/corp/users.jsonl',
    ]);
    for (const file of manifest.snapshot.files) {
      const bytes = await readFile(path.join(snapshot, ...file.path.split('/')));
      expect(file.sha256).toBe(sha256(bytes));
      expect(file.bytes).toBe(bytes.byteLength);
    }
    expect(manifest.snapshot.createdAt).toBe('2026-11-01T08:00:00.000Z');
  });

  it('records permissions and request counts per source and endpoint from the snapshot', async () => {
    const manifest = await readManifest(out);
    expect(manifest.sources).toEqual([
      {
        sourceId: 'corp',
        connector: 'entra',
        tenant: 'corp.example',
        status: 'complete',
        permissions: ['AuditLog.Read.All', 'User.Read.All'],
        permissionsFrom: 'snapshot',
        requests: { 'GET /reports/authenticationMethods/userRegistrationDetails': 1, 'GET /users': 2 },
        requestTotal: 3,
      },
    ]);
    expect(manifest.scanner).toEqual({ name: 'mfa-coverage', version: report.scanner.version });
    expect(manifest.generatedAt).toBe(report.generatedAt);
    expect(manifest.signing).toBeNull();
  });

  it('falls back to the connector definition when a hand-made snapshot records no permissions', async () => {
    const directory = await temporaryDirectory();
    const copy = await writeFixtureSnapshot(path.join(directory, 'snapshot'));
    const metaFile = path.join(copy, 'sources', 'corp', 'source.json');
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as Record<string, unknown>;
    await writeFile(metaFile, JSON.stringify({ ...meta, permissions: [] }));
    await writeReport(report, directory, await evidenceFor(copy));
    const [source] = (await readManifest(directory)).sources;
    expect(source?.permissionsFrom).toBe('connector-definition');
    expect(source?.permissions).toContain('Policy.Read.All');
  });

  it('is the same, byte for byte, when the same report is written again from the same snapshot', async () => {
    const again = path.join(root, 'again');
    await mkdir(again);
    await writeReport(report, again, await evidenceFor(snapshot));
    const first = (await readManifest(out)) as Partial<EvidenceManifest>;
    const second = (await readManifest(again)) as Partial<EvidenceManifest>;
    expect(second.snapshot?.directory).toBe('../snapshot');
    expect({ ...second, snapshot: { ...second.snapshot, directory: 'snapshot' } }).toEqual(first);
  });

  it('changes the configuration hash with the configuration, not with key order', () => {
    const a = configurationHash({ organisation: { name: 'X' }, analysis: { dormantAfterDays: 90, serviceAccountPatterns: ['^svc'] } });
    const b = configurationHash({ analysis: { serviceAccountPatterns: ['^svc'], dormantAfterDays: 90 }, organisation: { name: 'X' } });
    const c = configurationHash({ organisation: { name: 'X' }, analysis: { dormantAfterDays: 91, serviceAccountPatterns: ['^svc'] } });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(canonicalJson({ b: [1, { d: 'é', c: null }], a: true, skipped: undefined })).toBe('{"a":true,"b":[1,{"c":null,"d":"é"}]}');
  });

  it('does not hash its own files when the report is written inside the snapshot folder', async () => {
    const directory = await temporaryDirectory();
    const inside = await writeFixtureSnapshot(path.join(directory, 'snapshot'));
    await writeReport(report, inside, await evidenceFor(inside));
    await writeReport(report, inside, await evidenceFor(inside));
    const manifest = await readManifest(inside);
    expect(manifest.snapshot.directory).toBe('.');
    expect(manifest.snapshot.files.map((file) => file.path).filter((file) => file.startsWith('report') || file.startsWith('manifest'))).toEqual([]);
  });

  it('refuses a snapshot holding a symbolic link, naming it', async () => {
    const directory = await temporaryDirectory();
    const linked = await writeFixtureSnapshot(path.join(directory, 'snapshot'));
    const link = path.join(linked, 'sources', 'corp', 'linked.jsonl');
    await symlink(path.join(linked, 'sources', 'corp', 'users.jsonl'), link);
    const writing = writeReport(report, directory, await evidenceFor(linked));
    await expect(writing).rejects.toThrow(SnapshotError);
    await expect(writing).rejects.toThrow(`${link} is neither a file nor a folder`);
    expect((await readdir(directory)).sort()).toEqual(['snapshot']);
  });

  describe('signature', () => {
    it('signs manifest.json with Ed25519 into 64 raw bytes and records the public key and its fingerprint', async () => {
      const directory = await temporaryDirectory();
      const keys = ed25519KeyPair();
      const files = await writeReport(report, directory, await evidenceFor(snapshot, { signingKey: keys.privateKey }));
      expect(files.map((file) => path.basename(file)).slice(-2)).toEqual(['manifest.json', 'manifest.sig']);
      const manifestBytes = await readFile(path.join(directory, 'manifest.json'));
      const signature = await readFile(path.join(directory, 'manifest.sig'));
      expect(signature.byteLength).toBe(64);
      expect(verify(null, manifestBytes, keys.publicKey, signature)).toBe(true);
      const manifest = await readManifest(directory);
      expect(manifest.signing).toEqual({ algorithm: 'Ed25519', file: 'manifest.sig', publicKey: keys.publicPem, publicKeyFingerprint: publicKeyFingerprint(keys.publicKey) });
      const der = keys.publicKey.export({ type: 'spki', format: 'der' });
      expect(manifest.signing?.publicKeyFingerprint).toBe(`SHA256:${sha256(der)}`);
      // Nothing written holds the private key.
      const privateBody = keys.privatePem.split('\n')[1] ?? '';
      expect(privateBody.length).toBeGreaterThan(20);
      for (const file of await readdir(directory)) expect((await readFile(path.join(directory, file))).toString('latin1')).not.toContain(privateBody);
    });

    it('removes an earlier manifest.sig when the new manifest is not signed', async () => {
      const directory = await temporaryDirectory();
      await writeReport(report, directory, await evidenceFor(snapshot, { signingKey: ed25519KeyPair().privateKey }));
      await writeReport(report, directory, await evidenceFor(snapshot));
      expect((await readdir(directory)).includes('manifest.sig')).toBe(false);
    });

    it('loads the signing key from a file or an environment variable', async () => {
      const directory = await temporaryDirectory();
      const keys = ed25519KeyPair();
      const file = path.join(directory, 'signing.pem');
      await writeFile(file, keys.privatePem);
      expect(publicKeyFingerprint(await loadSigningKey({ file }))).toBe(publicKeyFingerprint(keys.publicKey));
      expect(publicKeyFingerprint(await loadSigningKey({ env: 'MFA_SIGNING_KEY' }, { MFA_SIGNING_KEY: keys.privatePem }))).toBe(publicKeyFingerprint(keys.publicKey));
    });

    it('refuses a key that is not Ed25519, or not a key, naming the field and never the key', async () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const rejection = loadSigningKey({ env: 'KEY' }, { KEY: rsa });
      await expect(rejection).rejects.toThrow(ConfigError);
      await expect(rejection).rejects.toThrow(/evidence\.signingKey: the environment variable KEY holds a rsa key; manifests are signed with Ed25519: generate one with `openssl genpkey/);
      const garbage = 'not-a-key-but-a-secret-value';
      const error = (await loadSigningKey({ env: 'KEY' }, { KEY: garbage }).catch((caught: unknown) => caught)) as Error;
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toMatch(/^evidence\.signingKey: the environment variable KEY does not hold a usable PEM private key/);
      expect(error.message).not.toContain(garbage);
      await expect(loadSigningKey({ env: 'UNSET_KEY' }, {})).rejects.toThrow(/evidence\.signingKey: environment variable UNSET_KEY is not set/);
    });
  });

  describe('docs/evidence-manifest.schema.json', () => {
    const compile = async () => {
      const ajv = new Ajv2020({ strict: true, allErrors: true });
      addFormats(ajv);
      return ajv.compile(JSON.parse(await readFile(schemaFile, 'utf8')) as object);
    };

    it('is the JSON Schema generated from the zod schema verify parses with', async () => {
      const published = JSON.parse(await readFile(schemaFile, 'utf8')) as unknown;
      // On failure, regenerate it with the command in docs/evidence-manifest.md.
      expect(published).toEqual(evidenceManifestJsonSchema());
    });

    it('accepts the manifests written, unsigned and signed', async () => {
      const validate = await compile();
      const unsigned = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as unknown;
      expect(validate(unsigned) ? [] : validate.errors).toEqual([]);
      const directory = await temporaryDirectory();
      await writeReport(report, directory, await evidenceFor(snapshot, { signingKey: ed25519KeyPair().privateKey }));
      const signed = JSON.parse(await readFile(path.join(directory, 'manifest.json'), 'utf8')) as unknown;
      expect(validate(signed) ? [] : validate.errors).toEqual([]);
    });

    const object = (value: unknown) => value as Record<string, unknown>;
    it.each<[string, (manifest: EvidenceManifest) => void]>([
      ['a digest that is not SHA-256 hex', (manifest) => (object(manifest.artefacts[0]).sha256 = 'ABC')],
      ['an artefact outside the report directory', (manifest) => (object(manifest.artefacts[0]).file = '../etc/passwd')],
      ['a snapshot path with a .. segment', (manifest) => (object(manifest.snapshot.files[0]).path = 'sources/../../secret')],
      ['an absolute snapshot path', (manifest) => (object(manifest.snapshot.files[0]).path = '/etc/passwd')],
      ['an unknown configuration origin', (manifest) => (object(manifest.configuration).origin = 'guess')],
      ['a property outside the contract', (manifest) => (object(manifest).notes = 'x')],
      ['a missing field', (manifest) => delete object(manifest).sources],
      ['another format version', (manifest) => (object(manifest).formatVersion = 2)],
    ])('rejects %s, as the zod schema does', async (_name, mutate) => {
      const validate = await compile();
      const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as EvidenceManifest;
      expect(validate(manifest)).toBe(true);
      mutate(manifest);
      expect(validate(manifest)).toBe(false);
      expect(evidenceManifestSchema.safeParse(manifest).success).toBe(false);
    });
  });
});
