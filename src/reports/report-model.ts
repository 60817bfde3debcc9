/**
 * The report contract (docs/report.schema.json is its published form; a test keeps the two in step).
 * Everything in it is derived from the snapshot and settings, so two runs on one snapshot agree byte for byte
 * apart from `generatedAt`.
 */
import type { AssessedAccount } from '../model/account.js';
import type { Factor } from '../model/factor.js';
import type { Finding } from '../model/finding.js';
import type { IdentityProviderId } from '../model/identity-provider.js';
import type { AnalysisSettings, PolicySummary } from '../connectors/connector.js';
import type { SourceError, SourceStatus } from '../snapshot/snapshot-format.js';

export const reportSchemaVersion = '1.0.0';

export interface CoverageCounts {
  accounts: number;
  covered: number;
  notCovered: number;
  unknown: number;
  notApplicable: number;
  /**
   * covered ÷ (covered + notCovered + unknown) × 100, rounded down to one decimal so that 100.0 means every
   * in-scope account is covered; null when nothing is in scope.
   */
  coveragePercent: number | null;
}

export interface ReportSource {
  sourceId: string;
  connector: IdentityProviderId;
  tenant: string;
  status: SourceStatus;
  startedAt: string;
  finishedAt: string;
  errors: SourceError[];
  requests: Record<string, number>;
  permissions: string[];
}

/** A factor as reported: the model's factor plus the flag a reader filters on. */
export interface ReportFactor extends Factor {
  phishingResistant: boolean;
}

export interface ReportAccount extends AssessedAccount {
  sourceId: string;
  factors: ReportFactor[];
}

export interface ReportPolicy extends PolicySummary {
  sourceId: string;
}

export interface ReportSummary extends CoverageCounts {
  /**
   * False when any source is partial or failed: the figures then speak only for the accounts and data that
   * could be read, and the report says which source is missing what.
   */
  dataComplete: boolean;
  /** Sources per collection status (every status present, zero included). */
  sourcesByStatus: Record<SourceStatus, number>;
  /** Per source id; a failed source appears with zero accounts and a null percentage. */
  bySource: Record<string, CoverageCounts>;
  /** Per identity provider with a source in the scan; one whose only source failed shows zero accounts. */
  byIdp: Record<string, CoverageCounts>;
  /** Per account kind (every kind, zero included). */
  byKind: Record<string, CoverageCounts>;
  privileged: CoverageCounts;
  /** Accounts per mfaEnforced value, in-scope accounts only (every value, zero included). */
  enforcement: Record<string, number>;
  /** Accounts per mfaRegistered value, in-scope accounts only (every value, zero included). */
  registration: Record<string, number>;
  /** Enrolled factors per normalised type, in-scope accounts only (every type, zero included). */
  factorTypes: Record<string, number>;
  /** Every severity, zero included. */
  findingsBySeverity: Record<string, number>;
}

export interface Report {
  schemaVersion: typeof reportSchemaVersion;
  generatedAt: string;
  organisation: { name: string };
  scanner: { name: 'mfa-coverage'; version: string };
  /** When the raw data was collected: the instant every verdict is judged against. */
  snapshot: { createdAt: string; scannerVersion: string };
  settings: AnalysisSettings;
  sources: ReportSource[];
  summary: ReportSummary;
  accounts: ReportAccount[];
  findings: Finding[];
  policies: ReportPolicy[];
}
