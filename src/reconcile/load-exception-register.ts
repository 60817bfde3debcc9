/**
 * Reads the exception register from YAML (`exceptions: [...]`) or CSV (one entry per row, header = field
 * names, `compensatingControls` separated by `;`). Every error names the file, the entry (index, id and line)
 * and the field, and the whole register is checked before the first error is thrown, so one run lists them all.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { readCsvRecords } from './csv-records.js';
import { exceptionEntrySchema, exceptionFileSchema, type ExceptionEntry, type ExceptionRegister } from './exception-register.js';

export async function loadExceptionRegister(file: string): Promise<ExceptionRegister> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read exception register ${file}: ${(error as Error).message}`, { cause: error });
  }
  return file.toLowerCase().endsWith('.csv') ? parseExceptionCsv(text, file) : parseExceptionYaml(text, file);
}

export function parseExceptionYaml(text: string, file: string): ExceptionRegister {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    throw new InputError(`${file}${first?.linePos?.[0] ? `:${first.linePos[0].line}` : ''}: not valid YAML: ${first?.message ?? 'parse error'}`);
  }
  const top = exceptionFileSchema.safeParse(document.toJS());
  if (!top.success) throw new InputError(`${file}: expected a top-level list \`exceptions:\` of entries (${top.error.issues[0]?.message ?? 'invalid'}).`);
  const problems: string[] = [];
  const entries: ExceptionEntry[] = [];
  top.data.exceptions.forEach((raw, index) => {
    const result = exceptionEntrySchema.safeParse(raw);
    const label = entryLabel(index, raw);
    if (!result.success) {
      problems.push(...issueLines(result.error.issues, (field) => `${file}${lineSuffix(document, text, ['exceptions', index, ...field])}: ${label}: field ${field.join('.') || '(entry)'}`));
      return;
    }
    entries.push({ ...result.data, id: result.data.id ?? `entry-${index + 1}`, origin: `${path.basename(file)} entry ${index + 1}` });
  });
  return finish(file, entries, problems);
}

export async function parseExceptionCsv(text: string, file: string): Promise<ExceptionRegister> {
  const problems: string[] = [];
  const entries: ExceptionEntry[] = [];
  let header: string[] | undefined;
  let index = 0;
  for await (const record of readCsvRecords([text], file)) {
    if (!header) {
      header = record.cells.map((cell) => cell.trim());
      const known = new Set(Object.keys(exceptionEntrySchema.shape));
      const unknown = header.filter((name) => !known.has(name));
      if (unknown.length > 0) throw new InputError(`${file}:${record.line}: unknown column ${unknown.join(', ')}; columns are ${[...known].join(', ')}.`);
      continue;
    }
    const raw: Record<string, unknown> = {};
    header.forEach((name, column) => {
      const value = (record.cells[column] ?? '').trim();
      if (value === '') return;
      raw[name] = name === 'compensatingControls' ? value.split(';').map((control) => control.trim()).filter((control) => control !== '') : value;
    });
    const label = entryLabel(index, raw);
    const result = exceptionEntrySchema.safeParse(raw);
    if (!result.success) problems.push(...issueLines(result.error.issues, (field) => `${file}:${record.line}: ${label}: field ${field.join('.') || '(entry)'}`));
    else entries.push({ ...result.data, id: result.data.id ?? `entry-${index + 1}`, origin: `${path.basename(file)}:${record.line}` });
    index += 1;
  }
  if (!header) throw new InputError(`${file}: the register is empty; it needs a header line naming the fields.`);
  return finish(file, entries, problems);
}

function finish(file: string, entries: ExceptionEntry[], problems: string[]): ExceptionRegister {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const earlier = seen.get(entry.id);
    if (earlier !== undefined) problems.push(`${file}: ${entry.origin}: field id: "${entry.id}" is already used by ${earlier}; give each entry its own id.`);
    seen.set(entry.id, entry.origin);
  }
  if (problems.length > 0) throw new InputError(`Invalid exception register:\n  ${problems.join('\n  ')}`);
  return { file: path.basename(file), entries };
}

function entryLabel(index: number, raw: unknown): string {
  const id = raw !== null && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' ? ` (${raw.id})` : '';
  return `entry ${index + 1}${id}`;
}

function issueLines(issues: readonly z.core.$ZodIssue[], prefix: (field: string[]) => string): string[] {
  return issues.map((issue) => `${prefix(issue.path.map(String))}: ${issue.message}`);
}

/** The line of the deepest node on the issue's path that exists (a missing field points at its entry). */
function lineSuffix(document: Document, text: string, at: (string | number)[]): string {
  for (let length = at.length; length > 0; length -= 1) {
    const node = document.getIn(at.slice(0, length), true) as unknown;
    const offset = node !== null && typeof node === 'object' && 'range' in node ? (node as { range?: [number] }).range?.[0] : undefined;
    if (offset !== undefined) return `:${lineOf(text, offset)}`;
  }
  return '';
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index += 1) if (text.charCodeAt(index) === 10) line += 1;
  return line;
}
