/**
 * Writes a report's artefacts (report.json, the CSVs, report.html, report.pdf) into a directory, with the evidence
 * manifest (manifest.json, and manifest.sig when a signing key is configured) when the snapshot and configuration
 * it came from are given. Artefacts are rendered one at a time and streamed, chunk by chunk, to a temporary name
 * beside their target while SHA-256 is computed over the same bytes, so memory holds the report and one chunk
 * batch, never a whole 300 MiB report.json. The manifest is built from those digests and staged the same way.
 * Each temporary file is flushed, and only when all are on disk is each renamed over its target (atomic on one
 * file system). A failure while rendering or writing, even half-way through a file, removes every temporary file
 * and leaves any earlier report untouched; no reader ever sees a half-written file. Should a rename itself fail
 * (all targets share one directory, so this is rare), files already renamed are the new ones and the rest keep
 * their earlier content: each file is whole either way, and `verify` reports the mix.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { buildEvidenceManifest, type ReportEvidence } from './build-evidence-manifest.js';
import { evidenceManifestFile, manifestSignatureFile, renderEvidenceManifest, type ArtefactDigest } from './evidence-manifest.js';
import { StreamDigest } from './file-digest.js';
import { renderReportArtefacts, type ReportArtefact } from './report-artefacts.js';
import type { Report } from './report-model.js';
import { signManifest } from './sign-manifest.js';

/** Text is gathered into batches of about this many UTF-16 units before it is encoded, hashed and written. */
const batchLength = 1 << 20;

/** An artefact on disk under its temporary name, with the digest of what was written there. */
export interface StagedArtefact {
  temporary: string;
  target: string;
  digest: ArtefactDigest;
}

/** Returns the paths written: the artefacts in rendering order, then manifest.json and manifest.sig. */
export async function writeReport(report: Report, directory: string, evidence?: ReportEvidence): Promise<string[]> {
  const artefacts = renderReportArtefacts(report);
  if (!evidence) return writeArtefacts(directory, artefacts);
  const written = await writeArtefacts(directory, artefacts, async (staged) => {
    const manifest = await buildEvidenceManifest({
      report,
      artefacts: staged.map(({ digest }) => digest),
      reportDirectory: directory,
      evidence,
      staged: staged.map(({ temporary }) => temporary),
    });
    const manifestBytes = Buffer.from(renderEvidenceManifest(manifest), 'utf8');
    const seal: ReportArtefact[] = [{ file: evidenceManifestFile, mediaType: 'application/json', render: () => [manifestBytes] }];
    if (evidence.signingKey) {
      const signature = signManifest(manifestBytes, evidence.signingKey);
      seal.push({ file: manifestSignatureFile, mediaType: 'application/octet-stream', render: () => [signature] });
    }
    return seal;
  });
  // An earlier run's signature does not sign this manifest; left in place it would make `verify` fail.
  if (!evidence.signingKey) await rm(path.join(directory, manifestSignatureFile), { force: true });
  return written;
}

/**
 * Streams artefacts to disk with the all-or-nothing staging described above and returns their paths. `seal`, when
 * given, runs once every artefact is staged and returns further artefacts (the manifest) to stage before any rename.
 */
export async function writeArtefacts(
  directory: string,
  artefacts: readonly ReportArtefact[],
  seal?: (staged: readonly StagedArtefact[]) => Promise<readonly ReportArtefact[]>,
): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const temporaries: string[] = [];
  const staged: StagedArtefact[] = [];
  const stage = async (artefact: ReportArtefact): Promise<void> => {
    const target = path.join(directory, artefact.file);
    const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
    // Recorded before the first byte, so a write that fails half-way is still cleaned up.
    temporaries.push(temporary);
    const digest = await writeDurably(temporary, artefact.render());
    staged.push({ temporary, target, digest: { file: artefact.file, mediaType: artefact.mediaType, ...digest } });
  };
  try {
    for (const artefact of artefacts) await stage(artefact);
    if (seal) for (const artefact of await seal(staged)) await stage(artefact);
    for (const { temporary, target } of staged) await rename(temporary, target);
  } catch (error) {
    // A rename that succeeded left nothing at its temporary name; `force` ignores those and never-created ones.
    await Promise.all(temporaries.map((temporary) => rm(temporary, { force: true })));
    throw error;
  }
  return staged.map(({ target }) => target);
}

/** `wx`: never follow or reuse a file someone else put at the temporary name. Returns what was written. */
async function writeDurably(file: string, chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<{ bytes: number; sha256: string }> {
  const handle = await open(file, 'wx', 0o644);
  try {
    const digest = new StreamDigest();
    let pending = '';
    const flush = async (): Promise<void> => {
      if (pending === '') return;
      const bytes = Buffer.from(pending, 'utf8');
      pending = '';
      await append(handle, bytes, digest);
    };
    for await (const chunk of chunks) {
      if (typeof chunk === 'string') {
        pending += chunk;
        if (pending.length >= batchLength) await flush();
      } else {
        await flush();
        await append(handle, chunk, digest);
      }
    }
    await flush();
    await handle.sync();
    return digest.result();
  } finally {
    await handle.close();
  }
}

/** Hashes and writes the same bytes; `writeFile` on a handle appends at its position and retries short writes. */
async function append(handle: FileHandle, bytes: Uint8Array, digest: StreamDigest): Promise<void> {
  digest.update(bytes);
  await handle.writeFile(bytes);
}
