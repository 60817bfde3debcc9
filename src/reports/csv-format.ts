/**
 * CSV as RFC 4180 writes it (CRLF records, fields quoted when they hold a comma, quote or line break, quotes
 * doubled), with spreadsheet formula injection neutralised: a cell that starts with `=`, `+`, `-`, `@`, tab or
 * carriage return gets a leading apostrophe, so Excel, LibreOffice and Sheets show it as text instead of
 * evaluating a tenant-supplied display name as a formula (OWASP "CSV Injection").
 */

/** Excel reads a file without a byte-order mark as the legacy code page and mangles non-ASCII names. */
const byteOrderMark = '\uFEFF';
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r']);

export function neutraliseFormula(cell: string): string {
  return formulaTriggers.has(cell.charAt(0)) ? `'${cell}` : cell;
}

export function quoteCsvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** One CSV document: a header row and data rows, every cell neutralised then quoted as needed. */
export function formatCsv(header: readonly string[], rows: Iterable<readonly string[]>): string {
  let csv = '';
  for (const chunk of formatCsvChunks(header, rows)) csv += chunk;
  return csv;
}

/**
 * The same document as `formatCsv`, one chunk per record (the first carries the byte-order mark), so a large
 * export streams to disk; a row of the wrong width throws when it is reached.
 */
export function* formatCsvChunks(header: readonly string[], rows: Iterable<readonly string[]>): Generator<string> {
  yield byteOrderMark + formatRecord(header);
  for (const row of rows) {
    if (row.length !== header.length) throw new RangeError(`CSV row has ${row.length} cells, the header ${header.length}.`);
    yield formatRecord(row);
  }
}

function formatRecord(cells: readonly string[]): string {
  return cells.map((cell) => quoteCsvField(neutraliseFormula(cell))).join(',') + '\r\n';
}
