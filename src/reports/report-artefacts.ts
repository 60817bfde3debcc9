/**
 * The files a report is published as. Rendering is pure and happens before anything touches the disk, so a
 * renderer that fails leaves no file behind; later stages (evidence manifest, signatures) hash these same bytes.
 */
import { renderAccountsCsv, renderExceptionsCsv, renderFindingsCsv, renderPeopleCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderPdf } from './render-pdf.js';
import type { Report } from './report-model.js';

export interface ReportArtefact {
  /** File name inside the report directory. */
  file: string;
  mediaType: string;
  /** Text is written as UTF-8; bytes (a PDF) as they are. The evidence manifest hashes exactly what is written. */
  content: string | Uint8Array;
}

const csvMediaType = 'text/csv; charset=utf-8; header=present';

export function renderReportArtefacts(report: Report): ReportArtefact[] {
  return [
    { file: 'report.json', mediaType: 'application/json', content: renderJson(report) },
    { file: 'report.csv', mediaType: csvMediaType, content: renderAccountsCsv(report) },
    { file: 'report.people.csv', mediaType: csvMediaType, content: renderPeopleCsv(report) },
    { file: 'report.findings.csv', mediaType: csvMediaType, content: renderFindingsCsv(report) },
    { file: 'report.exceptions.csv', mediaType: csvMediaType, content: renderExceptionsCsv(report) },
    { file: 'report.html', mediaType: 'text/html; charset=utf-8', content: renderHtml(report) },
    { file: 'report.pdf', mediaType: 'application/pdf', content: renderPdf(report) },
  ];
}
