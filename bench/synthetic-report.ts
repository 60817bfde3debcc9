/**
 * A synthetic report at scale for the benchmarks: a generated organisation over four identity providers (mostly
 * covered accounts with the usual tail of carve-outs, exclusions, legacy protocols, SMS and unreadable data, two or
 * three reasons each), reconciled against a directory of 40% as many people with an exception register, with eleven
 * earlier months of history. Deterministic for a seed. Shared by report-render and console benchmarks.
 */
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
import type { PriorReport } from '../src/reports/report-history.js';
import type { Report } from '../src/reports/report-model.js';
import { mulberry32 as random } from '../src/simulators/demo/seeded-random.js';

export const syntheticAsOf = new Date('2026-12-01T06:00:00.000Z');
const asOf = syntheticAsOf;
const domain = 'contoso.example';
let accountCount = 100_000;
let peopleCount = 40_000;
let seed = 2026;

/** Sets the size and seed of the next `syntheticReport`. */
export function configureSyntheticReport(options: { accounts: number; seed: number }): void {
  accountCount = options.accounts;
  peopleCount = Math.round(options.accounts * 0.4);
  seed = options.seed;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;

function timed<T>(label: string, action: () => T, lines: string[]): T {
  const started = performance.now();
  const result = action();
  lines.push(`  ${label.padEnd(28)} ${seconds(performance.now() - started)}  (heap ${mib(process.memoryUsage().heapUsed)}, peak RSS so far ${mib(process.resourceUsage().maxRSS * 1024)})`);
  return result;
}

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

/**
 * Generates the input and builds the report with its history, returning only the report: as in a scan, the
 * analyses and the reconciliation are garbage once the report exists, so they do not count against rendering.
 */
export function syntheticReport(lines: string[]): Report {
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

