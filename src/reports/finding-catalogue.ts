/**
 * Every finding rule's metadata by id, so the report can say what a finding means, what to do about it and which
 * provision it answers to. The rules stay where they run (one list per connector and one for reconcile); this
 * only reads those explicit lists, it never discovers rules.
 */
import { awsFindingRules } from '../connectors/aws/aws-finding-rules.js';
import { entraFindingRules } from '../connectors/entra/entra-finding-rules.js';
import { googleFindingRules } from '../connectors/google/google-finding-rules.js';
import { oktaFindingRules } from '../connectors/okta/okta-finding-rules.js';
import type { Finding } from '../model/finding.js';
import { reconcileFindingRules } from '../reconcile/reconcile-finding-rules.js';
import type { ReportFindingRule } from './report-model.js';
import { compareText } from './report-order.js';

const catalogue: ReadonlyMap<string, ReportFindingRule> = new Map(
  [...entraFindingRules, ...oktaFindingRules, ...googleFindingRules, ...awsFindingRules, ...reconcileFindingRules].map((rule) => [
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
