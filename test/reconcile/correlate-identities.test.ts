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

type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

function ruleFindingsOf(result: ReturnType<typeof run>, ruleId: string): string[] {
  return result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.subject.id).sort();
}

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

  it('links duplicates of one person across sources and within one source, each account once', () => {
    const result = run({
      accounts: [
        sourced({ id: 'x1', login: 'ann.lee@contoso.com' }),
        sourced({ id: 'x2', login: 'ANN.LEE@contoso.com', employeeId: 'E1' }),
        sourced({ id: 'o1', sourceId: 'okta', idp: 'okta', login: 'ann@contoso.com' }),
        sourced({ id: 'g1', sourceId: 'google', idp: 'google', login: 'Ann.Lee@contoso.com', aliases: ['ann@contoso.com', 'ANN.LEE@contoso.com'] }),
      ],
      people: roster,
    });
    expect(result.accounts.map((entry) => [entry.sourceId, entry.account.id, entry.link?.personId, entry.link?.conflicts])).toEqual([
      ['entra-main', 'x1', 'E1', []],
      ['entra-main', 'x2', 'E1', []],
      ['google', 'g1', 'E1', []],
      ['okta', 'o1', 'E1', []],
    ]);
    expect(result.people.find((outcome) => outcome.person.id === 'E1')?.accounts.map((ref) => ref.id)).toEqual(['x1', 'x2', 'g1', 'o1']);
    expect(result.findings.filter((finding) => finding.ruleId === 'conflicting-identity-link')).toEqual([]);
  });

  it('links nobody through an alias two people share, but still links by a key only one of them holds', () => {
    const people = [person('E1', { email: 'ann@contoso.com', aliases: ['a.b@contoso.com'] }), person('E2', { email: 'bob@contoso.com', aliases: ['A.B@contoso.com'] })];
    const result = run({
      accounts: [sourced({ id: 'a', login: 'a.b@contoso.com' }), sourced({ id: 'b', login: 'a.b@contoso.com', employeeId: 'e2' })],
      people,
    });
    expect(linkOf(result, 'a')).toMatchObject({ personId: null, method: null, conflicts: [expect.stringContaining('names 2 people (E1, E2)')] });
    expect(linkOf(result, 'b')).toMatchObject({ personId: 'E2', method: 'employee-id', conflicts: [expect.stringContaining('names 2 people (E1, E2)')] });
    expect(ruleFindingsOf(result, 'conflicting-identity-link')).toEqual(['a', 'b']);
    expect(ruleFindingsOf(result, 'orphan-account')).toEqual(['a']);
  });

  it('records every conflicting key: an alias and a rule naming other people than the employee id', () => {
    const result = run({
      accounts: [sourced({ id: 'x', sourceId: 'aws', idp: 'aws', login: 'E2-admin', employeeId: 'E1', aliases: ['bob.ray@contoso.com'] })],
      people: roster,
      config: {
        correlation: {
          rules: [{ loginPattern: '^(?<id>E\\d+)-admin$', key: 'employeeId', value: '$<id>' }],
          domainAliases: {},
          sharedAccountPatterns: [],
          adminAccountPatterns: [],
        },
      },
    });
    expect(linkOf(result, 'x')).toEqual({
      personId: 'E1',
      method: 'employee-id',
      detail: 'employee id E1 matches E1.',
      conflicts: ['account alias bob.ray@contoso.com (roster email) names E2, but employee id E1 names E1', 'correlation rule 1 (employeeId e2) names E2, but employee id E1 names E1'],
    });
  });

  it('links an upper-case employee id in the roster to a lower-case one in the account, and a mixed-case alias', () => {
    const people = [person('EMP-7', { employeeId: 'EMP-7', email: 'zoe@contoso.com', aliases: ['z.old@contoso.com'] })];
    const result = run({ accounts: [sourced({ id: 'a', login: 'x@other.example', employeeId: ' emp-7 ' }), sourced({ id: 'b', login: 'Z.Old@Contoso.COM' })], people });
    expect([linkOf(result, 'a')?.personId, linkOf(result, 'a')?.method, linkOf(result, 'b')?.personId, linkOf(result, 'b')?.method]).toEqual(['EMP-7', 'employee-id', 'EMP-7', 'alias']);
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

  it('classes a root user as root: no shared-account gap, no quiet exemption, and an untyped device leaves the method policy unknown', () => {
    const root = sourced({ id: 'arn:aws:iam::123456789012:root', sourceId: 'aws', idp: 'aws', login: 'root@123456789012', kind: 'root', privileged: true, factors: ['unknown'] });
    const [result] = run({ accounts: [root] }).accounts;
    expect(result?.accountClass.value).toBe('root');
    expect(result?.methodPolicy.value).toBe('unknown');
    expect(result?.methodPolicy.reasons.join(' ')).toMatch(/enrolled but its method is not readable/);
    expect(result?.gaps).toEqual([]);
  });

  it.each([
    ['only an unreadable method', ['unknown'], 1, 'unknown'],
    ['a weak factor beside an unreadable one', ['sms', 'unknown'], 2, 'unknown'],
    ['a phishing-resistant factor beside an unreadable one', ['fido2', 'unknown'], 1, 'met'],
    ['a standard factor for tier 2, beside an unreadable one', ['totp-software', 'unknown'], 2, 'met'],
    ['a weak factor alone stays not-met', ['sms'], 2, 'not-met'],
  ] as const)('method policy with %s', (_name, factors, tier, expected) => {
    const account = sourced({ id: 'm', factors: [...factors], privileged: tier === 1 });
    const [result] = run({ accounts: [account] }).accounts;
    expect(result?.methodPolicy.value).toBe(expected);
    expect(result?.gaps.some((gap) => gap.kind === 'weak-method')).toBe(expected === 'not-met');
  });

  it('takes the gap kind of a partial verdict from its structured cause, never from the words of its reason', () => {
    const excluded = sourced({ id: 'x', enforced: 'partial', covered: 'no', factors: ['totp-software'] });
    const line = "A password alone signs in from any network to Wiki: authentication policy rule 'Wiki 1FA' of 'Wiki Policy' (factorMode 1FA).";
    excluded.account.mfaEnforced = { value: 'partial', reasons: [line], causes: [{ kind: 'policy-exclusion', reasons: [line] }] };
    const result = run({ accounts: [excluded], entries: [entry('EX-1', { account: 'x@contoso.example', gap: 'policy-exclusion', policy: 'Wiki Policy' })] });
    expect(result.accounts[0]?.gaps).toMatchObject([{ kind: 'policy-exclusion', state: 'documented', exceptionId: 'EX-1', evidence: [line] }]);

    const zoned = sourced({ id: 'z', enforced: 'partial', covered: 'no', factors: ['totp-software'] });
    const zoneLine = "A password alone signs in from zone 'Office' to Okta Dashboard: authentication policy rule 'Office 1FA' of 'Dashboard Policy' (factorMode 1FA).";
    zoned.account.mfaEnforced = { value: 'partial', reasons: [zoneLine, line], causes: [{ kind: 'trusted-location', reasons: [zoneLine] }, { kind: 'policy-exclusion', reasons: [line] }] };
    expect(run({ accounts: [zoned] }).accounts[0]?.gaps.map((gap) => [gap.kind, gap.evidence])).toEqual([
      ['trusted-location', [zoneLine]],
      ['policy-exclusion', [line]],
    ]);
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

  it('does not depend on input order for generated organisations, and accounts for every account once (property)', () => {
    const logins = ['ann.lee@contoso.com', 'bob.ray@contoso.com', 'shared@contoso.com', 'ann@contoso.com', 'ghost@contoso.com', 'info@contoso.com', 'svc-sync@contoso.com', 'e3-admin', 'adm-ann@contoso.com'];
    const caseOf = (text: string, upper: boolean) => (upper ? text.toUpperCase() : text);
    const accountArb = fc.record({
      sourceId: fc.constantFrom('entra-main', 'okta', 'google', 'aws'),
      login: fc.constantFrom(...logins),
      upper: fc.boolean(),
      employeeId: fc.option(fc.constantFrom('E1', 'e2', 'E3', 'E4', 'E9'), { nil: undefined }),
      aliases: fc.option(fc.subarray(['SMTP:ann@contoso.com', 'smtp:bob.ray@contoso.com', 'x@other.example']), { nil: undefined }),
      state: fc.constantFrom('covered', 'no-mfa', 'partial', 'unregistered', 'disabled', 'delegated', 'unknown'),
      factors: fc.subarray(['fido2', 'authenticator-push', 'sms', 'voice', 'totp-software'] as const),
      privileged: fc.boolean(),
      legacyOpen: fc.boolean(),
    });
    const rosterArb = fc.uniqueArray(
      fc.record({
        employeeId: fc.constantFrom('E1', 'E2', 'E3', 'E4', 'E5'),
        email: fc.constantFrom('ann.lee@contoso.com', 'bob.ray@contoso.com', 'shared@contoso.com', 'zoe@contoso.com'),
        aliases: fc.subarray(['ann@contoso.com', 'a.b@contoso.com']),
        status: fc.constantFrom('active' as const, 'terminated' as const),
        employmentType: fc.constantFrom('employee' as const, 'contractor' as const, 'external' as const),
      }),
      { selector: (candidate) => candidate.employeeId, maxLength: 5 },
    );
    const entryArb = fc.record({
      subject: fc.oneof(fc.record({ account: fc.constantFrom(...logins) }), fc.record({ person: fc.constantFrom('E1', 'e2', 'bob.ray@contoso.com') })),
      gap: fc.constantFrom('no-mfa' as const, 'trusted-location' as const, 'legacy-protocol' as const, 'weak-method' as const, 'shared-account' as const),
      expires: fc.constantFrom('2024-12-31', '2025-12-31', undefined),
      riskOwner: fc.constantFrom('Dana', undefined),
    });
    const organisation = fc.record({ accounts: fc.array(accountArb, { maxLength: 14 }), roster: rosterArb, entries: fc.array(entryArb, { maxLength: 6 }) });
    const build = (generated: { accounts: Array<Generated<typeof accountArb>> }) =>
      generated.accounts.map((spec, position) => {
        const states = {
          covered: { enforced: 'yes', covered: 'yes' },
          'no-mfa': { enforced: 'no', covered: 'no' },
          partial: { enforced: 'partial', covered: 'no' },
          unregistered: { enforced: 'yes', registered: 'no', covered: 'no' },
          disabled: { enabled: false, covered: 'n/a' },
          delegated: { enforced: 'delegated', covered: 'unknown' },
          unknown: { enforced: 'unknown', registered: 'unknown', covered: 'unknown' },
        } as const;
        const built = sourced({
          id: `${spec.sourceId}-${position}`,
          sourceId: spec.sourceId,
          idp: spec.sourceId === 'entra-main' ? 'entra' : (spec.sourceId as 'okta' | 'google' | 'aws'),
          login: caseOf(spec.login, spec.upper),
          factors: spec.factors,
          privileged: spec.privileged,
          legacy: spec.legacyOpen ? 'open' : 'blocked',
          kind: spec.login.startsWith('svc-') ? 'service' : 'human',
          ...(spec.employeeId === undefined ? {} : { employeeId: spec.employeeId }),
          ...(spec.aliases === undefined ? {} : { aliases: spec.aliases }),
          ...states[spec.state],
        });
        return built;
      });
    const config = { federation: { google: { delegatesTo: 'okta' } }, breakGlass: [{ login: 'ghost@contoso.com', sourceId: 'okta' }] };
    fc.assert(
      fc.property(
        organisation.chain((generated) =>
          fc.tuple(
            fc.constant(generated),
            fc.shuffledSubarray(build(generated), { minLength: generated.accounts.length }),
            fc.shuffledSubarray(generated.roster, { minLength: generated.roster.length }),
            fc.shuffledSubarray(generated.entries, { minLength: generated.entries.length }),
          ),
        ),
        ([generated, shuffledAccounts, shuffledRoster, shuffledEntries]) => {
          const peopleOf = (rows: typeof generated.roster) => rows.map((row) => person(row.employeeId, { ...row }));
          const idOf = new Map(generated.entries.map((row, position) => [row, `EX-${position}`]));
          const entriesOf = (rows: typeof generated.entries) => rows.map((row) => entry(idOf.get(row) ?? 'EX-?', { ...row.subject, gap: row.gap, expires: row.expires, riskOwner: row.riskOwner }));
          const accounts = build(generated);
          const baseline = run({ accounts, people: peopleOf(generated.roster), entries: entriesOf(generated.entries), config });
          const shuffled = run({ accounts: shuffledAccounts, people: peopleOf(shuffledRoster), entries: entriesOf(shuffledEntries), config });
          expect(JSON.stringify(shuffled)).toBe(JSON.stringify(baseline));
          // Every account once; every link names a person of the roster; people list exactly the linked accounts.
          expect(baseline.accounts.map((entry) => entry.account.id).sort()).toEqual(accounts.map((entry) => entry.account.id).sort());
          const ids = new Set(baseline.people.map((outcome) => outcome.person.id));
          const linked = baseline.accounts.filter((entry) => entry.link?.personId);
          expect(linked.every((entry) => ids.has(entry.link?.personId ?? ''))).toBe(true);
          expect(baseline.people.reduce((sum, outcome) => sum + outcome.accounts.length, 0)).toBe(linked.length);
          // Each register entry is judged once; stale exactly when it matched no gap.
          expect(baseline.exceptions.map((outcome) => outcome.state === 'stale')).toEqual(baseline.exceptions.map((outcome) => outcome.gaps === 0));
        },
      ),
      { numRuns: 150 },
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
