/**
 * Reconcile benchmark: 1,000,000 accounts across four identity providers (Entra, Okta, Google delegating sign-in to
 * Okta, AWS IAM) against a 250,000-person HR roster, with an exception register and connector account findings,
 * all generated in-process from a seed. The organisation is a mid-maturity one (level 2): 85% of accounts under an
 * MFA policy, 7% with a trusted-location carve-out, 6% excluded, 2% unreadable; one in five relies on SMS or has no
 * factor; 3% of the roster has left, 12% are contractors or vendors; 5% of accounts are orphans, shared mailboxes,
 * service accounts or guests; one in ten is dormant. The roster goes through the real CSV loader; reconcile runs as the report
 * pipeline runs it (correlation, classes, tiers, method policy, federation, gaps, register, maturity, all reconcile
 * rules). Prints the time of each phase and the peak memory: RSS (the kernel's high-water mark) and V8 heap (the
 * largest heap seen before any collection, from --trace-gc, or at the end if larger).
 *
 * The figures are measured in a child process started with --trace-gc, so that no other work shares its heap.
 *
 *   npx tsx bench/reconcile.bench.ts [--accounts 1000000] [--people 250000] [--seed 2025]
 *   npm run bench -- reconcile --accounts 100000
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultAnalysisSettings } from '../src/connectors/connector.js';
import type { AssessedAccount, Coverage, Enforcement, EnforcementVerdict, LegacyAuth } from '../src/model/account.js';
import { makeFactor, type FactorType } from '../src/model/factor.js';
import type { Finding } from '../src/model/finding.js';
import type { IdentityProviderId } from '../src/model/identity-provider.js';
import type { ExceptionEntry, GapKind } from '../src/reconcile/exception-register.js';
import { flatString } from '../src/reconcile/flat-string.js';
import { parseRoster } from '../src/reconcile/load-roster.js';
import { defaultReconcileConfig, rosterDirectorySchema, type ReconcileConfig } from '../src/reconcile/reconcile-config.js';
import { reconcile } from '../src/reconcile/reconcile-accounts.js';
import type { Reconciliation } from '../src/reconcile/reconciliation.js';
import type { SourcedAccount } from '../src/reconcile/sourced-account.js';
import { mulberry32 as random } from '../src/simulators/demo/seeded-random.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000000' },
    people: { type: 'string' },
    seed: { type: 'string', default: '2025' },
    child: { type: 'boolean', default: false },
  },
});
const accountCount = Number(values.accounts);
const peopleCount = values.people === undefined ? Math.round(accountCount / 4) : Number(values.people);
const seed = Number(values.seed);
if (!Number.isInteger(accountCount) || accountCount < 100 || !Number.isInteger(peopleCount) || peopleCount < 25) {
  throw new Error(`--accounts must be an integer ≥ 100 and --people ≥ 25 (got ${values.accounts}, ${values.people ?? 'default'})`);
}

const asOf = new Date('2025-06-01T00:00:00.000Z');
const domain = 'contoso.example';
const departments = ['Finance', 'IT', 'Sales', 'Marketing', 'Legal', 'HR', 'Operations', 'Research', 'Support', 'Logistics', 'Procurement', 'Security'];

const employeeId = (index: number) => `E${String(index).padStart(7, '0')}`;
const emailOf = (index: number) => `first${index}.last${index % 977}@${domain}`;

/** The roster as CSV text in 64 KiB chunks, as a file stream would give it: leavers, contractors, vendors, aliases. */
function rosterCsv(next: () => number): string[] {
  const lines = ['employee_id,email,name,status,start_date,termination_date,employment_type,department,manager,aliases'];
  for (let index = 0; index < peopleCount; index += 1) {
    const roll = next();
    const terminated = roll < 0.03;
    const type = roll > 0.9 ? 'contractor' : roll > 0.88 ? 'vendor' : 'employee';
    const aliases = index % 10 === 0 ? `f${index}.l@${domain};first${index}@old-${domain}` : '';
    lines.push(
      [
        employeeId(index),
        emailOf(index),
        `First${index} Last${index % 977}`,
        terminated ? 'terminated' : 'active',
        '2020-01-15',
        terminated ? '2025-03-31' : '',
        type,
        departments[index % departments.length],
        index === 0 ? '' : employeeId(Math.floor(index / 8)),
        aliases,
      ].join(','),
    );
  }
  const text = `${lines.join('\n')}\n`;
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += 65_536) chunks.push(text.slice(at, at + 65_536));
  return chunks;
}

