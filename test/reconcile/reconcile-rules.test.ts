/** Each reconcile rule, table-driven: a scenario that must raise it (on the named subjects) and one that must not. */
import { reconcileFindingRules } from '../../src/reconcile/reconcile-finding-rules.js';
import { asOf, entry, person, ruleFindings, run, sourced, type Scenario } from './reconcile-fixtures.js';

const noMfa = { enforced: 'no', covered: 'no', factors: ['authenticator-push'] } as const;
const roster = [person('E1'), person('E2', { status: 'terminated', terminationDate: '2025-01-15' }), person('E3', { employmentType: 'contractor' })];

/** `passes` must raise nothing; `alsoPasses`, where given, are further near misses that must not either. */
const cases: Array<{ rule: string; fails: Scenario; failSubjects: string[]; passes: Scenario; alsoPasses?: Scenario[] }> = [
  {
    rule: 'quiet-exemption',
    fails: { accounts: [sourced({ id: 'a1', ...noMfa })] },
    failSubjects: ['a1'],
    passes: { accounts: [sourced({ id: 'a1', ...noMfa })], entries: [entry('EX-1', { account: 'a1@contoso.example' })] },
    alsoPasses: [{ accounts: [sourced({ id: 'a1', factors: ['authenticator-push'] })] }, { accounts: [sourced({ id: 'a1', ...noMfa })], entries: [entry('EX-1', { person: 'a1@contoso.example' })], people: [person('A1', { email: 'a1@contoso.example' })] }],
  },
  {
    rule: 'exception-expired',
    fails: { accounts: [sourced({ id: 'a1', ...noMfa })], entries: [entry('EX-1', { account: 'a1@contoso.example', expires: '2025-01-31' })] },
    failSubjects: ['EX-1'],
    passes: { accounts: [sourced({ id: 'a1', ...noMfa })], entries: [entry('EX-1', { account: 'a1@contoso.example', expires: '2025-02-01' })] },
  },
  {
    rule: 'exception-incomplete',
    fails: { accounts: [sourced({ id: 'a1', ...noMfa })], entries: [entry('EX-1', { account: 'a1@contoso.example', riskOwner: undefined })] },
    failSubjects: ['EX-1'],
    passes: { accounts: [sourced({ id: 'a1', ...noMfa })], entries: [entry('EX-1', { account: 'A1@CONTOSO.example' })] },
  },
  {
    rule: 'exception-stale',
    fails: { accounts: [sourced({ id: 'a1' })], entries: [entry('EX-1', { account: 'a1@contoso.example' })] },
    failSubjects: ['EX-1'],
    passes: { accounts: [sourced({ id: 'a1', ...noMfa })], entries: [entry('EX-1', { account: 'a1@contoso.example' })] },
  },
  {
    rule: 'mfa-registered-not-enforced',
    fails: { accounts: [sourced({ id: 'a1', ...noMfa })] },
    failSubjects: ['a1'],
    passes: { accounts: [sourced({ id: 'a1', registered: 'no', enforced: 'no', covered: 'no' })] },
  },
  {
    rule: 'mfa-enforced-not-registered',
    fails: { accounts: [sourced({ id: 'a1', registered: 'no', covered: 'no' })] },
    failSubjects: ['a1'],
    passes: { accounts: [sourced({ id: 'a1', factors: ['fido2'] })] },
    alsoPasses: [
      { accounts: [sourced({ id: 'a1', registered: 'no', enforced: 'no', covered: 'no' })] },
      // Partly enforced: a password-only path exists, which its own gap reports; MFA is not "enforced" on it.
      { accounts: [sourced({ id: 'a1', registered: 'no', enforced: 'partial', covered: 'no' })] },
    ],
  },
  {
    rule: 'leaver-active-account',
    fails: { accounts: [sourced({ id: 'a1', employeeId: 'E2' })], people: roster },
    failSubjects: ['a1'],
    passes: { accounts: [sourced({ id: 'a1', employeeId: 'E2', enabled: false, covered: 'n/a' })], people: roster },
    alsoPasses: [{ accounts: [sourced({ id: 'a1', employeeId: 'E1' })], people: roster }],
  },
  {
    rule: 'orphan-account',
    fails: { accounts: [sourced({ id: 'a1', login: 'ghost@contoso.example' })], people: roster },
    failSubjects: ['a1'],
    passes: { accounts: [sourced({ id: 'a1', login: 'ghost@contoso.example' })] },
    alsoPasses: [{ accounts: [sourced({ id: 'a1', login: 'e1@contoso.example' })], people: roster }, { accounts: [sourced({ id: 'a1', login: 'ghost@contoso.example', enabled: false, covered: 'n/a' })], people: roster }],
  },
  {
    rule: 'conflicting-identity-link',
    fails: { accounts: [sourced({ id: 'a1', login: 'e1@contoso.example', employeeId: 'E3' })], people: roster },
    failSubjects: ['a1'],
    passes: { accounts: [sourced({ id: 'a1', login: 'e1@contoso.example', employeeId: 'E1' })], people: roster },
  },
  {
    rule: 'shared-account-without-justification',
    fails: { accounts: [sourced({ id: 'a1', login: 'reception@contoso.example' })], people: roster },
    failSubjects: ['a1'],
    passes: {
      accounts: [sourced({ id: 'a1', login: 'reception@contoso.example' })],
      people: roster,
      entries: [entry('EX-1', { account: 'reception@contoso.example', gap: 'shared-account' })],
    },
  },
  {
    rule: 'service-account-without-compensating-controls',
    fails: { accounts: [sourced({ id: 'a1', login: 'svc-sync@contoso.example', kind: 'service', enabled: true, covered: 'n/a' })] },
    failSubjects: ['a1'],
    passes: {
      accounts: [sourced({ id: 'a1', login: 'svc-sync@contoso.example', kind: 'service', enabled: true, covered: 'n/a' })],
      entries: [entry('EX-1', { account: 'svc-sync@contoso.example', gap: 'service-account' })],
    },
  },
  {
    rule: 'break-glass-without-exception',
    fails: {
      accounts: [sourced({ id: 'a1', login: 'bg@contoso.example', ...noMfa })],
      config: { breakGlass: [{ login: 'bg@contoso.example' }] },
      entries: [entry('EX-1', { account: 'bg@contoso.example', gap: 'break-glass', compensatingControls: ['Password in a safe'] })],
    },
    failSubjects: ['a1'],
    passes: {
      accounts: [sourced({ id: 'a1', login: 'bg@contoso.example', ...noMfa })],
      config: { breakGlass: [{ login: 'bg@contoso.example' }] },
      entries: [entry('EX-1', { account: 'bg@contoso.example', gap: 'break-glass', compensatingControls: ['Sign-ins alert the SOC'] })],
    },
  },
  {
    rule: 'privileged-daily-use-account',
    fails: { accounts: [sourced({ id: 'a1', login: 'ann@contoso.example', privileged: true, roles: ['Global Administrator'], factors: ['fido2'] })] },
    failSubjects: ['a1'],
    passes: { accounts: [sourced({ id: 'a1', login: 'adm-ann@contoso.example', privileged: true, roles: ['Global Administrator'], factors: ['fido2'] })] },
    alsoPasses: [{ accounts: [sourced({ id: 'a1', login: 'ann@contoso.example', factors: ['fido2'] })] }],
  },
  {
    rule: 'privileged-without-phishing-resistant',
    fails: { accounts: [sourced({ id: 'a1', privileged: true, factors: ['authenticator-push'] })] },
    failSubjects: ['a1'],
    passes: { accounts: [sourced({ id: 'a1', privileged: true, factors: ['authenticator-push', 'passkey'] })] },
    alsoPasses: [
      { accounts: [sourced({ id: 'a1', factors: ['authenticator-push'] })] },
      // An AWS root with a hardware token or FIDO key: IAM does not say which, so it is not known to lack one.
      { accounts: [sourced({ id: 'r1', sourceId: 'aws', idp: 'aws', kind: 'root', privileged: true, factors: ['unknown'] })] },
    ],
  },
  {
    rule: 'privileged-weak-factors-only',
    fails: { accounts: [sourced({ id: 'a1', privileged: true, factors: ['sms', 'voice'] })] },
    failSubjects: ['a1'],
    passes: { accounts: [sourced({ id: 'a1', privileged: true, factors: ['sms', 'totp-software'] })] },
  },
  {
    rule: 'third-party-without-mfa',
    fails: { accounts: [sourced({ id: 'a1', login: 'e3@contoso.example', ...noMfa }), sourced({ id: 'g1', kind: 'guest', ...noMfa })], people: roster },
    failSubjects: ['a1', 'g1'],
    passes: { accounts: [sourced({ id: 'a1', login: 'e1@contoso.example', ...noMfa })], people: roster },
    alsoPasses: [{ accounts: [sourced({ id: 'g1', kind: 'guest', factors: ['authenticator-push'] })] }],
  },
  {
    rule: 'dormant-enabled-account',
    fails: {
      accounts: [sourced({ id: 'a1', lastSignInAt: '2024-10-01T00:00:00Z' }), sourced({ id: 'a2', lastSignInAt: null, createdAt: '2024-01-01T00:00:00Z' })],
    },
    failSubjects: ['a1', 'a2'],
    passes: { accounts: [sourced({ id: 'a1', lastSignInAt: '2025-01-20T00:00:00Z' }), sourced({ id: 'a2', lastSignInAt: null, createdAt: null })] },
    // A root user left unused for years is the recommended practice, not a dormant account.
    alsoPasses: [{ accounts: [sourced({ id: 'r1', sourceId: 'aws', idp: 'aws', kind: 'root', privileged: true, factors: ['unknown'], lastSignInAt: '2022-03-01T00:00:00Z' })] }],
  },
];

