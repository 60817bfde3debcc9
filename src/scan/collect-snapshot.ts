/**
 * Runs every configured source's connector into one raw snapshot. Sources are independent: one that fails is
 * recorded as `failed` and the others carry on; the snapshot is committed only once all have finished. Each source
 * runs under its own deadline (`deadlineMs`). Two things end the whole scan instead, and leave nothing behind: the
 * caller's cancellation signal, and a local write failure (a full disk), after which the staging folder is removed.
 */
import { setMaxListeners } from 'node:events';
import type { AppConfig } from '../config/app-config.js';
import type { CollectContext, ConnectorDefinition } from '../connectors/connector.js';
import { cancelled } from '../connectors/request-control.js';
import { connectorFor, type ConnectorConfig } from '../connectors/registry.js';
import { DeadlineError, StorageError, describeError } from '../errors.js';
import type { SourceMeta } from '../snapshot/snapshot-format.js';
import type { RawSource, Snapshot } from '../snapshot/snapshot-reader.js';
import { SnapshotWriter, type OpenFile, type SourceRecorder } from '../snapshot/snapshot-writer.js';
import { scannerVersion } from '../version.js';
import { mapWithConcurrency } from './map-with-concurrency.js';

export interface CollectOptions {
  target: string;
  context: CollectContext;
  /** Sources collected at once; each IdP's own politeness is its connector's job. */
  sourceConcurrency?: number;
  /** An earlier snapshot whose sources (matched by id and connector) connectors may build on incrementally. */
  previous?: Snapshot;
  /** How endpoint files are opened; tests inject a failing writer to play a full disk. */
  openFile?: OpenFile;
}

export interface CollectedSnapshot {
  directory: string;
  /** Every source's outcome (status, errors, request counts), in the order they were planned. */
  sources: SourceMeta[];
}

/** One tenant to collect: a config block, or one member of an expanded organisation. */
export interface PlannedSource {
  sourceId: string;
  connector: ConnectorDefinition;
  config: ConnectorConfig;
  tenant: string;
  /** Requests spent expanding the config this source came from (counted once, on one source of the expansion). */
  expansionRequests?: Record<string, number>;
}

function replayRequests(recorder: SourceRecorder, requests: Record<string, number> | undefined): void {
  for (const [label, count] of Object.entries(requests ?? {})) for (let index = 0; index < count; index += 1) recorder.countRequest(label);
}

