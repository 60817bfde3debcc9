/**
 * report.csv: one row per account, for the people who filter in a spreadsheet. Lists inside a cell (roles,
 * factor types, reasons) are joined with "; ". Column meanings follow report.json (docs/report.schema.json).
 */
import { formatCsv } from './csv-format.js';
import type { Report, ReportAccount } from './report-model.js';

const listSeparator = '; ';

const columns: ReadonlyArray<readonly [header: string, cell: (account: ReportAccount) => string]> = [
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
  ['reasons', (account) => account.reasons.join(listSeparator)],
];

export const accountCsvHeader: readonly string[] = columns.map(([header]) => header);

export function renderAccountsCsv(report: Report): string {
  return formatCsv(
    accountCsvHeader,
    report.accounts.map((account) => columns.map(([, cell]) => cell(account))),
  );
}
