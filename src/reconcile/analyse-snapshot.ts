/**
 * Turns a raw snapshot into a report: each source analysed by its connector, judged as of the snapshot's
 * creation time, then reconciled against the directory and the exception register, then assembled. A pure
 * function of (snapshot files, directory, register, config): running it twice gives the same report apart
 * from `generatedAt`. Reading the roster and the register is the caller's job (load-reconcile-inputs.ts).
 */
import type { AnalysisSettings, SourceAnalysis } from '../connectors/connector.js';
import { connectorFor } from '../connectors/registry.js';
import type { Snapshot } from '../snapshot/snapshot-reader.js';
import type { SourceMeta, SourceError } from '../snapshot/snapshot-format.js';
import { damagedEndpoints, withoutDamagedEndpoints } from '../snapshot/endpoint-integrity.js';
import { buildReport } from '../reports/build-report.js';
import type { Report } from '../reports/report-model.js';
import { scannerVersion } from '../version.js';
import type { ExceptionRegister } from './exception-register.js';
import type { Directory } from './person.js';
import { defaultReconcileConfig, type ReconcileConfig } from './reconcile-config.js';
import { reconcile } from './reconcile-accounts.js';

export interface ReconcileInputs {
  config: ReconcileConfig;
  directory: Directory | null;
  register: ExceptionRegister | null;
}

export interface AnalyseOptions {
  organisation: { name: string };
  settings: AnalysisSettings;
  generatedAt: Date;
  /** Without it: default reconcile settings, no directory, no register. */
  reconcile?: ReconcileInputs;
}

const emptyAnalysis: SourceAnalysis = { accounts: [], findings: [], policies: [] };

export async function analyseSnapshot(snapshot: Snapshot, options: AnalyseOptions): Promise<Report> {
  const asOf = new Date(snapshot.manifest.createdAt);
  const sources = [];
  for (const recorded of snapshot.sources) {
    const connector = connectorFor(recorded.meta.connector);
    // An endpoint file emptied or cut after the scan is not read as a complete answer (endpoint-integrity.ts).
    const source = recorded.meta.status === 'failed' ? recorded : withoutDamagedEndpoints(recorded, await damagedEndpoints(recorded), connector.accountEndpoints);
    // A failed source contributes no accounts; the report shows it as failed rather than guessing.
    const analysis = source.meta.status === 'failed' ? emptyAnalysis : await connector.analyse(source, { asOf, settings: options.settings });
    sources.push({ meta: withAnalysisProblems(source.meta, analysis.problems ?? []), analysis });
  }
  const inputs = options.reconcile ?? { config: defaultReconcileConfig, directory: null, register: null };
  const reconciliation = reconcile({
    asOf,
    settings: options.settings,
    accounts: sources.flatMap(({ meta, analysis }) => analysis.accounts.map((account) => ({ sourceId: meta.sourceId, account }))),
    findings: sources.flatMap(({ analysis }) => analysis.findings),
    directory: inputs.directory,
    register: inputs.register,
    config: inputs.config,
    unreadSources: sources.filter(({ meta }) => meta.status === 'failed').map(({ meta }) => meta.sourceId),
  });
  return buildReport({
    organisation: options.organisation,
    scannerVersion,
    generatedAt: options.generatedAt.toISOString(),
    snapshot: { createdAt: snapshot.manifest.createdAt, scannerVersion: snapshot.manifest.scannerVersion },
    settings: options.settings,
    sources,
    reconciliation,
  });
}

/** A source whose analysis met objects it could not understand is partial, with each such object as an error. */
function withAnalysisProblems(meta: SourceMeta, problems: readonly SourceError[]): SourceMeta {
  if (problems.length === 0) return meta;
  return { ...meta, status: meta.status === 'complete' ? 'partial' : meta.status, errors: [...meta.errors, ...problems] };
}
