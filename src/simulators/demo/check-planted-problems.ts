/**
 * Checks a report against the problems planted in the demo tenant: each must be found, by account. The demo
 * prints the outcome, and the end-to-end test fails on any miss, so a regression in any connector's analysis
 * shows up as "planted problem X not found" rather than as a changed percentage.
 */
import type { Finding } from '../../model/finding.js';
import type { ReportAccount, ReportException, ReportPerson } from '../../reports/report-model.js';
import type { SourcePlantedProblem } from './planted-problem.js';

export interface PlantedProblemOutcome {
  problem: SourcePlantedProblem;
  /** Empty when the problem was found as expected. */
  failures: string[];
}

export function checkPlantedProblems(
  problems: readonly SourcePlantedProblem[],
  report: CheckedReport,
): PlantedProblemOutcome[] {
  return problems.map((problem) => ({ problem, failures: failuresOf(problem, report) }));
}

interface CheckedReport {
  accounts: readonly ReportAccount[];
  findings: readonly Finding[];
  sources: ReadonlyArray<{ sourceId: string; tenant: string }>;
  people?: readonly ReportPerson[];
  exceptions?: readonly ReportException[];
}

function failuresOf(problem: SourcePlantedProblem, report: CheckedReport): string[] {
  const failures: string[] = [];
  const reconcileFailures = reconcileExpectationFailures(problem, report);
  if (reconcileFailures) return reconcileFailures;
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

/** Expectations about people, gaps and register entries; undefined for the account-field kinds above. */
function reconcileExpectationFailures(problem: SourcePlantedProblem, report: CheckedReport): string[] | undefined {
  const { field, value, ruleId } = problem.expectation;
  const failures: string[] = [];
  if (field.startsWith('exception:')) {
    const id = field.slice('exception:'.length);
    const entry = report.exceptions?.find((candidate) => candidate.id === id);
    if (!entry) failures.push(`exception ${id}: not in the report`);
    else if (entry.state !== value) failures.push(`exception ${id}: state is ${entry.state}, expected ${value}`);
    if (ruleId !== undefined && !report.findings.some((finding) => finding.ruleId === ruleId && finding.subject.type === 'exception' && finding.subject.id === id)) {
      failures.push(`exception ${id}: no ${ruleId} finding`);
    }
    return failures;
  }
  if (field === 'person') {
    for (const email of problem.accounts) {
      const person = report.people?.find((candidate) => candidate.email !== null && sameLogin(candidate.email, email));
      if (!person) failures.push(`${email}: no such person in the report`);
      else if (person.covered !== value) failures.push(`${email}: person coverage is ${person.covered}, expected ${value}`);
    }
    return failures;
  }
  if (field.startsWith('gap:')) {
    const kind = field.slice('gap:'.length);
    for (const login of problem.accounts) {
      const account = report.accounts.find((candidate) => candidate.sourceId === problem.sourceId && sameLogin(candidate.login, login));
      const gap = account?.gaps.find((candidate) => candidate.kind === kind);
      if (!account) failures.push(`${login}: not in the report`);
      else if (!gap) failures.push(`${login}: no ${kind} gap`);
      else if (gap.state !== value) failures.push(`${login}: ${kind} gap is ${gap.state}, expected ${value}`);
    }
    if (ruleId !== undefined && !report.findings.some((finding) => finding.ruleId === ruleId)) failures.push(`no ${ruleId} finding`);
    return failures;
  }
  return undefined;
}

function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
