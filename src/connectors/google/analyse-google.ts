/**
 * Analyses one raw Google source: load the domain, resolve each user's settings and sign-in route, assess every
 * user, run the finding rules, summarise the policies. Pure apart from reading the snapshot; judged as of `asOf`.
 */
import type { AnalyseContext, SourceAnalysis } from '../connector.js';
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import { loadGoogleDomain } from './load-google-domain.js';
import type { GoogleDomain, Readable } from './google-domain.js';
import { PolicyIndex } from './resolve-setting.js';
import { policyLabels } from './policy-target.js';
import { assessGoogleAccount, type GoogleAccountAssessment } from './assess-google-account.js';
import { googleFindingRules } from './google-finding-rules.js';
import { googlePolicySummaries } from './google-policy-summaries.js';
import { unreadableAccount } from '../../model/unreadable-account.js';

export async function analyseGoogle(source: RawSource, context: AnalyseContext): Promise<SourceAnalysis> {
  return analyseGoogleDomain(await loadGoogleDomain(source), context);
}

export function analyseGoogleDomain(domain: GoogleDomain, context: AnalyseContext): SourceAnalysis & { assessments: GoogleAccountAssessment[] } {
  const index: Readable<PolicyIndex> = domain.policies.readable ? { readable: true, value: new PolicyIndex(domain.policies.value) } : domain.policies;
  const labels = policyLabels(domain);
  const servicePatterns = context.settings.serviceAccountPatterns.map((pattern) => new RegExp(pattern, 'i'));
  const assessments = domain.users.map((user) => assessGoogleAccount(user, { domain, index, labels, asOf: context.asOf, servicePatterns }));
  const input = { domain, assessments, labels, asOf: context.asOf };
  const findings = googleFindingRules
    .flatMap((rule) => rule.evaluate(input))
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.subject.id.localeCompare(b.subject.id) || a.message.localeCompare(b.message));
  const unreadable = (domain.unreadableUsers ?? []).map((user) => unreadableAccount({ idp: 'google', tenant: domain.tenant, id: user.id, login: user.login, problem: user.problem }));
  return {
    accounts: [...assessments.map((assessment) => assessment.account), ...unreadable],
    findings,
    policies: googlePolicySummaries(domain, index.readable ? index.value : undefined, labels, context.asOf),
    problems: domain.problems ?? [],
    assessments,
  };
}
