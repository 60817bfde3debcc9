import type { AssessedAccount } from '../../src/model/account.js';
import { buildReport, type BuildReportInput } from '../../src/reports/build-report.js';
import { renderJson } from '../../src/reports/render-json.js';
import { coveragePercent } from '../../src/reports/summarise-report.js';
import { defaultReconcileConfig } from '../../src/reconcile/reconcile-config.js';
import { reconcile } from '../../src/reconcile/reconcile-accounts.js';
import { account, finding, fixtureInput, sourceMeta, type AccountSpec } from './report-fixtures.js';

/** The same object with its keys inserted in reverse order, as another connector might build it. */
function reverseKeys<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).reverse()) as T;
}

function shuffled(input: BuildReportInput): BuildReportInput {
  return {
    ...input,
    sources: [...input.sources].reverse().map(({ meta, analysis }) => ({
      meta: reverseKeys({ ...meta, requests: reverseKeys(meta.requests), permissions: [...meta.permissions].reverse() }),
      analysis: {
        accounts: [...analysis.accounts].reverse().map((entry) => reverseKeys({ ...entry, mfaEnforced: reverseKeys(entry.mfaEnforced) })),
        findings: [...analysis.findings].reverse().map((entry) => reverseKeys({ ...entry, subject: reverseKeys(entry.subject) })),
        policies: [...analysis.policies].reverse().map(reverseKeys),
      },
    })),
    extraFindings: [...(input.extraFindings ?? [])].reverse(),
  };
}

/** One Entra source holding the given accounts. */
function singleSource(accounts: AssessedAccount[], status: 'complete' | 'partial' | 'failed' = 'complete'): BuildReportInput {
  return {
    ...fixtureInput(),
    sources: [{ meta: sourceMeta({ sourceId: 'entra-main', connector: 'entra', tenant: 'contoso.onmicrosoft.com', status }), analysis: { accounts, findings: [], policies: [] } }],
    extraFindings: [],
  };
}

/** A Workspace domain whose sign-ins are delegated to Okta, where one person is covered and the other is not. */
function federatedInput(): BuildReportInput {
  const delegated = { idp: 'google', tenant: 'contoso.com', enforced: 'delegated', covered: 'unknown' } as const;
  const google = ['ann', 'bob'].map((name, index) => account({ ...delegated, id: `g${index + 1}`, login: `${name}@contoso.com`, reasons: ['Delegated to Okta by SSO.'] }));
  const okta = [
    account({ idp: 'okta', tenant: 'https://contoso.okta.com', id: 'o1', login: 'ann@contoso.com' }),
    account({ idp: 'okta', tenant: 'https://contoso.okta.com', id: 'o2', login: 'bob@contoso.com', enforced: 'no', covered: 'no', reasons: ['Password only.'] }),
  ];
  const base = fixtureInput();
  const sources = [
    { meta: sourceMeta({ sourceId: 'google', connector: 'google', tenant: 'contoso.com' }), analysis: { accounts: google, findings: [], policies: [] } },
    { meta: sourceMeta({ sourceId: 'okta', connector: 'okta', tenant: 'https://contoso.okta.com' }), analysis: { accounts: okta, findings: [], policies: [] } },
  ];
  const reconciliation = reconcile({
    asOf: new Date(base.snapshot.createdAt),
    settings: base.settings,
    accounts: sources.flatMap(({ meta, analysis }) => analysis.accounts.map((entry) => ({ sourceId: meta.sourceId, account: entry }))),
    findings: [],
    directory: null,
    register: null,
    config: { ...defaultReconcileConfig, federation: { google: { delegatesTo: 'okta' } } },
  });
  return { ...base, sources, extraFindings: [], reconciliation };
}

