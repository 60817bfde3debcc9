/**
 * report.json: the machine-readable report, valid against docs/report.schema.json. Key order is fixed by
 * `buildReport`, so the bytes depend only on the report's content; `generatedAt` is the only time that varies
 * between two runs on one snapshot.
 *
 * A 100,000-account report is hundreds of MiB of JSON, so it is rendered as a sequence of chunks for the writer
 * to stream to disk: the structure above the records is walked here, and each array entry (an account, a person,
 * a finding) is one `JSON.stringify` call, re-indented to its depth. The chunks concatenate to exactly
 * `JSON.stringify(report, null, 2)` plus a final newline; `renderJson` is that concatenation.
 */
import type { Report } from './report-model.js';

const indentUnit = '  ';

/** report.json as one string: for small reports, history files and tests. */
export function renderJson(report: Report): string {
  let json = '';
  for (const chunk of renderJsonChunks(report)) json += chunk;
  return json;
}

/** report.json as chunks whose concatenation is `renderJson(report)`, one chunk per record or structural line. */
export function* renderJsonChunks(report: Report): Generator<string> {
  yield* jsonChunks(report, '', false);
  yield '\n';
}

/** `JSON.stringify(value, null, 2)`, indented for nesting at `indent`; `asRecord`: an array entry, rendered whole. */
function* jsonChunks(input: unknown, indent: string, asRecord: boolean): Generator<string> {
  const value = withToJson(input);
  if (asRecord || value === null || typeof value !== 'object') {
    yield reindent(JSON.stringify(value, null, indentUnit), indent);
    return;
  }
  const inner = indent + indentUnit;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let index = 0; index < value.length; index += 1) {
      yield `${index === 0 ? '' : ','}\n${inner}`;
      const entry: unknown = value[index];
      // JSON.stringify writes null for an array entry it cannot represent.
      if (isUnrepresentable(withToJson(entry))) yield 'null';
      else yield* jsonChunks(entry, inner, true);
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const [key, entry] of Object.entries(value)) {
    // JSON.stringify leaves out a property it cannot represent.
    if (isUnrepresentable(withToJson(entry))) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonChunks(entry, inner, false);
  }
  yield first ? '{}' : `\n${indent}}`;
}

/** JSON.stringify's view of a value with a `toJSON` method (a Date, say). */
function withToJson(value: unknown): unknown {
  const toJson = value !== null && typeof value === 'object' ? (value as { toJSON?: unknown }).toJSON : undefined;
  return typeof toJson === 'function' ? (toJson as () => unknown).call(value) : value;
}

function isUnrepresentable(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** A string never holds a raw line break in JSON, so every newline is structural and takes the outer indent. */
function reindent(json: string, indent: string): string {
  return indent === '' ? json : json.replaceAll('\n', `\n${indent}`);
}
