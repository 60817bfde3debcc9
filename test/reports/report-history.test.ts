import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputError } from '../../src/errors.js';
import { buildReport } from '../../src/reports/build-report.js';
import { loadReportHistory } from '../../src/reports/load-report-history.js';
import { renderJson } from '../../src/reports/render-json.js';
import { parsePriorReport, reportDiff, reportHistory, reportTrend, selectPriors, trendLength, withHistory, type PriorReport } from '../../src/reports/report-history.js';
import type { Report } from '../../src/reports/report-model.js';
import { fixtureInput } from './report-fixtures.js';

const current = buildReport(fixtureInput());

interface PriorSpec {
  createdAt: string;
  generatedAt?: string;
  covered?: number;
  notCovered?: number;
  quiet?: number;
  accounts?: Array<{ sourceId: string; id: string; login: string; gaps: Array<{ kind: string; state: string; exceptionId?: string }> }>;
  exceptions?: Array<{ id: string; state: string; account?: string; expires?: string }>;
}

/** A minimal 1.x report.json: what a prior report needs to hold for history. */
function priorJson(spec: PriorSpec): Record<string, unknown> {
  const covered = spec.covered ?? 5;
  const notCovered = spec.notCovered ?? 5;
  return {
    schemaVersion: '1.1.0',
    generatedAt: spec.generatedAt ?? spec.createdAt,
    snapshot: { createdAt: spec.createdAt },
    summary: {
      covered,
      notCovered,
      unknown: 0,
      coveragePercent: Math.floor((covered * 1000) / (covered + notCovered)) / 10,
      exemptions: { quiet: spec.quiet ?? 0 },
      maturity: { level: 2 },
    },
    accounts: (spec.accounts ?? []).map((entry) => ({ ...entry, idp: 'entra', gaps: entry.gaps.map((gap) => ({ exceptionId: null, ...gap })) })),
    exceptions: (spec.exceptions ?? []).map((entry) => ({ gap: 'no-mfa', account: entry.account ?? 'x@contoso.example', person: null, expires: entry.expires ?? null, ...entry })),
  };
}

function prior(spec: PriorSpec, file = `${spec.createdAt}.json`): PriorReport {
  return parsePriorReport(priorJson(spec), file);
}

/** The current report's gaps as a prior would record them: the same accounts, ids and gaps. */
function accountsOf(report: Report): NonNullable<PriorSpec['accounts']> {
  return report.accounts.map((entry) => ({ sourceId: entry.sourceId, id: entry.id, login: entry.login, gaps: entry.gaps.map((gap) => ({ kind: gap.kind, state: gap.state })) }));
}

describe('parsePriorReport', () => {
  it('reads a real report.json, as buildReport writes it', () => {
    const parsed = parsePriorReport(JSON.parse(renderJson(current)), 'report.json');
    expect(parsed.point).toEqual({
      snapshotCreatedAt: current.snapshot.createdAt,
      coveragePercent: current.summary.coveragePercent,
      covered: current.summary.covered,
      inScope: current.summary.covered + current.summary.notCovered + current.summary.unknown,
      notCovered: current.summary.notCovered,
      unknown: current.summary.unknown,
      quietExemptions: current.summary.exemptions.quiet,
      maturityLevel: current.summary.maturity.level,
    });
    expect(parsed.gaps).toHaveLength(current.accounts.reduce((sum, entry) => sum + entry.gaps.length, 0));
  });

  const object = (value: unknown) => value as Record<string, Record<string, unknown>>;
  it.each<[string, (json: Record<string, unknown>) => unknown, RegExp]>([
    ['not an object', () => 'report', /History file bad\.json .*\(root\)/],
    ['another major schema version', (json) => ({ ...json, schemaVersion: '2.0.0' }), /field schemaVersion: expected a 1\.x report schema version/],
    ['no summary', ({ summary: _summary, ...json }) => json, /field summary/],
    ['a snapshot time that is no date', (json) => ({ ...json, snapshot: { createdAt: 'last month' } }), /field snapshot\.createdAt: expected an ISO 8601 date-time/],
    ['a negative count', (json) => ({ ...json, summary: { ...object(json).summary, covered: -1 } }), /field summary\.covered/],
    ['an unknown gap kind', (json) => ({ ...json, accounts: [{ sourceId: 's', id: '1', login: 'a', idp: 'entra', gaps: [{ kind: 'no-password', state: 'quiet', exceptionId: null }] }] }), /field accounts\.0\.gaps\.0\.kind/],
  ])('rejects %s with an InputError naming the file and field', (_name, mutate, message) => {
    const attempt = () => parsePriorReport(mutate(priorJson({ createdAt: '2025-01-01T00:00:00.000Z' })), 'bad.json');
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(/^History file bad\.json /);
    expect(attempt).toThrow(message);
  });

  it('reads a report from before gaps, exemptions and the maturity level existed', () => {
    const json = priorJson({ createdAt: '2024-06-01T00:00:00.000Z' });
    const summary = json.summary as Record<string, unknown>;
    delete summary.exemptions;
    delete summary.maturity;
    delete json.exceptions;
    json.accounts = [{ sourceId: 's', id: '1', login: 'a', idp: 'entra' }];
    const parsed = parsePriorReport({ ...json, schemaVersion: '1.0.0' }, 'old.json');
    expect(parsed.point.quietExemptions).toBe(0);
    expect(parsed.point.maturityLevel).toBeNull();
    expect(parsed.gaps).toEqual([]);
    expect(parsed.exceptions).toEqual([]);
  });
});

