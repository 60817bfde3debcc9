import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildReport } from '../../src/reports/build-report.js';
import { renderAccountsCsv } from '../../src/reports/render-csv.js';
import { renderHtml } from '../../src/reports/render-html.js';
import { renderJson } from '../../src/reports/render-json.js';
import { renderReportArtefacts } from '../../src/reports/report-artefacts.js';
import { writeArtefacts, writeReport } from '../../src/reports/write-report.js';
import { fixtureInput } from './report-fixtures.js';

describe('writeReport', () => {
  let directory: string;
  const report = buildReport(fixtureInput());

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'mfa-report-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const artefactFiles = renderReportArtefacts(report).map((artefact) => artefact.file);

  it('writes report.json, the CSVs and report.html, creating the directory, and returns their paths', async () => {
    const target = path.join(directory, 'nested', 'out');
    const files = await writeReport(report, target);
    expect(artefactFiles).toEqual(expect.arrayContaining(['report.json', 'report.csv', 'report.people.csv', 'report.findings.csv', 'report.exceptions.csv', 'report.html']));
    expect(files).toEqual(artefactFiles.map((file) => path.join(target, file)));
    expect(await readFile(path.join(target, 'report.json'), 'utf8')).toBe(renderJson(report));
    expect(await readFile(path.join(target, 'report.csv'), 'utf8')).toBe(renderAccountsCsv(report));
    expect(await readFile(path.join(target, 'report.html'), 'utf8')).toBe(renderHtml(report));
    expect((await readdir(target)).sort()).toEqual([...artefactFiles].sort());
  });

  it('replaces an earlier report without leaving temporary files', async () => {
    await writeReport(buildReport({ ...fixtureInput(), sources: [] }), directory);
    await writeReport(report, directory);
    expect((await readdir(directory)).sort()).toEqual([...artefactFiles].sort());
    expect(await readFile(path.join(directory, 'report.json'), 'utf8')).toBe(renderJson(report));
  });

  it('leaves the earlier report untouched and removes its temporary files when a write fails', async () => {
    await writeFile(path.join(directory, 'report.json'), 'earlier json');
    await writeFile(path.join(directory, 'report.csv'), 'earlier csv');
    // The second artefact cannot be staged: its folder does not exist.
    const failing = renderReportArtefacts(report)
      .slice(0, 2)
      .map((artefact, index) => (index === 1 ? { ...artefact, file: path.join('missing-folder', 'report.csv') } : artefact));
    await expect(writeArtefacts(directory, failing)).rejects.toThrow(/ENOENT/);
    expect(await readFile(path.join(directory, 'report.json'), 'utf8')).toBe('earlier json');
    expect(await readFile(path.join(directory, 'report.csv'), 'utf8')).toBe('earlier csv');
    expect((await readdir(directory)).sort()).toEqual(['report.csv', 'report.json']);
  });

  it('removes staged files when a rename fails', async () => {
    // A non-empty directory where report.html should go makes the last rename fail.
    await mkdir(path.join(directory, 'report.html', 'occupied'), { recursive: true });
    await expect(writeReport(report, directory)).rejects.toThrow();
    expect((await readdir(directory)).filter((entry) => entry.endsWith('.tmp'))).toEqual([]);
  });
});
