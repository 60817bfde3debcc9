/**
 * A streaming RFC 4180 reader: records come out one at a time, each with the line it starts on, so a roster of
 * hundreds of thousands of rows never sits in memory as text and every error can name its line. Accepts CRLF
 * or LF, a leading byte-order mark, and quoted fields holding commas, quotes and line breaks.
 */
import { InputError } from '../errors.js';

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  cells: string[];
}

export async function* readCsvRecords(chunks: AsyncIterable<string> | Iterable<string>, file: string): AsyncGenerator<CsvRecord> {
  let line = 1;
  let recordLine = 1;
  let cells: string[] = [];
  let field = '';
  let fieldStarted = false;
  let quoted = false;
  /** A quote inside a quoted field: either the closing quote or the first of a doubled one. */
  let quoteSeen = false;
  /** After a closing quote: the next character must end the field. */
  let afterQuote = false;
  let first = true;
  /** A carriage return ended the last record: a line feed right after it belongs to the same line break. */
  let pendingCr = false;

  for await (const chunk of chunks) {
    let text = chunk;
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    for (const character of text) {
      if (pendingCr) {
        pendingCr = false;
        if (character === '\n') continue;
      }
      if (quoteSeen) {
        quoteSeen = false;
        if (character === '"') {
          field += '"';
          continue;
        }
        quoted = false;
        afterQuote = true;
      }
      if (quoted) {
        if (character === '"') quoteSeen = true;
        else {
          if (character === '\n') line += 1;
          field += character;
        }
        continue;
      }
      if (character === ',') {
        cells.push(field);
        field = '';
        afterQuote = false;
        fieldStarted = true;
      } else if (character === '\r' || character === '\n') {
        if (cells.length > 0 || field !== '' || fieldStarted) yield { line: recordLine, cells: [...cells, field] };
        cells = [];
        field = '';
        afterQuote = false;
        fieldStarted = false;
        line += 1;
        recordLine = line;
        pendingCr = character === '\r';
      } else if (afterQuote) {
        throw new InputError(`${file}:${line}: column ${cells.length + 1}: unexpected text after a closing quote; double a quote inside a quoted field ("").`);
      } else if (character === '"' && field === '') {
        quoted = true;
        fieldStarted = true;
      } else {
        field += character;
        fieldStarted = true;
      }
    }
  }
  if (quoted && !quoteSeen) throw new InputError(`${file}:${recordLine}: column ${cells.length + 1}: a quoted field is never closed.`);
  if (cells.length > 0 || field !== '' || fieldStarted) yield { line: recordLine, cells: [...cells, field] };
}
