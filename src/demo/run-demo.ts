/**
 * The demo: generate a seeded tenant, serve each of its sources through the matching wire simulator, and scan
 * them with config/demo.yaml through the real SDKs, exactly as a customer's scan runs. No Redis, no credentials.
 * Reports for the two months before go to `<out>/history/` and feed the report's trend and diff.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { appConfigSchema, parseAppConfig, type AppConfig } from '../config/app-config.js';
import type { ProgressSink } from '../connectors/connector.js';
import type { Logger } from '../logger.js';
import { writeDemoHistory } from './demo-history.js';
import { runScan, type ScanResult } from '../scan/run-scan.js';
import { checkPlantedProblems, type PlantedProblemOutcome } from '../simulators/demo/check-planted-problems.js';
import { generateDemoTenant } from '../simulators/demo/generate-demo-tenant.js';
import { closeServedSources, serveSources } from '../simulators/serve-sources.js';
import { openSnapshot } from '../snapshot/snapshot-reader.js';

export const demoConfigFile = new URL('../../config/demo.yaml', import.meta.url);
const tokenEnv = 'MFA_COVERAGE_SIMULATOR_TOKEN';

export interface DemoOptions {
  out: string;
  seed: number;
  userCount: number;
  logger: Logger;
  progress: ProgressSink;
  /** Fixed clock for reproducible demo output in tests. */
  now?: () => Date;
}

export interface DemoResult extends ScanResult {
  tenantDirectory: string;
  /** Each problem planted in the demo tenant, with what the report failed to show of it (nothing, ideally). */
  plantedProblems: PlantedProblemOutcome[];
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const tenantDirectory = path.join(options.out, 'tenant');
  // Only the demo's own outputs are replaced; anything else in --out is left alone.
  await Promise.all(
    ['tenant', 'snapshot', 'history', 'report.json', 'report.csv', 'report.html'].map((entry) =>
      rm(path.join(options.out, entry), { recursive: true, force: true }),
    ),
  );
  const now = options.now ?? (() => new Date());
  const generated = await generateDemoTenant({ directory: tenantDirectory, seed: options.seed, userCount: options.userCount, asOf: now() });
  const tenant = await openSnapshot(tenantDirectory);
  const token = randomBytes(16).toString('hex');
  const served = await serveSources(tenant.sources, { token, portFor: () => 0 });
  try {
    const connections = Object.fromEntries(served.map((entry) => [entry.configSourceId, entry.definition.connectionFor(entry.server, tokenEnv)]));
    const config = await loadDemoConfig(connections);
    // Two earlier months, so the report shows a trend and a diff (demo-history.ts).
    const history = await writeDemoHistory({ tenant, config, configDirectory: tenantDirectory, directory: path.join(options.out, 'history'), months: 2 });
    const scan = await runScan(config, options.out, {
      logger: options.logger,
      now,
      progress: options.progress,
      env: { ...process.env, [tokenEnv]: token },
    }, { configDirectory: tenantDirectory, history });
    return { ...scan, tenantDirectory, plantedProblems: checkPlantedProblems(generated.plantedProblems, scan.report) };
  } finally {
    await closeServedSources(served);
  }
}

/** config/demo.yaml with each source's connection fields pointed at its simulator (and any other fields given). */
export async function loadDemoConfig(connections: Record<string, Record<string, unknown>>): Promise<AppConfig> {
  const file = demoConfigFile.pathname;
  const text = await readFile(demoConfigFile, 'utf8');
  parseAppConfig(text, file);
  const raw = parseDocument(text).toJS() as { sources: Record<string, Record<string, unknown>> };
  for (const [sourceId, connection] of Object.entries(connections)) {
    const source = raw.sources[sourceId];
    if (!source) throw new Error(`${file} has no source ${sourceId}, which the demo tenant contains.`);
    Object.assign(source, connection);
  }
  return appConfigSchema.parse(raw);
}
