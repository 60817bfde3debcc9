/**
 * Report rendering benchmark: a 100,000-account report over four identity providers, reconciled against a
 * 40,000-person directory with an exception register, with eleven earlier months of history, rendered in every
 * format the product writes (report.json, the four CSVs, report.html, report.pdf) through writeReport, streamed to
 * temporary files, hashed and renamed, exactly as a scan does (into a temporary directory unless --out is given). Data is generated in-process from a seed: mostly covered accounts with the usual tail of
 * carve-outs, exclusions, legacy protocols, SMS and unreadable data, two or three reasons each.
 *
 * Prints the time of each phase and format, the size of each file, and the peak memory while writing: RSS (the
 * kernel's high-water mark for the process) and the V8 heap (sampled every 5 ms). Aim: under 30 s and 1 GB.
 *
 *   npx tsx bench/report-render.bench.ts [--accounts 100000] [--seed 2026] [--out DIR]   (--out keeps the files)
 *   npm run bench -- report-render --accounts 100000
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { accountsCsvChunks, exceptionsCsvChunks, findingsCsvChunks, peopleCsvChunks } from '../src/reports/render-csv.js';
import { renderHtml } from '../src/reports/render-html.js';
import { renderJsonChunks } from '../src/reports/render-json.js';
import { renderPdf } from '../src/reports/render-pdf.js';
import { writeReport } from '../src/reports/write-report.js';
import { configureSyntheticReport, syntheticReport } from './synthetic-report.js';

const { values } = parseArgs({ options: { accounts: { type: 'string', default: '100000' }, seed: { type: 'string', default: '2026' }, out: { type: 'string' } } });
const accountCount = Number(values.accounts);
const seed = Number(values.seed);
if (!Number.isInteger(accountCount) || accountCount < 100) throw new Error(`--accounts must be an integer ≥ 100 (got ${values.accounts})`);

const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function timed<T>(label: string, action: () => T, lines: string[]): T {
  const started = performance.now();
  const result = action();
  lines.push(`  ${label.padEnd(28)} ${seconds(performance.now() - started)}  (heap ${mib(process.memoryUsage().heapUsed)}, peak RSS so far ${mib(process.resourceUsage().maxRSS * 1024)})`);
  return result;
}

/** The highest heap and RSS seen while an async phase runs; the writer yields between batches, so the timer fires. */
async function sampledPeak<T>(action: () => Promise<T>): Promise<{ result: T; heap: number; rss: number }> {
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => (heap = Math.max(heap, process.memoryUsage().heapUsed)), 5);
  try {
    const result = await action();
    heap = Math.max(heap, process.memoryUsage().heapUsed);
    return { result, heap, rss: process.resourceUsage().maxRSS * 1024 };
  } finally {
    clearInterval(timer);
  }
}

const lines: string[] = [];
const total = performance.now();
configureSyntheticReport({ accounts: accountCount, seed });
const report = syntheticReport(lines);
// What a scan does: every artefact streamed to a temporary file and hashed, then renamed. Measured first, on a clean heap.
const directory = values.out ?? (await mkdtemp(path.join(tmpdir(), 'report-render-bench-')));
const started = performance.now();
const written = await sampledPeak(() => writeReport(report, directory));
const rendering = performance.now() - started;
lines.push(`  ${'all formats, written'.padEnd(28)} ${seconds(rendering)}  (peak heap ${mib(written.heap)}, peak RSS so far ${mib(written.rss)})`);
const sizes = await Promise.all(written.result.map(async (file) => `${path.basename(file)} ${mib((await stat(file)).size)}`));
if (values.out === undefined) await rm(directory, { recursive: true, force: true });
lines.push('  then each format alone, rendered without writing (heap after, RSS high-water mark of the whole run):');
const streamedLength = (chunks: Iterable<string>) => {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  return length;
};
timed('json (chunks)', () => streamedLength(renderJsonChunks(report)), lines);
timed('csv (4 files, chunks)', () => [accountsCsvChunks, peopleCsvChunks, findingsCsvChunks, exceptionsCsvChunks].reduce((sum, render) => sum + streamedLength(render(report)), 0), lines);
timed('html', () => renderHtml(report).length, lines);
timed('pdf', () => renderPdf(report).byteLength, lines);

const elapsed = performance.now() - total;

console.log(
  `${report.accounts.length.toLocaleString('en')} accounts, ${report.people.length.toLocaleString('en')} people, ${report.findings.length.toLocaleString('en')} findings, ${report.exceptions.length} exceptions; trend of ${report.history.trend.length} reports, ${(report.history.diff?.newGaps.length ?? 0).toLocaleString('en')} new and ${(report.history.diff?.resolvedGaps.length ?? 0).toLocaleString('en')} resolved gaps`,
);
console.log(lines.join('\n'));
console.log(`  sizes: ${sizes.join(', ')}`);
console.log(`all formats (writeReport): ${seconds(rendering)}; generation, reconcile, report and every render above: ${seconds(elapsed)}`);
console.log(`peak while writing every format: RSS ${mib(written.rss)}, heap ${mib(written.heap)}`);
console.log(`aim (all formats under 30 s, peak under 1 GB): ${rendering < 30_000 && written.rss < 1024 ** 3 ? 'met' : 'MISSED'}`);
