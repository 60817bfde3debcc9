import path from 'node:path';
import { InputError } from '../errors.js';
import { isDirectory, openRawSource, openSnapshot, type RawSource } from '../snapshot/snapshot-reader.js';
import { snapshotManifestFile } from '../snapshot/snapshot-format.js';
import { simulatorFor, type RunningSimulator } from '../simulators/simulator-registry.js';
import { access } from 'node:fs/promises';

export async function simulateCommand(options: { tenant: string; port: number }): Promise<number> {
  if (!(await isDirectory(options.tenant))) throw new InputError(`--tenant ${options.tenant} is not a directory.`);
  const sources = await tenantSources(options.tenant);
  const running: RunningSimulator[] = [];
  for (const [index, source] of sources.entries()) {
    const simulator = simulatorFor(source.meta.connector);
    if (!simulator) throw new InputError(`No simulator exists yet for ${source.meta.connector} (source ${source.meta.sourceId}).`);
    const port = options.port === 0 ? 0 : options.port + index;
    const server = await simulator.start(source.directory, { port });
    running.push(server);
    console.log(`${source.meta.sourceId} [${source.meta.connector}] ${source.meta.tenant}: ${server.url}`);
  }
  console.log('Serving until interrupted (Ctrl-C).');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.all(running.map((server) => server.close()));
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
