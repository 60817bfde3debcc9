/**
 * Runs the benchmarks, each in its own process so one's memory and timers never colour another's figures.
 *
 *   npm run bench                 every benchmark with its defaults
 *   npm run bench -- okta-scan    one benchmark (the file stem without .bench.ts); arguments after it pass through
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDirectory = path.dirname(fileURLToPath(import.meta.url));
const suffix = '.bench.ts';

async function main(): Promise<number> {
  const available = (await readdir(benchDirectory)).filter((file) => file.endsWith(suffix)).map((file) => file.slice(0, -suffix.length)).sort();
  const [requested, ...passThrough] = process.argv.slice(2);
  if (requested !== undefined && !available.includes(requested)) {
    console.error(`No benchmark named ${requested}; available: ${available.join(', ')}`);
    return 2;
  }
  const chosen = requested === undefined ? available : [requested];
  let failed = 0;
  for (const name of chosen) {
    console.log(`\n=== ${name} ===`);
    const code = await runOne(path.join(benchDirectory, `${name}${suffix}`), requested === undefined ? [] : passThrough);
    if (code !== 0) {
      console.error(`${name} exited with ${code}`);
      failed += 1;
    }
  }
  return failed === 0 ? 0 : 1;
}

function runOne(file: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

process.exitCode = await main();
