/**
 * Checks a report against the problems planted in the demo tenant: each must be found, by account. The demo
 * prints the outcome, and the end-to-end test fails on any miss, so a regression in any connector's analysis
 * shows up as "planted problem X not found" rather than as a changed percentage.
 */
import type { Finding } from '../../model/finding.js';
import type { ReportAccount } from '../../reports/report-model.js';
import type { SourcePlantedProblem } from './planted-problem.js';

export interface PlantedProblemOutcome {
  problem: SourcePlantedProblem;
  /** Empty when the problem was found as expected. */
  failures: string[];
}

export function checkPlantedProblems(
  problems: readonly SourcePlantedProblem[],
  report: { accounts: readonly ReportAccount[]; findings: readonly Finding[]; sources: ReadonlyArray<{ sourceId: string; tenant: string }> },
): PlantedProblemOutcome[] {
  return problems.map((problem) => ({ problem, failures: failuresOf(problem, report) }));
}

function failuresOf(
  problem: SourcePlantedProblem,
  report: { accounts: readonly ReportAccount[]; findings: readonly Finding[]; sources: ReadonlyArray<{ sourceId: string; tenant: string }> },
): string[] {
  const failures: string[] = [];
  const accounts = report.accounts.filter((account) => account.sourceId === problem.sourceId);
  const tenant = report.sources.find((source) => source.sourceId === problem.sourceId)?.tenant;
  const findings = report.findings.filter((finding) => finding.subject.tenant === tenant);
  const { field, value, ruleId } = problem.expectation;
  if (field === 'finding') {
    if (problem.accounts.length === 0 && !findings.some((finding) => finding.ruleId === ruleId && finding.subject.type === value)) {
      failures.push(`no ${ruleId} finding on a ${value}`);
    }
    for (const login of problem.accounts) {
      const found = findings.some((finding) => finding.ruleId === ruleId && finding.subject.type === 'account' && sameLogin(finding.subject.name, login));
      if (!found) failures.push(`${login}: no ${ruleId} finding`);
    }
    return failures;
  }
  for (const login of problem.accounts) {
    const account = accounts.find((candidate) => sameLogin(candidate.login, login));
    if (!account) {
      failures.push(`${login}: not in the report`);
      continue;
    }
    const actual = (account as unknown as Record<string, unknown>)[field];
    const shown = actual !== null && typeof actual === 'object' && 'value' in actual ? (actual as { value: unknown }).value : actual;
    if (shown !== value) failures.push(`${login}: ${field} is ${String(shown)}, expected ${value}`);
  }
  if (ruleId !== undefined && !findings.some((finding) => finding.ruleId === ruleId)) failures.push(`no ${ruleId} finding`);
  return failures;
}

function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
