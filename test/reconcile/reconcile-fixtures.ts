/** Small builders for reconcile tests: accounts, people, register entries and a one-call reconcile. */
import { defaultAnalysisSettings } from '../../src/connectors/connector.js';
import type { FactorType } from '../../src/model/factor.js';
import type { Finding } from '../../src/model/finding.js';
import type { ExceptionEntry } from '../../src/reconcile/exception-register.js';
import type { Directory, Person } from '../../src/reconcile/person.js';
import { defaultReconcileConfig, type ReconcileConfig } from '../../src/reconcile/reconcile-config.js';
import { reconcile } from '../../src/reconcile/reconcile-accounts.js';
import type { Reconciliation } from '../../src/reconcile/reconciliation.js';
import type { SourcedAccount } from '../../src/reconcile/sourced-account.js';
import { account, type AccountSpec } from '../reports/report-fixtures.js';

export const asOf = new Date('2025-02-01T10:00:00.000Z');

export type SourcedSpec = Omit<AccountSpec, 'factors'> & {
  factors?: readonly FactorType[];
  sourceId?: string;
  employeeId?: string;
  aliases?: readonly string[];
  lastSignInAt?: string | null;
  createdAt?: string | null;
};

export function sourced(spec: SourcedSpec): SourcedAccount {
  const built = account({ ...spec, ...(spec.factors ? { factors: [...spec.factors] } : {}) } as AccountSpec);
  if (spec.employeeId !== undefined) built.employeeId = spec.employeeId;
  if (spec.aliases !== undefined) built.aliases = [...spec.aliases];
  if (spec.lastSignInAt !== undefined) built.lastSignInAt = spec.lastSignInAt;
  if (spec.createdAt !== undefined) built.createdAt = spec.createdAt;
  return { sourceId: spec.sourceId ?? 'entra-main', account: built };
}

export function person(id: string, overrides: Partial<Person> = {}): Person {
  return {
    id,
    employeeId: id,
    email: `${id.toLowerCase()}@contoso.example`,
    name: `Person ${id}`,
    status: 'active',
    startDate: '2020-01-01',
    terminationDate: null,
    employmentType: 'employee',
    department: 'IT',
    manager: null,
    aliases: [],
    origin: `roster.csv:${id}`,
    ...overrides,
  };
}

export function entry(id: string, overrides: Partial<ExceptionEntry> = {}): ExceptionEntry {
  return {
    id,
    gap: 'no-mfa',
    reason: 'Accepted for a migration.',
    riskOwner: 'Dana (CISO)',
    compensatingControls: ['Sign-ins reviewed weekly'],
    expires: '2025-06-30',
    origin: `exceptions.yaml ${id}`,
    ...overrides,
  };
}

export interface Scenario {
  accounts: SourcedAccount[];
  people?: Person[] | null;
  entries?: ExceptionEntry[] | null;
  findings?: Finding[];
  config?: Partial<ReconcileConfig>;
  directory?: Directory;
}

export function run(scenario: Scenario): Reconciliation {
  const directory: Directory | null = scenario.directory ?? (scenario.people ? { kind: 'roster', file: 'roster.csv', people: scenario.people } : null);
  return reconcile({
    asOf,
    settings: defaultAnalysisSettings,
    accounts: scenario.accounts,
    findings: scenario.findings ?? [],
    directory,
    register: scenario.entries ? { file: 'exceptions.yaml', entries: scenario.entries } : null,
    config: { ...defaultReconcileConfig, ...scenario.config },
  });
}

export function ruleFindings(result: Reconciliation, ruleId: string): string[] {
  return result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.subject.id);
}
