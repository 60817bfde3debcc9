/**
 * Turns a raw snapshot into a report: each source analysed by its connector, judged as of the snapshot's
 * creation time, then assembled. A pure function of (snapshot files, context): running it twice gives the
 * same report apart from `generatedAt`.
 */
import type { AnalysisSettings, SourceAnalysis } from '../connectors/connector.js';
import { connectorFor } from '../connectors/registry.js';
import type { Snapshot } from '../snapshot/snapshot-reader.js';
import { buildReport } from '../reports/build-report.js';
import type { Report } from '../reports/report-model.js';
import { scannerVersion } from '../version.js';

export interface AnalyseOptions {
  organisation: { name: string };
  settings: AnalysisSettings;
  generatedAt: Date;
}

const emptyAnalysis: SourceAnalysis = { accounts: [], findings: [], policies: [] };

export async function analyseSnapshot(snapshot: Snapshot, options: AnalyseOptions): Promise<Report> {
  const asOf = new Date(snapshot.manifest.createdAt);
  const sources = [];
  for (const source of snapshot.sources) {
    // A failed source contributes no accounts; the report shows it as failed rather than guessing.
    const analysis =
      source.meta.status === 'failed'
        ? emptyAnalysis
        : await connectorFor(source.meta.connector).analyse(source, { asOf, settings: options.settings });
    sources.push({ meta: source.meta, analysis });
  }
  return buildReport({
    organisation: options.organisation,
    scannerVersion,
    generatedAt: options.generatedAt.toISOString(),
    snapshot: { createdAt: snapshot.manifest.createdAt, scannerVersion: snapshot.manifest.scannerVersion },
    settings: options.settings,
    sources,
  });
}
