/**
 * Writes a report's artefacts (report.json, the CSVs, report.html) into a directory, with the evidence manifest
 * (manifest.json, and manifest.sig when a signing key is configured) when the snapshot and configuration it
 * came from are given. Every artefact is rendered and encoded first; the manifest hashes those exact bytes, and
 * the same bytes are then written. Each file goes to a temporary name beside its target and is flushed, and
 * only when all are on disk is each renamed over its target (atomic on one file system). A failure while
 * writing removes the temporary files and leaves any earlier report untouched; no reader ever sees a
 * half-written file. Should a rename itself fail (all targets share one directory, so this is rare), files
 * already renamed are the new ones and the rest keep their earlier content: each file is whole either way, and
 * `verify` reports the mix.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { buildEvidenceManifest, type EncodedArtefact, type ReportEvidence } from './build-evidence-manifest.js';
import { evidenceManifestFile, manifestSignatureFile, renderEvidenceManifest } from './evidence-manifest.js';
import { renderReportArtefacts, type ReportArtefact } from './report-artefacts.js';
import type { Report } from './report-model.js';
import { signManifest } from './sign-manifest.js';

/** Returns the paths written: the artefacts in rendering order, then manifest.json and manifest.sig. */
export async function writeReport(report: Report, directory: string, evidence?: ReportEvidence): Promise<string[]> {
  const artefacts: EncodedArtefact[] = renderReportArtefacts(report).map((artefact) => ({ ...artefact, content: encode(artefact.content) }));
  if (!evidence) return writeArtefacts(directory, artefacts);
  const manifest = await buildEvidenceManifest({ report, artefacts, reportDirectory: directory, evidence });
  const manifestBytes = encode(renderEvidenceManifest(manifest));
  const sealed: EncodedArtefact[] = [...artefacts, { file: evidenceManifestFile, mediaType: 'application/json', content: manifestBytes }];
  if (evidence.signingKey) {
    sealed.push({ file: manifestSignatureFile, mediaType: 'application/octet-stream', content: signManifest(manifestBytes, evidence.signingKey) });
  }
  const written = await writeArtefacts(directory, sealed);
  // An earlier run's signature does not sign this manifest; left in place it would make `verify` fail.
  if (!evidence.signingKey) await rm(path.join(directory, manifestSignatureFile), { force: true });
  return written;
}

/** Writes rendered artefacts with the all-or-nothing staging described above; returns their paths. */
export async function writeArtefacts(directory: string, artefacts: readonly ReportArtefact[]): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const staged: Array<{ temporary: string; target: string }> = [];
  try {
    for (const artefact of artefacts) {
      const target = path.join(directory, artefact.file);
      const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
      staged.push({ temporary, target });
      await writeDurably(temporary, encode(artefact.content));
    }
    for (const { temporary, target } of staged) await rename(temporary, target);
  } catch (error) {
    // A rename that succeeded left nothing at its temporary name; `force` ignores those.
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
    throw error;
  }
  return staged.map(({ target }) => target);
}

function encode(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

/** `wx`: never follow or reuse a file someone else put at the temporary name. */
async function writeDurably(file: string, content: Uint8Array): Promise<void> {
  const handle = await open(file, 'wx', 0o644);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
