/**
 * Starts the wire simulators for a tenant's sources, one per configured source: the member accounts of an
 * organisation are recorded as sources `<config id>.<key>` (an AWS organisation's accounts), and one simulator,
 * started on any of them, serves them all, as the one config block the scan expands expects.
 */
import type { IdentityProviderId } from '../model/identity-provider.js';
import type { RawSource } from '../snapshot/snapshot-reader.js';
import { simulatorFor, type RunningSimulator, type SimulatorDefinition } from './simulator-registry.js';

export interface ServedSource {
  /** The `sources.<id>` key a scan of this simulator is configured with. */
  configSourceId: string;
  connector: IdentityProviderId;
  /** The snapshot sources this simulator serves. */
  sourceIds: string[];
  definition: SimulatorDefinition;
  server: RunningSimulator;
}

/** The config id a recorded source was collected under: the part before the first `.`. */
export function configSourceIdOf(sourceId: string): string {
  return sourceId.split('.')[0] ?? sourceId;
}

/**
 * Serves every source; `portFor` picks each simulator's port from its position (0 = any free port). A source with no
 * simulator is an error naming it. On failure, the simulators already started are closed.
 */
export async function serveSources(
  sources: readonly RawSource[],
  options: { token?: string; portFor: (index: number) => number },
): Promise<ServedSource[]> {
  const served: ServedSource[] = [];
  try {
    for (const source of sources) {
      const configSourceId = configSourceIdOf(source.meta.sourceId);
      const existing = served.find((entry) => entry.configSourceId === configSourceId && entry.connector === source.meta.connector);
      if (existing) {
        existing.sourceIds.push(source.meta.sourceId);
        continue;
      }
      const definition = simulatorFor(source.meta.connector);
      if (!definition) throw new Error(`No simulator serves ${source.meta.connector} (source ${source.meta.sourceId}); the registry has none for it.`);
      const server = await definition.start(source.directory, {
        port: options.portFor(served.length),
        ...(options.token !== undefined ? { token: options.token } : {}),
      });
      served.push({ configSourceId, connector: source.meta.connector, sourceIds: [source.meta.sourceId], definition, server });
    }
    return served;
  } catch (error) {
    await closeServedSources(served);
    throw error;
  }
}

export async function closeServedSources(served: readonly ServedSource[]): Promise<void> {
  await Promise.all(served.map((entry) => entry.server.close()));
}
