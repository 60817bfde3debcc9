import path from 'node:path';
import { InputError } from '../errors.js';
import { isDirectory, openRawSource, openSnapshot, type RawSource } from '../snapshot/snapshot-reader.js';
import { snapshotManifestFile } from '../snapshot/snapshot-format.js';
import { closeServedSources, serveSources, type ServedSource } from '../simulators/serve-sources.js';
import { access } from 'node:fs/promises';

export async function simulateCommand(options: { tenant: string; port: number }): Promise<number> {
  if (!(await isDirectory(options.tenant))) throw new InputError(`--tenant ${options.tenant} is not a directory.`);
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
  console.log('Serving until interrupted (Ctrl-C).');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await closeServedSources(served);
  return 0;
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
