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
import { defaultAnalysisSettings, type PolicySummary, type SourceAnalysis } from '../src/connectors/connector.js';
import type { AssessedAccount, Coverage, Enforcement, LegacyAuth } from '../src/model/account.js';
import { makeFactor, type FactorType } from '../src/model/factor.js';
import type { Finding } from '../src/model/finding.js';
import type { IdentityProviderId } from '../src/model/identity-provider.js';
import type { ExceptionEntry, GapKind } from '../src/reconcile/exception-register.js';
import type { Person } from '../src/reconcile/person.js';
import { defaultReconcileConfig } from '../src/reconcile/reconcile-config.js';
import { reconcile } from '../src/reconcile/reconcile-accounts.js';
import { buildReport } from '../src/reports/build-report.js';
import { accountsCsvChunks, exceptionsCsvChunks, findingsCsvChunks, peopleCsvChunks } from '../src/reports/render-csv.js';
import { renderHtml } from '../src/reports/render-html.js';
import { renderJsonChunks } from '../src/reports/render-json.js';
import { renderPdf } from '../src/reports/render-pdf.js';
import type { PriorReport } from '../src/reports/report-history.js';
import type { Report } from '../src/reports/report-model.js';
import { writeReport } from '../src/reports/write-report.js';
import { mulberry32 as random } from '../src/simulators/demo/seeded-random.js';

const { values } = parseArgs({ options: { accounts: { type: 'string', default: '100000' }, seed: { type: 'string', default: '2026' }, out: { type: 'string' } } });
const accountCount = Number(values.accounts);
const seed = Number(values.seed);
if (!Number.isInteger(accountCount) || accountCount < 100) throw new Error(`--accounts must be an integer ≥ 100 (got ${values.accounts})`);
const peopleCount = Math.round(accountCount * 0.4);
const asOf = new Date('2026-12-01T06:00:00.000Z');
const domain = 'contoso.example';

const sources: ReadonlyArray<{ sourceId: string; idp: IdentityProviderId; tenant: string; share: number }> = [
  { sourceId: 'entra-main', idp: 'entra', tenant: 'contoso.onmicrosoft.com', share: 0.45 },
  { sourceId: 'okta', idp: 'okta', tenant: 'contoso.okta.com', share: 0.3 },
  { sourceId: 'google', idp: 'google', tenant: domain, share: 0.2 },
  { sourceId: 'aws-prod', idp: 'aws', tenant: '123456789012', share: 0.05 },
];

const mixes: ReadonlyArray<readonly [number, readonly FactorType[]]> = [
  [0.5, ['authenticator-push']],
  [0.18, ['authenticator-push', 'totp-software']],
  [0.1, ['fido2', 'authenticator-push']],
  [0.1, ['sms']],
  [0.04, ['voice', 'email']],
  [0.08, []],
];

function mix(roll: number): readonly FactorType[] {
  let sum = 0;
  for (const [share, factors] of mixes) if (roll < (sum += share)) return factors;
  return [];
}

const emailOf = (index: number) => `first${index}.last${index % 991}@${domain}`;
const employeeId = (index: number) => `E${String(index).padStart(6, '0')}`;

function people(): Person[] {
  return Array.from({ length: peopleCount }, (_, index) => ({
    id: employeeId(index),
    employeeId: employeeId(index),
    email: emailOf(index),
    name: `First${index} Last${index % 991}`,
    status: index % 40 === 0 ? 'terminated' : 'active',
    startDate: '2021-03-01',
    terminationDate: index % 40 === 0 ? '2026-10-31' : null,
    employmentType: index % 12 === 0 ? 'contractor' : 'employee',
    department: ['Finance', 'IT', 'Sales', 'Operations', 'Research', 'Support'][index % 6] ?? null,
    manager: index === 0 ? null : employeeId(Math.floor(index / 9)),
    aliases: [],
    origin: `roster.csv:${index + 2}`,
  }));
}

