/**
 * Writes report.json, report.csv and report.html into a directory. Every artefact is rendered first, then
 * written to a temporary name beside its target and flushed, and only when all are on disk is each renamed
 * over its target (atomic on one file system). A failure while writing removes the temporary files and
 * leaves any earlier report untouched; no reader ever sees a half-written file. Should a rename itself fail
 * (all targets share one directory, so this is rare), files already renamed are the new ones and the rest
 * keep their earlier content: each file is whole either way.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { renderReportArtefacts, type ReportArtefact } from './report-artefacts.js';
import type { Report } from './report-model.js';

/** Returns the paths written, in the order json, csv, html. */
export async function writeReport(report: Report, directory: string): Promise<string[]> {
  return writeArtefacts(directory, renderReportArtefacts(report));
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
      await writeDurably(temporary, artefact.content);
    }
    for (const { temporary, target } of staged) await rename(temporary, target);
  } catch (error) {
    // A rename that succeeded left nothing at its temporary name; `force` ignores those.
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
    throw error;
  }
  return staged.map(({ target }) => target);
}

/** `wx`: never follow or reuse a file someone else put at the temporary name. */
async function writeDurably(file: string, content: string): Promise<void> {
  const handle = await open(file, 'wx', 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
