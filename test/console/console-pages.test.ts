/**
 * The page renderers as pure functions of their view models: every string a view model carries from an identity
 * provider, the store or a request (names, logins, reasons, policy names, run ids, errors, filter values) reaches the
 * page escaped, whichever page shows it; forms carry the CSRF token; actions appear only when allowed.
 */
import { renderConsolePage } from '../../src/console/console-layout.js';
import { parseAccountQuery } from '../../src/console/account-query.js';
import type { AccountsView, AlertDetail, ExceptionsView, HomeView, PersonView, RunView } from '../../src/console/console-views.js';
import { renderAccountsPage } from '../../src/console/pages/accounts-page.js';
import { renderAlertPage, renderAlertsPage } from '../../src/console/pages/alerts-page.js';
import { renderExceptionsPage } from '../../src/console/pages/exceptions-page.js';
import { renderHomePage } from '../../src/console/pages/home-page.js';
import { renderPersonPage } from '../../src/console/pages/person-page.js';
import { renderRunPage, renderRunsPage } from '../../src/console/pages/runs-page.js';
import { renderMessagePage, renderSignInPage } from '../../src/console/pages/sign-in-page.js';
import { buildReport } from '../../src/reports/build-report.js';
import type { SafeHtml } from '../../src/reports/safe-html.js';
import type { ReportRecord, VerdictRecord } from '../../src/store/history-store.js';
import { fixtureInput, hostileDisplayName, hostilePolicyName } from '../reports/report-fixtures.js';

const hostile = [hostileDisplayName, hostilePolicyName, '</textarea><svg onload=alert(2)>', "' onmouseover='alert(3)"];
const h = (index: number) => hostile[index % hostile.length] as string;
const summary = buildReport(fixtureInput()).summary;
const record: ReportRecord = {
  runId: h(0),
  generatedAt: '2026-12-01T06:00:00.000Z',
  snapshotCreatedAt: '2026-12-01T06:00:00.000Z',
  schemaVersion: '1.2.0',
  status: 'partial',
  accounts: 10,
  covered: 5,
  notCovered: 4,
  unknown: 1,
  coveragePercent: 50,
  artefactsPath: '/tmp/x',
};
const verdict: VerdictRecord = {
  runId: h(0),
  sourceId: h(1),
  accountId: h(2),
  idp: 'entra',
  tenant: h(3),
  login: h(0),
  displayName: h(1),
  personId: h(2),
  kind: 'human',
  enabled: true,
  privileged: true,
  tier: 1,
  class: 'human',
  covered: 'no',
  effectiveCovered: 'no',
  mfaEnforced: 'no',
  mfaRegistered: 'no',
  legacyAuth: 'open',
  methodPolicy: 'fail',
  reasons: [h(3), h(0)],
  gaps: [{ kind: 'no-mfa', state: 'quiet', exceptionId: h(1), evidence: [h(2)], reasons: [h(3)] }],
};

/** No hostile string appears unescaped, and no element or attribute it tried to open exists. */
function expectInert(markup: SafeHtml | string): void {
  const text = markup.toString();
  for (const value of hostile) expect(text).not.toContain(value);
  expect(text).not.toMatch(/<(img|svg|script)\b/);
}

