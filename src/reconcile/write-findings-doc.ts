/**
 * Rewrites docs/findings.md from the rule sets (`npm run docs:findings`). The only I/O around the pure renderer;
 * `--check` exits non-zero instead of writing when the file is out of date, for CI.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { findingRuleSets, findingTopics } from './finding-rule-sets.js';
import { findingsDocCommand, renderFindingsDoc } from './render-findings-doc.js';

/** docs/findings.md of this checkout, from src/reconcile/ or dist/reconcile/ alike. */
export const findingsDocFile = fileURLToPath(new URL('../../docs/findings.md', import.meta.url));

export async function writeFindingsDoc(file: string, options: { check: boolean }): Promise<'unchanged' | 'written' | 'stale'> {
  const text = renderFindingsDoc(findingRuleSets, findingTopics);
  const current = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (current === text) return 'unchanged';
  if (options.check) return 'stale';
  await writeFile(file, text);
  return 'written';
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outcome = await writeFindingsDoc(findingsDocFile, { check: process.argv.includes('--check') });
  process.stdout.write(outcome === 'stale' ? `${findingsDocFile} is out of date; run ${findingsDocCommand}.\n` : `${findingsDocFile}: ${outcome}.\n`);
  if (outcome === 'stale') process.exitCode = 1;
}
