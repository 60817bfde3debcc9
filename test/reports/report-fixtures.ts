/**
 * Hand-built analyses for the report tests: small assessed accounts over three sources (Entra complete, Okta
 * partial, AWS failed), with every closed value the report carries and hostile tenant strings.
 */
import type { AssessedAccount, Coverage, Enforcement, LegacyAuth, Registration } from '../../src/model/account.js';
import { makeFactor, type FactorType } from '../../src/model/factor.js';
import type { Finding } from '../../src/model/finding.js';
import type { PolicySummary, SourceAnalysis } from '../../src/connectors/connector.js';
import type { SourceMeta } from '../../src/snapshot/snapshot-format.js';
import type { BuildReportInput } from '../../src/reports/build-report.js';

export const hostileDisplayName = '<img src=x onerror=alert(1)>';
export const hostilePolicyName = '"><script>alert("policy")</script>';

export interface AccountSpec {
  id: string;
  login?: string;
  displayName?: string;
  idp?: AssessedAccount['idp'];
  tenant?: string;
  enabled?: boolean;
  kind?: AssessedAccount['kind'];
  privileged?: boolean;
  roles?: string[];
  factors?: FactorType[];
  registered?: Registration;
  enforced?: Enforcement;
  legacy?: LegacyAuth;
  covered?: Coverage;
  reasons?: string[];
}

export function account(spec: AccountSpec): AssessedAccount {
  const covered = spec.covered ?? 'yes';
  return {
    idp: spec.idp ?? 'entra',
    tenant: spec.tenant ?? 'contoso.onmicrosoft.com',
    id: spec.id,
    login: spec.login ?? `${spec.id}@contoso.example`,
    displayName: spec.displayName ?? `User ${spec.id}`,
    enabled: spec.enabled ?? covered !== 'n/a',
    kind: spec.kind ?? 'human',
    privileged: spec.privileged ?? false,
    roles: spec.roles ?? [],
    lastSignInAt: '2025-01-30T08:00:00Z',
    createdAt: null,
    factors: (spec.factors ?? []).map((type) => makeFactor(type, `vendor-${type}`)),
    mfaRegistered: { value: spec.registered ?? 'yes', reasons: [] },
    mfaEnforced: { value: spec.enforced ?? 'yes', reasons: ['Policy "Require MFA" applies.'] },
    legacyAuth: { value: spec.legacy ?? 'blocked', reasons: [] },
    covered,
    reasons: spec.reasons ?? [`Coverage ${covered}.`],
  };
}

export function sourceMeta(overrides: Partial<SourceMeta> & Pick<SourceMeta, 'sourceId' | 'connector' | 'tenant'>): SourceMeta {
  return {
    startedAt: '2025-02-01T10:00:00.000Z',
    finishedAt: '2025-02-01T10:05:00.000Z',
    status: 'complete',
    errors: [],
    requests: {},
    endpoints: {},
    permissions: [],
    ...overrides,
  };
}

export function finding(ruleId: string, severity: Finding['severity'], subjectId: string, message = `${ruleId} on ${subjectId}`): Finding {
  return { ruleId, severity, subject: { type: 'account', idp: 'entra', tenant: 'contoso.onmicrosoft.com', id: subjectId, name: subjectId }, message };
}

const entraPolicies: PolicySummary[] = [
  { id: 'p-2', name: 'Require MFA for all users', state: 'enabled', requiresMfa: true, scope: ['Include: all users', 'Exclude: group Break glass'] },
  { id: 'p-1', name: hostilePolicyName, state: 'enabledForReportingButNotEnforced', requiresMfa: false, scope: ['Include: <b>everyone</b>'] },
];

