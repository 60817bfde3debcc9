/**
 * Analyses one raw Okta source: read and index the org, assess every user through both policy layers, run the
 * finding rules, summarise the policies. Pure apart from reading the snapshot; judged as of `context.asOf`.
 */
import type { AnalyseContext, SourceAnalysis } from '../connector.js';
import type { RawSource } from '../../snapshot/snapshot-reader.js';
import { loadOktaOrg } from './load-okta-org.js';
import { assessOktaAccount, type AssessmentScope } from './assess-okta-account.js';
import { signInLocations } from './sign-in-paths.js';
import { policySummaries } from './policy-summaries.js';
import { oktaFindingRules } from './okta-finding-rules.js';
import type { GroupDirectory } from './policy-conditions.js';
import { unreadableAccount } from '../../model/unreadable-account.js';

export async function analyseOkta(source: RawSource, context: AnalyseContext): Promise<SourceAnalysis> {
  const org = await loadOktaOrg(source);
  const groups: GroupDirectory = { groups: org.groups, unreadable: org.groupsUnreadable };
  const scope: AssessmentScope = {
    org,
    settings: context.settings,
    locations: signInLocations(org),
    groups,
    servicePatterns: context.settings.serviceAccountPatterns.map((pattern) => new RegExp(pattern, 'i')),
  };
  const assessments = org.users.map((user) => assessOktaAccount(user, scope));
  const findings = oktaFindingRules
    .flatMap((rule) => rule.evaluate({ org, assessments }))
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.subject.id.localeCompare(b.subject.id) || a.message.localeCompare(b.message));
  const unreadable = (org.unreadableUsers ?? []).map((user) => unreadableAccount({ idp: 'okta', tenant: org.tenant, id: user.id, login: user.login, problem: user.problem }));
  return {
    accounts: [...assessments.map((assessment) => assessment.account), ...unreadable],
    findings,
    policies: policySummaries(org, groups),
    problems: org.problems ?? [],
  };
}
