/**
 * Checks a report directory against its evidence manifest: recomputes the SHA-256 of every artefact, raw
 * snapshot file and earlier report (the trend's input) it lists, lists snapshot files it does not, and checks manifest.sig. The result names
 * each file's outcome; `intact` is true only when every file matches, nothing was added to the snapshot and
 * the signature, where one is expected, is valid. Nothing here trusts the manifest's own public key for more
 * than integrity: who signed is only established with a key the verifier supplies (`--public-key`).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatZodIssues } from '../config/format-zod-issues.js';
import { InputError } from '../errors.js';
import { isDirectory } from '../snapshot/snapshot-reader.js';
import { evidenceManifestFile, evidenceManifestSchema, manifestSignatureFile, type EvidenceManifest } from './evidence-manifest.js';
import { digestFile, type FileDigest } from './file-digest.js';
import { listSnapshotEntries } from './list-snapshot-files.js';
import { publicKeyFingerprint, verifyManifestSignature } from './sign-manifest.js';

export type FileCheckStatus = 'ok' | 'modified' | 'missing' | 'unreadable' | 'unlisted' | 'invalid';

export interface FileCheck {
  /** `manifest` is manifest.json itself, checked only for being a valid manifest. */
  group: 'manifest' | 'artefact' | 'snapshot' | 'history';
  /** The artefact's file name, the path inside the snapshot directory, or an earlier report's path from the report directory. */
  path: string;
  status: FileCheckStatus;
  expected?: FileDigest;
  actual?: FileDigest;
  detail?: string;
}

export type SignatureStatus = 'unsigned' | 'valid' | 'invalid' | 'missing' | 'unverifiable';

export interface SignatureCheck {
  status: SignatureStatus;
  /** Fingerprint of the key the signature was checked with. */
  fingerprint: string | null;
  /** True when that key came from the verifier (`--public-key`), not from the manifest. */
  trustedKey: boolean;
  detail: string;
}

export interface ConfigurationCheck {
  matches: boolean;
  expected: string;
  actual: string;
}

export interface VerificationResult {
  directory: string;
  /** Null when manifest.json is not a valid evidence manifest (see the `manifest` file check). */
  manifest: EvidenceManifest | null;
  snapshotDirectory: string | null;
  snapshotDirectoryFound: boolean;
  files: FileCheck[];
  signature: SignatureCheck;
  configuration: ConfigurationCheck | null;
  intact: boolean;
}

export interface VerifyOptions {
  /** The signer's public key as the verifier knows it; makes a signature mandatory. */
  publicKey?: KeyObject;
  /** Where the snapshot is when it no longer sits where the manifest says (relative to the report directory). */
  snapshotDirectory?: string;
  /** The canonical configuration hash the report should have been made with (`verify --config`). */
  configurationHash?: string;
}

export async function verifyReportDirectory(directory: string, options: VerifyOptions = {}): Promise<VerificationResult> {
  const root = path.resolve(directory);
  if (!(await isDirectory(root))) throw new InputError(`${directory} is not a directory; give the report directory that holds ${evidenceManifestFile}.`);
  const manifestPath = path.join(root, evidenceManifestFile);
  const manifestBytes = await readOptional(manifestPath);
  if (manifestBytes === null) {
    throw new InputError(`${manifestPath} is missing: give a report directory written by \`scan\` or \`analyse\`, whose manifest.json lists what to check.`);
  }
  const signatureBytes = await readOptional(path.join(root, manifestSignatureFile));
  const parsed = parseManifest(manifestBytes);
  const manifest = parsed.manifest;
  const signature = checkSignature(manifestBytes, signatureBytes, manifest, options.publicKey);
  if (!manifest) {
    return {
      directory: root,
      manifest: null,
      snapshotDirectory: null,
      snapshotDirectoryFound: false,
      files: [{ group: 'manifest', path: evidenceManifestFile, status: 'invalid', detail: parsed.problem }],
      signature,
      configuration: null,
      intact: false,
    };
  }
  const files: FileCheck[] = [];
  for (const artefact of manifest.artefacts) {
    files.push(await checkFile('artefact', artefact.file, path.join(root, artefact.file), artefact));
  }
  const snapshotDirectory = path.resolve(root, options.snapshotDirectory ?? manifest.snapshot.directory);
  const snapshotDirectoryFound = await isDirectory(snapshotDirectory);
  for (const entry of manifest.snapshot.files) {
    files.push(await checkFile('snapshot', entry.path, path.join(snapshotDirectory, ...entry.path.split('/')), entry));
  }
  for (const entry of manifest.history) {
    files.push(await checkFile('history', entry.path, path.resolve(root, ...entry.path.split('/')), entry));
  }
  if (snapshotDirectoryFound) {
    const listed = new Set(manifest.snapshot.files.map((entry) => entry.path));
    const ownFiles = new Set([...manifest.artefacts.map((artefact) => artefact.file), evidenceManifestFile, manifestSignatureFile].map((file) => path.join(root, file)));
    const present = await listSnapshotEntries(snapshotDirectory, ownFiles);
    for (const file of present.files) {
      if (!listed.has(file)) files.push({ group: 'snapshot', path: file, status: 'unlisted', detail: 'not in the manifest: added after the report was written' });
    }
    for (const entry of present.others) {
      files.push({ group: 'snapshot', path: entry, status: 'unlisted', detail: 'a link or special file, which a snapshot never holds: added after the report was written' });
    }
  }
  const configuration =
    options.configurationHash === undefined
      ? null
      : { matches: options.configurationHash === manifest.configuration.sha256, expected: manifest.configuration.sha256, actual: options.configurationHash };
  const intact =
    files.every((check) => check.status === 'ok') && (signature.status === 'unsigned' || signature.status === 'valid') && (configuration?.matches ?? true);
  return { directory: root, manifest, snapshotDirectory, snapshotDirectoryFound, files, signature, configuration, intact };
}

