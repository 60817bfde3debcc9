/**
 * The files a report is published as. Each artefact is a recipe, not its content: `render` is pure and is called
 * only when the writer streams that file to disk, so no two large artefacts are in memory at once and report.json
 * (hundreds of MiB for 100,000 accounts) never exists as one string. A renderer that fails, even half-way through
 * its chunks, leaves no file behind (write-report.ts); the evidence manifest hashes the very bytes written.
 */
import { accountsCsvChunks, exceptionsCsvChunks, findingsCsvChunks, peopleCsvChunks } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderJsonChunks } from './render-json.js';
import { renderPdf } from './render-pdf.js';
import type { Report } from './report-model.js';

/** Text chunks are written as UTF-8; bytes (a PDF) as they are. */
export type ArtefactChunk = string | Uint8Array;

export interface ReportArtefact {
  /** File name inside the report directory. */
  file: string;
  mediaType: string;
  /** The content in order, rendered lazily; called once, when the file is written. */
  render: () => Iterable<ArtefactChunk> | AsyncIterable<ArtefactChunk>;
}

const csvMediaType = 'text/csv; charset=utf-8; header=present';

export function renderReportArtefacts(report: Report): ReportArtefact[] {
  return [
    { file: 'report.json', mediaType: 'application/json', render: () => renderJsonChunks(report) },
    { file: 'report.csv', mediaType: csvMediaType, render: () => accountsCsvChunks(report) },
    { file: 'report.people.csv', mediaType: csvMediaType, render: () => peopleCsvChunks(report) },
    { file: 'report.findings.csv', mediaType: csvMediaType, render: () => findingsCsvChunks(report) },
    { file: 'report.exceptions.csv', mediaType: csvMediaType, render: () => exceptionsCsvChunks(report) },
    // A few MiB at most for any report size (long tables are capped at a row limit), so rendered whole.
    { file: 'report.html', mediaType: 'text/html; charset=utf-8', render: () => [renderHtml(report)] },
    { file: 'report.pdf', mediaType: 'application/pdf', render: () => [renderPdf(report)] },
  ];
}

/** One artefact's whole content, for tests and small callers: the concatenation of its chunks as bytes. */
export async function collectArtefact(artefact: ReportArtefact): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of artefact.render()) parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  return Buffer.concat(parts);
}