interface SourcePlan {
  sourceId: string;
  idp: IdentityProviderId;
  tenant: string;
  share: number;
}

const sources: SourcePlan[] = [
  { sourceId: 'entra-main', idp: 'entra', tenant: 'contoso.onmicrosoft.com', share: 0.3 },
  { sourceId: 'okta', idp: 'okta', tenant: 'contoso.okta.com', share: 0.27 },
  { sourceId: 'google', idp: 'google', tenant: domain, share: 0.25 },
  { sourceId: 'aws', idp: 'aws', tenant: '123456789012', share: 0.18 },
];

/** Connectors map vendor method names to constants; the benchmark shares them the same way. */
const vendorTypes: Partial<Record<FactorType, string>> = {
  'authenticator-push': 'microsoftAuthenticator',
  'totp-software': 'softwareOath',
  fido2: 'fido2',
  sms: 'sms',
  voice: 'voice',
  passkey: 'passkey',
};

/** Factor mixes with their share of accounts: mostly app push, some keys, a tail of SMS-only and none. */
const factorMixes: ReadonlyArray<readonly [number, readonly FactorType[]]> = [
  [0.45, ['authenticator-push']],
  [0.2, ['authenticator-push', 'totp-software']],
  [0.08, ['fido2']],
  [0.05, ['passkey', 'authenticator-push']],
  [0.1, ['sms']],
  [0.04, ['voice', 'sms']],
  [0.08, []],
];

function factorMix(roll: number): readonly FactorType[] {
  let sum = 0;
  for (const [share, mix] of factorMixes) {
    sum += share;
    if (roll < sum) return mix;
  }
  return [];
}

/** As the connectors build it: a partial verdict carries its structured cause, sharing the reasons array. */
function enforcedVerdict(value: Enforcement, reason: string): EnforcementVerdict {
  const reasons = [reason];
  return value === 'partial' ? { value, reasons, causes: [{ kind: 'trusted-location', reasons }] } : { value, reasons };
}

/**
 * One account as a connector would leave it: a person's (by employee id, login, alias, alias domain or, in AWS, an
 * IAM user name a correlation rule maps), or an orphan, a shared mailbox, a service account or a guest.
 */
