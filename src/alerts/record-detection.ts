/**
 * The one path from new events to stored alerts, shared by the watcher and the scan diff: drop events already seen,
 * gather the rule window and recent alerts, detect, and record everything (events, alerts, pending deliveries and
 * the cursor) in one transaction. The caller then enqueues the returned deliveries; deliveries left pending by a
 * crash in between are re-enqueued by `pendingDeliveries` at start-up under the same job ids.
 */
import type { AlertsConfig } from '../config/alerts-config.js';
import type { IdentityProviderId } from '../model/identity-provider.js';
import type { AlertRepository, DeliveryRecord } from '../store/alert-repository.js';
import type { CoverageImpact } from './alert.js';
import { factorLossKinds, type AuditEvent } from './audit-event.js';
import { channelsForAlert } from './delivery/create-channels.js';
import { detectAlerts, type AlertChange } from './detect-alerts.js';
import { minutesBefore, type SourceContext } from './rules/alert-candidate.js';

export interface RecordDetectionInput {
  idp: IdentityProviderId;
  source: SourceContext;
  events: readonly AuditEvent[];
  cursor?: unknown;
  confirmSince?: string;
  config: AlertsConfig;
  repository: AlertRepository;
  now: Date;
  /** Works out each event's coverage impact (reanalysis of the latest snapshot); absent: none computed. */
  impactOf?: (events: readonly AuditEvent[]) => Promise<ReadonlyMap<string, CoverageImpact>>;
}

export interface RecordedDetection {
  fresh: AuditEvent[];
  changes: AlertChange[];
  deliveries: DeliveryRecord[];
}

export async function recordDetection(input: RecordDetectionInput): Promise<RecordedDetection> {
  const sourceId = input.source.sourceId;
  const byId = new Map<string, AuditEvent>();
  for (const event of input.events) if (!byId.has(event.vendorEventId)) byId.set(event.vendorEventId, event);
  const unseen = await input.repository.unseen(sourceId, [...byId.keys()]);
  const fresh = [...byId.values()].filter((event) => unseen.has(event.vendorEventId));
  const at = input.now.toISOString();
  if (fresh.length === 0) {
    await input.repository.recordDetection({ sourceId, events: [], changes: [], channelsFor: () => [], ...(input.cursor !== undefined ? { cursor: input.cursor } : {}), at });
    return { fresh, changes: [], deliveries: [] };
  }
  const rules = input.config.rules;
  const earliest = fresh.map((event) => event.occurredAt).sort()[0]!;
  const windowStart = input.confirmSince ?? minutesBefore(earliest, rules.bulkUnenrollment.windowMinutes);
  const recentFactorLosses = (await input.repository.recentEvents(sourceId, [...factorLossKinds], windowStart)).filter((event) => !unseen.has(event.vendorEventId));
  const mergeMinutes = Math.max(rules.bulkUnenrollment.windowMinutes, rules.mfaDisabled.mergeWithinMinutes, rules.weakened.mergeWithinMinutes, input.config.storm.windowMinutes);
  const recentAlerts = await input.repository.recentAlerts(sourceId, minutesBefore(input.confirmSince && input.confirmSince < earliest ? input.confirmSince : earliest, mergeMinutes));
  const impacts = input.impactOf ? await input.impactOf(fresh) : undefined;
  const changes = detectAlerts({
    idp: input.idp,
    events: fresh,
    recentFactorLosses,
    recentAlerts,
    source: input.source,
    ...(impacts ? { impacts } : {}),
    config: input.config,
    now: input.now,
    ...(input.confirmSince !== undefined ? { confirmSince: input.confirmSince } : {}),
  });
  const deliveries = await input.repository.recordDetection({
    sourceId,
    events: fresh,
    changes,
    channelsFor: (alert) => channelsForAlert(input.config, alert),
    ...(input.cursor !== undefined ? { cursor: input.cursor } : {}),
    at,
  });
  return { fresh, changes, deliveries };
}
