/**
 * The demo's HR roster and exception register, written beside the generated tenant: the roster lists the people
 * behind the tenant's accounts, with planted leavers (still enabled), contractors, people not yet given an
 * account, and accounts left out (orphans); the register holds a valid, an expired, an incomplete and a stale
 * entry, and the break-glass account's. Accounts are picked deterministically from the tenant as its connectors
 * read it, so the roster follows the demo sources whatever they are.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { defaultAnalysisSettings } from '../../connectors/connector.js';
import { connectorFor } from '../../connectors/registry.js';
import { formatCsv } from '../../reports/csv-format.js';
import { defaultReconcileConfig } from '../../reconcile/reconcile-config.js';
import { reconcile } from '../../reconcile/reconcile-accounts.js';
import type { ReconciledAccount } from '../../reconcile/reconciliation.js';
import type { SourcedAccount } from '../../reconcile/sourced-account.js';
import { openSnapshot } from '../../snapshot/snapshot-reader.js';
import type { SourcePlantedProblem } from './planted-problem.js';

export const demoRosterFile = 'roster.csv';
export const demoExceptionsFile = 'exceptions.yaml';
/** Declared in config/demo.yaml under breakGlass (a test keeps the two equal). */
export const demoBreakGlassAccounts = [
  { login: 'gw-breakglass@contoso-demo.example', sourceId: 'demo-google' },
  { login: 'breakglass01@contoso-demo.onmicrosoft.com', sourceId: 'demo-entra' },
  { login: 'breakglass02@contoso-demo.onmicrosoft.com', sourceId: 'demo-entra' },
] as const;
/** The one break-glass account the register leaves out: a planted break-glass-without-exception. */
const undocumentedBreakGlassLogin = 'breakglass02@contoso-demo.onmicrosoft.com';
const demoDomain = 'contoso-demo.example';
const dayMs = 86_400_000;
const departments = ['Engineering', 'Finance', 'Operations', 'Sales', 'IT', 'People'];

export interface DemoReconcileInputs {
  plantedProblems: SourcePlantedProblem[];
}