function accountOf(plan: SourcePlan, index: number, next: () => number): AssessedAccount {
  const roll = next();
  const personIndex = Math.floor(next() * peopleCount);
  let login: string;
  let kind: AssessedAccount['kind'] = 'human';
  let hint: string | undefined;
  let aliases: string[] | undefined;
  if (roll < 0.02) login = `ghost${index}@${domain}`;
  else if (roll < 0.03) login = `support-${index}@${domain}`;
  else if (roll < 0.04) {
    login = `svc-job${index}@${domain}`;
    kind = 'service';
  } else if (roll < 0.05 && plan.idp !== 'aws') {
    login = `guest${index}_partner.example#EXT#@${domain}`;
    kind = 'guest';
  } else if (plan.idp === 'aws') login = `${employeeId(personIndex)}-${roll < 0.5 ? 'admin' : 'dev'}`;
  else if (plan.idp === 'entra') {
    login = roll < 0.5 ? emailOf(personIndex).toUpperCase() : `u${index}@contoso.onmicrosoft.com`;
    if (roll >= 0.5) hint = roll < 0.9 ? employeeId(personIndex) : undefined;
    if (roll >= 0.9) aliases = [`SMTP:${emailOf(personIndex)}`];
  } else if (plan.idp === 'google') login = roll < 0.7 ? emailOf(personIndex) : emailOf(personIndex).replace(`@${domain}`, `@contoso-corp.example`);
  else login = personIndex % 10 === 0 && roll < 0.3 ? `f${personIndex}.l@${domain}` : emailOf(personIndex);

  const mix = factorMix(next());
  const enabled = next() > 0.04;
  const interactive = enabled && kind !== 'service';
  const coverRoll = next();
  const enforced: Enforcement = !interactive ? 'n/a' : plan.idp === 'google' ? 'delegated' : coverRoll < 0.85 ? 'yes' : coverRoll < 0.92 ? 'partial' : coverRoll < 0.98 ? 'no' : 'unknown';
  const registered = mix.length > 0 ? 'yes' : 'no';
  const covered: Coverage = !interactive
    ? 'n/a'
    : enforced === 'delegated'
      ? 'unknown'
      : enforced === 'unknown'
        ? 'unknown'
        : enforced === 'yes' && registered === 'yes'
          ? 'yes'
          : 'no';
  const legacy: LegacyAuth = !interactive ? 'n/a' : next() < 0.03 ? 'open' : 'blocked';
  const privileged = next() < (plan.idp === 'aws' ? 0.3 : 0.01);
  const enforcedReason =
    enforced === 'partial'
      ? `Policy "Require MFA for all users" does not apply from trusted location "Office ${index % 40}".`
      : enforced === 'no'
        ? `Excluded from policy "Require MFA for all users" by group "Migration ${index % 50}".`
        : `Policy "Require MFA for all users" applies to ${login}.`;
  // Most accounts signed in this month; one in ten has been dormant for up to a year.
  const daysAgo = next() < 0.9 ? Math.floor(next() * 30) : 90 + Math.floor(next() * 275);
  // Connectors read these from the snapshot's JSON, which gives flat strings; reasons they build themselves.
  return {
    idp: plan.idp,
    tenant: plan.tenant,
    id: flatString(`${plan.idp}-${String(index).padStart(8, '0')}`),
    login: flatString(login),
    displayName: flatString(`Account ${index}`),
    enabled,
    kind,
    privileged,
    roles: privileged ? ['Global Administrator'] : [],
    lastSignInAt: new Date(asOf.getTime() - daysAgo * 86_400_000).toISOString(),
    createdAt: '2023-01-01T00:00:00.000Z',
    factors: mix.map((type) => makeFactor(type, vendorTypes[type] ?? type)),
    mfaRegistered: { value: registered, reasons: registered === 'yes' ? [] : [`${login} has no method registered.`] },
    mfaEnforced: enforcedVerdict(enforced, enforcedReason),
    legacyAuth: { value: legacy, reasons: legacy === 'open' ? [`No policy blocks legacy clients for ${login}.`] : [] },
    covered,
    reasons: [enforcedReason],
    ...(hint === undefined ? {} : { employeeId: flatString(hint) }),
    ...(aliases === undefined ? {} : { aliases }),
  };
}

function accountsOf(next: () => number): { accounts: SourcedAccount[]; findings: Finding[] } {
  const accounts: SourcedAccount[] = [];
  const findings: Finding[] = [];
  let index = 0;
  for (const [position, plan] of sources.entries()) {
    const count = position === sources.length - 1 ? accountCount - index : Math.round(accountCount * plan.share);
    for (let n = 0; n < count; n += 1, index += 1) {
      const account = accountOf(plan, index, next);
      accounts.push({ sourceId: plan.sourceId, account });
      if (account.mfaEnforced.value === 'partial' && plan.idp === 'okta') {
        findings.push({
          ruleId: 'okta-password-only-path',
          severity: 'high',
          subject: { type: 'account', idp: plan.idp, tenant: plan.tenant, id: account.id, name: account.login },
          message: `Rule 'Office' of policy 'Default' lets ${account.login} sign in with a password alone from zone Office.`,
        });
      }
    }
  }
  // Connectors list accounts in their own order; reconcile must not rely on it.
  for (let at = accounts.length - 1; at > 0; at -= 1) {
    const other = Math.floor(next() * (at + 1));
    [accounts[at], accounts[other]] = [accounts[other] as SourcedAccount, accounts[at] as SourcedAccount];
  }
  return { accounts, findings };
}

