/**
 * Root users that signed in (password) or whose access keys were used recently, by the credential report. Root left
 * unused is the recommended practice, so recent use is the finding, never the absence of it.
 */
import type { Finding, FindingRule } from '../../../model/finding.js';
import { accountSubject, daysBefore, finding, rootReferences, type AwsRuleInput } from './aws-rule-input.js';

/** Days back that count as recent use of the root user. */
export const recentRootUseDays = 30;

export const awsRootRecentlyUsed: FindingRule<AwsRuleInput> = {
  id: 'aws-root-recently-used',
  title: 'The root user was used recently',
  severity: 'medium',
  rationale:
    'The root user can do anything in the account, including closing it, and no IAM policy limits it; CIS asks that it be kept for the few tasks only root can perform. Use within the last 30 days means it is part of someone\'s routine, and its credentials are handled often enough to leak.',
  remediation:
    'Find out who used root and why (CloudTrail, userIdentity.type Root); give that task to an IAM role or an IAM Identity Center permission set, and keep the root credentials locked away for the tasks only root can perform.',
  references: [...rootReferences, 'CIS AWS Foundations 1.7'],
  evaluate({ tenant, root, asOf }) {
    const uses: string[] = [];
    const { passwordLastUsed, keys } = root.facts;
    const recent = (iso: string | undefined): iso is string => iso !== undefined && !Number.isNaN(Date.parse(iso)) && daysBefore(asOf, iso) <= recentRootUseDays;
    if (recent(passwordLastUsed)) uses.push(`signed in with its password on ${passwordLastUsed.slice(0, 10)}`);
    for (const key of keys) if (recent(key.lastUsed)) uses.push(`access key ${key.slot} was used on ${key.lastUsed.slice(0, 10)}`);
    if (uses.length === 0) return [];
    const findings: Finding[] = [
      finding(this.id, this.severity, accountSubject(tenant, root.account), `The root user of account ${tenant} ${uses.join(' and ')}, within ${recentRootUseDays} days of the snapshot.`),
    ];
    return findings;
  },
};
