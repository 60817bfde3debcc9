/**
 * One Okta org as the analysis sees it: the raw payloads of a source, validated, indexed and sorted the way Okta
 * evaluates them (policies and rules by priority, catch-alls last), with every part that could not be read
 * carried as a reason instead of a value. Vendor types stay inside the connector folder.
 */
import type { SourceError } from '../../snapshot/snapshot-format.js';
import type { CollectionHeader } from './collection-manifest.js';
import type { OktaApp, OktaAuthenticator, OktaFactor, OktaPolicy, OktaPolicyRule, OktaRole, OktaUser, OktaZone } from './okta-payloads.js';

/** A value, or why it could not be read. */
export type Readable<T> = { readable: true; value: T } | { readable: false; reason: string };

export type FactorRecord =
  | { state: 'fetched'; factors: OktaFactor[]; carriedFrom: string | undefined }
  | { state: 'failed'; reason: string };

export interface GroupInfo {
  id: string;
  name: string;
  /** The built-in Everyone group: every user is a member, no listing needed. */
  everyone: boolean;
  /** Members, or undefined with `reason` when they could not be read. */
  members: ReadonlySet<string> | undefined;
  reason?: string;
}

export interface PolicyWithRules {
  policy: OktaPolicy;
  /** Active and inactive rules, in evaluation order. */
  rules: OktaPolicyRule[];
  /** Why the rules are unknown, when they are. */
  rulesUnreadable?: string;
  /** Apps using this authentication policy (ACCESS_POLICY only). */
  apps: OktaApp[];
  appsUnreadable?: string;
}

export interface AppInfo {
  app: OktaApp;
  policyId: string;
  /** Assigned users, when collected (only for apps whose policy could let a single factor through). */
  users: ReadonlySet<string> | undefined;
  usersReason?: string;
}

export interface OktaOrg {
  tenant: string;
  users: OktaUser[];
  /** Absent key: factors not fetched for that user (status that cannot sign in, or the listing stopped). */
  factors: Map<string, FactorRecord>;
  /** Why factors are missing for users without a record, when the endpoint failed. */
  factorsUnreadable: string | undefined;
  roles: Readable<Map<string, OktaRole[]>>;
  groups: Map<string, GroupInfo>;
  groupsUnreadable: string | undefined;
  signOnPolicies: Readable<PolicyWithRules[]>;
  accessPolicies: Readable<PolicyWithRules[]>;
  mfaEnrollPolicies: Readable<PolicyWithRules[]>;
  zones: Readable<OktaZone[]>;
  authenticators: Readable<OktaAuthenticator[]>;
  apps: Map<string, AppInfo>;
  collection: CollectionHeader | undefined;
  errors: readonly SourceError[];
  /** Users the schema refused that still have an id: listed with every verdict unknown. */
  unreadableUsers?: Array<{ id: string; login: string; problem: string }>;
  /** Objects the schemas refused; they make the source partial. */
  problems?: SourceError[];
}

/** Okta evaluates lower priority numbers first and system (default, catch-all) entries last. */
export function evaluationOrder<T extends { priority?: number | null; system?: boolean | null }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    const systemA = a.system === true ? 1 : 0;
    const systemB = b.system === true ? 1 : 0;
    if (systemA !== systemB) return systemA - systemB;
    return (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER);
  });
}
