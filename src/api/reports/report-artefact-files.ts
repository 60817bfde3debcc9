/**
 * The files of a report that the API serves, by their fixed names: a request names one of these, never a path,
 * and the file is opened only after its real path (symbolic links resolved) is checked to lie inside the run's
 * artefacts folder, so neither `..` nor a planted link reaches anything else.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export const reportArtefactFiles = {
  'report.json': { mediaType: 'application/json', disposition: 'inline' },
  'report.csv': { mediaType: 'text/csv; charset=utf-8; header=present', disposition: 'attachment' },
  'report.people.csv': { mediaType: 'text/csv; charset=utf-8; header=present', disposition: 'attachment' },
  'report.findings.csv': { mediaType: 'text/csv; charset=utf-8; header=present', disposition: 'attachment' },
  'report.exceptions.csv': { mediaType: 'text/csv; charset=utf-8; header=present', disposition: 'attachment' },
  'report.html': { mediaType: 'text/html; charset=utf-8', disposition: 'inline' },
  'report.pdf': { mediaType: 'application/pdf', disposition: 'inline' },
  'manifest.json': { mediaType: 'application/json', disposition: 'inline' },
  'manifest.sig': { mediaType: 'application/octet-stream', disposition: 'attachment' },
} as const satisfies Record<string, { mediaType: string; disposition: 'inline' | 'attachment' }>;

export type ReportArtefactName = keyof typeof reportArtefactFiles;
export const reportArtefactNames = Object.keys(reportArtefactFiles) as ReportArtefactName[];

export interface OpenedArtefact {
  stream: ReadStream;
  bytes: number;
  modifiedAt: Date;
}

/** The artefact's size, or undefined when the file is absent (or not a regular file inside the folder). */
export async function artefactSize(folder: string, name: ReportArtefactName): Promise<number | undefined> {
  const file = await containedFile(folder, name);
  if (file === undefined) return undefined;
  return (await stat(file)).size;
}

/** Opens the artefact for streaming, or undefined when it is absent or would lie outside the folder. */
export async function openArtefact(folder: string, name: ReportArtefactName): Promise<OpenedArtefact | undefined> {
  const file = await containedFile(folder, name);
  if (file === undefined) return undefined;
  const info = await stat(file);
  return { stream: createReadStream(file), bytes: info.size, modifiedAt: info.mtime };
}

async function containedFile(folder: string, name: ReportArtefactName): Promise<string | undefined> {
  if (!Object.hasOwn(reportArtefactFiles, name)) return undefined;
  let root: string;
  let file: string;
  try {
    root = await realpath(path.resolve(folder));
    file = await realpath(path.join(root, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (path.dirname(file) !== root) return undefined;
  const info = await stat(file);
  return info.isFile() ? file : undefined;
}