/** 1% of the people have an entry: valid, expired, incomplete, or naming a gap they do not have (stale). */
function registerOf(next: () => number): ExceptionEntry[] {
  const entries: ExceptionEntry[] = [];
  const gaps: GapKind[] = ['no-mfa', 'trusted-location', 'legacy-protocol', 'weak-method'];
  for (let n = 0; n < Math.max(4, Math.round(peopleCount / 100)); n += 1) {
    const personIndex = Math.floor(next() * peopleCount);
    const kind = n % 4;
    entries.push({
      id: `EX-${String(n).padStart(6, '0')}`,
      ...(n % 3 === 0 ? { person: employeeId(personIndex) } : { account: emailOf(personIndex) }),
      gap: gaps[n % gaps.length] as GapKind,
      reason: 'Accepted during the migration.',
      ...(kind === 2 ? {} : { riskOwner: 'Dana Risk (CISO)' }),
      compensatingControls: ['Sign-ins alert the SOC'],
      expires: kind === 1 ? '2025-01-31' : '2025-12-31',
      origin: `exceptions.yaml entry ${n + 1}`,
    });
  }
  return entries;
}

const config: ReconcileConfig = {
  ...defaultReconcileConfig,
  correlation: {
    ...defaultReconcileConfig.correlation,
    rules: [{ sourceId: 'aws', loginPattern: '^(?<id>E\\d{7})-(admin|dev)$', key: 'employeeId', value: '$<id>' }],
    domainAliases: { 'contoso-corp.example': domain },
  },
  breakGlass: [{ login: `ghost7@${domain}`, sourceId: 'entra-main' }],
  tiers: { default: 2, rules: [{ tier: 1, departments: ['IT', 'Security'] }, { tier: 3, employmentTypes: ['vendor'] }] },
  federation: { google: { delegatesTo: 'okta' } },
};

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function measure(): Promise<void> {
  const next = random(seed);
  let started = performance.now();
  // The roster's text is read as it is parsed, as a file stream would be; only the people stay.
  let chunks: string[] | undefined = rosterCsv(next);
  const { accounts, findings } = accountsOf(next);
  const entries = registerOf(next);
  const generateMs = performance.now() - started;
  const beforeRss = process.memoryUsage().rss;

  started = performance.now();
  let cpu = process.cpuUsage();
  const people = await parseRoster(chunks, 'roster.csv', rosterDirectorySchema.parse({ roster: 'roster.csv' }));
  chunks = undefined;
  const rosterMs = performance.now() - started;
  const rosterCpuMs = cpuMs(process.cpuUsage(cpu));

  started = performance.now();
  cpu = process.cpuUsage();
  let result: Reconciliation | undefined = reconcile({
    asOf,
    settings: defaultAnalysisSettings,
    accounts,
    findings,
    directory: { kind: 'roster', file: 'roster.csv', people },
    register: { file: 'exceptions.yaml', entries },
    config,
  });
  const reconcileMs = performance.now() - started;
  const reconcileCpuMs = cpuMs(process.cpuUsage(cpu));
  const memory = process.memoryUsage();
  const maxRss = process.resourceUsage().maxRSS * 1024;

  const counts = summarise(result);
  // What stays live, apart from the garbage the collector had not taken yet: the inputs with the result, then the
  // inputs alone. Read after the peaks above, so that the forced collections cannot lower them.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the measuring process needs --expose-gc');
  console.log(forcedCollections);
  gc();
  const liveWithResult = process.memoryUsage().heapUsed;
  result = undefined;
  gc();
  const liveInputs = process.memoryUsage().heapUsed;
  console.log(
    `RESULT ${JSON.stringify({
      ...counts,
      // Read after the collections, so that the inputs are still referenced when they are measured.
      inputAccounts: accounts.length,
      inputPeople: people.length,
      entries: entries.length,
      connectorFindings: findings.length,
      generateMs,
      rosterMs,
      rosterCpuMs,
      reconcileMs,
      reconcileCpuMs,
      beforeRss,
      endRss: memory.rss,
      endHeapUsed: memory.heapUsed,
      maxRss,
      liveWithResult,
      liveInputs,
    })}`,
  );
}

