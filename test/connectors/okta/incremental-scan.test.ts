/**
 * Incremental scans: after a full scan, the next one re-fetches factors only for users whose lastUpdated changed,
 * who are new, or who appear in MFA events of the System Log; configuration only when the log shows it changed.
 * Everything else is carried forward with its original fetch time, and the analysis matches a full scan.
 */
import { defaultAnalysisSettings, type SourceAnalysis } from '../../../src/connectors/connector.js';
import { analyseOkta } from '../../../src/connectors/okta/analyse-okta.js';
import { scaledClock, type Clock } from '../../../src/connectors/okta/okta-clock.js';
import { accessRule, oktaFactor, oktaLogEvent, oktaUser, type OktaOrgFixture } from '../../../src/simulators/okta/okta-org-fixture.js';
import { baseOrg, ids } from './okta-org-cases.js';
import { scanOrg, temporaryDirectory, writeOrgSource } from './okta-scan-harness.js';

const userCount = 150;

function organisation(): OktaOrgFixture {
  const org = baseOrg();
  for (let index = 0; index < userCount; index += 1) {
    const id = `00uinc${String(index).padStart(5, '0')}`;
    org.users.push(oktaUser({ id, login: `inc${index}@example.com`, lastUpdated: '2025-01-01T00:00:00.000Z' }));
    org.factors.set(id, [oktaFactor(id, 'push')]);
  }
  return org;
}

const userId = (index: number): string => `00uinc${String(index).padStart(5, '0')}`;

function judge(analysis: SourceAnalysis): Record<string, string> {
  return Object.fromEntries(
    analysis.accounts.map((account) => [
      account.login,
      [account.mfaEnforced.value, account.mfaRegistered.value, account.covered, account.factors.map((factor) => factor.type).join('+')].join(' '),
    ]),
  );
}

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
let clock: Clock;
beforeAll(async () => {
  directory = await temporaryDirectory();
  clock = scaledClock(60);
});
afterAll(async () => {
  await directory.remove();
});

/** Later scans of "the same org" must reach it at the same URL: the tenant is part of the incremental check. */
const samePort = (url: string) => ({ port: Number(new URL(url).port) });

const analyse = (source: Parameters<typeof analyseOkta>[0]) => analyseOkta(source, { asOf: new Date(clock.now()), settings: defaultAnalysisSettings });

