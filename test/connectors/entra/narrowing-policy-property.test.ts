/**
 * Property (issue 11): adding a conditional-access policy that only fires under a narrower condition (an
 * authentication flow, a risk level, a time window, an application or device filter with a rule, a user action, an
 * authentication context, an agent-identity risk or a condition this version does not know) never turns an account
 * from not covered to covered, never makes `mfaEnforced` `yes` and never makes `legacyAuth` `blocked` where it was not.
 */
import fc from 'fast-check';
import type { ConditionalAccessPolicy } from '../../../src/connectors/entra/graph-payloads.js';
import type { PolicySpec } from '../../../src/simulators/entra/entra-tenant-fixture.js';
import { analyse, baseTenant, ids, roles } from './entra-tenant-cases.js';
import { policy } from './entra-tenant-cases.js';

const audiences: Array<Partial<PolicySpec>> = [
  { includeUsers: ['All'] },
  { includeUsers: ['All'], excludeUsers: [ids.alice] },
  { includeUsers: [], includeGroups: [ids.allStaff] },
  { includeUsers: [], includeRoles: [roles.globalAdministrator.id] },
  { includeUsers: [], includeGuestTypes: 'internalGuest,b2bCollaborationGuest,b2bCollaborationMember' },
  { includeUsers: ['All'], excludeGroups: [ids.contractors] },
];

const grants: Array<Partial<PolicySpec>> = [
  { builtInControls: ['mfa'] },
  { builtInControls: ['block'] },
  { builtInControls: [], authenticationStrengthId: '00000000-0000-0000-0000-000000000004' },
  { builtInControls: ['mfa', 'compliantDevice'], operator: 'AND' },
];

const clients: Array<Partial<PolicySpec>> = [{ clientAppTypes: ['all'] }, { clientAppTypes: ['exchangeActiveSync', 'other'] }, { clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'] }];

/** Each narrows the policy it is applied to, as Graph would return it. */
const narrowings: Array<{ name: string; spec?: Partial<PolicySpec>; edit?: (made: ConditionalAccessPolicy) => void }> = [
  { name: 'device code flow', spec: { transferMethods: 'deviceCodeFlow' } },
  { name: 'authentication transfer', spec: { transferMethods: 'authenticationTransfer' } },
  { name: 'both flows', spec: { transferMethods: 'deviceCodeFlow,authenticationTransfer' } },
  { name: 'insider risk', spec: { insiderRiskLevels: 'minor,moderate,elevated' } },
  { name: 'service-principal risk', spec: { servicePrincipalRiskLevels: ['high'] } },
  { name: 'sign-in risk', spec: { signInRiskLevels: ['low', 'medium', 'high'] } },
  { name: 'user risk', spec: { userRiskLevels: ['high'] } },
  { name: 'application filter', spec: { applicationFilter: { mode: 'exclude', rule: 'CustomSecurityAttribute.Tier -eq "Low"' } } },
  { name: 'device filter', spec: { deviceFilter: { mode: 'include', rule: 'device.isCompliant -ne True' } } },
  { name: 'user action', spec: { includeUserActions: ['urn:user:registersecurityinfo'] } },
  { name: 'authentication context', spec: { includeAuthenticationContextClassReferences: ['c1'] } },
  { name: 'workload identities', spec: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'] } },
  {
    name: 'time window',
    edit: (made) =>
      void (made.conditions.times = {
        included: { '@odata.type': '#microsoft.graph.conditionalAccessAllTimes' },
        excluded: { '@odata.type': '#microsoft.graph.conditionalAccessTimeRange', days: ['saturday', 'sunday'], startTime: '00:00:00', endTime: '23:59:59' },
        timeZone: 'UTC',
      }),
  },
  { name: 'agent-identity risk', edit: (made) => void (made.conditions.agentIdRiskLevels = 'high') },
  { name: 'unknown condition', edit: (made) => Object.assign(made.conditions, { futureCondition: { includeSomething: ['All'] } }) },
];

const policySpec = fc.record({ audience: fc.constantFrom(...audiences), grant: fc.constantFrom(...grants), client: fc.constantFrom(...clients) });

describe('a policy that only narrows', () => {
  it('never turns an account from not covered to covered', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(policySpec, { maxLength: 3 }), policySpec, fc.constantFrom(...narrowings), async (base, added, narrowing) => {
        const tenant = baseTenant();
        tenant.conditionalAccessPolicies.push(...base.map((spec) => policy({ ...spec.audience, ...spec.grant, ...spec.client })));
        const before = await analyse(tenant);
        const narrowed = policy({ displayName: `Narrowed by ${narrowing.name}`, ...added.audience, ...added.grant, ...added.client, ...narrowing.spec });
        narrowing.edit?.(narrowed);
        tenant.conditionalAccessPolicies.push(narrowed);
        const after = await analyse(tenant);
        for (const account of after.accounts) {
          const earlier = before.accounts.find((candidate) => candidate.id === account.id);
          if (!earlier) throw new Error(`${account.login} appeared only after the narrowed policy was added`);
          if (earlier.covered !== 'yes') expect({ login: account.login, covered: account.covered }).not.toEqual({ login: account.login, covered: 'yes' });
          if (earlier.mfaEnforced.value !== 'yes') expect(account.mfaEnforced.value).not.toBe('yes');
          if (earlier.legacyAuth.value !== 'blocked') expect(account.legacyAuth.value).not.toBe('blocked');
        }
      }),
      { numRuns: 80, seed: 20261206 },
    );
  });
});
