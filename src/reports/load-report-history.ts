/**
 * Reads a history directory: every `*.json` file in it and every `<folder>/report.json` one level down (the
 * layout `scan` writes under `output.directory`), in name order. Each file is parsed and reduced at once, so
 * twelve large reports never sit in memory together. A file that is not a readable report is an InputError
 * naming it; the caller decides nothing silently. A directory that does not exist is an error too, unless the
 * caller says a missing one means no history yet.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { compareText } from './report-order.js';
import { parsePriorReport, type PriorReport } from './report-history.js';

export async function loadReportHistory(directory: string, options: { missingIsEmpty?: boolean } = {}): Promise<PriorReport[]> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    // A configured history folder (`output.history: out`) does not exist before the first scan.
    if (options.missingIsEmpty && (error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InputError(`History directory ${directory} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const files: string[] = [];
  for (const entry of [...entries].sort((a, b) => compareText(a.name, b.name))) {
    const full = path.join(directory, entry.name);
    if (entry.isFile() && entry.name.endsWith('.json')) files.push(full);
    else if (entry.isDirectory() && (await isFile(path.join(full, 'report.json')))) files.push(path.join(full, 'report.json'));
  }
  const priors: PriorReport[] = [];
  for (const file of files) priors.push(parsePriorReport(await readJson(file), file));
  return priors;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`History file ${file} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`History file ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
