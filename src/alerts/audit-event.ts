/**
 * The product's audit event: one vendor audit record (Entra directoryAudit, Okta LogEvent, CloudTrail event, Google
 * activity event) or one change the scan diff found, reduced to what the alert rules need. Vendor shapes stop at the
 * normalisers; everything after them reads only this.
 */
import type { IdentityProviderId } from '../model/identity-provider.js';

export const auditEventKinds = [
  /** One authentication method / factor / MFA device removed from one account. */
  'factor-removed',
  /** Every factor of one account reset at once (Okta Classic `reset_all`). */
  'all-factors-reset',
  /** MFA switched off for one user (Entra per-user MFA, Google 2SV disabled). */
  'mfa-disabled-for-user',
  /** A factor registered (kept to tell churn from loss; never alerts alone). */
  'factor-registered',
  /** An enforcement policy disabled / deactivated. */
  'policy-disabled',
  /** An enforcement policy deleted. */
  'policy-deleted',
  /** An enforcement policy put in report-only (Entra `enabledForReportingButNotEnforced`). */
  'policy-report-only',
  /** A new exclusion or carve-out on an enforcement policy. */
  'policy-exclusion-added',
  /** A policy rule downgraded to a single factor (Okta 2FA → 1FA). */
  'policy-downgraded',
  /** Any other change to an enforcement policy, with before/after when the vendor gives them. */
  'policy-changed',
  /** Tenant-wide MFA baseline off (Entra security defaults, Google 2SV enforcement for an OU). */
  'enforcement-off',
  /** Number matching turned off for push approvals. */
  'number-matching-off',
  /** A factor type enabled that the tier policy forbids (e.g. SMS). */
  'forbidden-factor-enabled',
  /** An authenticator deactivated for the whole org (Okta `security.authenticator.lifecycle.deactivate`). */
  'authenticator-deactivated',
] as const;
export type AuditEventKind = (typeof auditEventKinds)[number];

/** Which detector saw the change. */
export type Detector = 'audit-log' | 'scan-diff';

export interface AuditActor {
  /** Vendor id of who did it (user id, app id, IAM principal ARN); `unknown` when the record does not say. */
  id: string;
  login?: string;
  type: 'user' | 'app' | 'root' | 'system' | 'unknown';
}

export interface AuditTarget {
  /** Vendor id of the account, policy or org unit changed. */
  id: string;
  login?: string;
  type: 'user' | 'policy' | 'org-unit' | 'tenant' | 'authenticator' | 'mfa-device';
  name?: string;
}

export interface AuditEvent {
  detector: Detector;
  idp: IdentityProviderId;
  /** The configured source the event belongs to. */
  sourceId: string;
  /** The vendor's own event id (Entra `id`, Okta `uuid`, CloudTrail `EventId`, Google `id.uniqueQualifier` + index). */
  vendorEventId: string;
  /** The vendor's event name, for evidence and docs/alerts.md. */
  vendorEventName: string;
  kind: AuditEventKind;
  /** When the change happened (ISO 8601 UTC). */
  occurredAt: string;
  actor: AuditActor;
  target: AuditTarget;
  /** True when the actor changed their own account (self-service), which the bulk rule still counts. */
  selfService: boolean;
  /** The vendor's factor / method name, when one factor is concerned. */
  factorType?: string;
  /** The policy object before and after the change, when the vendor records them (Entra modifiedProperties, Okta changeDetails). */
  before?: unknown;
  after?: unknown;
  /** One sentence for people. */
  summary: string;
}

/** Kinds that take a factor away from one account: what the bulk-unenrollment rule counts. */
export const factorLossKinds: ReadonlySet<AuditEventKind> = new Set(['factor-removed', 'all-factors-reset', 'mfa-disabled-for-user']);

/** Kinds that switch enforcement off: what the mfa-disabled rule raises on. */
export const enforcementLossKinds: ReadonlySet<AuditEventKind> = new Set(['policy-disabled', 'policy-deleted', 'policy-report-only', 'enforcement-off', 'policy-downgraded']);

/** Kinds that narrow enforcement or weaken methods: what the mfa-weakened rule raises on. */
export const weakeningKinds: ReadonlySet<AuditEventKind> = new Set(['policy-exclusion-added', 'number-matching-off', 'forbidden-factor-enabled', 'authenticator-deactivated']);
