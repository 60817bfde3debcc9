/**
 * The daily `retention` job: runs created more than `store.retentionMonths` months ago are deleted from the
 * store with their verdicts, and their folders under `store.artefacts` removed. A folder is only removed when
 * it lies inside the artefacts directory, whatever the store says.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ServiceDependencies } from './service-dependencies.js';
import { runFolder } from './run-folder.js';

export function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

export async function processRetentionJob(deps: ServiceDependencies): Promise<{ deleted: number; cutoff: string }> {
  const cutoff = retentionCutoff(deps.now(), deps.config.store.retentionMonths).toISOString();
  const deleted = await deps.history.deleteRunsBefore(cutoff);
  const artefacts = path.resolve(deps.config.store.artefacts);
  for (const run of deleted) {
    for (const folder of new Set([run.artefactsPath, runFolder(artefacts, run.runId).root])) {
      if (folder === null) continue;
      const resolved = path.resolve(folder);
      if (resolved.startsWith(`${artefacts}${path.sep}`)) await rm(resolved, { recursive: true, force: true });
    }
  }
  deps.logger.info({ cutoff, deleted: deleted.length }, 'retention applied');
  return { deleted: deleted.length, cutoff };
}
