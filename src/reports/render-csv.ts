/**
 * The CSV exports, for the people who filter in a spreadsheet: report.csv (one row per account),
 * report.people.csv, report.findings.csv and report.exceptions.csv. Each is a fixed list of columns over one
 * report collection, in report order; lists inside a cell (roles, factor types, reasons) are joined with "; "
 * and an absent value is an empty cell. Column meanings follow report.json (docs/report.schema.json); every
 * cell goes through csv-format.ts, which neutralises spreadsheet formulas.
 */
import type { Finding } from '../model/finding.js';
import { formatCsvChunks } from './csv-format.js';
import type { Report, ReportAccount, ReportException, ReportFindingRule, ReportPerson } from './report-model.js';

const listSeparator = '; ';

type Column<Row> = readonly [header: string, cell: (row: Row) => string];

const optional = (value: string | number | null): string => (value === null ? '' : String(value));

const accountColumns: ReadonlyArray<Column<ReportAccount>> = [
  ['idp', (account) => account.idp],
  ['sourceId', (account) => account.sourceId],
  ['tenant', (account) => account.tenant],
  ['id', (account) => account.id],
  ['login', (account) => account.login],
  ['displayName', (account) => account.displayName],
  ['enabled', (account) => String(account.enabled)],
  ['kind', (account) => account.kind],
  ['privileged', (account) => String(account.privileged)],
  ['roles', (account) => account.roles.join(listSeparator)],
  ['factorTypes', (account) => [...new Set(account.factors.map((factor) => factor.type))].join(listSeparator)],
  ['phishingResistant', (account) => String(account.factors.some((factor) => factor.phishingResistant))],
  ['mfaRegistered', (account) => account.mfaRegistered.value],
  ['mfaEnforced', (account) => account.mfaEnforced.value],
  ['legacyAuth', (account) => account.legacyAuth.value],
  ['covered', (account) => account.covered],
  ['effectiveCovered', (account) => account.effectiveCovered.value],
  ['class', (account) => account.class],
  ['tier', (account) => String(account.tier)],
  ['methodPolicy', (account) => account.methodPolicy.value],
  ['reasons', (account) => account.effectiveCovered.reasons.join(listSeparator)],
];

const personColumns: ReadonlyArray<Column<ReportPerson>> = [
  ['id', (person) => person.id],
  ['employeeId', (person) => optional(person.employeeId)],
  ['email', (person) => optional(person.email)],
  ['name', (person) => person.name],
  ['status', (person) => person.status],
  ['leaver', (person) => String(person.leaver)],
  ['employmentType', (person) => person.employmentType],
  ['department', (person) => optional(person.department)],
  ['manager', (person) => optional(person.manager)],
  ['startDate', (person) => optional(person.startDate)],
  ['terminationDate', (person) => optional(person.terminationDate)],
  ['tier', (person) => optional(person.tier)],
  ['covered', (person) => person.covered],
  ['accounts', (person) => person.accounts.map((account) => `${account.sourceId}:${account.login}`).join(listSeparator)],
  ['reasons', (person) => person.reasons.join(listSeparator)],
];

/** A finding with its rule's catalogue entry (report.findingRules), absent for a rule the catalogue lacks. */
interface FindingRow {
  finding: Finding;
  rule: ReportFindingRule | undefined;
}

const findingColumns: ReadonlyArray<Column<FindingRow>> = [
  ['severity', ({ finding }) => finding.severity],
  ['ruleId', ({ finding }) => finding.ruleId],
  ['title', ({ rule }) => rule?.title ?? ''],
  ['subjectType', ({ finding }) => finding.subject.type],
  ['subjectIdp', ({ finding }) => finding.subject.idp],
  ['subjectTenant', ({ finding }) => finding.subject.tenant],
  ['subjectId', ({ finding }) => finding.subject.id],
  ['subjectName', ({ finding }) => finding.subject.name],
  ['message', ({ finding }) => finding.message],
  ['remediation', ({ rule }) => rule?.remediation ?? ''],
  ['references', ({ rule }) => (rule?.references ?? []).join(listSeparator)],
];

const exceptionColumns: ReadonlyArray<Column<ReportException>> = [
  ['id', (entry) => entry.id],
  ['state', (entry) => entry.state],
  ['gap', (entry) => entry.gap],
  ['account', (entry) => optional(entry.account)],
  ['sourceId', (entry) => optional(entry.sourceId)],
  ['person', (entry) => optional(entry.person)],
  ['policy', (entry) => optional(entry.policy)],
  ['reason', (entry) => entry.reason],
  ['riskOwner', (entry) => optional(entry.riskOwner)],
  ['compensatingControls', (entry) => entry.compensatingControls.join(listSeparator)],
  ['approvedBy', (entry) => optional(entry.approvedBy)],
  ['approvedAt', (entry) => optional(entry.approvedAt)],
  ['expires', (entry) => optional(entry.expires)],
  ['ticket', (entry) => optional(entry.ticket)],
  ['matchedGaps', (entry) => String(entry.gaps)],
  ['origin', (entry) => entry.origin],
  ['reasons', (entry) => entry.reasons.join(listSeparator)],
];

function* rowChunks<Row>(columns: ReadonlyArray<Column<Row>>, rows: Iterable<Row>): Generator<string> {
  yield* formatCsvChunks(
    columns.map(([header]) => header),
    (function* () {
      for (const row of rows) yield columns.map(([, cell]) => cell(row));
    })(),
  );
}

function* findingRows(report: Report): Generator<FindingRow> {
  const rules = new Map(report.findingRules.map((rule) => [rule.id, rule]));
  for (const finding of report.findings) yield { finding, rule: rules.get(finding.ruleId) };
}

const joined = (chunks: Iterable<string>): string => {
  let text = '';
  for (const chunk of chunks) text += chunk;
  return text;
};

export const accountCsvHeader: readonly string[] = accountColumns.map(([header]) => header);
export const personCsvHeader: readonly string[] = personColumns.map(([header]) => header);
export const findingCsvHeader: readonly string[] = findingColumns.map(([header]) => header);
export const exceptionCsvHeader: readonly string[] = exceptionColumns.map(([header]) => header);

/** report.csv, one chunk per record: one row per account. */
export function accountsCsvChunks(report: Report): Generator<string> {
  return rowChunks(accountColumns, report.accounts);
}

/** report.people.csv, one chunk per record: one row per person of the directory (header only without a directory). */
export function peopleCsvChunks(report: Report): Generator<string> {
  return rowChunks(personColumns, report.people);
}

/** report.findings.csv, one chunk per record: one row per finding, most severe first, with its rule's title, remediation and references. */
export function findingsCsvChunks(report: Report): Generator<string> {
  return rowChunks(findingColumns, findingRows(report));
}

/** report.exceptions.csv, one chunk per record: the exception register as applied (header only without a register). */
export function exceptionsCsvChunks(report: Report): Generator<string> {
  return rowChunks(exceptionColumns, report.exceptions);
}

/** report.csv as one string. */
export function renderAccountsCsv(report: Report): string {
  return joined(accountsCsvChunks(report));
}

/** report.people.csv as one string. */
export function renderPeopleCsv(report: Report): string {
  return joined(peopleCsvChunks(report));
}

/** report.findings.csv as one string. */
export function renderFindingsCsv(report: Report): string {
  return joined(findingsCsvChunks(report));
}

/** report.exceptions.csv as one string. */
export function renderExceptionsCsv(report: Report): string {
  return joined(exceptionsCsvChunks(report));
}