const entraAnalysis: SourceAnalysis = {
  accounts: [
    account({ id: 'u-05', login: 'zoe@contoso.example', factors: ['fido2', 'authenticator-push'] }),
    account({ id: 'u-01', login: 'Adele@contoso.example', privileged: true, roles: ['Global Administrator'], factors: ['sms'], enforced: 'partial', covered: 'no', reasons: ['MFA not enforced (partial): trusted location "HQ" excluded.'] }),
    account({ id: 'u-03', login: 'bob@contoso.example', displayName: hostileDisplayName, registered: 'no', covered: 'no', reasons: ['No MFA method registered.'] }),
    account({ id: 'u-04', login: 'carol@contoso.example', kind: 'guest', factors: ['totp-software'], legacy: 'open', covered: 'no', reasons: ['Legacy authentication open (open): no block policy.'] }),
    account({ id: 'u-02', login: 'svc-backup@contoso.example', kind: 'service', enabled: true, enforced: 'n/a', legacy: 'n/a', covered: 'n/a', reasons: ['Matches a service-account pattern.'] }),
    account({ id: 'u-06', login: 'dave@contoso.example', enabled: false, enforced: 'n/a', legacy: 'n/a', covered: 'n/a' }),
    account({ id: 'u-07', login: '=cmd|calc@contoso.example', displayName: '=HYPERLINK("http://evil.example")', kind: 'unknown', registered: 'unknown', enforced: 'unknown', legacy: 'unknown', covered: 'unknown', reasons: ['Registration unreadable.', 'Policies unreadable.'] }),
    account({ id: 'u-08', login: 'erin@contoso.example', enforced: 'delegated', factors: ['passkey', 'windows-hello', 'certificate', 'platform-authenticator', 'authenticator-passwordless', 'totp-hardware', 'voice', 'email', 'security-question', 'temporary-access-pass', 'other'], covered: 'unknown' }),
  ],
  findings: [
    finding('entra-admin-weak-factors-only', 'high', 'u-01'),
    finding('entra-legacy-auth-open', 'critical', 'u-04'),
    finding('entra-report-only-policy', 'medium', 'p-1', `Policy ${hostilePolicyName} is report-only.`),
  ],
  policies: entraPolicies,
};

const oktaAnalysis: SourceAnalysis = {
  accounts: [
    account({ idp: 'okta', tenant: 'https://acme.okta.com', id: '00u2', login: 'frank@acme.example', factors: ['authenticator-push'], covered: 'yes' }),
    account({ idp: 'okta', tenant: 'https://acme.okta.com', id: '00u1', login: 'grace@acme.example', privileged: true, roles: ['SUPER_ADMIN'], registered: 'unknown', covered: 'unknown', reasons: ['Factors unreadable: 403.'] }),
  ],
  findings: [{ ruleId: 'okta-single-factor-rule', severity: 'low', subject: { type: 'policy', idp: 'okta', tenant: 'https://acme.okta.com', id: 'rul1', name: 'Default rule' }, message: 'Password only.' }],
  policies: [{ id: 'pol1', name: 'Global session policy: Default', state: 'ACTIVE', requiresMfa: false, scope: ['#1 catch-all'] }],
};

const empty: SourceAnalysis = { accounts: [], findings: [], policies: [] };

export function fixtureInput(): BuildReportInput {
  return {
    organisation: { name: 'Contoso & <Partners>' },
    scannerVersion: '0.1.0',
    generatedAt: '2025-02-01T11:00:00.000Z',
    snapshot: { createdAt: '2025-02-01T10:00:00.000Z', scannerVersion: '0.1.0' },
    settings: { dormantAfterDays: 90, serviceAccountPatterns: ['^svc[-_.]'] },
    sources: [
      {
        meta: sourceMeta({
          sourceId: 'okta-prod',
          connector: 'okta',
          tenant: 'https://acme.okta.com',
          status: 'partial',
          errors: [{ endpoint: 'factors', code: 'PERMISSION_MISSING', message: 'Forbidden <script>', permission: 'okta.users.read', httpStatus: 403 }],
          requests: { 'GET /api/v1/users': 3, 'GET /api/v1/policies': 2 },
          permissions: ['okta.users.read', 'okta.policies.read'],
        }),
        analysis: oktaAnalysis,
      },
      {
        meta: sourceMeta({
          sourceId: 'entra-main',
          connector: 'entra',
          tenant: 'contoso.onmicrosoft.com',
          requests: { 'GET /users': 4, 'GET /reports/authenticationMethods/userRegistrationDetails': 2, 'GET /identity/conditionalAccess/policies': 1 },
          permissions: ['User.Read.All', 'Policy.Read.All', 'AuditLog.Read.All'],
        }),
        analysis: entraAnalysis,
      },
      {
        meta: sourceMeta({
          sourceId: 'aws-root',
          connector: 'aws',
          tenant: '123456789012',
          status: 'failed',
          errors: [{ endpoint: 'credential-report', code: 'AUTH_FAILED', message: 'The security token included in the request is invalid.' }],
        }),
        analysis: empty,
      },
    ],
    extraFindings: [finding('reconcile-orphan-account', 'info', 'u-05')],
  };
}
