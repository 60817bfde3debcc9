/**
 * Reads the HR roster CSV into people, streaming: one record at a time, each checked, errors naming the file,
 * line and column and saying what to fix. A duplicate employee id is an error (which person would an account
 * belong to?); a duplicate email is not, it only makes that email useless for linking (see correlate-identities).
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { readCsvRecords } from './csv-records.js';
import type { EmploymentType, Person } from './person.js';
import type { RosterColumns } from './reconcile-config.js';

export interface RosterOptions {
  columns: RosterColumns;
  activeStatuses: readonly string[];
  terminatedStatuses: readonly string[];
}

const employmentTypeWords: Record<string, EmploymentType> = {
  '': 'employee',
  employee: 'employee',
  permanent: 'employee',
  staff: 'employee',
  fte: 'employee',
  contractor: 'contractor',
  contract: 'contractor',
  consultant: 'contractor',
  freelancer: 'contractor',
  vendor: 'vendor',
  supplier: 'vendor',
  'third-party': 'vendor',
  partner: 'vendor',
  external: 'external',
  guest: 'external',
};

const datePattern = /^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

export async function loadRoster(file: string, options: RosterOptions): Promise<Person[]> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  try {
    return await parseRoster(stream as AsyncIterable<string>, file, options);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`Cannot read roster ${file}: ${(error as Error).message}`, { cause: error });
  } finally {
    stream.destroy();
  }
}

/** The roster from any text chunks (a file stream, or a string in tests). */
export async function parseRoster(chunks: AsyncIterable<string> | Iterable<string>, file: string, options: RosterOptions): Promise<Person[]> {
  const { columns } = options;
  const active = new Set(options.activeStatuses.map((status) => status.toLowerCase()));
  const terminated = new Set(options.terminatedStatuses.map((status) => status.toLowerCase()));
  const people: Person[] = [];
  const lineOfEmployeeId = new Map<string, number>();
  let index: Record<keyof RosterColumns, number> | undefined;
  let headerLength = 0;

  for await (const record of readCsvRecords(chunks, file)) {
    if (!index) {
      const header = record.cells.map((cell) => cell.trim().toLowerCase());
      headerLength = header.length;
      index = Object.fromEntries(
        Object.entries(columns).map(([field, name]) => [field, header.indexOf(name.toLowerCase())]),
      ) as Record<keyof RosterColumns, number>;
      if (index.employeeId < 0 && index.email < 0) {
        throw new InputError(
          `${file}:${record.line}: the header has neither the employee id column "${columns.employeeId}" nor the email column "${columns.email}"; set directory.columns to the roster's header names.`,
        );
      }
      continue;
    }
    if (record.cells.length !== headerLength) {
      throw new InputError(`${file}:${record.line}: ${record.cells.length} columns where the header has ${headerLength}; quote a field that holds a comma.`);
    }
    const at = index;
    const cell = (field: keyof RosterColumns): string => (at[field] < 0 ? '' : (record.cells[at[field]] ?? '').trim());
    const where = (field: keyof RosterColumns) => `${file}:${record.line}: column ${columns[field]}`;

    const employeeId = cell('employeeId') || null;
    const email = cell('email').toLowerCase() || null;
    if (!employeeId && !email) throw new InputError(`${file}:${record.line}: neither ${columns.employeeId} nor ${columns.email} is set; a person needs one to be linked.`);
    if (email !== null && !email.includes('@')) throw new InputError(`${where('email')}: "${email}" is not an email address.`);

    const statusText = cell('status').toLowerCase();
    let status: Person['status'];
    if (statusText === '' || active.has(statusText)) status = 'active';
    else if (terminated.has(statusText)) status = 'terminated';
    else {
      throw new InputError(
        `${where('status')}: unknown status "${cell('status')}"; expected one of ${[...active, ...terminated].join(', ')} (directory.activeStatuses / terminatedStatuses).`,
      );
    }
    const typeText = cell('employmentType').toLowerCase();
    const employmentType = employmentTypeWords[typeText];
    if (employmentType === undefined) {
      throw new InputError(`${where('employmentType')}: unknown employment type "${cell('employmentType')}"; expected employee, contractor, vendor or external.`);
    }
    const date = (field: 'startDate' | 'terminationDate'): string | null => {
      const value = cell(field);
      if (value === '') return null;
      if (!datePattern.test(value) || Number.isNaN(new Date(value).getTime())) throw new InputError(`${where(field)}: "${value}" is not a date (YYYY-MM-DD).`);
      return value;
    };

    if (employeeId !== null) {
      const key = employeeId.toLowerCase();
      const earlier = lineOfEmployeeId.get(key);
      if (earlier !== undefined) throw new InputError(`${where('employeeId')}: employee id ${employeeId} is already used on line ${earlier}; each person needs their own.`);
      lineOfEmployeeId.set(key, record.line);
    }
    people.push({
      id: employeeId ?? (email as string),
      employeeId,
      email,
      name: cell('name') || (email ?? employeeId ?? ''),
      status,
      startDate: date('startDate'),
      terminationDate: date('terminationDate'),
      employmentType,
      department: cell('department') || null,
      manager: cell('manager') || null,
      aliases: cell('aliases')
        .split(';')
        .map((alias) => alias.trim().toLowerCase())
        .filter((alias) => alias !== ''),
      origin: `${path.basename(file)}:${record.line}`,
    });
  }
  if (!index) throw new InputError(`${file}: the roster is empty; it needs a header line and one line per person.`);
  return people;
}