describe('selectPriors and reportTrend', () => {
  const month = (index: number) => new Date(Date.UTC(2023, index, 1)).toISOString();

  it.each<[string, PriorReport[], string[]]>([
    ['no history', [], []],
    ['earlier snapshots, oldest first', [prior({ createdAt: month(9) }), prior({ createdAt: month(7) })], [month(7), month(9)]],
    ['a later snapshot left out', [prior({ createdAt: '2025-03-01T00:00:00.000Z' }), prior({ createdAt: month(3) })], [month(3)]],
    ['this very snapshot left out (the report itself in the history)', [prior({ createdAt: current.snapshot.createdAt }), prior({ createdAt: month(3) })], [month(3)]],
  ])('%s', (_name, priors, expected) => {
    expect(selectPriors(current.snapshot.createdAt, priors).map((entry) => entry.point.snapshotCreatedAt)).toEqual(expected);
    const trend = reportTrend(current, priors);
    expect(trend.map((point) => point.snapshotCreatedAt)).toEqual([...expected, current.snapshot.createdAt]);
    expect(trend.map((point) => point.current)).toEqual([...expected.map(() => false), true]);
  });

  it('keeps one report per snapshot: the most recently generated, else the first given', () => {
    const older = prior({ createdAt: month(5), generatedAt: month(5), covered: 1 }, 'a.json');
    const newer = prior({ createdAt: month(5), generatedAt: month(6), covered: 2 }, 'b.json');
    const twin = prior({ createdAt: month(5), generatedAt: month(6), covered: 3 }, 'c.json');
    expect(selectPriors(current.snapshot.createdAt, [older, newer, twin]).map((entry) => entry.file)).toEqual(['b.json']);
    expect(selectPriors(current.snapshot.createdAt, [twin, older, newer]).map((entry) => entry.file)).toEqual(['c.json']);
  });

  it(`shows at most ${trendLength} reports: the latest ${trendLength - 1} earlier ones and this one`, () => {
    const priors = Array.from({ length: 15 }, (_, index) => prior({ createdAt: month(index), covered: index }));
    const trend = reportTrend(current, [...priors].reverse());
    expect(trend).toHaveLength(trendLength);
    expect(trend.map((point) => point.covered)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, current.summary.covered]);
    expect(trend.at(-1)).toMatchObject({ current: true, quietExemptions: current.summary.exemptions.quiet, maturityLevel: current.summary.maturity.level });
  });
});

