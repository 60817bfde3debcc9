/** One scan end to end: collect the raw snapshot, analyse it, write the report beside it. */
import path from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import type { CollectContext } from '../connectors/connector.js';
import { analyseSnapshot } from '../reconcile/analyse-snapshot.js';
import type { Report } from '../reports/report-model.js';
import { writeReport } from '../reports/write-report.js';
import { openSnapshot, type Snapshot } from '../snapshot/snapshot-reader.js';
import { collectSnapshot } from './collect-snapshot.js';

export interface ScanResult {
  report: Report;
  snapshotDirectory: string;
  reportFiles: string[];
}

/** Output layout: `<out>/snapshot/` (raw evidence) and `<out>/report.{json,csv,html}`. */
export async function runScan(
  config: AppConfig,
  outDirectory: string,
  context: CollectContext,
  options: { previous?: Snapshot } = {},
): Promise<ScanResult> {
  const collected = await collectSnapshot(config, { target: path.join(outDirectory, 'snapshot'), context, ...options });
  const snapshot = await openSnapshot(collected.directory);
  const report = await analyseSnapshot(snapshot, {
    organisation: config.organisation,
    settings: config.analysis,
    generatedAt: context.now(),
  });
  const reportFiles = await writeReport(report, outDirectory);
  return { report, snapshotDirectory: collected.directory, reportFiles };
}
