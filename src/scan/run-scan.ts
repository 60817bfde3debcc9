/** One scan end to end: collect the raw snapshot, analyse it, write the report beside it. */
import path from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import type { CollectContext } from '../connectors/connector.js';
import { analyseSnapshot } from '../reconcile/analyse-snapshot.js';
import { loadReconcileInputs, readRecordedReconcileSettings, recordReconcileInputs, reconcileSettingsOf } from '../reconcile/load-reconcile-inputs.js';
import type { Report } from '../reports/report-model.js';
import { withHistory, type PriorReport } from '../reports/report-history.js';
import { loadSigningKey } from '../reports/sign-manifest.js';
import { writeReport } from '../reports/write-report.js';
import { openSnapshot, type Snapshot } from '../snapshot/snapshot-reader.js';
import { collectSnapshot } from './collect-snapshot.js';

export interface ScanResult {
  report: Report;
  snapshotDirectory: string;
  reportFiles: string[];
}

/**
 * Output layout: `<out>/snapshot/` (raw evidence, with the roster and exception register copied into
 * `snapshot/reconcile/`), `<out>/report.{json,csv,html}`, the other CSVs and the evidence manifest (`manifest.json`,
 * signed into `manifest.sig` when `evidence.signingKey` is configured). `configDirectory` is what relative roster and
 * register paths are resolved against (the configuration file's folder; the working directory by default).
 */
export async function runScan(
  config: AppConfig,
  outDirectory: string,
  context: CollectContext,
  options: { previous?: Snapshot; configDirectory?: string; history?: readonly PriorReport[] } = {},
): Promise<ScanResult> {
  const { configDirectory, history, ...collectOptions } = options;
  // Resolved before any API call, so a missing or wrong key fails the scan before it costs the tenant anything.
  const signingKey = config.evidence.signingKey ? await loadSigningKey(config.evidence.signingKey, context.env) : undefined;
  const collected = await collectSnapshot(config, { target: path.join(outDirectory, 'snapshot'), context, ...collectOptions });
  return reportCollectedSnapshot(config, collected.directory, outDirectory, {
    now: context.now,
    ...(signingKey ? { signingKey } : {}),
    ...(configDirectory !== undefined ? { configDirectory } : {}),
    ...(history ? { history } : {}),
  });
}

/**
 * The second half of a scan, shared by the CLI and the service's run job: records the roster and register into
 * the committed snapshot, analyses it and writes the report and manifest into `outDirectory`. `history` may
 * instead be a function of the snapshot's creation time (the service asks its store for the reports before it).
 */
export async function reportCollectedSnapshot(
  config: AppConfig,
  snapshotDirectory: string,
  outDirectory: string,
  options: {
    now: () => Date;
    signingKey?: Awaited<ReturnType<typeof loadSigningKey>>;
    configDirectory?: string;
    history?: readonly PriorReport[] | ((snapshotCreatedAt: string) => Promise<readonly PriorReport[]>);
  },
): Promise<ScanResult> {
  // The report is derived from the copies, exactly as a later `analyse --snapshot` will.
  await recordReconcileInputs(snapshotDirectory, reconcileSettingsOf(config), options.configDirectory ?? process.cwd());
  const recorded = await readRecordedReconcileSettings(snapshotDirectory);
  const snapshot = await openSnapshot(snapshotDirectory);
  const analysed = await analyseSnapshot(snapshot, {
    organisation: config.organisation,
    settings: config.analysis,
    generatedAt: options.now(),
    ...(recorded ? { reconcile: await loadReconcileInputs(recorded.settings, recorded.baseDirectory) } : {}),
  });
  const history = typeof options.history === 'function' ? await options.history(analysed.snapshot.createdAt) : (options.history ?? []);
  const report = withHistory(analysed, history);
  const reportFiles = await writeReport(report, outDirectory, {
    snapshot,
    configuration: { origin: 'config-file', value: config },
    history,
    ...(options.signingKey ? { signingKey: options.signingKey } : {}),
  });
  return { report, snapshotDirectory, reportFiles };
}