describe('console page renderers', () => {
  it('escape every string on the home page', () => {
    const view: HomeView = {
      latest: { runId: h(0), generatedAt: record.generatedAt, snapshotCreatedAt: record.snapshotCreatedAt, status: 'partial', summary: { ...summary, byIdp: { [h(1)]: summary } } },
      previous: null,
      monthly: null,
      monthlySchedule: h(2),
      openAlerts: { critical: 2, [h(3)]: 1 },
      sources: [{ sourceId: h(0), connector: 'okta', tenant: h(1), status: 'failed', runId: h(2), finishedAt: null, requests: 3, error: h(3), coveragePercent: null, accounts: null }],
      schedules: [{ name: h(1), nextFireAt: '2027-01-01T05:00:00.000Z', lastFiredAt: null, lastRunId: h(2) }],
      activeRuns: [{ id: h(3), trigger: 'manual', scheduleName: null, status: 'running', requestedSources: null, createdAt: record.generatedAt, startedAt: null, finishedAt: null, error: null }],
    };
    const page = renderHomePage(view);
    expectInert(page);
    expect(page.toString()).toContain('Data incomplete');
  });

  it('escape every string on the accounts, person and exceptions pages, and in the filter values echoed back', () => {
    const query = parseAccountQuery({ covered: 'no', q: h(0), idp: h(1), size: '25' });
    const accounts: AccountsView = { report: record, query, rows: [verdict], total: 1, next: { sourceId: h(2), accountId: h(3) }, options: { idps: [h(1)], sources: [h(2)] } };
    expectInert(renderAccountsPage(accounts));
    const person: PersonView = {
      personId: h(0),
      person: { id: h(0), employeeId: h(1), email: h(2), name: h(3), status: 'active', leaver: false, employmentType: 'employee', department: h(0), manager: h(1), startDate: null, terminationDate: null, origin: h(2), tier: 1, covered: 'no', reasons: [h(3)], accounts: [] },
      report: record,
      accounts: [verdict],
      history: [{ runId: h(1), snapshotCreatedAt: record.snapshotCreatedAt, covered: 'no', accounts: 1 }],
    };
    expectInert(renderPersonPage(person));
    const row = { id: h(0), state: 'expired', gap: 'no-mfa', account: h(1), sourceId: h(2), person: h(3), policy: h(0), reason: h(1), riskOwner: h(2), compensatingControls: h(3), approvedBy: h(0), approvedAt: h(1), expires: h(2), ticket: h(3), matchedGaps: 2, reasons: h(0) };
    const exceptions: ExceptionsView = { report: record, state: 'all', rows: [row], quietByGap: { [h(1)]: 2 }, byState: { expired: 1 } };
    expectInert(renderExceptionsPage(exceptions));
  });

  it('escape alerts and show the acknowledge form only when allowed, with the CSRF token', () => {
    const alert: AlertDetail = {
      id: h(0),
      rule: 'bulk-unenrollment',
      severity: 'critical',
      status: 'open',
      title: h(1),
      sourceId: h(2),
      raisedAt: record.generatedAt,
      updatedAt: record.generatedAt,
      accountsAffected: 1,
      coverageLost: 1,
      description: h(3),
      acknowledgedBy: h(0),
      acknowledgedAt: null,
      events: [{ occurredAt: record.generatedAt, kind: 'all-factors-reset', actor: h(1), target: h(2), summary: h(3), detector: 'audit-log' }],
      accounts: [{ sourceId: h(0), accountId: h(1), login: h(2), personId: h(3) }],
    };
    const allowed = renderAlertPage(alert, { canAcknowledge: true, csrfToken: 'token-123' }).toString();
    expectInert(allowed);
    expect(allowed).toContain('name="_csrf" value="token-123"');
    expect(allowed).toContain('/ack"');
    const refused = renderAlertPage(alert, { canAcknowledge: false, csrfToken: 'token-123' }).toString();
    expect(refused).not.toContain('/ack"');
    expectInert(renderAlertsPage({ status: 'open', rows: [alert] }));
  });

  it('escape runs and their sources, and show the scan form only to scans:run', () => {
    const run: RunView = {
      run: {
        id: h(0),
        trigger: 'schedule',
        scheduleName: h(1),
        status: 'partial',
        requestedSources: [h(2)],
        createdAt: record.generatedAt,
        startedAt: null,
        finishedAt: null,
        error: h(3),
        sources: [{ sourceId: h(0), connector: 'okta', tenant: h(1), status: 'failed', attempts: 2, startedAt: null, finishedAt: null, requests: 1, pages: 1, throttled: 0, error: h(2), endpoints: [] }],
      },
      report: record,
      artefacts: [{ file: h(3), mediaType: h(0), bytes: 10 }],
      verification: null,
    };
    expectInert(renderRunPage(run));
    const withForm = renderRunsPage({ runs: [run.run], next: h(1), sources: [h(2)] }, { canStart: true, csrfToken: 'token-9' }).toString();
    expectInert(withForm);
    expect(withForm).toContain('id="start-scan"');
    expect(renderRunsPage({ runs: [], next: null, sources: [] }, { canStart: false, csrfToken: 'x' }).toString()).not.toContain('id="start-scan"');
  });

  it('escape the sign-in page, messages and the frame, whose user name comes from an ID token', () => {
    expectInert(renderSignInPage({ csrfToken: h(0), next: h(1), oidcLabel: h(2), problem: h(3) }));
    expectInert(renderMessagePage(h(0), h(1)));
    const page = renderConsolePage({ title: h(2), section: 'home', user: { name: h(3), scopes: ['reports:read'], via: 'oidc' }, csrfToken: h(0), body: renderMessagePage('t', 'm') });
    expectInert(page);
    expect(page).toContain('<main id="content"');
    expect(page).toContain('aria-current="page"');
  });
});
