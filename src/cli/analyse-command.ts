import path from 'node:path';
import { loadAppConfig } from '../config/app-config.js';
import { defaultAnalysisSettings } from '../connectors/connector.js';
import { InputError } from '../errors.js';
import { analyseSnapshot } from '../reconcile/analyse-snapshot.js';
import { loadReconcileInputs, readRecordedReconcileSettings, reconcileSettingsOf } from '../reconcile/load-reconcile-inputs.js';
import { loadReportHistory } from '../reports/load-report-history.js';
import { withHistory } from '../reports/report-history.js';
import { loadSigningKey } from '../reports/sign-manifest.js';
import { writeReport } from '../reports/write-report.js';
import { openSnapshot } from '../snapshot/snapshot-reader.js';
import { formatSummary } from './print-summary.js';
import { reportExitStatus } from './exit-status.js';
import { clearAnalysisFailure } from '../scan/run-scan.js';

export async function analyseCommand(options: { snapshot: string; out?: string; config?: string; generatedAt?: string; history?: string }): Promise<number> {
  const snapshot = await openSnapshot(options.snapshot);
  const recorded = snapshot.manifest.context;
  const config = options.config ? await loadAppConfig(options.config) : undefined;
  const generatedAt = options.generatedAt ? new Date(options.generatedAt) : new Date();
  if (Number.isNaN(generatedAt.getTime())) throw new InputError(`--generated-at ${options.generatedAt} is not an ISO 8601 date-time.`);
  // With --config, its roster and register (relative to the config file); else the copies the scan recorded.
  const reconcileSource =
    config && options.config
      ? { settings: reconcileSettingsOf(config), baseDirectory: path.dirname(path.resolve(options.config)) }
      : await readRecordedReconcileSettings(snapshot.directory);
  const signingKey = config?.evidence.signingKey ? await loadSigningKey(config.evidence.signingKey) : undefined;
  const organisation = config?.organisation ?? recorded?.organisation ?? { name: 'Unnamed organisation' };
  const settings = config?.analysis ?? recorded?.settings ?? defaultAnalysisSettings;
  const history = options.history === undefined ? [] : await loadReportHistory(options.history);
  const analysed = await analyseSnapshot(snapshot, {
    organisation,
    settings,
    generatedAt,
    ...(reconcileSource ? { reconcile: await loadReconcileInputs(reconcileSource.settings, reconcileSource.baseDirectory) } : {}),
  });
  const report = withHistory(analysed, history);
  const out = options.out ?? path.dirname(path.resolve(options.snapshot));
  const files = await writeReport(report, out, {
    snapshot,
    // Without --config the recorded context is the configuration; the reconcile settings are a snapshot file.
    configuration: config ? { origin: 'config-file', value: config } : { origin: 'snapshot', value: { organisation, settings } },
    history,
    ...(signingKey ? { signingKey } : {}),
  });
  // A scan whose analysis failed left its reason beside the snapshot; this report supersedes it.
  await clearAnalysisFailure(out);
  console.log(formatSummary(report, files));
  return reportExitStatus(report);
}
