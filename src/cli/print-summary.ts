/** The few lines a person reads after a scan: coverage, what is not covered, where the files are. */
import type { Report } from '../reports/report-model.js';

export function formatSummary(report: Report, files: string[]): string {
  const { summary } = report;
  const percent = summary.coveragePercent === null ? 'n/a' : `${summary.coveragePercent}%`;
  const lines = [
    `MFA coverage for ${report.organisation.name}: ${percent} of ${summary.covered + summary.notCovered + summary.unknown} in-scope accounts`,
    `  covered ${summary.covered}, not covered ${summary.notCovered}, unknown ${summary.unknown}, not applicable ${summary.notApplicable}`,
  ];
  for (const source of report.sources) {
    const missing = source.errors.length > 0 ? ` (${source.errors.length} error${source.errors.length === 1 ? '' : 's'})` : '';
    lines.push(`  source ${source.sourceId} [${source.connector}] ${source.status}${missing}`);
  }
  const notCovered = report.accounts.filter((account) => account.effectiveCovered.value === 'no');
  for (const account of notCovered.slice(0, 10)) {
    lines.push(`  not covered: ${account.login} [${account.idp}] ${account.effectiveCovered.reasons[0] ?? ''}`);
  }
  if (notCovered.length > 10) lines.push(`  … and ${notCovered.length - 10} more in the report`);
  lines.push(...files.map((file) => `  wrote ${file}`));
  return lines.join('\n');
}