describe('buildReport', () => {
  it('counts a delegated sign-in by the account that authenticates it, in every summary figure', () => {
    const { summary, accounts } = buildReport(federatedInput());
    expect(accounts.filter((entry) => entry.idp === 'google').map((entry) => [entry.login, entry.covered, entry.effectiveCovered.value])).toEqual([
      ['ann@contoso.com', 'unknown', 'yes'],
      ['bob@contoso.com', 'unknown', 'no'],
    ]);
    expect({ covered: summary.covered, notCovered: summary.notCovered, unknown: summary.unknown }).toEqual({ covered: 2, notCovered: 2, unknown: 0 });
    expect(summary.byIdp.google).toMatchObject({ covered: 1, notCovered: 1, unknown: 0 });
    expect(summary.bySource.google).toMatchObject({ covered: 1, notCovered: 1, unknown: 0 });
    expect(summary.byKind.human).toMatchObject({ covered: 2, notCovered: 2, unknown: 0 });
  });

  it('gives byte-identical JSON for the same input twice', () => {
    expect(renderJson(buildReport(fixtureInput()))).toBe(renderJson(buildReport(fixtureInput())));
  });

  it('gives byte-identical JSON whatever order sources, lists and object keys arrive in', () => {
    expect(renderJson(buildReport(shuffled(fixtureInput())))).toBe(renderJson(buildReport(fixtureInput())));
  });

  it('differs between two runs only in generatedAt', () => {
    const later = renderJson(buildReport({ ...fixtureInput(), generatedAt: '2025-03-01T00:00:00.000Z' }));
    const lines = renderJson(buildReport(fixtureInput())).split('\n');
    const changed = later.split('\n').filter((line, index) => line !== lines[index]);
    expect(changed).toEqual(['  "generatedAt": "2025-03-01T00:00:00.000Z",']);
  });

  it('does not share arrays with its input', () => {
    const input = fixtureInput();
    const report = buildReport(input);
    report.accounts[0]?.reasons.push('mutated');
    expect(input.sources.flatMap((source) => source.analysis.accounts).some((entry) => entry.reasons.includes('mutated'))).toBe(false);
  });

  it('sorts accounts by idp, tenant, login (case folded), id, and attaches the source id', () => {
    const report = buildReport(fixtureInput());
    expect(report.accounts.map((entry) => `${entry.sourceId}/${entry.login}`)).toEqual([
      'entra-main/=cmd|calc@contoso.example',
      'entra-main/Adele@contoso.example',
      'entra-main/bob@contoso.example',
      'entra-main/carol@contoso.example',
      'entra-main/dave@contoso.example',
      'entra-main/erin@contoso.example',
      'entra-main/svc-backup@contoso.example',
      'entra-main/zoe@contoso.example',
      'okta-prod/frank@acme.example',
      'okta-prod/grace@acme.example',
    ]);
  });

  it('sorts findings by severity, rule and subject, merging extra findings', () => {
    const input: BuildReportInput = {
      ...singleSource([]),
      extraFindings: [finding('b-rule', 'low', 'x'), finding('a-rule', 'low', 'y'), finding('a-rule', 'low', 'x'), finding('z-rule', 'critical', 'x'), finding('m', 'info', 'a')],
    };
    expect(buildReport(input).findings.map((entry) => `${entry.severity} ${entry.ruleId} ${entry.subject.id}`)).toEqual([
      'critical z-rule x',
      'low a-rule x',
      'low a-rule y',
      'low b-rule x',
      'info m a',
    ]);
  });

  it('sorts sources by id and policies by source, name and id', () => {
    const report = buildReport(fixtureInput());
    expect(report.sources.map((source) => source.sourceId)).toEqual(['aws-root', 'entra-main', 'okta-prod']);
    expect(report.policies.map((policy) => `${policy.sourceId}/${policy.id}`)).toEqual(['entra-main/p-1', 'entra-main/p-2', 'okta-prod/pol1']);
  });

  it('sorts record keys', () => {
    const report = buildReport(fixtureInput());
    const entra = report.sources.find((source) => source.sourceId === 'entra-main');
    expect(Object.keys(entra?.requests ?? {})).toEqual([...Object.keys(entra?.requests ?? {})].sort());
    expect(Object.keys(report.summary.enforcement)).toEqual(['delegated', 'n/a', 'no', 'partial', 'unknown', 'yes']);
    expect(Object.keys(report.summary.byIdp)).toEqual(['aws', 'entra', 'okta']);
  });

  it('adds phishingResistant to every factor', () => {
    const report = buildReport(singleSource([account({ id: 'a', factors: ['fido2', 'sms'] })]));
    expect(report.accounts[0]?.factors.map((factor) => [factor.type, factor.phishingResistant])).toEqual([
      ['fido2', true],
      ['sms', false],
    ]);
  });

  it('keeps a failed source visible: listed, zero accounts, null coverage, data marked incomplete', () => {
    const report = buildReport(fixtureInput());
    const aws = report.sources.find((source) => source.sourceId === 'aws-root');
    expect(aws?.status).toBe('failed');
    expect(aws?.errors[0]?.code).toBe('AUTH_FAILED');
    expect(report.summary.bySource['aws-root']).toEqual({ accounts: 0, covered: 0, notCovered: 0, unknown: 0, notApplicable: 0, coveragePercent: null });
    expect(report.summary.byIdp.aws?.coveragePercent).toBeNull();
    expect(report.summary.dataComplete).toBe(false);
    expect(report.summary.sourcesByStatus).toEqual({ complete: 1, failed: 1, partial: 1 });
  });

  it('marks data incomplete for a partial source and complete when every source is', () => {
    expect(buildReport(singleSource([account({ id: 'a' })], 'partial')).summary.dataComplete).toBe(false);
    expect(buildReport(singleSource([account({ id: 'a' })], 'complete')).summary.dataComplete).toBe(true);
  });
});

