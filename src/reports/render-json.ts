/**
 * report.json: the machine-readable report, valid against docs/report.schema.json. Key order is fixed by
 * `buildReport`, so the bytes depend only on the report's content; `generatedAt` is the only time that varies
 * between two runs on one snapshot.
 */
import type { Report } from './report-model.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
