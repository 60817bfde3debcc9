/**
 * The Okta System Log (`GET /api/v1/logs`) as Okta serves it. A bounded request (`since` and `until`) filters by
 * `published` and ends. A polling request (no `until`) filters by persistence time, returns events in persistence
 * order (so a late event, dated earlier, still comes after the cursor) and always links a `next` page, empty or not:
 * the client keeps that link as its cursor. Injections append LogEvents in Okta's full shape and change the org.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../connectors/okta/okta-clock.js';
import { InputError } from '../../errors.js';
import { wrongInjection, type AuditInjection, type SimulatorAuditLog } from '../audit-injection.js';
import type { OktaOrgStore } from './okta-org-store.js';

type Json = Record<string, unknown>;

interface StoredEvent {
  sequence: number;
  persistedAt: number;
  event: Json;
}

export interface SystemLogPage {
  events: Json[];
  /** Offset or sequence for the next link; undefined = no next link. */
  next: string | undefined;
}

export class OktaSystemLog implements SimulatorAuditLog {
  private readonly events: StoredEvent[] = [];
  private sequence = 0;

  constructor(
    private readonly org: OktaOrgStore,
    private readonly clock: Clock,
  ) {
    for (const event of org.logEvents) this.append(event, Date.parse(String(event.published)));
  }

  get size(): number {
    return this.events.length;
  }

  private append(event: Json, persistedAt: number): void {
    this.sequence += 1;
    this.events.push({ sequence: this.sequence, persistedAt, event });
  }

  /** One page; `predicate` is the compiled `filter`. Throws `RangeError` for an unusable parameter (answered 400). */
  page(params: URLSearchParams, predicate: (event: Json) => boolean, limit: number): SystemLogPage {
    const now = this.clock.now();
    const since = params.get('since');
    const until = params.get('until');
    const sinceMs = since ? Date.parse(since) : now - 7 * 86_400_000;
    const untilMs = until ? Date.parse(until) : now;
    if (Number.isNaN(sinceMs) || Number.isNaN(untilMs)) throw new RangeError('since/until must be ISO 8601');
    const after = params.get('after');
    if (until !== null) {
      // Bounded: by `published`, offset paging, finite.
      let matching = this.events.filter((entry) => {
        const published = Date.parse(String(entry.event.published));
        return published >= sinceMs && published < untilMs && predicate(entry.event);
      });
      if (params.get('sortOrder') === 'DESCENDING') matching = [...matching].reverse();
      const offset = after ? decodeOffset(after) : 0;
      const events = matching.slice(offset, offset + limit).map((entry) => entry.event);
      return { events, next: offset + events.length < matching.length ? encodeOffset(offset + events.length) : undefined };
    }
    // Polling: persistence time and order; the cursor is the last sequence served.
    const afterSequence = after ? decodeSequence(after) : 0;
    const visible = this.events.filter((entry) => entry.sequence > afterSequence && entry.persistedAt > sinceMs && entry.persistedAt <= now && predicate(entry.event));
    const served = visible.slice(0, limit);
    const last = served[served.length - 1]?.sequence ?? afterSequence;
    return { events: served.map((entry) => entry.event), next: encodeSequence(last) };
  }

  inject(injection: AuditInjection): void {
    const now = this.clock.now();
    const published = new Date(now - injection.lateBySeconds * 1000).toISOString();
    if (injection.kind === 'raw') {
      for (const record of injection.records) this.append(record, now);
      return;
    }
    if (injection.kind !== 'okta-factor-reset') throw wrongInjection('Okta', injection);
    const admin = this.org.users.find((user) => (user.profile as Json | undefined)?.login === injection.actor);
    const actor = { id: String(admin?.id ?? '00uadmin0000000000000'), type: 'User', alternateId: injection.actor, displayName: String((admin?.profile as Json | undefined)?.displayName ?? 'Administrator'), detailEntry: null };
    const targets = injection.users
      ? injection.users.map((login) => {
          const user = this.org.users.find((candidate) => (candidate.profile as Json | undefined)?.login === login);
          if (!user) throw new InputError(`okta-factor-reset: no user ${login} in source ${injection.source}`);
          return user;
        })
      : this.org.users.filter((user) => user.status === 'ACTIVE' && (this.org.factors.get(String(user.id))?.items.length ?? 0) > 0 && user.id !== admin?.id).slice(0, injection.count);
    if (injection.count !== undefined && targets.length < injection.count) throw new InputError(`okta-factor-reset: source ${injection.source} has only ${targets.length} active users with factors`);
    for (const user of targets) {
      const entry = this.org.factors.get(String(user.id));
      const factors = (entry?.items ?? []) as Json[];
      for (const factor of factors) this.append(factorDeactivated(actor, user, factor, published), now);
      if (entry) entry.items = [];
    }
  }
}

function factorDeactivated(actor: Json, user: Json, factor: Json, published: string): Json {
  const profile = (user.profile ?? {}) as Json;
  const factorType = String(factor.factorType ?? 'unknown');
  return {
    actor,
    client: {
      userAgent: { rawUserAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', os: 'Mac OS X', browser: 'CHROME' },
      zone: 'null',
      device: 'Computer',
      id: null,
      ipAddress: '198.51.100.23',
      geographicalContext: { city: 'Brussels', state: 'Brussels Capital', country: 'Belgium', postalCode: '1000', geolocation: { lat: 50.8505, lon: 4.3488 } },
    },
    device: null,
    authenticationContext: { authenticationProvider: null, credentialProvider: null, credentialType: null, issuer: null, interface: null, authenticationStep: 0, rootSessionId: 'idxSimulated', externalSessionId: 'idxSimulated' },
    displayMessage: 'Reset factor for user',
    eventType: 'user.mfa.factor.deactivate',
    outcome: { result: 'SUCCESS', reason: `User reset ${factorType.toUpperCase()} factor` },
    published,
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    severity: 'INFO',
    debugContext: { debugData: { requestId: randomUUID(), requestUri: `/api/v1/users/${String(user.id)}/lifecycle/reset_factors`, url: `/api/v1/users/${String(user.id)}/lifecycle/reset_factors?`, factor: factorType.toUpperCase() } },
    legacyEventType: 'core.user.factor.deactivate',
    transaction: { type: 'WEB', id: randomUUID(), detail: {} },
    uuid: randomUUID(),
    version: '0',
    request: { ipChain: [{ ip: '198.51.100.23', geographicalContext: null, version: 'V4', source: null }] },
    target: [
      { id: String(user.id), type: 'User', alternateId: String(profile.login ?? ''), displayName: `${String(profile.firstName ?? '')} ${String(profile.lastName ?? '')}`.trim(), detailEntry: null },
      { id: String(factor.id ?? 'unknown'), type: 'AuthenticatorEnrollment', alternateId: 'unknown', displayName: factorType, detailEntry: null },
    ],
  };
}

function encodeOffset(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeOffset(cursor: string): number {
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new RangeError('after is not a valid cursor');
  return Number(match[1]);
}

function encodeSequence(sequence: number): string {
  return Buffer.from(`s:${sequence}`).toString('base64url');
}

function decodeSequence(cursor: string): number {
  const match = /^s:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new RangeError('after is not a valid polling cursor');
  return Number(match[1]);
}
