/**
 * The demo's AWS organisation: three accounts (management, production, sandbox) as sources `demo-aws.<account id>`,
 * seeded filler users around four planted problems the scan must find, by account: a console user without MFA, an
 * administrator with only a virtual MFA device, a root user whose MFA is virtual rather than hardware, and a stale
 * access key on a human user.
 */
import type { SnapshotWriter } from '../../snapshot/snapshot-writer.js';
import type { PlantedProblem } from '../okta/demo-okta-org.js';
import { administratorAccessArn } from '../../connectors/aws/policy-effects.js';
import { mulberry32 } from '../demo/seeded-random.js';
import { emptyAwsAccount, forceMfaPolicy, recordAwsAccount, type AwsAccountFixture, type MfaKind } from './aws-account-fixture.js';

export interface DemoAwsOrganisationOptions {
  seed?: number;
  asOf?: Date;
  /** Prefix of the source ids: `<prefix>.<account id>`, as the scan's organisation expansion names them. */
  sourceIdPrefix?: string;
  /** IAM user names for the filler users (the shared demo population's login local parts); generated when absent. */
  people?: readonly string[];
}

export const demoAwsAccounts = { management: '111111111111', production: '222222222222', sandbox: '333333333333' } as const;
const organisationId = 'o-contosodemo1';
const firstNames = ['ada', 'bram', 'chloe', 'dario', 'elif', 'femke', 'goran', 'hana', 'ilse', 'jonas', 'kasia', 'luca', 'maren', 'niko'];
const lastNames = ['andersen', 'bakker', 'dubois', 'eriksson', 'fischer', 'horvat', 'jansen', 'lehmann', 'novak', 'olsen', 'rossi', 'weber'];

export interface DemoAwsOrganisation {
  accounts: AwsAccountFixture[];
  plantedProblems: Array<PlantedProblem & { sourceId: string }>;
}