describe('reportDiff', () => {
  const createdAt = '2025-01-01T00:00:00.000Z';
  const base = accountsOf(current);
  const withGap = base.find((entry) => entry.gaps.length > 0);
  if (!withGap) throw new Error('The fixture report needs an account with a gap.');
  const gapOf = withGap.gaps[0] as { kind: string; state: string };

  it.each<[string, PriorSpec['accounts'], (diff: ReturnType<typeof reportDiff>) => void]>([
    ['nothing changed', base, (diff) => expect([diff.newGaps, diff.resolvedGaps]).toEqual([[], []])],
    [
      'a gap opened',
      base.map((entry) => (entry === withGap ? { ...entry, gaps: entry.gaps.slice(1) } : entry)),
      (diff) => {
        expect(diff.newGaps).toEqual([expect.objectContaining({ sourceId: withGap.sourceId, accountId: withGap.id, login: withGap.login, kind: gapOf.kind })]);
        expect(diff.resolvedGaps).toEqual([]);
      },
    ],
    [
      'a gap closed on an account still there',
      base.map((entry) => (entry === withGap ? { ...entry, gaps: [...entry.gaps, { kind: 'break-glass', state: 'documented', exceptionId: 'EX-9' }] } : entry)),
      (diff) => expect(diff.resolvedGaps).toEqual([{ sourceId: withGap.sourceId, accountId: withGap.id, login: withGap.login, idp: 'entra', kind: 'break-glass', state: 'documented', exceptionId: 'EX-9', resolution: 'closed' }]),
    ],
    [
      'an account gone with its gaps',
      [...base, { sourceId: 'entra-main', id: 'gone-1', login: 'gone@contoso.example', gaps: [{ kind: 'no-mfa', state: 'quiet' }] }],
      (diff) => expect(diff.resolvedGaps).toEqual([expect.objectContaining({ accountId: 'gone-1', kind: 'no-mfa', resolution: 'account-removed' })]),
    ],
    [
      'every gap new in a first scan of the accounts',
      [],
      (diff) => expect(diff.newGaps).toHaveLength(base.reduce((sum, entry) => sum + entry.gaps.length, 0)),
    ],
  ])('%s', (_name, accounts, check) => {
    check(reportDiff(current, prior({ createdAt, accounts })));
  });

  it('compares coverage in percentage points and quiet exemptions', () => {
    const diff = reportDiff(current, prior({ createdAt, covered: 1, notCovered: 3, quiet: 9 }));
    expect(diff.coverage.previousPercent).toBe(25);
    expect(diff.coverage.currentPercent).toBe(current.summary.coveragePercent);
    expect(diff.coverage.changePoints).toBe(Math.round(((current.summary.coveragePercent ?? 0) - 25) * 10) / 10);
    expect(diff.quietExemptions).toEqual({ previous: 9, current: current.summary.exemptions.quiet });
    expect(diff.previous).toEqual({ snapshotCreatedAt: createdAt, generatedAt: createdAt });
  });

  const register = (entries: Array<{ id: string; state: Report['exceptions'][number]['state'] }>): Report => ({
    ...current,
    exceptions: entries.map((entry) => ({
      ...entry,
      origin: 'exceptions.yaml',
      account: `${entry.id}@contoso.example`,
      sourceId: null,
      person: null,
      gap: 'no-mfa',
      policy: null,
      reason: 'r',
      riskOwner: null,
      compensatingControls: [],
      approvedBy: null,
      approvedAt: null,
      expires: '2025-01-15',
      ticket: null,
      gaps: 0,
      reasons: [],
    })),
  });

  it.each<[string, PriorSpec['exceptions'], Array<{ id: string; state: Report['exceptions'][number]['state'] }>, { added: string[]; expired: string[]; removed: string[] }]>([
    ['an unchanged register', [{ id: 'EX-1', state: 'documented' }], [{ id: 'EX-1', state: 'documented' }], { added: [], expired: [], removed: [] }],
    ['an entry added', [], [{ id: 'EX-2', state: 'documented' }], { added: ['EX-2'], expired: [], removed: [] }],
    ['an entry expired since', [{ id: 'EX-1', state: 'documented' }], [{ id: 'EX-1', state: 'expired' }], { added: [], expired: ['EX-1'], removed: [] }],
    ['an entry already expired before', [{ id: 'EX-1', state: 'expired' }], [{ id: 'EX-1', state: 'expired' }], { added: [], expired: [], removed: [] }],
    ['an entry added already expired', [], [{ id: 'EX-3', state: 'expired' }], { added: ['EX-3'], expired: ['EX-3'], removed: [] }],
    ['an entry removed', [{ id: 'EX-1', state: 'stale' }, { id: 'EX-0', state: 'documented' }], [{ id: 'EX-1', state: 'stale' }], { added: [], expired: [], removed: ['EX-0'] }],
  ])('exceptions: %s', (_name, before, now, expected) => {
    const diff = reportDiff(register(now), prior({ createdAt, accounts: base, exceptions: before }));
    expect({ added: diff.newExceptions.map((entry) => entry.id), expired: diff.expiredExceptions.map((entry) => entry.id), removed: diff.removedExceptions.map((entry) => entry.id) }).toEqual(expected);
  });
});

