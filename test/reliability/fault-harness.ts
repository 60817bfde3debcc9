/**
 * The demo organisation (Entra, Okta, Google, an AWS organisation) served by the wire simulators, scanned with small
 * timeouts and deadlines so faults resolve in well under a second, and a fault proxy in front of the one source a
 * fault targets. One scan per call; each reports what a user would see: source statuses, exit status, report written.
 */
import { access, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exitStatus, reportExitStatus } from '../../src/cli/exit-status.js';
import type { ProgressSink } from '../../src/connectors/connector.js';
import { ConfigError, InputError, SnapshotError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import type { IdentityProviderId } from '../../src/model/identity-provider.js';
import { loadDemoConfig } from '../../src/demo/run-demo.js';
import type { Report } from '../../src/reports/report-model.js';
import { runScan, type ScanOptions } from '../../src/scan/run-scan.js';
import { generateDemoTenant } from '../../src/simulators/demo/generate-demo-tenant.js';
import { startFaultProxy, type FaultRule } from '../../src/simulators/fault-proxy.js';
import { closeServedSources, serveSources, type ServedSource } from '../../src/simulators/serve-sources.js';
import type { SourceStatus } from '../../src/snapshot/snapshot-format.js';
import { openSnapshot } from '../../src/snapshot/snapshot-reader.js';

export const tokenEnv = 'FAULT_MATRIX_TOKEN';
const token = 'fault-matrix-simulator-token';

/**
 * Short per-request timeouts, quick backoffs and a deadline per source, so a hang costs about a second; loose enough
 * that a machine busy with other test files does not time out a healthy request.
 */
const fastSettings: Record<IdentityProviderId, Record<string, unknown>> = {
  entra: { requestTimeoutMs: 1500, initialBackoffMs: 5, maxRetries: 2, deadlineMs: 30_000 },
  okta: { rateLimit: { requestTimeoutMs: 1500, maxBudgetWaitMs: 500 }, retry: { maxAttempts: 3, initialBackoffMs: 5 }, deadlineMs: 30_000 },
  google: { requestTimeoutMs: 1500, retry: { maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 50 }, deadlineMs: 30_000 },
  aws: { requestTimeoutMs: 1500, retry: { maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 50 }, deadlineMs: 30_000, credentialReport: { pollIntervalMs: 20, maxPolls: 50 } },
};

export interface ScanOutcome {
  /** Status per source id. */
  statuses: Record<string, SourceStatus>;
  exit: number;
  reportWritten: boolean;
  report: Report | undefined;
  error: unknown;
  out: string;
  notices: string[];
  /** Requests the fault proxy received (0 when none was used). */
  proxyRequests: number;
  fired: readonly number[];
}

export interface FaultHarness {
  directory: string;
  tenantDirectory: string;
  served: ServedSource[];
  /** Config source id of each connector in the demo. */
  sourceIdOf(connector: IdentityProviderId): string;
  scan(options?: { connector?: IdentityProviderId; rules?: FaultRule[]; only?: readonly IdentityProviderId[]; settings?: Partial<Record<IdentityProviderId, Record<string, unknown>>>; scanOptions?: ScanOptions; configDirectory?: string; extra?: Record<string, unknown>; progressHook?: () => Promise<void> }): Promise<ScanOutcome>;
  close(): Promise<void>;
}

export async function startFaultHarness(userCount = 24): Promise<FaultHarness> {
  const directory = await mkdtemp(path.join(tmpdir(), 'fault-matrix-'));
  const tenantDirectory = path.join(directory, 'tenant');
  await generateDemoTenant({ directory: tenantDirectory, seed: 15, userCount, asOf: new Date() });
  const tenant = await openSnapshot(tenantDirectory);
  const served = await serveSources(tenant.sources, { token, portFor: () => 0 });
  let runs = 0;
  const sourceIdOf = (connector: IdentityProviderId): string => {
    const entry = served.find((candidate) => candidate.connector === connector);
    if (!entry) throw new Error(`the demo tenant has no ${connector} source`);
    return entry.configSourceId;
  };
  return {
    directory,
    tenantDirectory,
    served,
    sourceIdOf,
    async scan(options = {}) {
      runs += 1;
      const out = path.join(directory, `scan-${runs}`);
      const proxy = options.connector && options.rules ? await startFaultProxy(served.find((entry) => entry.connector === options.connector)!.server.url, options.rules) : undefined;
      const notices: string[] = [];
      const hooks: Array<Promise<void>> = [];
      const progress: ProgressSink = { pageFetched: () => void (options.progressHook && hooks.push(options.progressHook())), notice: (event) => notices.push(`${event.sourceId} ${event.endpoint}: ${event.message}`) };
      try {
        const connections = Object.fromEntries(
          served.map((entry) => {
            const server = proxy && entry.connector === options.connector ? { url: proxy.url, close: () => Promise.resolve() } : entry.server;
            return [entry.configSourceId, { ...entry.definition.connectionFor(server, tokenEnv), ...fastSettings[entry.connector], ...options.settings?.[entry.connector] }];
          }),
        );
        const loaded = await loadDemoConfig(connections);
        // Fewer sources make a faster scan; each source's status does not depend on the others.
        const kept = options.only ? new Set(options.only.map(sourceIdOf)) : undefined;
        const config = kept ? { ...loaded, sources: Object.fromEntries(Object.entries(loaded.sources).filter(([id]) => kept.has(id))) } : loaded;
        const merged = options.extra ? { ...config, ...options.extra } : config;
        let report: Report | undefined;
        let error: unknown;
        try {
          const result = await runScan(
            merged as typeof config,
            out,
            { logger: silentLogger(), now: () => new Date(), progress, env: { [tokenEnv]: token } },
            { configDirectory: options.configDirectory ?? tenantDirectory, ...options.scanOptions },
          );
          report = result.report;
        } catch (caught) {
          error = caught;
        }
        await Promise.all(hooks);
        const exit = report
          ? reportExitStatus(report)
          : error instanceof ConfigError || error instanceof InputError || error instanceof SnapshotError
            ? exitStatus.invalidInput
            : exitStatus.noReport;
        return {
          statuses: Object.fromEntries((report?.sources ?? []).map((source) => [source.sourceId, source.status])),
          exit,
          reportWritten: await exists(path.join(out, 'report.json')),
          report,
          error,
          out,
          notices,
          proxyRequests: proxy?.requests ?? 0,
          fired: proxy?.fired ?? [],
        };
      } finally {
        await proxy?.close();
      }
    },
    async close() {
      await closeServedSources(served);
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Staging folders a scan left behind in `out` (there should be none). */
export async function leftoverStaging(out: string): Promise<string[]> {
  try {
    return (await readdir(out)).filter((entry) => entry.includes('.partial-'));
  } catch {
    return [];
  }
}
