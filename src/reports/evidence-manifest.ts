/**
 * The evidence manifest (docs/evidence-manifest.md): manifest.json beside a report, listing the SHA-256 of
 * every artefact, raw snapshot file and earlier report the trend was drawn from, the configuration's hash, the permissions each source was read with and
 * the API requests it took. This zod schema is the single source of truth: `verify` parses with it, and
 * docs/evidence-manifest.schema.json is generated from it (a test keeps the two equal).
 */
import { z } from 'zod';
import { identityProviderIds } from '../model/identity-provider.js';
import { sourceStatuses } from '../snapshot/snapshot-format.js';

export const evidenceManifestFile = 'manifest.json';
export const manifestSignatureFile = 'manifest.sig';
export const evidenceManifestFormat = 'mfa-coverage-evidence-manifest';
export const evidenceManifestFormatVersion = 1;

const sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest is 64 lower-case hex digits')
  .meta({ description: 'SHA-256 of the file’s bytes, lower-case hex.' });

const byteCount = z.number().int().nonnegative().meta({ description: 'Size of the file in bytes.' });

/** A plain file name in the report directory: no folder, so a manifest can never point outside it. */
const artefactFileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an artefact is a plain file name in the report directory');

/** A path inside the snapshot: forward slashes, no `.` or `..` segment, never absolute. */
const snapshotFilePath = z
  .string()
  .regex(/^(?!.*(?:^|\/)\.{1,2}(?:\/|$))(?!.*\/$)[^/\\][^\\]*$/, 'a snapshot file path is relative, uses "/", names a file and has no "." or ".." segment');

export const artefactDigestSchema = z
  .object({
    file: artefactFileName.meta({ description: 'File name inside the report directory.' }),
    mediaType: z.string().min(1).meta({ description: 'IANA media type of the artefact.' }),
    bytes: byteCount,
    sha256: sha256Hex,
  })
  .strict();
export type ArtefactDigest = z.infer<typeof artefactDigestSchema>;

export const snapshotFileDigestSchema = z
  .object({
    path: snapshotFilePath.meta({ description: 'Path relative to the snapshot directory, with "/" separators.' }),
    bytes: byteCount,
    sha256: sha256Hex,
  })
  .strict();
export type SnapshotFileDigest = z.infer<typeof snapshotFileDigestSchema>;

/** A path relative to the report directory: "/" separators; it may climb out with "..", never be absolute. */
const reportRelativePath = z.string().regex(/^(?![/\\])(?![A-Za-z]:)[^\\]+$/, 'a history path is relative to the report directory and uses "/"');

export const historyFileDigestSchema = z
  .object({
    path: reportRelativePath.meta({ description: 'The earlier report.json, relative to the report directory, with "/" separators.' }),
    snapshotCreatedAt: z.string().meta({ description: 'When that report’s snapshot was collected.' }),
    bytes: byteCount,
    sha256: sha256Hex,
  })
  .strict();
export type HistoryFileDigest = z.infer<typeof historyFileDigestSchema>;

export const configurationOrigins = ['config-file', 'snapshot'] as const;
export type ConfigurationOrigin = (typeof configurationOrigins)[number];

export const permissionOrigins = ['snapshot', 'connector-definition'] as const;

export const sourceEvidenceSchema = z
  .object({
    sourceId: z.string().min(1),
    connector: z.enum(identityProviderIds),
    tenant: z.string().min(1),
    status: z.enum(sourceStatuses),
    permissions: z.array(z.string()).meta({ description: 'Permissions, scopes or roles the connector read this source with, sorted.' }),
    permissionsFrom: z.enum(permissionOrigins).meta({
      description: 'snapshot: as recorded in source.json at collection; connector-definition: the snapshot recorded none, so the connector’s declared least-privilege list.',
    }),
    requests: z
      .record(z.string(), z.number().int().nonnegative())
      .meta({ description: 'HTTP requests per endpoint label ("GET /users"), retries included, as source.json recorded them.' }),
    requestTotal: z.number().int().nonnegative().meta({ description: 'Sum of `requests`.' }),
  })
  .strict();
