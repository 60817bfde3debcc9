/**
 * What the console tests share: a console session opened the way a browser opens it (sign-in form, its CSRF token,
 * the token login), the CSRF token of a page, and an alert recorded through the alert repository as detection
 * records it (a bulk factor reset in Okta, with its audit events).
 */
import type { Alert } from '../../src/alerts/alert.js';
import type { AuditEvent } from '../../src/alerts/audit-event.js';
import type { ApiApp } from '../../src/api/api-dependencies.js';
import { AlertRepository } from '../../src/store/alert-repository.js';
import type { Store } from '../../src/store/create-store.js';

export interface ConsoleCookies {
  mfac_session: string;
}

/** Cookies of a response as name → value. */
export function cookiesOf(response: { cookies: Array<{ name: string; value: string }> }): Record<string, string> {
  return Object.fromEntries(response.cookies.map((cookie) => [cookie.name, cookie.value]));
}

/** The value of the hidden `_csrf` field of a page's first form. */
export function csrfOf(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('The page has no form with a CSRF token.');
  return match[1];
}

/** Signs in through the sign-in form with an API token; returns the session cookie. */
export async function signIn(app: ApiApp, token: string): Promise<ConsoleCookies> {
  const form = await app.inject({ method: 'GET', url: '/console/sign-in' });
  const preSession = cookiesOf(form).mfac_console_signin;
  if (!preSession) throw new Error('The sign-in page set no pre-session cookie.');
  const response = await postForm(app, '/console/sign-in', { mfac_console_signin: preSession }, { _csrf: csrfOf(form.body), token, next: '/console' });
  const session = cookiesOf(response).mfac_session;
  if (response.statusCode !== 303 || !session) throw new Error(`Sign-in failed with ${response.statusCode}: ${response.body.slice(0, 300)}`);
  return { mfac_session: session };
}

/** A form post as a browser sends it. */
export function postForm(app: ApiApp, url: string, cookies: ConsoleCookies | Record<string, string>, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const entry of Array.isArray(value) ? value : [value]) body.append(name, entry);
  return app.inject({ method: 'POST', url, cookies: { ...cookies }, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

/** Records an open critical bulk-unenrollment alert in the demo Okta source with three audit events. */
export async function recordBulkResetAlert(store: Store, at: Date, hostileLogin: string): Promise<Alert> {
  const when = at.toISOString();
  const events: AuditEvent[] = ['ana@demo.example', 'bo@demo.example', hostileLogin].map((login, index) => ({
    detector: 'audit-log',
    idp: 'okta',
    sourceId: 'demo-okta',
    vendorEventId: `evt-${index}`,
    vendorEventName: 'user.mfa.factor.reset_all',
    kind: 'all-factors-reset',
    occurredAt: when,
    actor: { id: '00uadmin', login: 'rogue.admin@demo.example', type: 'user' },
    target: { id: `00u${index}`, login, type: 'user' },
    selfService: false,
    summary: `rogue.admin@demo.example reset every factor of ${login}`,
  }));
  const alert: Alert = {
    id: 'alr_console_test_0001',
    key: 'bulk-unenrollment:demo-okta:00uadmin',
    rule: 'bulk-unenrollment',
    severity: 'critical',
    status: 'open',
    sourceId: 'demo-okta',
    idp: 'okta',
    title: 'Bulk MFA unenrollment in demo-okta: 3 accounts by one actor',
    summary: 'Three accounts lost every factor within minutes, all reset by rogue.admin@demo.example.',
    accounts: events.map((event) => ({ id: event.target.id, login: event.target.login ?? event.target.id, privileged: false })),
    actors: [{ id: '00uadmin', login: 'rogue.admin@demo.example', accounts: 3 }],
    eventCount: 3,
    eventIds: events.map((event) => event.vendorEventId),
    eventNames: ['user.mfa.factor.reset_all'],
    detectors: ['audit-log'],
    coverageImpact: { accountsLosingCoverage: 2, method: 'verdicts', detail: '2 of the 3 accounts were covered in the latest run and no longer have a factor.' },
    firstSeenAt: when,
    lastSeenAt: when,
    createdAt: when,
    updatedAt: when,
    revision: 1,
  };
  await new AlertRepository(store.db).recordDetection({ sourceId: 'demo-okta', events, changes: [{ alert, change: 'created', notify: false }], channelsFor: () => [], at: when });
  return alert;
}
