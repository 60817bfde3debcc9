/**
 * How many accounts a change takes coverage from: the latest snapshot's source analysed as recorded, and again with
 * the change applied to its raw payloads (the policy replaced by the state the audit record gives), by the
 * connector's own pure analysis. Changes with no faithful patch (Google and AWS settings, Okta rule edits whose
 * new body the log does not carry) say so instead of guessing: an estimate here would read as evidence.
 */
import path from 'node:path';
import type { z } from 'zod';
import { connectorFor } from '../connectors/registry.js';
import { defaultAnalysisSettings, type AnalysisSettings } from '../connectors/connector.js';
import { entraEndpoints } from '../connectors/entra/endpoints.js';
import { oktaEndpoints } from '../connectors/okta/okta-endpoints.js';
import { SnapshotError, describeError } from '../errors.js';
import { keyedLineSchema } from '../snapshot/snapshot-format.js';
import { openSnapshot, type RawLine, type RawSource } from '../snapshot/snapshot-reader.js';
import { formatZodIssues } from '../config/format-zod-issues.js';
import type { HistoryStore } from '../store/history-store.js';
import type { CoverageImpact } from './alert.js';
import type { AuditEvent } from './audit-event.js';
import { securityDefaultsPolicyId } from './normalise/normalise-entra-audit.js';

type Json = Record<string, unknown>;

/** Rewrites one raw line of one endpoint; returning the value unchanged leaves it as recorded. */
type LinePatch = (endpoint: string, value: unknown) => unknown;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A raw source read through a patch, so the connector's analysis sees the changed tenant. */
class PatchedRawSource implements RawSource {
  constructor(
    private readonly base: RawSource,
    private readonly patch: LinePatch,
  ) {}

  get meta(): RawSource['meta'] {
    return this.base.meta;
  }

  get directory(): string {
    return this.base.directory;
  }

  has(endpoint: string): boolean {
    return this.base.has(endpoint);
  }

  async *lines(endpoint: string): AsyncIterable<RawLine> {
    for await (const line of this.base.lines(endpoint)) yield { ...line, value: this.patch(endpoint, line.value) };
  }

  async *parsed<T>(endpoint: string, schema: z.ZodType<T>): AsyncIterable<T> {
    for await (const { file, line, value } of this.lines(endpoint)) yield check(file, line, value, schema);
  }

  async *keyed<T>(endpoint: string, schema: z.ZodType<T>): AsyncIterable<{ key: string; status: number; body: T | undefined }> {
    for await (const { file, line, value } of this.lines(endpoint)) {
      const entry = check(file, line, value, keyedLineSchema);
      const ok = entry.status >= 200 && entry.status < 300;
      yield { key: entry.key, status: entry.status, body: ok ? check(file, line, entry.body, schema) : undefined };
    }
  }
}

function check<T>(file: string, line: number, value: unknown, schema: z.ZodType<T>): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new SnapshotError(`${file}:${line} (with the alert's change applied): ${formatZodIssues(result.error)}`);
  return result.data;
}

/** Replaces (or drops) the item with `id` in a paged line `{ value: [...] }` or a bare list. */
function replaceItem(value: unknown, id: string, replace: (item: Json) => Json | undefined): unknown {
  const edit = (items: unknown[]): unknown[] =>
    items.flatMap((item) => {
      if (!isObject(item) || item.id !== id) return [item];
      const next = replace(item);
      return next === undefined ? [] : [next];
    });
  if (isObject(value) && Array.isArray(value.value)) return { ...value, value: edit(value.value) };
  if (Array.isArray(value)) return edit(value);
  if (isObject(value) && value.id === id) return replace(value) ?? value;
  return value;
}

