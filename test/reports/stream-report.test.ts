/**
 * The report artefacts are streamed to disk in chunks (report-artefacts.ts, write-report.ts). These tests pin the
 * two things streaming must never change: the bytes (the same as rendering each file as one string, as the
 * product did before), and all-or-nothing writing when a renderer fails half-way through its chunks.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildReport } from '../../src/reports/build-report.js';
import { formatCsv, formatCsvChunks, neutraliseFormula, quoteCsvField } from '../../src/reports/csv-format.js';
import { accountCsvHeader, accountsCsvChunks, findingsCsvChunks, peopleCsvChunks, renderAccountsCsv } from '../../src/reports/render-csv.js';
import { renderJson, renderJsonChunks } from '../../src/reports/render-json.js';
import { collectArtefact, renderReportArtefacts, type ReportArtefact } from '../../src/reports/report-artefacts.js';
import type { Report } from '../../src/reports/report-model.js';
import { writeArtefacts, writeReport } from '../../src/reports/write-report.js';
import { fixtureInput, hostileDisplayName } from './report-fixtures.js';

const report = buildReport(fixtureInput());
const joined = (chunks: Iterable<string>) => [...chunks].join('');

/** CSV as it was rendered before streaming, in one piece: the oracle the streamed chunks must equal. */
function wholeCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return '\uFEFF' + [header, ...rows].map((cells) => cells.map((cell) => quoteCsvField(neutraliseFormula(cell))).join(',') + '\r\n').join('');
}

describe('streamed report.json', () => {
  it('is byte for byte the JSON.stringify rendering of the whole report', () => {
    expect(joined(renderJsonChunks(report))).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(renderJson(report)).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  it('yields each array entry as its own chunk, so no chunk grows with the number of accounts', () => {
    const chunks = [...renderJsonChunks(report)];
    const records = report.accounts.length + report.people.length + report.findings.length + report.exceptions.length;
    expect(chunks.length).toBeGreaterThan(records);
    const displayName = report.accounts.find((entry) => entry.displayName === hostileDisplayName);
    expect(displayName).toBeDefined();
    expect(chunks).toContain(JSON.stringify(displayName, null, 2).replaceAll('\n', '\n    '));
  });

  it.each<[string, unknown]>([
    ['empty containers', { a: [], b: {}, c: [[], {}], d: [{ e: [] }] }],
    ['values JSON leaves out or nulls', { kept: 1, dropped: undefined, fn: () => 1, list: [undefined, () => 1, Symbol('s'), 2] }],
    ['strings with line breaks, quotes and non-ASCII', { 'key "quoted"\n': ['line\nbreak', 'tab\tand \u2028 and é', '"'] }],
    ['nested objects and a Date', { deep: { deeper: { deepest: [1, { at: new Date(0) }] } }, at: new Date(86_400_000), n: [-0, 1e21, 0.1] }],
    ['a record that is an array', { rows: [[1, [2, { three: 3 }]], null, 'x'] }],
  ])('matches JSON.stringify for %s', (_, value) => {
    expect(joined(renderJsonChunks(value as Report))).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });
});

describe('streamed CSV exports', () => {
  const rows: string[][] = [
    ['=HYPERLINK("http://x","y")', 'a,b\r\nc', 'plain'],
    ['-1', '"quoted"', hostileDisplayName],
    ['', '@SUM(A1)', 'é ü 中'],
  ];

  it('equal the whole-document rendering for hostile cells', () => {
    expect(joined(formatCsvChunks(['a', 'b', 'c'], rows))).toBe(wholeCsv(['a', 'b', 'c'], rows));
    expect(formatCsv(['a', 'b', 'c'], rows)).toBe(wholeCsv(['a', 'b', 'c'], rows));
  });

  it('yield the header with the byte-order mark, then one chunk per record', () => {
    const chunks = [...accountsCsvChunks(report)];
    expect(chunks[0]).toBe(wholeCsv(accountCsvHeader, []));
    expect(chunks).toHaveLength(report.accounts.length + 1);
    expect(chunks.every((chunk) => chunk.endsWith('\r\n'))).toBe(true);
    expect(chunks.join('')).toBe(renderAccountsCsv(report));
    expect([...peopleCsvChunks(report)]).toHaveLength(report.people.length + 1);
    expect([...findingsCsvChunks(report)]).toHaveLength(report.findings.length + 1);
  });

  it('throw at the record of the wrong width, after the records before it were yielded', () => {
    const chunks = formatCsvChunks(['a', 'b'], [['1', '2'], ['only one']]);
    expect(chunks.next().value).toBe('\uFEFFa,b\r\n');
    expect(chunks.next().value).toBe('1,2\r\n');
    expect(() => chunks.next()).toThrow(RangeError);
  });
});

describe('streamed writing', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'mfa-stream-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes the bytes each artefact renders, over batch boundaries and mixed text and binary chunks', async () => {
    const big = 'é'.repeat(700_000);
    const artefact: ReportArtefact = { file: 'mixed.bin', mediaType: 'application/octet-stream', render: () => [big, Uint8Array.of(0, 255), big, 'end'] };
    await writeArtefacts(directory, [artefact]);
    const written = await readFile(path.join(directory, 'mixed.bin'));
    expect(written.equals(Buffer.concat([Buffer.from(big), Buffer.of(0, 255), Buffer.from(big), Buffer.from('end')]))).toBe(true);
    expect(written.equals(await collectArtefact(artefact))).toBe(true);
  });

  it('writes every artefact exactly as its whole-string rendering', async () => {
    await writeReport(report, directory);
    for (const artefact of renderReportArtefacts(report)) {
      expect(createHash('sha256').update(await readFile(path.join(directory, artefact.file))).digest('hex')).toBe(createHash('sha256').update(await collectArtefact(artefact)).digest('hex'));
    }
    expect(await readFile(path.join(directory, 'report.json'), 'utf8')).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  it('leaves no artefact and no temporary file when a renderer fails after its first megabytes reached the disk', async () => {
    await writeFile(path.join(directory, 'report.json'), 'earlier json');
    const failing: ReportArtefact = {
      file: 'report.csv',
      mediaType: 'text/csv',
      render: function* () {
        yield 'x'.repeat(3 << 20);
        throw new Error('renderer failed mid-stream');
      },
    };
    const artefacts = [...renderReportArtefacts(report).filter((artefact) => artefact.file !== 'report.csv'), failing];
    await expect(writeArtefacts(directory, artefacts)).rejects.toThrow('renderer failed mid-stream');
    expect(await readdir(directory)).toEqual(['report.json']);
    expect(await readFile(path.join(directory, 'report.json'), 'utf8')).toBe('earlier json');
  });

  it('keeps the earlier report whole when a report renderer throws half-way through its records', async () => {
    await writeReport(report, directory);
    const before = await Promise.all(renderReportArtefacts(report).map(async (artefact) => readFile(path.join(directory, artefact.file))));
    // The last account breaks the accounts CSV after report.json was staged and the CSV's first rows were rendered.
    const broken = { ...report, accounts: report.accounts.map((entry, index) => (index === report.accounts.length - 1 ? { ...entry, roles: null as unknown as string[] } : entry)) };
    await expect(writeReport(broken, directory)).rejects.toThrow(TypeError);
    expect((await readdir(directory)).sort()).toEqual(renderReportArtefacts(report).map((artefact) => artefact.file).sort());
    const after = await Promise.all(renderReportArtefacts(report).map(async (artefact) => readFile(path.join(directory, artefact.file))));
    expect(after).toEqual(before);
  });
});