function summarise(result: Reconciliation): Record<string, unknown> {
  const linked = result.accounts.filter((entry) => entry.link?.personId).length;
  const states: Record<string, number> = {};
  for (const entry of result.accounts) for (const gap of entry.gaps) states[gap.state] = (states[gap.state] ?? 0) + 1;
  const entryStates: Record<string, number> = {};
  for (const outcome of result.exceptions) entryStates[outcome.state] = (entryStates[outcome.state] ?? 0) + 1;
  const byRule: Record<string, number> = {};
  for (const finding of result.findings) byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
  return {
    accounts: result.accounts.length,
    people: result.people.length,
    linked,
    gapStates: states,
    entryStates,
    findings: result.findings.length,
    byRule,
    maturity: `${result.maturity.level} (${result.maturity.label})`,
  };
}

/** Printed before the collections forced to measure the live heap: --trace-gc lines after it do not count. */
const forcedCollections = 'FORCED-COLLECTIONS';

/** `--trace-gc` lines: `… Mark-Compact 812.3 (850.1) -> 640.2 (700.4) MB, …`; the first figure is the heap before. */
const gcLine = /:\s+[A-Za-z-]+.*?\s(\d+(?:\.\d+)?) \((\d+(?:\.\d+)?)\) -> (\d+(?:\.\d+)?) \((\d+(?:\.\d+)?)\) MB/;

async function main(): Promise<void> {
  const file = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--trace-gc', '--expose-gc', '--import', 'tsx', file, '--child', '--accounts', String(accountCount), '--people', String(peopleCount), '--seed', String(seed)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakHeapMiB = 0;
  let collections = 0;
  let forced = false;
  let result: Record<string, unknown> | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === forcedCollections) {
      forced = true;
      continue;
    }
    const gc = gcLine.exec(line);
    if (gc) {
      if (forced) continue;
      collections += 1;
      peakHeapMiB = Math.max(peakHeapMiB, Number(gc[1]));
    } else if (line.startsWith('RESULT ')) result = JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>;
    else console.log(line);
  }
  const code = await new Promise<number>((resolve) => child.on('close', (exit) => resolve(exit ?? 1)));
  if (code !== 0 || !result) throw new Error(`the measuring process exited with ${code}${result ? '' : ' before reporting'}`);
  const number = (key: string) => Number(result?.[key]);
  const peakHeap = Math.max(peakHeapMiB * 1_048_576, number('endHeapUsed'));
  console.log(
    `Reconcile benchmark: ${number('accounts').toLocaleString('en')} accounts in 4 identity providers (${sources.map((plan) => `${plan.sourceId} ${Math.round(plan.share * 100)}%`).join(', ')}), ` +
      `${number('people').toLocaleString('en')} people, ${number('entries').toLocaleString('en')} register entries, ${number('connectorFindings').toLocaleString('en')} connector account findings; seed ${seed}`,
  );
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mib(totalmem())} RAM, Node ${process.version}`);
  console.log(`linked ${number('linked').toLocaleString('en')} accounts to people; gaps ${JSON.stringify(result.gapStates)}; register ${JSON.stringify(result.entryStates)}`);
  console.log(`findings ${number('findings').toLocaleString('en')}: ${JSON.stringify(result.byRule)}`);
  console.log(`maturity level ${String(result.maturity)}`);
  console.log(`\ngenerate ${seconds(number('generateMs'))} (not counted); roster CSV parse ${seconds(number('rosterMs'))} (CPU ${seconds(number('rosterCpuMs'))}); reconcile ${seconds(number('reconcileMs'))} (CPU ${seconds(number('reconcileCpuMs'))})`);
  console.log(`roster + reconcile: ${seconds(number('rosterMs') + number('reconcileMs'))} wall, ${seconds(number('rosterCpuMs') + number('reconcileCpuMs'))} CPU (aim < 20 s); load average at the end ${loadavg().map((load) => load.toFixed(1)).join(' ')}`);
  console.log(
    `peak RSS ${mib(number('maxRss'))} (after generating the inputs ${mib(number('beforeRss'))}; aim < 2048 MiB); peak V8 heap ${mib(peakHeap)} over ${collections} collections; heap in use at the end ${mib(number('endHeapUsed'))}`,
  );  console.log(`live heap after reconcile (forced collections): inputs ${mib(number('liveInputs'))}, result ${mib(number('liveWithResult') - number('liveInputs'))}`);

}

if (values.child) await measure();
else await main();