/** The patch that applies the event to the raw payloads, or why there is none. */
export function patchFor(event: AuditEvent): { patch: LinePatch } | { reason: string } {
  const id = event.target.id;
  if (event.idp === 'entra') {
    if (event.target.id === securityDefaultsPolicyId && event.kind === 'enforcement-off') {
      return { patch: (endpoint, value) => (endpoint === entraEndpoints.securityDefaults.name && isObject(value) ? { ...value, isEnabled: false } : value) };
    }
    if (event.target.type === 'policy' && ['policy-disabled', 'policy-report-only', 'policy-deleted', 'policy-exclusion-added', 'policy-changed'].includes(event.kind)) {
      const after = isObject(event.after) ? event.after : undefined;
      const state = event.kind === 'policy-disabled' ? 'disabled' : event.kind === 'policy-report-only' ? 'enabledForReportingButNotEnforced' : undefined;
      if (event.kind !== 'policy-deleted' && !after && !state) return { reason: 'the audit record carries no new policy body' };
      return {
        patch: (endpoint, value) =>
          endpoint !== entraEndpoints.conditionalAccessPolicies.name
            ? value
            : replaceItem(value, id, (item) => (event.kind === 'policy-deleted' ? undefined : after ? { ...item, ...after } : { ...item, state })),
      };
    }
  }
  if (event.idp === 'okta' && event.target.type === 'policy' && (event.kind === 'policy-disabled' || event.kind === 'policy-deleted')) {
    const policyEndpoints = new Set<string>([oktaEndpoints.signOnPolicies.name, oktaEndpoints.accessPolicies.name, oktaEndpoints.mfaEnrollPolicies.name]);
    return {
      patch: (endpoint, value) => {
        if (policyEndpoints.has(endpoint)) return replaceItem(value, id, (item) => (event.kind === 'policy-deleted' ? undefined : { ...item, status: 'INACTIVE' }));
        // A deactivated rule lives in its policy's keyed rules list.
        if (endpoint === oktaEndpoints.policyRules.name && isObject(value) && Array.isArray(value.body)) {
          return { ...value, body: replaceItem(value.body, id, (item) => (event.kind === 'policy-deleted' ? undefined : { ...item, status: 'INACTIVE' })) };
        }
        return value;
      },
    };
  }
  return { reason: `no re-analysis for ${event.idp} ${event.kind}; the next scan's diff gives the accounts` };
}

/** Accounts covered in `source` and not covered once the event is applied. */
export async function coverageImpactIn(event: AuditEvent, source: RawSource, asOf: Date, settings: AnalysisSettings): Promise<CoverageImpact> {
  const plan = patchFor(event);
  if ('reason' in plan) return { accountsLosingCoverage: null, method: 'unavailable', detail: plan.reason };
  const connector = connectorFor(source.meta.connector);
  const before = await connector.analyse(source, { asOf, settings });
  const after = await connector.analyse(new PatchedRawSource(source, plan.patch), { asOf, settings });
  const coveredAfter = new Map(after.accounts.map((account) => [account.id, account.covered]));
  const lost = before.accounts.filter((account) => account.covered === 'yes' && coveredAfter.get(account.id) !== 'yes').length;
  return { accountsLosingCoverage: lost, method: 'reanalysis', detail: `re-analysed snapshot of ${asOf.toISOString()} with the change applied` };
}

/** The service's impact function: the latest report's snapshot, each enforcement or weakening event of the batch. */
export function coverageImpactFromHistory(history: HistoryStore): (sourceId: string, events: readonly AuditEvent[]) => Promise<ReadonlyMap<string, CoverageImpact>> {
  return async (sourceId, events) => {
    const impacts = new Map<string, CoverageImpact>();
    const relevant = events.filter((event) => event.target.type === 'policy' || event.target.type === 'tenant' || event.target.type === 'org-unit');
    if (relevant.length === 0) return impacts;
    const latest = await history.latestReport();
    if (!latest) {
      for (const event of relevant) impacts.set(event.vendorEventId, { accountsLosingCoverage: null, method: 'unavailable', detail: 'no scan recorded yet' });
      return impacts;
    }
    try {
      const snapshot = await openSnapshot(path.join(latest.artefactsPath, 'snapshot'));
      const source = snapshot.sources.find((candidate) => candidate.meta.sourceId === sourceId);
      const settings = snapshot.manifest.context?.settings ?? defaultAnalysisSettings;
      for (const event of relevant) {
        impacts.set(
          event.vendorEventId,
          source ? await coverageImpactIn(event, source, new Date(snapshot.manifest.createdAt), settings) : { accountsLosingCoverage: null, method: 'unavailable', detail: `source ${sourceId} is not in run ${latest.runId}` },
        );
      }
    } catch (error) {
      // An unreadable snapshot leaves the impact unknown; the alert itself must still go out.
      for (const event of relevant) impacts.set(event.vendorEventId, { accountsLosingCoverage: null, method: 'unavailable', detail: `snapshot of run ${latest.runId} unreadable: ${describeError(error)}` });
    }
    return impacts;
  };
}