function parseManifest(bytes: Buffer): { manifest: EvidenceManifest | null; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return { manifest: null, problem: `not valid JSON (${(error as Error).message}): it was modified or truncated` };
  }
  const result = evidenceManifestSchema.safeParse(value);
  if (!result.success) return { manifest: null, problem: `not an evidence manifest (docs/evidence-manifest.md): ${formatZodIssues(result.error)}` };
  return { manifest: result.data, problem: '' };
}

function checkSignature(manifestBytes: Buffer, signatureBytes: Buffer | null, manifest: EvidenceManifest | null, trusted: KeyObject | undefined): SignatureCheck {
  const declared = manifest?.signing ?? null;
  if (signatureBytes === null) {
    if (trusted) {
      return { status: 'missing', fingerprint: publicKeyFingerprint(trusted), trustedKey: true, detail: `--public-key was given but ${manifestSignatureFile} is missing: the signature was removed, or the report was never signed` };
    }
    if (declared) {
      return { status: 'missing', fingerprint: declared.publicKeyFingerprint, trustedKey: false, detail: `the manifest records a signature by ${declared.publicKeyFingerprint} but ${manifestSignatureFile} is missing` };
    }
    return { status: 'unsigned', fingerprint: null, trustedKey: false, detail: 'the manifest is not signed (configure evidence.signingKey to sign it)' };
  }
  let key = trusted;
  if (!key && declared) {
    try {
      key = createPublicKey({ key: declared.publicKey, format: 'pem' });
    } catch (error) {
      return { status: 'invalid', fingerprint: null, trustedKey: false, detail: `the manifest's signing.publicKey is not a usable key (${(error as Error).message})` };
    }
  }
  if (!key) {
    return { status: 'unverifiable', fingerprint: null, trustedKey: false, detail: `${manifestSignatureFile} is present but the manifest names no signing key; pass --public-key to check it` };
  }
  const fingerprint = publicKeyFingerprint(key);
  if (!verifyManifestSignature(manifestBytes, signatureBytes, key)) {
    const other = declared && trusted && declared.publicKeyFingerprint !== fingerprint ? ` (the manifest names key ${declared.publicKeyFingerprint})` : '';
    return { status: 'invalid', fingerprint, trustedKey: trusted !== undefined, detail: `${manifestSignatureFile} does not verify manifest.json with key ${fingerprint}${other}: one of them was modified` };
  }
  return trusted
    ? { status: 'valid', fingerprint, trustedKey: true, detail: `valid Ed25519 signature by the --public-key ${fingerprint}` }
    : {
        status: 'valid',
        fingerprint,
        trustedKey: false,
        detail: `valid Ed25519 signature by the key the manifest names, ${fingerprint}; this proves integrity only: pass --public-key to check who signed`,
      };
}

async function checkFile(group: FileCheck['group'], name: string, file: string, expected: FileDigest): Promise<FileCheck> {
  const recorded = { bytes: expected.bytes, sha256: expected.sha256 };
  let actual: FileDigest;
  try {
    actual = await digestFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { group, path: name, status: 'missing', expected: recorded, detail: `${file} does not exist` };
    return { group, path: name, status: 'unreadable', expected: recorded, detail: `${file} cannot be read (${(error as Error).message})` };
  }
  const status = actual.sha256 === expected.sha256 && actual.bytes === expected.bytes ? 'ok' : 'modified';
  return { group, path: name, status, expected: recorded, actual };
}

async function readOptional(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`${file} cannot be read (${(error as Error).message}).`, { cause: error });
  }
}