describe('summary arithmetic', () => {
  const specs = (covered: Array<AccountSpec['covered']>): AssessedAccount[] =>
    covered.map((value, index) => account({ id: `a${index}`, covered: value, enforced: value === 'n/a' ? 'n/a' : 'yes' }));

  it.each<[string, Array<AccountSpec['covered']>, { accounts: number; covered: number; notCovered: number; unknown: number; notApplicable: number; coveragePercent: number | null }]>([
    ['no accounts', [], { accounts: 0, covered: 0, notCovered: 0, unknown: 0, notApplicable: 0, coveragePercent: null }],
    ['only n/a accounts', ['n/a', 'n/a'], { accounts: 2, covered: 0, notCovered: 0, unknown: 0, notApplicable: 2, coveragePercent: null }],
    ['all covered', ['yes', 'yes', 'n/a'], { accounts: 3, covered: 2, notCovered: 0, unknown: 0, notApplicable: 1, coveragePercent: 100 }],
    ['unknown counts against coverage', ['yes', 'unknown'], { accounts: 2, covered: 1, notCovered: 0, unknown: 1, notApplicable: 0, coveragePercent: 50 }],
    ['one third', ['yes', 'no', 'unknown'], { accounts: 3, covered: 1, notCovered: 1, unknown: 1, notApplicable: 0, coveragePercent: 33.3 }],
    ['two thirds round down', ['yes', 'yes', 'no'], { accounts: 3, covered: 2, notCovered: 1, unknown: 0, notApplicable: 0, coveragePercent: 66.6 }],
    ['none covered', ['no', 'no', 'n/a'], { accounts: 3, covered: 0, notCovered: 2, unknown: 0, notApplicable: 1, coveragePercent: 0 }],
  ])('%s', (_name, covered, expected) => {
    const { summary } = buildReport(singleSource(specs(covered)));
    expect({
      accounts: summary.accounts,
      covered: summary.covered,
      notCovered: summary.notCovered,
      unknown: summary.unknown,
      notApplicable: summary.notApplicable,
      coveragePercent: summary.coveragePercent,
    }).toEqual(expected);
  });

  it.each<[number, number, number | null]>([
    [0, 0, null],
    [0, 5, 0],
    [5, 5, 100],
    [1, 8, 12.5],
    [1, 16, 6.2],
    [1999, 2000, 99.9],
    [99999, 100000, 99.9],
    [1, 3, 33.3],
    [7, 7, 100],
  ])('coveragePercent(%i, %i) = %p', (covered, inScope, expected) => {
    expect(coveragePercent(covered, inScope)).toBe(expected);
  });

  it('never rounds up to 100.0 while an account is not covered', () => {
    for (let inScope = 1; inScope <= 3000; inScope += 1) {
      expect(coveragePercent(inScope - 1, inScope)).toBeLessThan(100);
    }
  });

  it('breaks down by kind, privilege and IdP, and counts distributions over in-scope accounts only', () => {
    const accounts = [
      account({ id: 'a', kind: 'human', privileged: true, factors: ['fido2', 'sms'], covered: 'yes' }),
      account({ id: 'b', kind: 'human', factors: ['sms'], enforced: 'partial', covered: 'no' }),
      account({ id: 'c', kind: 'guest', registered: 'no', covered: 'no' }),
      account({ id: 'd', kind: 'service', factors: ['totp-software'], registered: 'yes', enforced: 'n/a', covered: 'n/a' }),
      account({ id: 'e', kind: 'human', privileged: true, registered: 'unknown', enforced: 'unknown', covered: 'unknown' }),
    ];
    const { summary } = buildReport({
      ...singleSource(accounts),
      extraFindings: [finding('r', 'high', 'a'), finding('r', 'high', 'b'), finding('s', 'low', 'c')],
    });
    expect(summary.byKind.human).toEqual({ accounts: 3, covered: 1, notCovered: 1, unknown: 1, notApplicable: 0, coveragePercent: 33.3 });
    expect(summary.byKind.guest).toEqual({ accounts: 1, covered: 0, notCovered: 1, unknown: 0, notApplicable: 0, coveragePercent: 0 });
    expect(summary.byKind.service).toEqual({ accounts: 1, covered: 0, notCovered: 0, unknown: 0, notApplicable: 1, coveragePercent: null });
    expect(summary.byKind.root?.accounts).toBe(0);
    expect(summary.privileged).toEqual({ accounts: 2, covered: 1, notCovered: 0, unknown: 1, notApplicable: 0, coveragePercent: 50 });
    expect(summary.byIdp).toEqual({ entra: { accounts: 5, covered: 1, notCovered: 2, unknown: 1, notApplicable: 1, coveragePercent: 25 } });
    expect(summary.enforcement).toEqual({ delegated: 0, 'n/a': 0, no: 0, partial: 1, unknown: 1, yes: 2 });
    expect(summary.registration).toEqual({ no: 1, unknown: 1, yes: 2 });
    expect(summary.factorTypes.sms).toBe(2);
    expect(summary.factorTypes.fido2).toBe(1);
    expect(summary.factorTypes['totp-software']).toBe(0);
    expect(summary.findingsBySeverity).toEqual({ critical: 0, high: 2, info: 0, low: 1, medium: 0 });
  });
});
