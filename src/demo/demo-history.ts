/**
 * The demo's history: report.json files for the months before the demo scan, so its report shows a trend and a
 * diff. Each is the demo tenant analysed by the real, pure pipeline as of one month earlier (the snapshot's clock
 * moved back, nothing else): exceptions that have expired since were still in date then, dormancy and enrolment
 * periods read differently, and the diff shows what a month of time changed. The files are ordinary report.json
 * files that `--history` reads like any others; `mfa-coverage analyse --history <out>/history` re-derives the
 * same report from them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { analyseSnapshot } from '../reconcile/analyse-snapshot.js';
import { loadReconcileInputs, reconcileSettingsOf } from '../reconcile/load-reconcile-inputs.js';
import { loadReportHistory } from '../reports/load-report-history.js';
import { renderJson } from '../reports/render-json.js';
import type { PriorReport } from '../reports/report-history.js';
import type { Snapshot } from '../snapshot/snapshot-reader.js';

export interface DemoHistoryOptions {
  /** The generated demo tenant, opened as a snapshot. */
  tenant: Snapshot;
  config: AppConfig;
  /** What the config's roster and register paths are relative to. */
  configDirectory: string;
  /** Where the report.json files go, one per month, named by the day they are as of. */
  directory: string;
  months: number;
}

/** Writes one report.json per earlier month and returns them as the scan's history reads them. */
export async function writeDemoHistory(options: DemoHistoryOptions): Promise<PriorReport[]> {
  const { tenant, config } = options;
  await mkdir(options.directory, { recursive: true });
  const reconcile = await loadReconcileInputs(reconcileSettingsOf(config), options.configDirectory);
  for (let month = options.months; month >= 1; month -= 1) {
    const createdAt = monthsBefore(new Date(tenant.manifest.createdAt), month);
    const earlier: Snapshot = { ...tenant, manifest: { ...tenant.manifest, createdAt: createdAt.toISOString() } };
    const report = await analyseSnapshot(earlier, { organisation: config.organisation, settings: config.analysis, generatedAt: createdAt, reconcile });
    await writeFile(path.join(options.directory, `${createdAt.toISOString().slice(0, 10)}.json`), renderJson(report), 'utf8');
  }
  return loadReportHistory(options.directory);
}

/** The same instant `months` calendar months earlier (the day clamped to the month's length). */
export function monthsBefore(instant: Date, months: number): Date {
  const target = new Date(instant.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}