describe('incremental Okta scans', () => {
  it('re-fetches only changed users and carries the rest forward with their fetch time', async () => {
    const first = await scanOrg(await writeOrgSource(directory.path, 'v1', organisation()), directory.path, 'scan-1', { clock });
    expect(first.result?.mode).toBe('full');
    const firstFactorsAt = first.source.meta.endpoints.factors?.fetchedAt;

    // Between the scans: three users edited (one also changed factors), two enrol a factor (the log says so),
    // one user joins and one leaves.
    const changed = organisation();
    const published = new Date(clock.now()).toISOString();
    for (const index of [3, 4, 5]) {
      const user = changed.users.find((candidate) => candidate.id === userId(index));
      if (user) user.lastUpdated = published;
    }
    changed.factors.set(userId(3), [oktaFactor(userId(3), 'webauthn')]);
    for (const index of [10, 11]) {
      changed.factors.set(userId(index), [oktaFactor(userId(index), 'sms')]);
      changed.logEvents.push(
        oktaLogEvent({ uuid: `evt-${index}`, published, eventType: 'user.mfa.factor.activate', actorId: userId(index), targets: [{ id: userId(index), type: 'User' }] }),
      );
    }
    changed.users.push(oktaUser({ id: '00unewcomer', login: 'newcomer@example.com' }));
    changed.factors.set('00unewcomer', []);
    changed.users = changed.users.filter((user) => user.id !== userId(20));
    const v2 = await writeOrgSource(directory.path, 'v2', changed);

    const second = await scanOrg(v2, directory.path, 'scan-2', { clock, previous: first.source, simulator: samePort(first.simulatorUrl) });
    expect(second.result?.mode).toBe('incremental');
    expect(second.meta.status).toBe('complete');
    const userPages = (second.meta.requests['GET /api/v1/users'] ?? 0) + (second.meta.requests['GET /api/v1/users?filter=status eq "DEPROVISIONED"'] ?? 0);
    const logPages = second.meta.requests['GET /api/v1/logs'] ?? 0;
    expect(second.meta.requests['GET /api/v1/users/{id}/factors']).toBe(3 + 2 + 1);
    expect(Object.values(second.meta.requests).reduce((sum, count) => sum + count, 0)).toBe(userPages + 6 + logPages);

    // Carried lines keep the time they were really fetched.
    const carried: Array<{ key: string; fetchedAt?: string }> = [];
    for await (const { value } of second.source.lines('factors')) carried.push(value as { key: string; fetchedAt?: string });
    expect(carried.filter((line) => line.fetchedAt === firstFactorsAt)).toHaveLength(userCount + 5 - 5 - 1);
    expect(carried.find((line) => line.key === userId(20))).toBeUndefined();

    // The verdicts match those of a full scan of the same org.
    const full = await scanOrg(v2, directory.path, 'scan-2-full', { clock });
    expect(judge(await analyse(second.source))).toEqual(judge(await analyse(full.source)));
    const incremental = await analyse(second.source);
    const sms = incremental.accounts.find((account) => account.id === userId(10));
    expect(sms?.factors.map((factor) => factor.type)).toEqual(['sms']);
    const untouched = incremental.accounts.find((account) => account.id === userId(50));
    expect(untouched?.mfaRegistered.reasons.join(' ')).toMatch(/carried forward/);

    // A third scan carries forward what the second carried, still with the first scan's fetch time.
    const third = await scanOrg(v2, directory.path, 'scan-3', { clock, previous: second.source, simulator: samePort(first.simulatorUrl) });
    expect(third.result?.mode).toBe('incremental');
    const manifest: unknown[] = [];
    for await (const { value } of third.source.lines('collection')) manifest.push(value);
    expect(manifest).toContainEqual(expect.objectContaining({ carried: 'signOnPolicies', fetchedAt: first.source.meta.endpoints.signOnPolicies?.fetchedAt }));
  });

  it('re-fetches policies when the System Log shows a policy change', async () => {
    const first = await scanOrg(await writeOrgSource(directory.path, 'p1', organisation()), directory.path, 'policy-scan-1', { clock });
    const changed = organisation();
    changed.rules.set(ids.dashboard, [accessRule({ id: 'dashCatchAll', name: 'Catch-all Rule', priority: 99, system: true, factorMode: '1FA' })]);
    changed.logEvents.push(
      oktaLogEvent({ uuid: 'evt-policy', published: new Date(clock.now()).toISOString(), eventType: 'policy.rule.update', actorId: ids.carol, targets: [{ id: 'dashCatchAll', type: 'PolicyRule' }] }),
    );
    const second = await scanOrg(await writeOrgSource(directory.path, 'p2', changed), directory.path, 'policy-scan-2', { clock, previous: first.source, simulator: samePort(first.simulatorUrl) });
    expect(second.result?.mode).toBe('incremental');
    expect(second.meta.requests['GET /api/v1/policies/{id}/rules']).toBeGreaterThan(0);
    expect(second.meta.requests['GET /api/v1/users/{id}/factors'] ?? 0).toBe(0);
    const bob = (await analyse(second.source)).accounts.find((account) => account.login === 'bob@example.com');
    expect(bob?.mfaEnforced.value).toBe('no');
  });

  it('falls back to a full scan when the last full scan is too old, or the previous snapshot is of another org', async () => {
    const org = await writeOrgSource(directory.path, 'o1', organisation());
    const first = await scanOrg(org, directory.path, 'old-scan-1', { clock });
    const later = new Date(clock.now() + 8 * 86_400_000);
    const second = await scanOrg(org, directory.path, 'old-scan-2', { clock, previous: first.source, now: () => later, simulator: samePort(first.simulatorUrl) });
    expect(second.result?.mode).toBe('full');
    const manifest: unknown[] = [];
    for await (const { value } of second.source.lines('collection')) manifest.push(value);
    expect(manifest[0]).toMatchObject({ mode: 'full', fullScanReason: expect.stringMatching(/older than 7 days/) });
    const elsewhere = await scanOrg(org, directory.path, 'old-scan-3', { clock, previous: first.source });
    expect(elsewhere.result?.mode).toBe('full');
  });
});

describe('incremental Okta scans and role-granting groups', () => {
  it('re-reads roles when someone joins a group that grants one', async () => {
    const withAdminGroup = (members: string[]): OktaOrgFixture => {
      const org = organisation();
      org.groups.push({ id: '00gadmins', type: 'OKTA_GROUP', profile: { name: 'Admins' } });
      org.groupMembers.set('00gadmins', members);
      org.groupRoles.set('00gadmins', [{ id: 'raua', label: 'Group Administrator', type: 'USER_ADMIN', status: 'ACTIVE', assignmentType: 'GROUP' }]);
      for (const member of members) {
        org.userRoles.set(member, [{ id: 'raua', label: 'Group Administrator', type: 'USER_ADMIN', assignmentType: 'GROUP', _links: { assignee: { href: 'https://example.okta.com/api/v1/groups/00gadmins' } } }]);
      }
      return org;
    };
    const first = await scanOrg(await writeOrgSource(directory.path, 'r1', withAdminGroup([ids.alice])), directory.path, 'role-scan-1', { clock });
    const changed = withAdminGroup([ids.alice, ids.bob]);
    changed.logEvents.push(
      oktaLogEvent({ uuid: 'evt-join', published: new Date(clock.now()).toISOString(), eventType: 'group.user_membership.add', actorId: ids.carol, targets: [{ id: ids.bob, type: 'User' }, { id: '00gadmins', type: 'UserGroup' }] }),
    );
    const second = await scanOrg(await writeOrgSource(directory.path, 'r2', changed), directory.path, 'role-scan-2', {
      clock,
      previous: first.source,
      simulator: { port: Number(new URL(first.simulatorUrl).port) },
    });
    expect(second.result?.mode).toBe('incremental');
    // Carol (Super Administrator), Alice, and Bob who just joined.
    expect(second.meta.requests['GET /api/v1/users/{id}/roles']).toBe(3);
    const bob = (await analyseOkta(second.source, { asOf: new Date(clock.now()), settings: defaultAnalysisSettings })).accounts.find((account) => account.login === 'bob@example.com');
    expect(bob?.privileged).toBe(true);
  });
});
