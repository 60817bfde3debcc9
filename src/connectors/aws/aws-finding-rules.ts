/** The explicit list of AWS finding rules (one per file in rules/, id = file name). */
import type { FindingRule } from '../../model/finding.js';
import type { AwsRuleInput } from './rules/aws-rule-input.js';
import { awsRootWithoutMfa } from './rules/aws-root-without-mfa.js';
import { awsRootAccessKeys } from './rules/aws-root-access-keys.js';
import { awsRootVirtualMfa } from './rules/aws-root-virtual-mfa.js';
import { awsRootRecentlyUsed } from './rules/aws-root-recently-used.js';
import { awsConsoleUserWithoutMfa } from './rules/aws-console-user-without-mfa.js';
import { awsAdminVirtualMfaOnly } from './rules/aws-admin-virtual-mfa-only.js';
import { awsAccessKeyUnused } from './rules/aws-access-key-unused.js';
import { awsAccessKeyNotRotated } from './rules/aws-access-key-not-rotated.js';
import { awsMfaDenyMissesAccessKeys } from './rules/aws-mfa-deny-misses-access-keys.js';

export const awsFindingRules: readonly FindingRule<AwsRuleInput>[] = [
  awsRootWithoutMfa,
  awsRootAccessKeys,
  awsRootVirtualMfa,
  awsRootRecentlyUsed,
  awsConsoleUserWithoutMfa,
  awsAdminVirtualMfaOnly,
  awsMfaDenyMissesAccessKeys,
  awsAccessKeyUnused,
  awsAccessKeyNotRotated,
];
