/**
 * The folder of one run under `store.artefacts`: the report files and `snapshot/` once committed, and while the
 * run is in flight `.staging/` (the snapshot being assembled, one finished source folder per source) and
 * `.attempts/` (each collection attempt writes here first, then moves its finished source into `.staging/` in
 * one rename, so a crash never leaves a half-written source where the run job would count it).
 */
import path from 'node:path';

export interface RunFolder {
  root: string;
  snapshot: string;
  staging: string;
  attempts: string;
}

export function runFolder(artefactsDirectory: string, runId: string): RunFolder {
  const root = path.resolve(artefactsDirectory, runId);
  return { root, snapshot: path.join(root, 'snapshot'), staging: path.join(root, '.staging'), attempts: path.join(root, '.attempts') };
}