export async function writeDemoReconcileInputs(tenantDirectory: string, asOf: Date): Promise<DemoReconcileInputs> {
  const accounts = await tenantAccounts(tenantDirectory, asOf);
  // A first reconcile without directory or register shows each account's class and gaps to pick from.
  const preview = reconcile({
    asOf,
    settings: defaultAnalysisSettings,
    accounts,
    findings: [],
    directory: null,
    register: null,
    config: { ...defaultReconcileConfig, breakGlass: [...demoBreakGlassAccounts] },
  });
  // The roster is keyed by address; AWS IAM user names are not addresses and link through config/demo.yaml's rule.
  const people = preview.accounts.filter(
    (entry) => entry.account.enabled && entry.accountClass.value === 'human' && !entry.account.privileged && entry.account.login.includes('@'),
  );
  const picked = new Set<string>();
  const pick = (candidates: readonly ReconciledAccount[], count: number): ReconciledAccount[] => {
    const chosen = candidates.filter((entry) => !picked.has(entry.account.login.toLowerCase())).slice(0, count);
    for (const entry of chosen) picked.add(entry.account.login.toLowerCase());
    return chosen;
  };
  const nth = (candidates: readonly ReconciledAccount[], every: number) => candidates.filter((_, index) => index % every === every - 1);
  const orphans = pick(nth(people, 37), 2);
  const leavers = pick(nth(people, 41), 2);
  const contractorsWithoutMfa = pick(people.filter((entry) => entry.effectiveCovered.value === 'no'), 2);
  const contractors = [...contractorsWithoutMfa, ...pick(nth(people, 29), 1)];
  const withGap = (kind: string) => people.filter((entry) => entry.gaps.some((gap) => gap.kind === kind));
  const [documented, expired, incomplete] = pick(withGap('no-mfa'), 3);
  if (!documented || !expired || !incomplete || orphans.length < 2 || leavers.length < 2 || contractorsWithoutMfa.length < 2) {
    throw new Error('The demo tenant is too small to plant the reconcile problems; raise --users.');
  }

  const date = (offsetDays: number) => new Date(asOf.getTime() + offsetDays * dayMs).toISOString().slice(0, 10);
  const orphanLogins = new Set(orphans.map((entry) => entry.account.login.toLowerCase()));
  const rosterLogins = [...new Set(people.map((entry) => entry.account.login.toLowerCase()))].filter((login) => !orphanLogins.has(login));
  // Privileged people keep their accounts in the roster too (the break-glass and shared accounts do not).
  for (const entry of preview.accounts) {
    if (entry.account.privileged && entry.accountClass.value === 'human' && entry.account.login.includes('@')) rosterLogins.push(entry.account.login.toLowerCase());
  }
  const leaverLogins = new Set(leavers.map((entry) => entry.account.login.toLowerCase()));
  const contractorLogins = new Set(contractors.map((entry) => entry.account.login.toLowerCase()));
  const newJoiners = ['noor.newhire', 'oskar.starter', 'priya.onboarding'].map((local) => `${local}@${demoDomain}`);
  const logins = [...new Set(rosterLogins)].sort();
  const rows = [...logins, ...newJoiners].map((login, index) => {
    const leaver = leaverLogins.has(login);
    const joiner = newJoiners.includes(login);
    return [
      rosterEmployeeId(index),
      login,
      nameOf(login),
      leaver ? 'terminated' : 'active',
      joiner ? date(7) : date(-400 - index),
      leaver ? date(-45) : '',
      contractorLogins.has(login) ? 'contractor' : 'employee',
      departments[index % departments.length] ?? 'IT',
      index === 0 ? '' : rosterEmployeeId(0),
    ];
  });
  const csv = formatCsv(['employee_id', 'email', 'name', 'status', 'start_date', 'termination_date', 'employment_type', 'department', 'manager'], rows);
  await writeFile(path.join(tenantDirectory, demoRosterFile), csv);

  const entry = (id: string, subject: ReconciledAccount, extra: Record<string, unknown>) => ({
    id,
    account: subject.account.login,
    sourceId: subject.sourceId,
    gap: 'no-mfa',
    reason: 'Works from a site without mobile coverage; a hardware key is on order.',
    ...extra,
  });
  const complete = { riskOwner: 'Dana Riskowner (CISO)', compensatingControls: ['Sign-in restricted to the office network', 'Weekly review of sign-in logs'], approvedBy: 'Security board', approvedAt: date(-30) };
  const register = {
    exceptions: [
      entry('EX-001', documented, { ...complete, expires: date(90), ticket: 'https://tickets.contoso-demo.example/SEC-101' }),
      entry('EX-002', expired, { ...complete, expires: date(-20), ticket: 'https://tickets.contoso-demo.example/SEC-102' }),
      entry('EX-003', incomplete, { compensatingControls: ['Weekly review of sign-in logs'], expires: date(60) }),
      { id: 'EX-004', account: `old.migration@${demoDomain}`, gap: 'no-mfa', reason: 'Mailbox migration account.', ...complete, expires: date(30) },
      ...demoBreakGlassAccounts
        .filter((account) => account.login !== undocumentedBreakGlassLogin)
        .map((account, index) => ({
          id: `EX-${String(5 + index).padStart(3, '0')}`,
          account: account.login,
          sourceId: account.sourceId,
          gap: 'break-glass',
          reason: 'Emergency access when the identity provider or its MFA is unavailable.',
          riskOwner: 'Dana Riskowner (CISO)',
          compensatingControls: ['Every sign-in raises a SIEM alert to the on-call engineer', 'Credentials sealed in the safe, two-person rule'],
          approvedBy: 'Security board',
          approvedAt: date(-60),
          expires: date(120),
        })),
    ],
  };
  await writeFile(path.join(tenantDirectory, demoExceptionsFile), `# The demo's exception register (generated).\n${stringify(register)}`);

  const problem = (id: string, description: string, subject: ReconciledAccount, field: string, value: string, ruleId?: string): SourcePlantedProblem => ({
    sourceId: subject.sourceId,
    id,
    description,
    accounts: [subject.account.login],
    expectation: { field, value, ...(ruleId ? { ruleId } : {}) },
  });
  const breakGlass = preview.accounts.filter((candidate) => candidate.accountClass.value === 'break-glass');
  const shared = preview.accounts.find((candidate) => candidate.accountClass.value === 'shared' && candidate.account.enabled && candidate.account.kind === 'human');
  return {
    plantedProblems: [
      ...leavers.map((subject) => problem('reconcile-leaver-active', 'A leaver of the roster still has an enabled account.', subject, 'finding', 'account', 'leaver-active-account')),
      ...orphans.map((subject) => problem('reconcile-orphan-account', 'An enabled account whose owner is not in the roster.', subject, 'finding', 'account', 'orphan-account')),
      ...contractorsWithoutMfa.map((subject) => problem('reconcile-contractor-without-mfa', 'A contractor of the roster can sign in without MFA.', subject, 'finding', 'account', 'third-party-without-mfa')),
      ...contractors.map((subject) => problem('reconcile-contractor-class', 'A contractor of the roster is classed as third-party access.', subject, 'class', 'contractor')),
      problem('reconcile-documented-exemption', 'A no-MFA gap documented by a complete, valid register entry (EX-001).', documented, 'gap:no-mfa', 'documented'),
      problem('reconcile-expired-exemption', 'A no-MFA gap whose register entry expired (EX-002).', expired, 'gap:no-mfa', 'expired', 'exception-expired'),
      problem('reconcile-incomplete-exemption', 'A no-MFA gap whose register entry has no risk owner (EX-003).', incomplete, 'gap:no-mfa', 'incomplete', 'exception-incomplete'),
      {
        sourceId: 'reconcile',
        id: 'reconcile-stale-exception',
        description: 'A register entry (EX-004) for an account that no longer exists.',
        accounts: [],
        expectation: { field: 'exception:EX-004', value: 'stale', ruleId: 'exception-stale' },
      },
      {
        sourceId: 'reconcile',
        id: 'reconcile-people-without-accounts',
        description: 'New joiners of the roster with no account yet.',
        accounts: newJoiners,
        expectation: { field: 'person', value: 'n/a' },
      },
      ...breakGlass.map((subject) =>
        subject.account.login === undocumentedBreakGlassLogin
          ? problem('reconcile-break-glass-undocumented', 'A declared break-glass account with no register entry.', subject, 'gap:break-glass', 'quiet', 'break-glass-without-exception')
          : problem('reconcile-break-glass-documented', 'A declared break-glass account, documented with monitoring among its controls.', subject, 'gap:break-glass', 'documented'),
      ),
      ...(shared ? [problem('reconcile-shared-account', 'A generic account nobody in the roster owns, with no justification.', shared, 'class', 'shared', 'shared-account-without-justification')] : []),
    ],
  };
}

async function tenantAccounts(tenantDirectory: string, asOf: Date): Promise<SourcedAccount[]> {
  const tenant = await openSnapshot(tenantDirectory);
  const accounts: SourcedAccount[] = [];
  for (const source of tenant.sources) {
    const analysis = await connectorFor(source.meta.connector).analyse(source, { asOf, settings: defaultAnalysisSettings });
    accounts.push(...analysis.accounts.map((account) => ({ sourceId: source.meta.sourceId, account })));
  }
  return accounts;
}

function nameOf(login: string): string {
  return (login.split('@')[0] ?? login)
    .split(/[._-]/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}

/**
 * The roster's own HR ids: `H` and six digits, a namespace apart from the people's `E`/`C` ids on the accounts, so
 * no roster row can share an id with another person's account however large the demo (E10001 was both above 10,000).
 */
export function rosterEmployeeId(index: number): string {
  return `H${String(index + 1).padStart(6, '0')}`;
}
