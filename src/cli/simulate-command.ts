import path from 'node:path';
import { InputError } from '../errors.js';
import { isDirectory, openRawSource, openSnapshot, type RawSource } from '../snapshot/snapshot-reader.js';
import { snapshotManifestFile } from '../snapshot/snapshot-format.js';
import { closeServedSources, serveSources, type ServedSource } from '../simulators/serve-sources.js';
import { access } from 'node:fs/promises';
import { loadInjectionFile, type AuditInjection } from '../simulators/audit-injection.js';

export async function simulateCommand(options: { tenant: string; port: number; inject?: string }): Promise<number> {
  if (!(await isDirectory(options.tenant))) throw new InputError(`--tenant ${options.tenant} is not a directory.`);
  const injections = options.inject !== undefined ? await loadInjectionFile(options.inject) : [];
  const sources = await tenantSources(options.tenant);
  let served: ServedSource[];
  try {
    served = await serveSources(sources, { portFor: (index) => (options.port === 0 ? 0 : options.port + index) });
  } catch (error) {
    throw new InputError(`Cannot serve ${options.tenant}: ${(error as Error).message}`, { cause: error });
  }
  for (const entry of served) {
    const tenants = sources.filter((source) => entry.sourceIds.includes(source.meta.sourceId)).map((source) => source.meta.tenant);
    console.log(`${entry.configSourceId} [${entry.connector}] ${tenants.join(', ')}: ${entry.server.url}`);
  }
  const timers = scheduleInjections(served, injections);
  console.log('Serving until interrupted (Ctrl-C).');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  for (const timer of timers) clearTimeout(timer);
  await closeServedSources(served);
  return 0;
}

/** Applies each injection to the simulator serving its source after `afterSeconds`; an unknown source fails at once. */
function scheduleInjections(served: readonly ServedSource[], injections: readonly AuditInjection[]): NodeJS.Timeout[] {
  const targets = injections.map((injection) => {
    const entry = served.find((candidate) => candidate.configSourceId === injection.source || candidate.sourceIds.includes(injection.source));
    if (!entry?.server.auditLog) throw new InputError(`--inject: no simulator with an audit log serves source ${injection.source}.`);
    return { injection, auditLog: entry.server.auditLog };
  });
  return targets.map(({ injection, auditLog }) =>
    setTimeout(() => {
      try {
        auditLog.inject(injection);
        console.log(`injected ${injection.kind} into ${injection.source}`);
      } catch (error) {
        console.error(`injection ${injection.kind} into ${injection.source} failed: ${(error as Error).message}`);
      }
    }, injection.afterSeconds * 1000),
  );
}

/** A snapshot directory serves all its sources; a source directory serves itself. */
async function tenantSources(directory: string): Promise<RawSource[]> {
  try {
    await access(path.join(directory, snapshotManifestFile));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return [await openRawSource(directory)];
  }
  return (await openSnapshot(directory)).sources;
}
