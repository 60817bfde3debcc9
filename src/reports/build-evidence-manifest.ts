/**
 * Builds the evidence manifest of one report: the digests of its artefacts (taken by the writer from the very
 * bytes it staged on disk), of every file of the raw snapshot (streamed), of the earlier reports its trend used,
 * the configuration's canonical hash, and per source the permissions and request counts the snapshot recorded.
 * Nothing in it depends on the clock or the machine, so `analyse` twice on one snapshot with one --generated-at
 * gives the same manifest, byte for byte.
 */
import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import { connectorFor } from '../connectors/registry.js';
import { InputError, SnapshotError } from '../errors.js';
import type { Snapshot } from '../snapshot/snapshot-reader.js';
import type { SourceMeta } from '../snapshot/snapshot-format.js';
import { canonicalJson } from './canonical-json.js';
import {
  evidenceManifestFile,
  evidenceManifestFormat,
  evidenceManifestFormatVersion,
  manifestSignatureFile,
  type ArtefactDigest,
  type ConfigurationOrigin,
  type EvidenceManifest,
  type HistoryFileDigest,
  type SnapshotFileDigest,
  type SourceEvidence,
} from './evidence-manifest.js';
import { digestBytes, digestFile } from './file-digest.js';
import { listSnapshotFiles } from './list-snapshot-files.js';
import { selectPriors, type PriorReport } from './report-history.js';
import { compareText, sortedRecord } from './report-order.js';
import type { Report } from './report-model.js';
import { publicKeyFingerprint, publicKeyPem } from './sign-manifest.js';

/**
 * The configuration a report was derived from: the validated config file (defaults applied), or, for
 * `analyse` without --config, the organisation and settings recorded in the snapshot.
 */
export interface ConfigurationEvidence {
  origin: ConfigurationOrigin;
  value: unknown;
}

/** What a report's manifest needs beyond the report itself. */
export interface ReportEvidence {
  snapshot: Snapshot;
  configuration: ConfigurationEvidence;
  /** Ed25519 private key from `evidence.signingKey`; without it the manifest is unsigned. */
  signingKey?: KeyObject;
  /** The earlier reports the report's history was computed from (as given to `withHistory`). */
  history?: readonly PriorReport[];
}

export async function buildEvidenceManifest(input: {
  report: Report;
  /** In writing order, as staged: their names, media types, sizes and SHA-256. */
  artefacts: readonly ArtefactDigest[];
  reportDirectory: string;
  evidence: ReportEvidence;
  /** Absolute paths of files the writer has staged but not yet renamed; never snapshot evidence. */
  staged?: readonly string[];
}): Promise<EvidenceManifest> {
  const { report, artefacts, evidence } = input;
  const reportDirectory = path.resolve(input.reportDirectory);
  const snapshotDirectory = path.resolve(evidence.snapshot.directory);
  // A report written into its own snapshot folder must not hash itself as evidence.
  const ownFiles = new Set([
    ...[...artefacts.map((artefact) => artefact.file), evidenceManifestFile, manifestSignatureFile].map((file) => path.join(reportDirectory, file)),
    ...(input.staged ?? []).map((file) => path.resolve(file)),
  ]);
  const artefactDigests: ArtefactDigest[] = artefacts.map(({ file, mediaType, bytes, sha256 }) => ({ file, mediaType, bytes, sha256 }));
  const key = evidence.signingKey;
  return {
    format: evidenceManifestFormat,
    formatVersion: evidenceManifestFormatVersion,
    generatedAt: report.generatedAt,
    scanner: { name: report.scanner.name, version: report.scanner.version },
    organisation: { name: report.organisation.name },
    artefacts: artefactDigests,
    snapshot: {
      directory: toPosix(path.relative(reportDirectory, snapshotDirectory)) || '.',
      createdAt: evidence.snapshot.manifest.createdAt,
      scannerVersion: evidence.snapshot.manifest.scannerVersion,
      files: await digestSnapshotFiles(snapshotDirectory, ownFiles),
    },
    // Only the earlier reports the trend and diff counted: a report of this snapshot or a later one is read but unused.
    history: await digestHistory(selectPriors(report.snapshot.createdAt, evidence.history ?? []), reportDirectory),
    configuration: { origin: evidence.configuration.origin, sha256: configurationHash(evidence.configuration.value) },
    sources: evidence.snapshot.sources.map((source) => sourceEvidence(source.meta)).sort((a, b) => compareText(a.sourceId, b.sourceId)),
    signing: key ? { algorithm: 'Ed25519', file: manifestSignatureFile, publicKey: publicKeyPem(key), publicKeyFingerprint: publicKeyFingerprint(key) } : null,
  };
}

/** SHA-256 (hex) of the canonical JSON of a configuration value; `verify --config` recomputes it. */
export function configurationHash(value: unknown): string {
  return digestBytes(canonicalJson(value)).sha256;
}

export async function digestSnapshotFiles(snapshotDirectory: string, exclude: ReadonlySet<string> = new Set()): Promise<SnapshotFileDigest[]> {
  const digests: SnapshotFileDigest[] = [];
  for (const relative of await listSnapshotFiles(snapshotDirectory, exclude)) {
    const file = path.join(snapshotDirectory, ...relative.split('/'));
    try {
      digests.push({ path: relative, ...(await digestFile(file)) });
    } catch (error) {
      throw new SnapshotError(`Cannot hash snapshot file ${file} for the evidence manifest (${(error as Error).message}); check that it is readable.`, { cause: error });
    }
  }
  return digests;
}

async function digestHistory(priors: readonly PriorReport[], reportDirectory: string): Promise<HistoryFileDigest[]> {
  const digests: HistoryFileDigest[] = [];
  for (const prior of priors) {
    const file = path.resolve(prior.file);
    try {
      digests.push({ path: toPosix(path.relative(reportDirectory, file)), snapshotCreatedAt: prior.point.snapshotCreatedAt, ...(await digestFile(file)) });
    } catch (error) {
      throw new InputError(`Cannot hash history file ${file} for the evidence manifest (${(error as Error).message}); check that it is still readable.`, { cause: error });
    }
  }
  return digests;
}

function sourceEvidence(meta: SourceMeta): SourceEvidence {
  const recorded = [...new Set(meta.permissions)].sort(compareText);
  const declared = recorded.length === 0 ? [...new Set(connectorFor(meta.connector).permissions)].sort(compareText) : [];
  const requests = sortedRecord(meta.requests);
  return {
    sourceId: meta.sourceId,
    connector: meta.connector,
    tenant: meta.tenant,
    status: meta.status,
    permissions: recorded.length > 0 ? recorded : declared,
    permissionsFrom: recorded.length > 0 ? 'snapshot' : 'connector-definition',
    requests,
    requestTotal: Object.values(requests).reduce((sum, count) => sum + count, 0),
  };
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}