export async function collectSnapshot(config: AppConfig, options: CollectOptions): Promise<CollectedSnapshot> {
  const { context } = options;
  const writer = await SnapshotWriter.create(options.target, {
    now: context.now,
    scannerVersion,
    ...(options.openFile ? { openFile: options.openFile } : {}),
  });
  // Stops the sources still running once the scan cannot be committed (a write failed) or was cancelled.
  const stop = new AbortController();
  const signal = context.signal ? AbortSignal.any([context.signal, stop.signal]) : stop.signal;
  // Every request in flight listens to it (its own timeout joined with it): many at once is normal, not a leak.
  setMaxListeners(0, signal);
  let fatal: unknown;
  try {
    const planned = await planSources(config, writer, { ...context, signal });
    const metas = await mapWithConcurrency(planned.sources, options.sourceConcurrency ?? 4, async (source) => {
      if (fatal !== undefined || signal.aborted) return undefined;
      try {
        return await collectSource(source, writer, { ...context, signal }, previousSource(options.previous, source));
      } catch (error) {
        fatal ??= error;
        stop.abort(error);
        return undefined;
      }
    });
    if (fatal !== undefined) throw fatal;
    if (context.signal?.aborted) throw cancelled(context.signal.reason);
    const collected = metas.filter((meta): meta is SourceMeta => meta !== undefined);
    for (const meta of collected) {
      context.logger.info({ sourceId: meta.sourceId, status: meta.status, errors: meta.errors.length }, 'source collected');
    }
    const directory = await writer.commit({ organisation: { ...config.organisation }, settings: { ...config.analysis } });
    return { directory, sources: [...planned.failed, ...collected] };
  } catch (error) {
    await writer.discard();
    if (error instanceof StorageError) {
      throw new StorageError(`${error.message} The scan stopped and its unfinished snapshot (${writer.stagingDirectory}) was removed; free space or fix the folder, then scan again.`, error.file, {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Collects one source into the writer under the source's deadline. The outcome is the source's meta; only a cancelled
 * scan (AbortError) or a local write failure (StorageError) is thrown.
 */
export async function collectSource(
  source: PlannedSource,
  writer: SnapshotWriter,
  context: CollectContext,
  previous?: RawSource,
  /** Lets the caller observe what the connector records (the service counts pages and 429s for its progress). */
  observe: (recorder: SourceRecorder) => SourceRecorder = (recorder) => recorder,
): Promise<SourceMeta> {
  const deadlineMs = source.config.deadlineMs;
  const deadline = AbortSignal.timeout(deadlineMs);
  const scanSignal = context.signal;
  const signal = scanSignal ? AbortSignal.any([scanSignal, deadline]) : deadline;
  setMaxListeners(0, signal, deadline);
  const log = context.logger.child({ sourceId: source.sourceId, connector: source.connector.id });
  const onDeadline = (): void => {
    log.warn({ deadlineMs }, 'source deadline passed; stopping its collection');
    context.progress.notice?.({ sourceId: source.sourceId, endpoint: '*', message: `deadline of ${deadlineMs} ms passed; stopping` });
  };
  deadline.addEventListener('abort', onDeadline, { once: true });
  const pastDeadline = (cause?: unknown): DeadlineError =>
    new DeadlineError(
      `The source did not finish within its deadline (deadlineMs: ${deadlineMs} ms); what it read before is kept, the rest is missing. Raise deadlineMs or find what is slow in the request counts.`,
      { cause },
    );
  try {
    return await writer.recordSource(
      { sourceId: source.sourceId, connector: source.connector.id, tenant: source.tenant },
      async (written) => {
        const recorder = observe(written);
        recorder.declarePermissions(source.connector.permissions);
        replayRequests(recorder, source.expansionRequests);
        log.info('collecting source');
        if (previous) log.info({ previous: previous.directory }, 'building on the previous snapshot of this source');
        try {
          await source.connector.collect(source.config, recorder, { ...context, logger: log, signal, ...(previous ? { previous } : {}) });
        } catch (error) {
          if (deadline.aborted && !scanSignal?.aborted && !(error instanceof StorageError)) throw pastDeadline(error);
          throw error;
        }
        // A connector that records its endpoints as failed on abort returns normally; the deadline still decides.
        if (deadline.aborted && !scanSignal?.aborted) throw pastDeadline();
      },
      { accountEndpoints: source.connector.accountEndpoints },
    );
  } finally {
    deadline.removeEventListener('abort', onDeadline);
  }
}

/** The same source in the previous snapshot: same id, connector and tenant, or nothing. */
function previousSource(previous: Snapshot | undefined, source: PlannedSource): RawSource | undefined {
  return previous?.sources.find(
    (candidate) =>
      candidate.meta.sourceId === source.sourceId && candidate.meta.connector === source.connector.id && candidate.meta.tenant === source.tenant,
  );
}

/** Expands multi-tenant configs (an AWS organisation) into one source each; an expansion failure is a failed source. */
export async function planSources(
  config: AppConfig,
  writer: SnapshotWriter,
  context: CollectContext,
): Promise<{ sources: PlannedSource[]; failed: SourceMeta[] }> {
  const sources: PlannedSource[] = [];
  const failed: SourceMeta[] = [];
  for (const [sourceId, sourceConfig] of Object.entries(config.sources)) {
    const connector = connectorFor(sourceConfig.connector);
    if (!connector.expand) {
      sources.push({ sourceId, connector, config: sourceConfig, tenant: connector.tenantOf(sourceConfig) });
      continue;
    }
    const expansionRequests: Record<string, number> = {};
    const countRequest = (label: string): void => {
      expansionRequests[label] = (expansionRequests[label] ?? 0) + 1;
    };
    try {
      const tenants = await connector.expand(sourceConfig, { ...context, signal: withDeadline(context.signal, sourceConfig.deadlineMs) }, countRequest);
      // The expansion's requests go to the source of the config's own tenant (the management account), else the first.
      const home = tenants.find((tenant) => tenant.key === connector.tenantOf(sourceConfig)) ?? tenants[0];
      for (const tenant of tenants) {
        sources.push({
          sourceId: `${sourceId}.${tenant.key}`,
          connector,
          config: tenant.config as ConnectorConfig,
          tenant: tenant.tenant,
          ...(tenant === home ? { expansionRequests } : {}),
        });
      }
    } catch (error) {
      if (context.signal?.aborted) throw cancelled(error);
      // Not the scan's cancellation: the source's own deadline, which fails this source only.
      const reason = error instanceof Error && error.name === 'AbortError' ? new DeadlineError(`Listing the tenants did not finish within deadlineMs (${sourceConfig.deadlineMs} ms).`, { cause: error }) : error;
      context.logger.error({ sourceId, err: describeError(reason) }, 'could not list the tenants of this source');
      failed.push(
        await writer.recordSource(
          { sourceId, connector: connector.id, tenant: connector.tenantOf(sourceConfig) },
          async (recorder) => {
            replayRequests(recorder, expansionRequests);
            throw reason;
          },
          { accountEndpoints: connector.accountEndpoints },
        ),
      );
    }
  }
  return { sources, failed };
}

function withDeadline(signal: AbortSignal | undefined, deadlineMs: number): AbortSignal {
  const deadline = AbortSignal.timeout(deadlineMs);
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
}