export function buildDemoAwsOrganisation(options: DemoAwsOrganisationOptions = {}): DemoAwsOrganisation {
  const rand = mulberry32(options.seed ?? 42);
  const asOf = options.asOf ?? new Date('2025-06-01T00:00:00Z');
  const prefix = options.sourceIdPrefix ?? 'demo-aws';
  const daysAgo = (days: number): string => new Date(asOf.getTime() - days * 86_400_000).toISOString().replace('.000Z', '+00:00');
  const account = (id: string, name: string): AwsAccountFixture => ({
    ...emptyAwsAccount(id, daysAgo(0)),
    organisation: { id: organisationId, managementAccountId: demoAwsAccounts.management, name, email: `aws-${name}@contoso-demo.example` },
  });
  const management = account(demoAwsAccounts.management, 'management');
  const production = account(demoAwsAccounts.production, 'production');
  const sandbox = account(demoAwsAccounts.sandbox, 'sandbox');

  let filled = 0;
  for (const fixture of [management, production, sandbox]) {
    fixture.groups.push({ name: 'Admins', attached: [administratorAccessArn] }, { name: 'Developers', attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });
    fixture.managedPolicies.push({ name: 'ForceMFA', document: forceMfaPolicy('BoolIfExists') });
    fixture.groups.push({ name: 'EveryoneMfa', attached: [`arn:aws:iam::${fixture.accountId}:policy/ForceMFA`] });
    const fillers = fixture === production ? 12 : 6;
    for (let index = 0; index < fillers; index += 1) {
      const generated = `${firstNames[Math.floor(rand() * firstNames.length)]}.${lastNames[Math.floor(rand() * lastNames.length)]}${index}`;
      const userName = options.people?.[filled] ?? generated;
      filled += 1;
      const roll = rand();
      const mfa: MfaKind[] = roll < 0.5 ? ['virtual'] : roll < 0.8 ? ['fido'] : ['hardware'];
      fixture.users.push({ userName, password: true, passwordLastUsed: daysAgo(1 + Math.floor(rand() * 20)), mfa, groups: ['Developers', 'EveryoneMfa'] });
    }
    fixture.users.push({
      userName: 'svc-deploy',
      keys: [{ active: true, created: daysAgo(30), lastUsed: daysAgo(1) }],
      attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    });
  }
  management.users.push({ userName: 'sigrid.admin', password: true, passwordLastUsed: daysAgo(2), mfa: ['fido'], groups: ['Admins', 'EveryoneMfa'] });
  // Planted: an administrator whose only MFA is a phone app.
  management.users.push({ userName: 'ops.admin', password: true, passwordLastUsed: daysAgo(1), mfa: ['virtual'], groups: ['Admins', 'EveryoneMfa'] });
  // Planted: a console user outside the MFA-enforcing group, without a device.
  production.users.push({ userName: 'dev.contractor', password: true, passwordLastUsed: daysAgo(3), groups: ['Developers'] });
  // Planted: a human with a key nobody has used for 200 days (blocked without MFA, but stale).
  production.users.push({
    userName: 'ana.costa',
    password: true,
    passwordLastUsed: daysAgo(4),
    mfa: ['fido'],
    groups: ['Developers', 'EveryoneMfa'],
    keys: [{ active: true, created: daysAgo(60), lastUsed: daysAgo(200) }],
  });
  management.root = { mfa: 'hardware', accessKeys: false, passwordLastUsed: daysAgo(300) };
  production.root = { mfa: 'fido', accessKeys: false };
  // Planted: the sandbox root user protected by a virtual device only.
  sandbox.root = { mfa: 'virtual', accessKeys: false, passwordLastUsed: daysAgo(40) };

  const source = (fixture: AwsAccountFixture) => `${prefix}.${fixture.accountId}`;
  return {
    accounts: [management, production, sandbox],
    plantedProblems: [
      {
        sourceId: source(production),
        id: 'aws-console-user-without-mfa',
        description: 'An IAM user with a console password, no MFA device and no MFA-enforcing policy.',
        accounts: ['dev.contractor'],
        expectation: { field: 'covered', value: 'no', ruleId: 'aws-console-user-without-mfa' },
      },
      {
        sourceId: source(management),
        id: 'aws-admin-virtual-mfa-only',
        description: 'An administrator (AdministratorAccess via the Admins group) whose only MFA is a virtual device.',
        accounts: ['ops.admin'],
        expectation: { field: 'finding', value: 'account', ruleId: 'aws-admin-virtual-mfa-only' },
      },
      {
        sourceId: source(sandbox),
        id: 'aws-root-virtual-mfa',
        description: 'The sandbox root user has a virtual MFA device, not a hardware token or FIDO key.',
        accounts: [sandbox.organisation?.email ?? ''],
        expectation: { field: 'finding', value: 'account', ruleId: 'aws-root-virtual-mfa' },
      },
      {
        sourceId: source(production),
        id: 'aws-stale-access-key',
        description: 'A human user holds an active access key last used 200 days ago.',
        accounts: ['ana.costa'],
        expectation: { field: 'finding', value: 'account', ruleId: 'aws-access-key-unused' },
      },
    ],
  };
}

/** Records the demo organisation's three accounts as sources of `writer`; returns their ids and the planted problems. */
export async function writeDemoAwsOrganisation(
  writer: SnapshotWriter,
  options: { seed: number; asOf: Date; sourceIdPrefix?: string; people?: readonly string[] },
): Promise<{ sources: string[]; plantedProblems: Array<PlantedProblem & { sourceId: string }> }> {
  const demo = buildDemoAwsOrganisation(options);
  const prefix = options.sourceIdPrefix ?? 'demo-aws';
  const sources: string[] = [];
  for (const fixture of demo.accounts) {
    const sourceId = `${prefix}.${fixture.accountId}`;
    await writer.recordSource({ sourceId, connector: 'aws', tenant: fixture.accountId }, (recorder) => recordAwsAccount(recorder, fixture));
    sources.push(sourceId);
  }
  return { sources, plantedProblems: demo.plantedProblems };
}
