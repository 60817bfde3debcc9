/** Linking accounts to people: case, aliases, duplicates, conflicting ids, rules, federation, person coverage, order. */
import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { renderJson } from '../../src/reports/render-json.js';
import { buildReport } from '../../src/reports/build-report.js';
import { fixtureInput } from '../reports/report-fixtures.js';
import { entry, person, run, sourced } from './reconcile-fixtures.js';

const roster = [
  person('E1', { email: 'ann.lee@contoso.com', aliases: ['ann@contoso.com'] }),
  person('E2', { email: 'bob.ray@contoso.com' }),
  person('E3', { email: 'shared@contoso.com', employeeId: 'E3' }),
  person('E4', { email: 'shared@contoso.com', employeeId: 'E4' }),
];

function linkOf(result: ReturnType<typeof run>, id: string) {
  return result.accounts.find((entry) => entry.account.id === id)?.link;
}

describe('correlateIdentities', () => {
  it.each([
    ['employee id, whatever its case', { id: 'x', login: 'whatever@other.example', employeeId: 'e1' }, 'E1', 'employee-id'],
    ['login as email, case-insensitively', { id: 'x', login: 'Ann.Lee@CONTOSO.com' }, 'E1', 'email'],
    ['login as a roster alias', { id: 'x', login: 'ANN@contoso.com' }, 'E1', 'alias'],
    ['an account alias (proxy address with smtp: prefix)', { id: 'x', login: 'a.lee@contoso.onmicrosoft.com', aliases: ['SMTP:Bob.Ray@contoso.com'] }, 'E2', 'alias'],
  ] as const)('links by %s', (_name, spec, personId, method) => {
    const link = linkOf(run({ accounts: [sourced(spec)], people: roster }), 'x');
    expect({ personId: link?.personId, method: link?.method, conflicts: link?.conflicts }).toEqual({ personId, method, conflicts: [] });
  });

  it('links through a domain alias and a configured rule, recording how', () => {
    const result = run({
      accounts: [
        sourced({ id: 'd', login: 'bob.ray@contoso.onmicrosoft.com' }),
        sourced({ id: 'r', sourceId: 'aws-prod', idp: 'aws', login: 'E2-admin' }),
        sourced({ id: 'n', sourceId: 'okta', idp: 'okta', login: 'E2-admin' }),
      ],
      people: roster,
      config: {
        correlation: {
          rules: [{ sourceId: 'aws-prod', loginPattern: '^(?<id>E\\d+)-admin$', key: 'employeeId', value: '$<id>' }],
          domainAliases: { 'contoso.onmicrosoft.com': 'contoso.com' },
          sharedAccountPatterns: [],
          adminAccountPatterns: [],
        },
      },
    });
    expect(linkOf(result, 'd')).toMatchObject({ personId: 'E2', method: 'domain-alias' });
    expect(linkOf(result, 'r')).toMatchObject({ personId: 'E2', method: 'rule', detail: expect.stringContaining('correlation rule 1') });
    expect(linkOf(result, 'n')).toMatchObject({ personId: null, method: null });
  });

  it('links nobody through a key two people share, and says so', () => {
    const link = linkOf(run({ accounts: [sourced({ id: 'x', login: 'shared@contoso.com' })], people: roster }), 'x');
    expect(link?.personId).toBeNull();
    expect(link?.conflicts).toEqual([expect.stringContaining('names 2 people (E3, E4)')]);
  });

  it('prefers the employee id over the address when they disagree, and records the conflict', () => {
    const link = linkOf(run({ accounts: [sourced({ id: 'x', login: 'bob.ray@contoso.com', employeeId: 'E1' })], people: roster }), 'x');
    expect(link).toMatchObject({ personId: 'E1', method: 'employee-id' });
    expect(link?.conflicts).toEqual(['login bob.ray@contoso.com (roster email) names E2, but employee id E1 names E1']);
  });

  it('gives a person the weakest coverage of their interactive accounts and lists people without accounts', () => {
    const result = run({
      accounts: [
        sourced({ id: 'x', login: 'ann.lee@contoso.com' }),
        sourced({ id: 'y', sourceId: 'aws', idp: 'aws', login: 'ann.lee@contoso.com', covered: 'no', enforced: 'no' }),
        sourced({ id: 'z', sourceId: 'okta', idp: 'okta', login: 'bob.ray@contoso.com', enabled: false, covered: 'n/a' }),
      ],
      people: roster,
    });
    const byId = new Map(result.people.map((outcome) => [outcome.person.id, outcome]));
    expect(byId.get('E1')?.covered).toBe('no');
    expect(byId.get('E1')?.reasons).toEqual(['aws ann.lee@contoso.com is not covered: the weakest account decides.']);
    expect(byId.get('E2')?.covered).toBe('n/a');
    expect(byId.get('E3')).toMatchObject({ covered: 'n/a', accounts: [], reasons: ['No account in any scanned source.'] });
  });

  it('uses an identity provider as the directory', () => {
    const result = run({
      accounts: [sourced({ id: 'x', sourceId: 'okta', idp: 'okta', login: 'Ann@contoso.com' }), sourced({ id: 'y', login: 'ann@contoso.com', covered: 'no', enforced: 'no' })],
      directory: { kind: 'source', sourceId: 'okta' },
    });
    expect(result.accounts.map((entry) => [entry.account.id, entry.link?.personId, entry.link?.method])).toEqual([
      ['y', 'ann@contoso.com', 'email'],
      ['x', 'ann@contoso.com', 'directory-account'],
    ]);
    expect(result.people[0]?.covered).toBe('no');
  });

  it("takes a delegated account's coverage from the account that authenticates it (federation)", () => {
    const delegated = { enforced: 'delegated', covered: 'unknown' } as const;
    const result = run({
      accounts: [
        sourced({ id: 'g1', sourceId: 'google', idp: 'google', login: 'ann.lee@contoso.com', ...delegated }),
        sourced({ id: 'g2', sourceId: 'google', idp: 'google', login: 'bob.ray@contoso.com', ...delegated }),
        sourced({ id: 'o1', sourceId: 'okta', idp: 'okta', login: 'ann.lee@contoso.com', factors: ['fido2'] }),
      ],
      config: { federation: { google: { delegatesTo: 'okta' } } },
    });
    const effective = new Map(result.accounts.map((entry) => [entry.account.id, entry.effectiveCovered]));
    expect(effective.get('g1')?.value).toBe('yes');
    expect(effective.get('g1')?.reasons[0]).toBe('Sign-in is delegated to okta: ann.lee@contoso.com there is covered.');
    expect(effective.get('g2')?.value).toBe('unknown');
    expect(result.accounts.find((entry) => entry.account.id === 'g1')?.account.covered).toBe('unknown');
  });

  it('assigns tiers by rule, privileged always tier 1, and checks the tier method policy', () => {
    const result = run({
      accounts: [
        sourced({ id: 'p', privileged: true, roles: ['Global Administrator'], factors: ['authenticator-push'] }),
        sourced({ id: 'f', login: 'bob.ray@contoso.com', factors: ['sms'] }),
        sourced({ id: 'o', sourceId: 'okta', idp: 'okta', factors: ['totp-software'] }),
      ],
      people: [person('E2', { email: 'bob.ray@contoso.com', department: 'Finance' })],
      config: { tiers: { default: 2, rules: [{ tier: 3, departments: ['finance'] }, { tier: 1, sourceIds: ['okta'] }] } },
    });
    const byId = new Map(result.accounts.map((entry) => [entry.account.id, entry]));
    expect([byId.get('p')?.tier.value, byId.get('p')?.methodPolicy.value]).toEqual([1, 'not-met']);
    expect([byId.get('f')?.tier.value, byId.get('f')?.methodPolicy.value]).toEqual([3, 'not-met']);
    expect(byId.get('f')?.methodPolicy.reasons).toEqual(['Strongest factor is weak (sms); tier 3 requires standard.']);
    expect([byId.get('o')?.tier.value, byId.get('o')?.methodPolicy.value]).toEqual([1, 'not-met']);
    expect(byId.get('f')?.gaps.map((gap) => gap.kind)).toEqual(['weak-method']);
  });

  it('matches a policy-exclusion entry only to the policy it names', () => {
    const excluded = sourced({ id: 'x', enforced: 'partial', covered: 'no', factors: ['totp-software'] });
    excluded.account.mfaEnforced.reasons = ['Excluded from policy "Require MFA for all users" by group Migration.'];
    const documented = run({ accounts: [excluded], entries: [entry('EX-1', { account: 'x@contoso.example', gap: 'policy-exclusion', policy: 'require mfa for all users' })] });
    const other = run({ accounts: [excluded], entries: [entry('EX-1', { account: 'x@contoso.example', gap: 'policy-exclusion', policy: 'Block legacy' })] });
    expect(documented.accounts[0]?.gaps).toMatchObject([{ kind: 'policy-exclusion', state: 'documented', exceptionId: 'EX-1' }]);
    expect(other.accounts[0]?.gaps).toMatchObject([{ kind: 'policy-exclusion', state: 'quiet', exceptionId: null }]);
    expect(other.exceptions[0]?.state).toBe('stale');
  });

  it('does not depend on the order of accounts, people, entries or findings (property)', () => {
    const accounts = [
      sourced({ id: 'a', login: 'ann.lee@contoso.com', covered: 'no', enforced: 'no', factors: ['sms'] }),
      sourced({ id: 'b', login: 'BOB.ray@contoso.com', employeeId: 'E1' }),
      sourced({ id: 'c', sourceId: 'okta', idp: 'okta', login: 'shared@contoso.com', covered: 'no', registered: 'no', enforced: 'yes' }),
      sourced({ id: 'd', sourceId: 'okta', idp: 'okta', login: 'ghost@contoso.com', privileged: true }),
      sourced({ id: 'e', sourceId: 'okta', idp: 'okta', login: 'ann.lee@contoso.com', legacy: 'open', covered: 'no' }),
    ];
    const entries = [
      entry('EX-1', { account: 'ann.lee@contoso.com', sourceId: 'entra-main' }),
      entry('EX-2', { person: 'E1', expires: '2024-01-01' }),
      entry('EX-3', { person: 'ann.lee@contoso.com', gap: 'legacy-protocol', riskOwner: undefined }),
      entry('EX-4', { account: 'nobody@contoso.com' }),
    ];
    const findings = [
      { ruleId: 'okta-mfa-rule-exclusion', severity: 'high' as const, subject: { type: 'account' as const, idp: 'okta' as const, tenant: 'contoso.onmicrosoft.com', id: 'e', name: 'e' }, message: 'Excluded from rule Z.' },
      { ruleId: 'okta-imap', severity: 'low' as const, subject: { type: 'account' as const, idp: 'okta' as const, tenant: 'contoso.onmicrosoft.com', id: 'e', name: 'e' }, message: 'IMAP open.' },
    ];
    const baseline = JSON.stringify(run({ accounts, people: roster, entries, findings }));
    fc.assert(
      fc.property(fc.shuffledSubarray(accounts, { minLength: accounts.length }), fc.shuffledSubarray(roster, { minLength: roster.length }), fc.shuffledSubarray(entries, { minLength: entries.length }), fc.shuffledSubarray(findings, { minLength: findings.length }), (a, p, e, f) => {
        expect(JSON.stringify(run({ accounts: a, people: p, entries: e, findings: f }))).toBe(baseline);
      }),
      { numRuns: 60 },
    );
  });

  it('puts people, exceptions and the reconcile summary into a schema-valid report', () => {
    const input = fixtureInput();
    const accounts = input.sources.flatMap(({ meta, analysis }) => analysis.accounts.map((account) => ({ sourceId: meta.sourceId, account })));
    const reconciliation = run({ accounts, people: [person('E9', { email: 'zoe@contoso.example' })], entries: [entry('EX-1', { account: 'bob@contoso.example' }), entry('EX-2', { person: 'nobody' })] });
    const report = JSON.parse(renderJson(buildReport({ ...input, reconciliation }))) as ReturnType<typeof buildReport>;
    const ajv = new Ajv2020Module.default({ strict: true, allErrors: true });
    addFormatsModule.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8')) as object);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.people.map((outcome) => outcome.id)).toEqual(['E9']);
    expect(report.exceptions.map((outcome) => [outcome.id, outcome.state])).toEqual([
      ['EX-1', 'documented'],
      ['EX-2', 'stale'],
    ]);
    expect(report.summary.exemptions.stale).toBe(1);
    expect(report.summary.exemptions.documented).toBe(1);
    expect(report.findings.some((finding) => finding.ruleId === 'exception-stale' && finding.subject.idp === 'organisation')).toBe(true);
    expect(report.summary.maturity.level).toBeGreaterThanOrEqual(1);
  });
});
