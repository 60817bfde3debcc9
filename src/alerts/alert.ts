/** An alert as stored, delivered and served by the API. One alert per incident: later evidence updates it. */
import type { AlertRuleId } from '../config/alerts-config.js';
import type { Detector } from './audit-event.js';
import type { IdentityProviderId } from '../model/identity-provider.js';

export const alertSeverities = ['medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof alertSeverities)[number];

export const alertStatuses = ['open', 'acknowledged', 'suppressed'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

export interface AlertAccount {
  id: string;
  login?: string;
  privileged: boolean;
}

export interface AlertActor {
  id: string;
  login?: string;
  /** Distinct accounts this actor touched in the alert. */
  accounts: number;
}

/** How many accounts lose coverage because of the change, and how that was worked out. */
export interface CoverageImpact {
  /** Accounts covered before and not after; null when it could not be computed (`detail` says why). */
  accountsLosingCoverage: number | null;
  method: 'reanalysis' | 'verdicts' | 'unavailable';
  detail: string;
}

export interface Alert {
  id: string;
  /** Identity of the incident: events with the same key within the rule's window update this alert. */
  key: string;
  rule: AlertRuleId;
  severity: AlertSeverity;
  status: AlertStatus;
  sourceId: string;
  idp: IdentityProviderId;
  title: string;
  summary: string;
  accounts: AlertAccount[];
  actors: AlertActor[];
  /** Events behind the alert, both detectors together. */
  eventCount: number;
  /** Vendor event ids (scan-diff ids start with `scan:`), capped at 200, oldest first. */
  eventIds: string[];
  /** Vendor event names seen, for the reader and docs/alerts.md. */
  eventNames: string[];
  detectors: Detector[];
  coverageImpact?: CoverageImpact;
  /** An alert storm: the collapsed alerts' summaries (first 50). */
  storm?: { count: number; items: string[] };
  /** Why it is suppressed, when it is. */
  suppressedBy?: string;
  acknowledgement?: { by: string; at: string; note?: string };
  firstSeenAt: string;
  lastSeenAt: string;
  createdAt: string;
  updatedAt: string;
  /** Bumped on each stored change; deliveries are keyed by (alert, channel, revision). */
  revision: number;
}
