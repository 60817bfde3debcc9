/**
 * Every finding rule's metadata by id, so the report can say what a finding means, what to do about it and which
 * provision it answers to. Read from the one explicit list of rule sets that docs/findings.md is generated from.
 */
import type { Finding } from '../model/finding.js';
import { findingRuleSets } from '../reconcile/finding-rule-sets.js';
import type { ReportFindingRule } from './report-model.js';
import { compareText } from './report-order.js';

const catalogue: ReadonlyMap<string, ReportFindingRule> = new Map(
  findingRuleSets.flatMap((set) => set.rules).map((rule) => [
    rule.id,
    { id: rule.id, title: rule.title, severity: rule.severity, rationale: rule.rationale, remediation: rule.remediation, references: [...rule.references] },
  ]),
);

export function findingRule(ruleId: string): ReportFindingRule | undefined {
  return catalogue.get(ruleId);
}

/** The catalogue entries behind a list of findings, sorted by id; a rule id the catalogue lacks is left out. */
export function findingRulesOf(findings: readonly Finding[]): ReportFindingRule[] {
  const ids = [...new Set(findings.map((finding) => finding.ruleId))].sort(compareText);
  return ids.flatMap((id) => {
    const rule = catalogue.get(id);
    return rule ? [{ ...rule, references: [...rule.references] }] : [];
  });
}
