/**
 * Every file under a raw snapshot directory, as sorted relative paths with "/" separators: what the evidence
 * manifest hashes and what `verify` compares it with. Only regular files and folders are expected there; any
 * other entry (a symbolic link, a socket) is refused, because its content could change without the snapshot's.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { SnapshotError } from '../errors.js';

/** `exclude`: absolute paths to skip (a report written inside its own snapshot directory). */
export async function listSnapshotFiles(directory: string, exclude: ReadonlySet<string> = new Set()): Promise<string[]> {
  const { files, others } = await listSnapshotEntries(directory, exclude);
  const [other] = others;
  if (other !== undefined) {
    const absolute = path.join(path.resolve(directory), ...other.split('/'));
    throw new SnapshotError(`${absolute} is neither a file nor a folder; the evidence manifest hashes regular files only: replace it with a copy of the file.`);
  }
  return files;
}

/** Regular files, and separately any other entry (links, sockets), for `verify` to report rather than refuse. */
export async function listSnapshotEntries(directory: string, exclude: ReadonlySet<string> = new Set()): Promise<{ files: string[]; others: string[] }> {
  const root = path.resolve(directory);
  const files: string[] = [];
  const others: string[] = [];
  const walk = async (folder: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      throw new SnapshotError(`Cannot list snapshot folder ${folder} (${(error as Error).message}); check that it exists and is readable.`, { cause: error });
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const absolute = path.join(folder, entry.name);
      const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (exclude.has(absolute)) continue;
      if (entry.isDirectory()) await walk(absolute, relative);
      else if (entry.isFile()) files.push(relative);
      else others.push(relative);
    }
  };
  await walk(root, '');
  const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { files: files.sort(byCodeUnit), others: others.sort(byCodeUnit) };
}
