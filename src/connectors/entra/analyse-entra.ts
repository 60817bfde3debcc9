/**
 * Analyses one raw Entra source: read and index the tenant, assess every user against the conditional-access
 * policies, run the finding rules, summarise the policies. Pure apart from reading the snapshot; judged as of
 * `context.asOf`, so the same snapshot always gives the same accounts, findings and order.
 */
import type { AnalyseContext, SourceAnalysis } from '../connector.js';
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import { loadEntraTenant, compareText } from './load-entra-tenant.js';
import type { EntraTenant } from './entra-tenant.js';
import { assessEntraAccount, entraAssessmentScope, type EntraAccountAssessment } from './assess-entra-account.js';
import { entraFindingRules } from './entra-finding-rules.js';
import { entraPolicySummaries } from './entra-policy-summaries.js';
import { unreadableAccount } from '../../model/unreadable-account.js';

export async function analyseEntra(source: RawSource, context: AnalyseContext): Promise<SourceAnalysis> {
  const { assessments: _assessments, ...analysis } = analyseEntraTenant(await loadEntraTenant(source), context);
  return analysis;
}

export function analyseEntraTenant(tenant: EntraTenant, context: AnalyseContext): SourceAnalysis & { assessments: EntraAccountAssessment[] } {
  const scope = entraAssessmentScope(tenant, context.settings);
  const assessments = tenant.users.map((user) => assessEntraAccount(user, scope));
  const input = { tenant, conditionalAccess: scope.conditionalAccess, assessments, settings: context.settings, asOf: context.asOf };
  const findings = entraFindingRules
    .flatMap((rule) => rule.evaluate(input))
    .sort((a, b) => compareText(a.ruleId, b.ruleId) || compareText(a.subject.id, b.subject.id) || compareText(a.message, b.message));
  const unreadable = tenant.unreadableUsers.map((user) =>
    unreadableAccount({ idp: 'entra', tenant: tenant.tenant, id: user.id ?? user.name, login: user.login ?? user.id ?? user.name, problem: user.problem }),
  );
  return {
    accounts: [...assessments.map((assessment) => assessment.account), ...unreadable],
    findings,
    policies: entraPolicySummaries(tenant, scope.conditionalAccess),
    problems: tenant.problems,
    assessments,
  };
}