describe('reportHistory and withHistory', () => {
  it('has a one-point trend and no diff without history', () => {
    expect(current.history).toEqual({ priorReports: 0, trend: [expect.objectContaining({ current: true, snapshotCreatedAt: current.snapshot.createdAt })], diff: null });
  });

  it('diffs against the latest earlier report, whatever order the priors come in', () => {
    const priors = [prior({ createdAt: '2024-12-01T00:00:00.000Z', covered: 2 }), prior({ createdAt: '2025-01-01T00:00:00.000Z', covered: 3 }), prior({ createdAt: '2024-11-01T00:00:00.000Z', covered: 1 })];
    const history = reportHistory(current, priors);
    expect(history.priorReports).toBe(3);
    expect(history.diff?.previous.snapshotCreatedAt).toBe('2025-01-01T00:00:00.000Z');
    expect(reportHistory(current, [...priors].reverse())).toEqual(history);
    const report = withHistory(current, priors);
    expect(report.history).toEqual(history);
    expect(Object.keys(report)).toEqual(Object.keys(current));
    expect(renderJson(buildReport({ ...fixtureInput(), history: priors }))).toBe(renderJson(report));
  });
});

describe('loadReportHistory', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'mfa-history-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reads *.json files and <folder>/report.json, and nothing else', async () => {
    await writeFile(path.join(directory, '2024-11.json'), JSON.stringify(priorJson({ createdAt: '2024-11-01T00:00:00.000Z' })));
    await mkdir(path.join(directory, '2024-12-01T00-00-00'));
    await writeFile(path.join(directory, '2024-12-01T00-00-00', 'report.json'), renderJson({ ...current, snapshot: { ...current.snapshot, createdAt: '2024-12-01T00:00:00.000Z' } }));
    await mkdir(path.join(directory, 'empty-folder'));
    await writeFile(path.join(directory, 'notes.txt'), 'not a report');
    const priors = await loadReportHistory(directory);
    expect(priors.map((entry) => path.relative(directory, entry.file))).toEqual(['2024-11.json', path.join('2024-12-01T00-00-00', 'report.json')]);
    expect(reportHistory(current, priors).trend).toHaveLength(3);
  });

  it('names the file that is not JSON', async () => {
    await writeFile(path.join(directory, 'a.json'), JSON.stringify(priorJson({ createdAt: '2024-11-01T00:00:00.000Z' })));
    await writeFile(path.join(directory, 'b.json'), '{"schemaVersion": ');
    await expect(loadReportHistory(directory)).rejects.toThrow(new RegExp(`History file ${path.join(directory, 'b.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON`));
  });

  it('says when the directory cannot be read', async () => {
    await expect(loadReportHistory(path.join(directory, 'missing'))).rejects.toThrow(InputError);
    await expect(loadReportHistory(path.join(directory, 'missing'))).rejects.toThrow(/History directory .*missing cannot be read/);
    await expect(loadReportHistory(path.join(directory, 'missing'), { missingIsEmpty: true })).resolves.toEqual([]);
    await writeFile(path.join(directory, 'file'), '');
    await expect(loadReportHistory(path.join(directory, 'file'), { missingIsEmpty: true })).rejects.toThrow(/History directory .*file cannot be read/);
  });
});
