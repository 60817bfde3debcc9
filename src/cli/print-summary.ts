/**
 * The few lines a person reads after a scan: coverage, what is not covered, where the files are. Every string an
 * identity provider supplied goes through `forTerminalLine`, so a name cannot move the cursor or reverse the line.
 */
import type { Report } from '../reports/report-model.js';
import { forTerminalLine } from './terminal-text.js';

export function formatSummary(report: Report, files: string[]): string {
  const { summary } = report;
  const percent = summary.coveragePercent === null ? 'n/a' : `${summary.coveragePercent}%`;
  const lines = [
    `MFA coverage for ${forTerminalLine(report.organisation.name)}: ${percent} of ${summary.covered + summary.notCovered + summary.unknown} in-scope accounts`,
    `  covered ${summary.covered}, not covered ${summary.notCovered}, unknown ${summary.unknown}, not applicable ${summary.notApplicable}`,
  ];
  for (const source of report.sources) {
    const missing = source.errors.length > 0 ? ` (${source.errors.length} error${source.errors.length === 1 ? '' : 's'})` : '';
    lines.push(`  source ${forTerminalLine(source.sourceId)} [${source.connector}] ${source.status}${missing}`);
    if (source.status === 'failed') {
      for (const error of source.errors.slice(0, 3)) lines.push(`    ${forTerminalLine(`${error.endpoint}: ${error.message}`)}`);
    }
  }
  const notCovered = report.accounts.filter((account) => account.effectiveCovered.value === 'no');
  for (const account of notCovered.slice(0, 10)) {
    lines.push(`  not covered: ${forTerminalLine(account.login)} [${account.idp}] ${forTerminalLine(account.effectiveCovered.reasons[0] ?? '')}`);
  }
  if (notCovered.length > 10) lines.push(`  … and ${notCovered.length - 10} more in the report`);
  lines.push(...files.map((file) => `  wrote ${forTerminalLine(file)}`));
  return lines.join('\n');
}
