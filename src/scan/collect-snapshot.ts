/**
 * Runs every configured source's connector into one raw snapshot. Sources are independent: one that fails is
 * recorded as `failed` and the others carry on; the snapshot is committed only once all have finished.
 */
import type { AppConfig } from '../config/app-config.js';
import type { CollectContext, ConnectorDefinition } from '../connectors/connector.js';
import { connectorFor, type ConnectorConfig } from '../connectors/registry.js';
import { describeError } from '../errors.js';
import type { SourceMeta } from '../snapshot/snapshot-format.js';
import type { RawSource, Snapshot } from '../snapshot/snapshot-reader.js';
import { SnapshotWriter, type SourceRecorder } from '../snapshot/snapshot-writer.js';
import { scannerVersion } from '../version.js';
import { mapWithConcurrency } from './map-with-concurrency.js';

export interface CollectOptions {
  target: string;
  context: CollectContext;
  /** Sources collected at once; each IdP's own politeness is its connector's job. */
  sourceConcurrency?: number;
  /** An earlier snapshot whose sources (matched by id and connector) connectors may build on incrementally. */
  previous?: Snapshot;
}

export interface CollectedSnapshot {
  directory: string;
  sources: SourceMeta[];
}

interface PlannedSource {
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
  const writer = await SnapshotWriter.create(options.target, { now: context.now, scannerVersion });
  try {
    const planned = await planSources(config, writer, context);
    const metas = await mapWithConcurrency(planned.sources, options.sourceConcurrency ?? 4, (source) =>
      writer.recordSource({ sourceId: source.sourceId, connector: source.connector.id, tenant: source.tenant }, async (recorder) => {
        recorder.declarePermissions(source.connector.permissions);
        replayRequests(recorder, source.expansionRequests);
        const log = context.logger.child({ sourceId: source.sourceId, connector: source.connector.id });
        log.info('collecting source');
        const previous = previousSource(options.previous, source);
        if (previous) log.info({ previous: previous.directory }, 'building on the previous snapshot of this source');
        await source.connector.collect(source.config, recorder, { ...context, logger: log, ...(previous ? { previous } : {}) });
      }),
    );
    for (const meta of metas) {
      context.logger.info({ sourceId: meta.sourceId, status: meta.status, errors: meta.errors.length }, 'source collected');
    }
    const directory = await writer.commit({ organisation: { ...config.organisation }, settings: { ...config.analysis } });
    return { directory, sources: [...planned.failed, ...metas] };
  } catch (error) {
    await writer.discard();
    throw error;
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
async function planSources(
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
      const tenants = await connector.expand(sourceConfig, context, countRequest);
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
      context.logger.error({ sourceId, err: describeError(error) }, 'could not list the tenants of this source');
      failed.push(
        await writer.recordSource({ sourceId, connector: connector.id, tenant: connector.tenantOf(sourceConfig) }, async (recorder) => {
          replayRequests(recorder, expansionRequests);
          throw error;
        }),
      );
    }
  }
  return { sources, failed };
}