function account(plan: (typeof sources)[number], index: number, next: () => number): AssessedAccount {
  const person = Math.floor(next() * peopleCount * 1.05);
  const login = person >= peopleCount ? `orphan${index}@${domain}` : plan.idp === 'aws' ? `${employeeId(person)}-admin` : emailOf(person);
  const factors = mix(next());
  const enabled = next() > 0.03;
  const roll = next();
  const enforced: Enforcement = !enabled ? 'n/a' : roll < 0.82 ? 'yes' : roll < 0.9 ? 'partial' : roll < 0.97 ? 'no' : 'unknown';
  const registered = factors.length > 0 ? 'yes' : 'no';
  const legacy: LegacyAuth = !enabled ? 'n/a' : next() < 0.04 ? 'open' : 'blocked';
  const covered: Coverage = !enabled ? 'n/a' : enforced === 'unknown' ? 'unknown' : enforced === 'yes' && registered === 'yes' && legacy === 'blocked' ? 'yes' : 'no';
  const policy = `Require MFA for all users (${plan.sourceId})`;
  const enforcedReason =
    enforced === 'partial'
      ? `MFA not enforced (partial): '${policy}' requires MFA except from trusted named location 'Office ${index % 30}' (198.51.100.0/24).`
      : enforced === 'no'
        ? `MFA not enforced (no): excluded from '${policy}' through group 'Migration wave ${index % 25}'.`
        : enforced === 'unknown'
          ? 'MFA enforcement unknown: the sign-in policies could not be read (HTTP 403, Policy.Read.All missing).'
          : `MFA enforced: '${policy}' applies to ${login}.`;
  const privileged = next() < (plan.idp === 'aws' ? 0.25 : 0.01);
  return {
    idp: plan.idp,
    tenant: plan.tenant,
    id: `${plan.idp}-${String(index).padStart(7, '0')}`,
    login,
    displayName: person >= peopleCount ? `Orphan ${index}` : `First${person} Last${person % 991}`,
    enabled,
    kind: 'human',
    privileged,
    roles: privileged ? ['Global Administrator'] : [],
    lastSignInAt: new Date(asOf.getTime() - Math.floor(next() * 120) * 86_400_000).toISOString(),
    createdAt: '2023-01-01T00:00:00.000Z',
    factors: factors.map((type) => makeFactor(type, type)),
    mfaRegistered: { value: registered, reasons: registered === 'yes' ? [`${factors.length} method(s) registered: ${factors.join(', ')}.`] : ['No MFA method registered.'] },
    mfaEnforced: { value: enforced, reasons: [enforcedReason] },
    legacyAuth: { value: legacy, reasons: legacy === 'open' ? ['Legacy authentication open (open): no policy blocks Exchange ActiveSync and other clients.'] : ['Legacy clients blocked.'] },
    covered,
    reasons: covered === 'yes' ? [enforcedReason] : [enforcedReason, ...(registered === 'no' ? ['No MFA method registered.'] : []), ...(legacy === 'open' ? ['Legacy authentication open.'] : [])],
  };
}

function analyses(next: () => number): Array<{ plan: (typeof sources)[number]; analysis: SourceAnalysis }> {
  let index = 0;
  return sources.map((plan, position) => {
    const count = position === sources.length - 1 ? accountCount - index : Math.round(accountCount * plan.share);
    const accounts: AssessedAccount[] = [];
    const findings: Finding[] = [];
    for (let n = 0; n < count; n += 1, index += 1) {
      const entry = account(plan, index, next);
      accounts.push(entry);
      if (entry.privileged && entry.factors.every((factor) => factor.strength !== 'phishing-resistant')) {
        findings.push({ ruleId: 'entra-admin-weak-factors-only', severity: 'high', subject: { type: 'account', idp: plan.idp, tenant: plan.tenant, id: entry.id, name: entry.login }, message: `${entry.login} holds Global Administrator with only ${entry.factors.map((factor) => factor.type).join(', ') || 'no'} factors.` });
      }
    }
    const policies: PolicySummary[] = Array.from({ length: 40 }, (_, n) => ({
      id: `${plan.sourceId}-policy-${n}`,
      name: n === 0 ? `Require MFA for all users (${plan.sourceId})` : `Conditional access ${n}`,
      state: n % 7 === 3 ? 'enabledForReportingButNotEnforced' : 'enabled',
      requiresMfa: n % 3 === 0,
      scope: ['Include: all users', `Exclude: group Migration wave ${n % 25}`, `Locations: all but 'Office ${n % 30}'`],
    }));
    return { plan, analysis: { accounts, findings, policies } };
  });
}

const gapKindsInRegister: readonly GapKind[] = ['no-mfa', 'trusted-location', 'legacy-protocol', 'policy-exclusion'];

