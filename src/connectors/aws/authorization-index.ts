/**
 * Joins the pages of `GetAccountAuthorizationDetails` (users, groups, managed policies) into what each user's
 * effective policies say: administrator grants and MFA denies, from attached managed policies (default version only),
 * inline policies, and the same through every group the user is in. Holds only per-policy conclusions, not documents.
 */
import { parsePolicyDocument, type PolicyStatement } from './policy-document.js';
import { adminGrantOf, canonicalPolicyArn, mfaDenyOf, privilegedManagedPolicies, type MfaDenyEffect } from './policy-effects.js';
import type { AwsGroupDetail, AwsManagedPolicyDetail, AwsUserDetail } from './aws-payloads.js';

export interface PolicyConclusion {
  /** How the policy makes its holder an administrator, if it does. */
  admin: string | undefined;
  mfaDenies: MfaDenyEffect[];
  /** Why the document could not be read, if it could not. */
  unreadable: string | undefined;
}

export interface NamedMfaDeny extends MfaDenyEffect {
  /** Where the deny comes from: `inline policy "x"`, `managed policy "y" via group "z"`. */
  origin: string;
}

export interface UserAuthorization {
  /** One line per administrator grant, with where it comes from. */
  adminVia: string[];
  mfaDenies: NamedMfaDeny[];
  /** Policies reaching the user whose documents could not be read: conclusions about MFA denies are then uncertain. */
  unreadable: string[];
  groups: string[];
}

interface Attachments {
  inline: Array<{ name: string; conclusion: PolicyConclusion }>;
  managed: Array<{ name: string; arn: string }>;
}

export class AuthorizationIndex {
  private readonly users = new Map<string, Attachments & { groups: string[] }>();
  private readonly groups = new Map<string, Attachments>();
  private readonly policies = new Map<string, PolicyConclusion>();

  addUser(user: AwsUserDetail): void {
    this.users.set(user.UserName, { ...attachmentsOf(user.UserPolicyList, user.AttachedManagedPolicies), groups: [...user.GroupList] });
  }

  addGroup(group: AwsGroupDetail): void {
    this.groups.set(group.GroupName, attachmentsOf(group.GroupPolicyList, group.AttachedManagedPolicies));
  }

  addPolicy(policy: AwsManagedPolicyDetail): void {
    const version =
      policy.PolicyVersionList.find((candidate) => candidate.IsDefaultVersion === true) ??
      policy.PolicyVersionList.find((candidate) => candidate.VersionId !== undefined && candidate.VersionId === policy.DefaultVersionId);
    this.policies.set(
      canonicalPolicyArn(policy.Arn),
      version?.Document === undefined ? { admin: undefined, mfaDenies: [], unreadable: 'its default version was not returned' } : conclude(version.Document),
    );
  }

  has(userName: string): boolean {
    return this.users.has(userName);
  }

  userAuthorization(userName: string): UserAuthorization | undefined {
    const user = this.users.get(userName);
    if (!user) return undefined;
    const result: UserAuthorization = { adminVia: [], mfaDenies: [], unreadable: [], groups: user.groups };
    this.collect(user, '', result);
    for (const groupName of user.groups) {
      const group = this.groups.get(groupName);
      if (!group) result.unreadable.push(`group "${groupName}" was not returned`);
      else this.collect(group, ` via group "${groupName}"`, result);
    }
    return result;
  }

  private collect(attachments: Attachments, via: string, result: UserAuthorization): void {
    for (const { name, conclusion } of attachments.inline) apply(`inline policy "${name}"${via}`, conclusion, result);
    for (const { name, arn } of attachments.managed) {
      const canonical = canonicalPolicyArn(arn);
      const known = privilegedManagedPolicies.get(canonical);
      const conclusion = this.policies.get(canonical);
      const origin = `managed policy "${name}"${via}`;
      if (known) result.adminVia.push(`${known}${via || ' (attached)'}`);
      if (conclusion) apply(origin, known ? { ...conclusion, admin: undefined } : conclusion, result);
      // AWS managed policies hold no MFA denies; a missing customer managed policy leaves the answer open.
      else if (!known && !canonical.startsWith('arn:aws:iam::aws:policy/')) result.unreadable.push(`${origin}: its document was not returned`);
    }
  }
}

function attachmentsOf(inline: ReadonlyArray<{ PolicyName: string; PolicyDocument?: string | undefined }>, managed: ReadonlyArray<{ PolicyName?: string | undefined; PolicyArn: string }>): Attachments {
  return {
    inline: inline.map((policy) => ({
      name: policy.PolicyName,
      conclusion: policy.PolicyDocument === undefined ? { admin: undefined, mfaDenies: [], unreadable: 'no document was returned' } : conclude(policy.PolicyDocument),
    })),
    managed: managed.map((policy) => ({ name: policy.PolicyName ?? policy.PolicyArn, arn: policy.PolicyArn })),
  };
}

/** What one document means here; the document itself is not kept. */
export function conclude(document: unknown): PolicyConclusion {
  const parsed = parsePolicyDocument(document);
  if (!parsed.ok) return { admin: undefined, mfaDenies: [], unreadable: parsed.reason };
  return {
    admin: parsed.statements.map(adminGrantOf).find((grant): grant is string => grant !== undefined),
    mfaDenies: parsed.statements.map((statement: PolicyStatement) => mfaDenyOf(statement)).filter((deny): deny is MfaDenyEffect => deny !== undefined),
    unreadable: undefined,
  };
}

function apply(origin: string, conclusion: PolicyConclusion, result: UserAuthorization): void {
  if (conclusion.unreadable) result.unreadable.push(`${origin}: ${conclusion.unreadable}`);
  if (conclusion.admin) result.adminVia.push(`${origin} allows ${conclusion.admin}`);
  for (const deny of conclusion.mfaDenies) result.mfaDenies.push({ ...deny, origin });
}