describe('reconcile finding rules', () => {
  it('has a test case for every rule in the catalogue', () => {
    expect(cases.map((testCase) => testCase.rule).sort()).toEqual(reconcileFindingRules.map((rule) => rule.id).sort());
  });

  it.each(reconcileFindingRules.map((rule) => [rule.id, rule] as const))('%s has the documented metadata', (_id, rule) => {
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.rationale.length).toBeGreaterThan(40);
    expect(rule.remediation.length).toBeGreaterThan(20);
    expect(rule.references).toContain('NIS2 Art.21(2)(j)');
    expect(rule.references.some((reference) => reference.startsWith('CIR 2024/2690 11.'))).toBe(true);
  });

  it.each(cases.map((testCase) => [testCase.rule, testCase] as const))('%s: raised on the failing scenario, not on the passing one', (ruleId, testCase) => {
    expect(ruleFindings(run(testCase.fails), ruleId).sort()).toEqual(testCase.failSubjects);
    expect(ruleFindings(run(testCase.passes), ruleId)).toEqual([]);
    for (const scenario of testCase.alsoPasses ?? []) expect(ruleFindings(run(scenario), ruleId)).toEqual([]);
  });

  it.each(cases.map((testCase) => [testCase.rule, testCase] as const))('%s: findings carry the rule metadata and name their subject', (ruleId, testCase) => {
    const rule = reconcileFindingRules.find((candidate) => candidate.id === ruleId);
    const raised = run(testCase.fails).findings.filter((finding) => finding.ruleId === ruleId);
    expect(raised.length).toBeGreaterThan(0);
    for (const finding of raised) {
      expect(finding.severity).toBe(rule?.severity);
      expect(finding.message).toContain(finding.subject.type === 'exception' ? finding.subject.id : finding.subject.name);
    }
  });

  it('judges expiry against the snapshot time, valid through the whole expiry day', () => {
    expect(asOf.toISOString().slice(0, 10)).toBe('2025-02-01');
    const result = run({ accounts: [sourced({ id: 'a1', ...noMfa })], entries: [entry('EX-1', { account: 'a1@contoso.example', expires: '2025-02-01' })] });
    expect(result.accounts[0]?.gaps.find((gap) => gap.kind === 'no-mfa')?.state).toBe('documented');
  });
});