export type SourceEvidence = z.infer<typeof sourceEvidenceSchema>;

export const manifestSigningSchema = z
  .object({
    algorithm: z.literal('Ed25519'),
    file: z.literal(manifestSignatureFile).meta({ description: 'The detached signature: 64 raw bytes over the exact bytes of manifest.json.' }),
    publicKey: z
      .string()
      .regex(/^-----BEGIN PUBLIC KEY-----\n/, 'a public key is SPKI PEM')
      .meta({ description: 'The signer’s public key, SPKI PEM. Integrity only: check who signed with `verify --public-key`.' }),
    publicKeyFingerprint: z
      .string()
      .regex(/^SHA256:[0-9a-f]{64}$/, 'a fingerprint is SHA256: and 64 lower-case hex digits')
      .meta({ description: 'SHA256: and the SHA-256 of the public key’s DER (SPKI) encoding, hex.' }),
  })
  .strict();
export type ManifestSigning = z.infer<typeof manifestSigningSchema>;

export const evidenceManifestSchema = z
  .object({
    format: z.literal(evidenceManifestFormat),
    formatVersion: z.literal(evidenceManifestFormatVersion),
    generatedAt: z.iso.datetime().meta({ description: 'The report’s generatedAt; the manifest has no time of its own.' }),
    scanner: z
      .object({ name: z.literal('mfa-coverage'), version: z.string().min(1) })
      .strict()
      .meta({ description: 'The scanner that wrote the report and this manifest.' }),
    organisation: z.object({ name: z.string() }).strict(),
    artefacts: z.array(artefactDigestSchema).min(1).meta({ description: 'Every report file written with this manifest, in writing order.' }),
    snapshot: z
      .object({
        directory: z.string().min(1).meta({ description: 'The raw snapshot, relative to the report directory, with "/" separators.' }),
        createdAt: z.string().meta({ description: 'snapshot.json createdAt: when the data was collected.' }),
        scannerVersion: z.string().meta({ description: 'The scanner version that collected the snapshot.' }),
        files: z.array(snapshotFileDigestSchema).meta({ description: 'Every file under the snapshot directory, sorted by path (UTF-16 code units).' }),
      })
      .strict(),
    history: z
      .array(historyFileDigestSchema)
      .meta({ description: 'The earlier reports the trend and diff were drawn from (those before this snapshot), oldest first; empty without history.' }),
    configuration: z
      .object({
        origin: z.enum(configurationOrigins).meta({
          description: 'config-file: the validated configuration file (scan, analyse --config); snapshot: the analysis context recorded in the snapshot (analyse alone).',
        }),
        sha256: sha256Hex.meta({ description: 'SHA-256 of the canonical JSON of that configuration (docs/evidence-manifest.md).' }),
      })
      .strict(),
    sources: z.array(sourceEvidenceSchema).meta({ description: 'One entry per source of the snapshot, sorted by source id.' }),
    signing: manifestSigningSchema.nullable().meta({ description: 'How manifest.sig was made; null when the manifest is not signed.' }),
  })
  .strict()
  .meta({
    title: 'mfa-coverage evidence manifest',
    description: 'manifest.json in a report directory: hashes of every artefact and raw snapshot file, the configuration hash, permissions and API request counts. See docs/evidence-manifest.md.',
  });
export type EvidenceManifest = z.infer<typeof evidenceManifestSchema>;

/** The published JSON Schema (docs/evidence-manifest.schema.json), derived from the zod schema above. */
export function evidenceManifestJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(evidenceManifestSchema, { target: 'draft-2020-12' });
  return { $schema, $id: 'urn:mfa-coverage:evidence-manifest-schema', ...rest };
}

/** manifest.json's bytes: two-space JSON with a final newline; key order is fixed by the builder. */
export function renderEvidenceManifest(manifest: EvidenceManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