function register(): ExceptionEntry[] {
  return Array.from({ length: Math.round(peopleCount / 100) }, (_, n) => ({
    id: `EX-${String(n).padStart(5, '0')}`,
    origin: `exceptions.yaml entry ${n + 1}`,
    person: employeeId(n * 97),
    gap: gapKindsInRegister[n % gapKindsInRegister.length] ?? 'no-mfa',
    ...(n % 4 === 3 ? { policy: 'Require MFA for all users' } : {}),
    reason: 'Accepted during the migration.',
    ...(n % 5 === 2 ? {} : { riskOwner: 'Dana Risk (CISO)' }),
    compensatingControls: ['Sign-ins alert the SOC'],
    expires: n % 6 === 1 ? '2026-10-31' : '2027-06-30',
  }));
}

const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function timed<T>(label: string, action: () => T, lines: string[]): T {
  const started = performance.now();
  const result = action();
  lines.push(`  ${label.padEnd(28)} ${seconds(performance.now() - started)}  (heap ${mib(process.memoryUsage().heapUsed)}, peak RSS so far ${mib(process.resourceUsage().maxRSS * 1024)})`);
  return result;
}

/**
 * Generates the input and builds the report with its history, returning only the report: as in a scan, the
 * analyses and the reconciliation are garbage once the report exists, so they do not count against rendering.
 */
function makeReport(lines: string[]): Report {
  const next = random(seed);
  const started = performance.now();
  const generated = analyses(next);
  const directory = { kind: 'roster' as const, file: 'roster.csv', people: people() };
  const entries = register();
  lines.push(`  ${'generate input'.padEnd(28)} ${seconds(performance.now() - started)}`);
  const reconciliation = timed(
    'reconcile',
    () =>
      reconcile({
        asOf,
        settings: defaultAnalysisSettings,
        accounts: generated.flatMap(({ plan, analysis }) => analysis.accounts.map((entry) => ({ sourceId: plan.sourceId, account: entry }))),
        findings: generated.flatMap(({ analysis }) => analysis.findings),
        directory,
        register: { file: 'exceptions.yaml', entries },
        config: { ...defaultReconcileConfig, tiers: { default: 2, rules: [{ tier: 1, departments: ['IT'] }] } },
      }),
    lines,
  );
  // Eleven earlier months: each lacks a slice of today's gaps and has its own figures, so the diff has work to do.
  const gaps = reconciliation.accounts.flatMap((entry) =>
    entry.gaps.map((gap) => ({ sourceId: entry.sourceId, accountId: entry.account.id, login: entry.account.login, idp: entry.account.idp, kind: gap.kind, state: gap.state, exceptionId: gap.exceptionId })),
  );
  const history: PriorReport[] = Array.from({ length: 11 }, (_, month) => {
    const createdAt = new Date(Date.UTC(2026, month, 1, 6)).toISOString();
    return {
      file: `2026-${String(month + 1).padStart(2, '0')}.json`,
      generatedAt: createdAt,
      point: { snapshotCreatedAt: createdAt, coveragePercent: 70 + month, covered: 70_000 + month * 1000, inScope: 97_000, notCovered: 24_000 - month * 1000, unknown: 3000, quietExemptions: 20_000 - month * 500, maturityLevel: 2 },
      gaps: gaps.filter((_, index) => index % 12 !== month),
      exceptions: entries.slice(month * 10).map((entry) => ({ id: entry.id, gap: entry.gap, subject: entry.person ?? '', state: 'documented' as const, expires: entry.expires ?? null })),
    };
  });
  return timed(
    'build report (12 months)',
    () =>
      buildReport({
        organisation: { name: 'Contoso Benchmark plc' },
        scannerVersion: '0.1.0',
        generatedAt: asOf.toISOString(),
        snapshot: { createdAt: asOf.toISOString(), scannerVersion: '0.1.0' },
        settings: defaultAnalysisSettings,
        sources: generated.map(({ plan, analysis }) => ({
          meta: { sourceId: plan.sourceId, connector: plan.idp, tenant: plan.tenant, startedAt: asOf.toISOString(), finishedAt: asOf.toISOString(), status: 'complete' as const, errors: [], requests: { 'GET /users': 100 }, endpoints: {}, permissions: ['User.Read.All'] },
          analysis,
        })),
        reconciliation,
        history,
      }),
    lines,
  );
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
const report = makeReport(lines);
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
