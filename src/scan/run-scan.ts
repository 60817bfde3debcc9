/** One scan end to end: check the local inputs, collect the raw snapshot, analyse it, write the report beside it. */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import type { CollectContext } from '../connectors/connector.js';
import { AnalysisError, MfaCoverageError, describeError } from '../errors.js';
import { analyseSnapshot } from '../reconcile/analyse-snapshot.js';
import { loadReconcileInputs, readRecordedReconcileSettings, recordReconcileInputs, reconcileSettingsOf } from '../reconcile/load-reconcile-inputs.js';
import type { Report } from '../reports/report-model.js';
import { withHistory, type PriorReport } from '../reports/report-history.js';
import { loadSigningKey } from '../reports/sign-manifest.js';
import { writeReport } from '../reports/write-report.js';
import { openSnapshot, type Snapshot } from '../snapshot/snapshot-reader.js';
import type { OpenFile } from '../snapshot/snapshot-writer.js';
import { collectSnapshot } from './collect-snapshot.js';

export interface ScanResult {
  report: Report;
  snapshotDirectory: string;
  reportFiles: string[];
}

export interface ScanOptions {
  previous?: Snapshot;
  configDirectory?: string;
  history?: readonly PriorReport[];
  /** How snapshot files are opened; tests inject a failing writer to play a full disk. */
  openFile?: OpenFile;
}

/** Written beside a committed snapshot whose analysis failed: why, and the command that retries it. */
export const analysisErrorFile = 'analysis-error.json';

/**
 * Output layout: `<out>/snapshot/` (raw evidence, with the roster and exception register copied into
 * `snapshot/reconcile/`), `<out>/report.{json,csv,html}`, the other CSVs and the evidence manifest (`manifest.json`,
 * signed into `manifest.sig` when `evidence.signingKey` is configured). `configDirectory` is what relative roster and
 * register paths are resolved against (the configuration file's folder; the working directory by default).
 *
 * When the snapshot is committed but cannot be analysed, `<out>/analysis-error.json` records why and the error says
 * how to retry (`mfa-coverage analyse --snapshot <out>/snapshot`): a committed snapshot is never left unexplained.
 */
export async function runScan(config: AppConfig, outDirectory: string, context: CollectContext, options: ScanOptions = {}): Promise<ScanResult> {
  const { configDirectory, history, ...collectOptions } = options;
  const baseDirectory = configDirectory ?? process.cwd();
  // Resolved and read before any API call, so a missing key or a bad roster or register fails the scan before it
  // costs the tenant anything.
  const signingKey = config.evidence.signingKey ? await loadSigningKey(config.evidence.signingKey, context.env) : undefined;
  await loadReconcileInputs(reconcileSettingsOf(config), baseDirectory);
  const collected = await collectSnapshot(config, { target: path.join(outDirectory, 'snapshot'), context, ...collectOptions });
  try {
    return await reportCollectedSnapshot(config, collected.directory, outDirectory, {
      now: context.now,
      ...(signingKey ? { signingKey } : {}),
      configDirectory: baseDirectory,
      ...(history ? { history } : {}),
    });
  } catch (error) {
    throw await recordAnalysisFailure(outDirectory, collected.directory, error, context.now());
  }
}

/** Writes `analysis-error.json` beside the snapshot (best effort: a full disk may refuse it too) and says how to retry. */
export async function recordAnalysisFailure(outDirectory: string, snapshotDirectory: string, error: unknown, at: Date): Promise<AnalysisError> {
  const retry = `mfa-coverage analyse --snapshot ${snapshotDirectory}`;
  const file = path.join(outDirectory, analysisErrorFile);
  const record = {
    failedAt: at.toISOString(),
    snapshot: snapshotDirectory,
    error: { code: error instanceof MfaCoverageError ? error.code : 'UNEXPECTED', message: describeError(error) },
    retry,
  };
  let recordedAt = ` The reason is recorded in ${file}.`;
  try {
    await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  } catch (writeError) {
    recordedAt = ` The reason could not be recorded (${describeError(writeError)}).`;
  }
  return new AnalysisError(
    `The raw snapshot ${snapshotDirectory} was collected and committed, but no report could be derived from it: ${describeError(error)}.${recordedAt} Fix the cause, then re-derive the report with \`${retry}\` (no new scan needed).`,
    snapshotDirectory,
    { cause: error },
  );
}

/** Removes a stale `analysis-error.json` once a report has been derived into that folder. */
export async function clearAnalysisFailure(outDirectory: string): Promise<void> {
  await rm(path.join(outDirectory, analysisErrorFile), { force: true });
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
