/** What every Google finding rule evaluates, and the subjects and groupings the rules share. */
import type { Finding, FindingSubject, Severity } from '../../../model/finding.js';
import type { GoogleAccountAssessment, ResolvedUserSettings } from '../assess-google-account.js';
import type { GoogleDomain } from '../google-domain.js';
import type { PolicyLabels, ResolvedSetting, SettingOrigin } from '../resolve-setting.js';

export interface GoogleRuleInput {
  domain: GoogleDomain;
  assessments: readonly GoogleAccountAssessment[];
  labels: PolicyLabels;
  asOf: Date;
}

export const mfaReferences = ['NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.7.1'];
export const strengthReferences = ['NIS2 Art.21(2)(j)', 'CIR 2024/2690 11.7.2'];

export function finding(ruleId: string, severity: Severity, subject: FindingSubject, message: string): Finding {
  return { ruleId, severity, subject, message };
}

export function accountSubject(domain: GoogleDomain, assessment: GoogleAccountAssessment): FindingSubject {
  return { type: 'account', idp: 'google', tenant: domain.tenant, id: assessment.account.id, name: assessment.account.login };
}

export function tenantSubject(domain: GoogleDomain): FindingSubject {
  return { type: 'tenant', idp: 'google', tenant: domain.tenant, id: domain.tenant, name: domain.tenant };
}

/** The org unit or group whose policy set a value, or the whole tenant for Google's default. */
export function originSubject(input: GoogleRuleInput, origin: SettingOrigin): FindingSubject {
  const { domain, labels } = input;
  switch (origin.kind) {
    case 'group':
      return { type: 'group', idp: 'google', tenant: domain.tenant, id: `groups/${origin.groupId}`, name: labels.group(origin.groupId) };
    case 'orgUnit':
      return { type: 'group', idp: 'google', tenant: domain.tenant, id: `orgUnits/${origin.orgUnitId}`, name: `OU ${labels.orgUnit(origin.orgUnitId)}` };
    case 'default':
      return tenantSubject(domain);
  }
}

/** Enabled accounts whose sign-in Google's own settings govern: super admins, and users not delegated to an IdP. */
export function signsInAtGoogle(assessment: GoogleAccountAssessment): boolean {
  if (!assessment.account.enabled) return false;
  if (assessment.superAdmin) return true;
  return assessment.route.state === 'known' && (assessment.route.route.kind === 'google' || (assessment.route.route.kind === 'idp' && assessment.route.route.googleSignInToo));
}

export interface OriginGroup<V> {
  origin: SettingOrigin;
  description: string;
  value: V;
  accounts: GoogleAccountAssessment[];
}

/**
 * Groups accounts by the policy (or default) that gave them a setting value the rule objects to, so one finding
 * names the org unit or group to fix and every account it reaches.
 */
export function groupByOrigin<K extends keyof ResolvedUserSettings>(
  assessments: readonly GoogleAccountAssessment[],
  key: K,
  objectionable: (value: ResolvedUserSettings[K] extends ResolvedSetting<infer V> ? V : never, assessment: GoogleAccountAssessment) => boolean,
): OriginGroup<ResolvedUserSettings[K] extends ResolvedSetting<infer V> ? V : never>[] {
  type V = ResolvedUserSettings[K] extends ResolvedSetting<infer X> ? X : never;
  const groups = new Map<string, OriginGroup<V>>();
  for (const assessment of assessments) {
    const setting = assessment.settings[key] as ResolvedSetting<V>;
    if (setting.state !== 'known' || !objectionable(setting.value, assessment)) continue;
    const id = originKey(setting.origin);
    const group = groups.get(id) ?? { origin: setting.origin, description: stripInherited(setting.description), value: setting.value, accounts: [] };
    group.accounts.push(assessment);
    groups.set(id, group);
  }
  return [...groups.values()].sort((a, b) => originKey(a.origin).localeCompare(originKey(b.origin)));
}

function originKey(origin: SettingOrigin): string {
  switch (origin.kind) {
    case 'group':
      return `group ${origin.groupId} ${origin.policy}`;
    case 'orgUnit':
      return `orgUnit ${origin.orgUnitId} ${origin.policy}`;
    case 'default':
      return 'default';
  }
}

function stripInherited(description: string): string {
  return description.replace(/ \(inherited\)$/, '');
}

/** `a@x, b@x, c@x and 12 more`. */
export function listLogins(assessments: readonly GoogleAccountAssessment[], limit = 5): string {
  const logins = assessments.map((assessment) => assessment.account.login).sort();
  const shown = logins.slice(0, limit).join(', ');
  return logins.length > limit ? `${shown} and ${logins.length - limit} more` : shown;
}
