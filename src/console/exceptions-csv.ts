/**
 * Reads report.exceptions.csv, the report's own export of the register as applied, back into rows for the
 * exceptions page. The report does not keep the register in the store (it is small, and the CSV already is the
 * published form), so the page shows exactly what was exported. The CSV writer neutralises spreadsheet formulas with
 * a leading apostrophe (csv-format.ts); it is taken off again where the writer would have put it.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { exceptionCsvHeader } from '../reports/render-csv.js';
import type { ExceptionRow } from './console-views.js';

export const exceptionsCsvFile = 'report.exceptions.csv';

const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r']);

export async function readExceptionsCsv(file: string): Promise<ExceptionRow[]> {
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  const records = parseCsv(text, file);
  const header = records.shift() ?? [];
  if (header.join(',') !== exceptionCsvHeader.join(',')) {
    throw new InputError(`${file}: line 1 is not the header of report.exceptions.csv (expected ${exceptionCsvHeader.join(',')}).`);
  }
  return records.map((cells) => {
    const value = (name: string): string => {
      const cell = cells[exceptionCsvHeader.indexOf(name)] ?? '';
      return cell.startsWith("'") && formulaTriggers.has(cell.charAt(1)) ? cell.slice(1) : cell;
    };
    return {
      id: value('id'),
      state: value('state'),
      gap: value('gap'),
      account: value('account'),
      sourceId: value('sourceId'),
      person: value('person'),
      policy: value('policy'),
      reason: value('reason'),
      riskOwner: value('riskOwner'),
      compensatingControls: value('compensatingControls'),
      approvedBy: value('approvedBy'),
      approvedAt: value('approvedAt'),
      expires: value('expires'),
      ticket: value('ticket'),
      matchedGaps: Number(value('matchedGaps')) || 0,
      reasons: value('reasons'),
    };
  });
}

/** RFC 4180: CRLF or LF records, quoted fields with doubled quotes and embedded line breaks. */
export function parseCsv(text: string, file: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index] as string;
    if (quoted) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else quoted = false;
      } else {
        if (character === '\n') line += 1;
        field += character;
      }
      continue;
    }
    if (character === '"' && field === '') quoted = true;
    else if (character === ',') {
      record.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      line += 1;
    } else field += character;
  }
  if (quoted) throw new InputError(`${file}: line ${line}: a quoted field is not closed.`);
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
