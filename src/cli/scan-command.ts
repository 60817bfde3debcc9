import path from 'node:path';
import { loadAppConfig } from '../config/app-config.js';
import { createLogger } from '../logger.js';
import { loadReportHistory } from '../reports/load-report-history.js';
import { runScan } from '../scan/run-scan.js';
import { openSnapshot } from '../snapshot/snapshot-reader.js';
import { createProgressDisplay } from './progress-display.js';
import { formatSummary } from './print-summary.js';
import { reportExitStatus } from './exit-status.js';

export async function scanCommand(options: { config: string; out?: string; progress: boolean; incrementalFrom?: string; history?: string }): Promise<number> {
  const config = await loadAppConfig(options.config);
  const previous = options.incrementalFrom === undefined ? undefined : await openSnapshot(options.incrementalFrom);
  // Read before the scan starts, so an unreadable history fails before any API call.
  const history =
    options.history !== undefined
      ? await loadReportHistory(options.history)
      : config.output.history !== undefined
        ? await loadReportHistory(config.output.history, { missingIsEmpty: true })
        : [];
  const logger = createLogger();
  const now = () => new Date();
  const out = options.out ?? path.join(config.output.directory, now().toISOString().replace(/[:.]/g, '-'));
  const progress = createProgressDisplay({ interactive: options.progress && process.stderr.isTTY === true, logger });
  try {
    const configDirectory = path.dirname(path.resolve(options.config));
    const result = await runScan(config, out, { logger, now, progress, env: process.env }, previous ? { previous, configDirectory, history } : { configDirectory, history });
    progress.stop();
    console.log(formatSummary(result.report, [result.snapshotDirectory, ...result.reportFiles]));
    return reportExitStatus(result.report);
  } finally {
    progress.stop();
  }
}
