/**
 * What a policy statement means for MFA coverage: does it make its holder an administrator, and does it deny
 * access without MFA (and on which path). Pure functions of one parsed statement.
 *
 * MFA deny semantics (IAM condition evaluation):
 * - `Bool {aws:MultiFactorAuthPresent: false}` matches console sessions without MFA, but requests signed with
 *   long-term access keys carry no such key at all, and a plain `Bool` does not match an absent key: keys stay open.
 * - `BoolIfExists {aws:MultiFactorAuthPresent: false}` also matches the absent key: it blocks long-term keys too.
 * - `Null {aws:MultiFactorAuthPresent|aws:MultiFactorAuthAge: true}` matches exactly the absent key: no MFA on either path.
 * - `NumericGreaterThan[IfExists] {aws:MultiFactorAuthAge: N}` limits the age of an MFA sign-in; only the
 *   `IfExists` form also denies sessions with no MFA at all.
 */
import type { PolicyStatement } from './policy-document.js';

export const administratorAccessArn = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const iamFullAccessArn = 'arn:aws:iam::aws:policy/IAMFullAccess';

/** AWS managed policies that make their holder an administrator (IAMFullAccess can grant itself anything). */
export const privilegedManagedPolicies = new Map([
  [administratorAccessArn, 'AdministratorAccess'],
  [iamFullAccessArn, 'IAMFullAccess'],
]);

/** A managed policy ARN in any partition (`arn:aws-us-gov:iam::aws:policy/…`) in its `aws` form. */
export function canonicalPolicyArn(arn: string): string {
  return arn.replace(/^arn:aws[\w-]*:iam::aws:policy\//, 'arn:aws:iam::aws:policy/');
}

/** `Allow` of every action (or every IAM action) on every resource: `*` on `*`. */
export function adminGrantOf(statement: PolicyStatement): string | undefined {
  if (statement.effect !== 'Allow' || statement.notActions || statement.notResources) return undefined;
  if (!statement.resources?.includes('*')) return undefined;
  const actions = statement.actions ?? [];
  if (actions.some((action) => action === '*' || action === '*:*')) return '"*" on "*"';
  if (actions.some((action) => action.toLowerCase() === 'iam:*')) return '"iam:*" on "*"';
  return undefined;
}

export interface MfaDenyEffect {
  /** Denies console sessions signed in without MFA. */
  console: boolean;
  /** Denies requests signed with long-term access keys (no MFA context). */
  accessKeys: boolean;
  /** The condition as written, for reasons (`BoolIfExists aws:MultiFactorAuthPresent=false`). */
  condition: string;
  /** The deny reaches (almost) every action, not just a few. */
  broad: boolean;
}

const mfaPresent = 'aws:multifactorauthpresent';
const mfaAge = 'aws:multifactorauthage';

/** The MFA-enforcing effect of a `Deny` statement, or undefined when it has no MFA condition. */
export function mfaDenyOf(statement: PolicyStatement): MfaDenyEffect | undefined {
  if (statement.effect !== 'Deny') return undefined;
  const broad = isBroad(statement);
  for (const [operator, keys] of statement.conditions) {
    const op = operator.toLowerCase();
    const present = keys.get(mfaPresent);
    const age = keys.get(mfaAge);
    if ((op === 'bool' || op === 'boolifexists') && present?.includes('false')) {
      return { console: true, accessKeys: op === 'boolifexists', condition: `${operator} aws:MultiFactorAuthPresent=false`, broad };
    }
    if (op === 'null' && (present?.includes('true') || age?.includes('true'))) {
      return { console: true, accessKeys: true, condition: `${operator} ${present ? 'aws:MultiFactorAuthPresent' : 'aws:MultiFactorAuthAge'}=true`, broad };
    }
    if (age && /^numeric(greaterthan|greaterthanequals)(ifexists)?$/.test(op)) {
      const ifExists = op.endsWith('ifexists');
      return { console: ifExists, accessKeys: ifExists, condition: `${operator} aws:MultiFactorAuthAge>${age.join(',')}`, broad };
    }
  }
  return undefined;
}

/**
 * A deny of `*`, or of everything but IAM/STS self-service (the `NotAction` list of the AWS "force MFA" policy:
 * manage own MFA device and password, `sts:GetSessionToken`), on every resource.
 */
function isBroad(statement: PolicyStatement): boolean {
  if (statement.notResources || !(statement.resources ?? ['*']).includes('*')) return false;
  if (statement.actions) return statement.actions.some((action) => action === '*' || action === '*:*');
  if (statement.notActions) return statement.notActions.every((action) => /^(iam|sts):/i.test(action) && action !== 'iam:*' && action !== 'sts:*');
  return false;
}
