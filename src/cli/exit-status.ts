/**
 * The command line's exit statuses, in one place so the README, docs/architecture.md and the code agree:
 * 0 a report was written and every source is complete or partial; 1 a report was written but at least one source
 * failed (its people are unknown) — or, for `verify`, the report was modified; 2 the config or an input file is
 * invalid (nothing was scanned); 3 no report could be written (a full disk, a cancelled scan, an analysis that
 * failed after the snapshot was committed, an unexpected error).
 */
import type { Report } from '../reports/report-model.js';

export const exitStatus = {
  ok: 0,
  sourceFailed: 1,
  invalidInput: 2,
  noReport: 3,
} as const;

/** 1 when any source of the report failed, else 0. */
export function reportExitStatus(report: Pick<Report, 'sources'>): number {
  return report.sources.some((source) => source.status === 'failed') ? exitStatus.sourceFailed : exitStatus.ok;
}
