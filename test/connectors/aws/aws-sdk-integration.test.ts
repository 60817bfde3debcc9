/**
 * The real `@aws-sdk/client-iam`, `client-sts` and `client-organizations` against the AWS simulator: an organisation
 * of three accounts (one whose role cannot be assumed), Marker paging across pages, Throttling retried, the credential
 * report polled through its states, and the request counts: one report per account, bulk calls, per-user
 * ListMFADevices only where the bulk data cannot answer. Backoff waits are recorded, not slept.
 */
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import type { RawSource } from '../../../src/snapshot/snapshot-reader.js';
import { analyseAws } from '../../../src/connectors/aws/analyse-aws.js';
import { emptyAwsAccount, type AwsAccountFixture } from '../../../src/simulators/aws/aws-account-fixture.js';
import { asOf, daysAgo } from './aws-account-cases.js';
import { scanOrganisation, temporaryDirectory, writeOrganisation } from './aws-scan-harness.js';

const context = { asOf, settings: defaultAnalysisSettings };
const organisation = (name: string) => ({ id: 'o-testorg0001', managementAccountId: '111111111111', name, email: `aws-${name}@example.com` });

function organisationAccounts(bulkUsers: number): AwsAccountFixture[] {
  const management = { ...emptyAwsAccount('111111111111', daysAgo(0)), organisation: organisation('management') };
  const production = { ...emptyAwsAccount('222222222222', daysAgo(0)), organisation: organisation('production') };
  const locked = { ...emptyAwsAccount('333333333333', daysAgo(0)), organisation: organisation('locked') };
  management.groups.push({ name: 'Admins', attached: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
  management.users.push(
    { userName: 'admin.virtual', password: true, mfa: ['virtual'], groups: ['Admins'] },
    { userName: 'admin.both', password: true, mfa: ['virtual', 'fido'], groups: ['Admins'] },
    { userName: 'user.virtual', password: true, mfa: ['virtual'] },
    { userName: 'user.fido', password: true, mfa: ['fido'] },
    { userName: 'user.hardware', password: true, mfa: ['hardware'] },
    { userName: 'user.none', password: true },
  );
  for (let index = 0; index < bulkUsers; index += 1) production.users.push({ userName: `bulk${String(index).padStart(4, '0')}`, password: true, mfa: ['virtual'] });
  production.root = { mfa: 'none', accessKeys: true };
  locked.users.push({ userName: 'unseen', password: true });
  return [management, production, locked];
}

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeAll(async () => {
  directory = await temporaryDirectory();
});
afterAll(async () => {
  await directory.remove();
});

describe('AWS collection through the SDK clients', () => {
  it('scans an organisation: the unassumable account fails alone, the others complete with bulk calls only', async () => {
    const first = await writeOrganisation(directory.path, 'org-tenant', organisationAccounts(30), {
      simulator: { '333333333333': { assumeRole: 'deny' }, '222222222222': { credentialReport: { initial: 'absent', pollsUntilComplete: 3 } } },
    });
    const scan = await scanOrganisation(first, directory.path, 'org-scan');
    expect(scan.expansionRequests).toEqual({ 'sts:GetCallerIdentity': 1, 'organizations:ListAccounts': 1 });
    expect(scan.metas.map((meta) => [meta.tenant, meta.status])).toEqual([
      ['111111111111', 'complete'],
      ['222222222222', 'complete'],
      ['333333333333', 'failed'],
    ]);
    const [management, production, locked] = scan.metas;
    expect(locked?.errors[0]?.message).toContain('Cannot assume arn:aws:iam::333333333333:role/MfaCoverageReadOnly');
    expect(locked?.requests).toEqual({ 'sts:AssumeRole': 1 });

    // The management account is read with the configured credentials; members through the assumed role.
    expect(management?.requests['sts:AssumeRole']).toBeUndefined();
    expect(production?.requests['sts:AssumeRole']).toBe(1);
    for (const meta of [management, production]) {
      expect(meta?.requests['iam:GetCredentialReport']).toBe(1);
      expect(meta?.requests['iam:ListUsers']).toBe(1);
      expect(meta?.requests['iam:ListVirtualMFADevices']).toBe(1);
      expect(meta?.requests['iam:GetAccountSummary']).toBe(1);
      expect(meta?.requests['iam:GetAccountAuthorizationDetails']).toBe(1);
    }
    // Polled while STARTED/INPROGRESS: STARTED, INPROGRESS, INPROGRESS, COMPLETE.
    expect(production?.requests['iam:GenerateCredentialReport']).toBe(4);
    expect(management?.requests['iam:GenerateCredentialReport']).toBe(1);
    // Per user only: MFA active without a virtual device (fido, hardware) and administrators whose known device is virtual.
    expect(management?.requests['iam:ListMFADevices']).toBe(4);
    expect(production?.requests['iam:ListMFADevices']).toBeUndefined();
    expect(scan.stats.byAccount['111111111111']?.['iam:ListMFADevices']).toBe(4);
    expect(scan.stats.byAccount['222222222222']?.['iam:ListMFADevices']).toBeUndefined();

    const managementAnalysis = await analyseAws(scan.sources.get('111111111111') as RawSource, context);
    const byLogin = new Map(managementAnalysis.accounts.map((account) => [account.login, account]));
    expect(byLogin.get('user.hardware')?.factors.map((factor) => factor.type)).toEqual(['totp-hardware']);
    expect(byLogin.get('user.fido')?.factors.map((factor) => factor.type)).toEqual(['fido2']);
    expect(byLogin.get('user.none')?.covered).toBe('no');
    expect(byLogin.get('aws-management@example.com')?.kind).toBe('root');
    const virtualAdmins = managementAnalysis.findings.filter((finding) => finding.ruleId === 'aws-admin-virtual-mfa-only').map((finding) => finding.subject.name);
    expect(virtualAdmins).toEqual(['admin.virtual']);

    const productionAnalysis = await analyseAws(scan.sources.get('222222222222') as RawSource, context);
    expect(productionAnalysis.accounts).toHaveLength(31);
    expect(productionAnalysis.findings.map((finding) => finding.ruleId)).toEqual(expect.arrayContaining(['aws-root-access-keys', 'aws-root-without-mfa']));
  });

  it('follows Marker paging across three pages and retries Throttling (HTTP 400) with backoff', async () => {
    const first = await writeOrganisation(directory.path, 'paging-tenant', organisationAccounts(25));
    const scan = await scanOrganisation(first, directory.path, 'paging-scan', {
      config: { organisation: undefined, accountId: '111111111111' },
      simulator: { pageSize: 2, faults: [{ action: 'iam:ListUsers', times: 2, after: 1 }] },
    });
    expect(scan.metas).toHaveLength(1);
    const meta = scan.metas[0];
    expect(meta?.status).toBe('complete');
    // 6 users in pages of 2: 3 pages, and the second page throttled twice before it was served.
    expect(meta?.endpoints.users?.lines).toBe(3);
    expect(meta?.requests['iam:ListUsers']).toBe(5);
    expect(scan.stats.statuses['400']).toBe(2);
    expect(scan.waits.slice(0, 2)).toEqual([1, 2]);
    expect(meta?.endpoints.authorizationDetails?.lines).toBeGreaterThanOrEqual(3);
    const analysis = await analyseAws(scan.sources.get('111111111111') as RawSource, context);
    expect(analysis.accounts.filter((account) => account.kind !== 'root')).toHaveLength(6);
    expect(analysis.accounts.find((account) => account.login === 'admin.virtual')?.privileged).toBe(true);
  });

  it('makes the source partial, naming the IAM action, when one bulk call is refused', async () => {
    const accounts = organisationAccounts(1).slice(0, 1);
    const first = await writeOrganisation(directory.path, 'denied-tenant', accounts, { simulator: { '111111111111': { deniedActions: ['iam:GetAccountAuthorizationDetails'] } } });
    const scan = await scanOrganisation(first, directory.path, 'denied-scan', { config: { organisation: undefined } });
    const meta = scan.metas[0];
    expect(meta?.status).toBe('partial');
    expect(meta?.errors).toEqual([expect.objectContaining({ endpoint: 'authorizationDetails', permission: 'iam:GetAccountAuthorizationDetails', httpStatus: 403 })]);
    const analysis = await analyseAws(scan.sources.get('111111111111') as RawSource, context);
    expect(analysis.accounts.find((account) => account.login === 'user.none')?.mfaEnforced.value).toBe('unknown');
  });

  it('generates a new report when the existing one has expired, and fetches it once', async () => {
    const accounts = organisationAccounts(1).slice(0, 1);
    const first = await writeOrganisation(directory.path, 'expired-tenant', accounts, { simulator: { '111111111111': { credentialReport: { initial: 'expired', pollsUntilComplete: 1 } } } });
    const scan = await scanOrganisation(first, directory.path, 'expired-scan', { config: { organisation: undefined } });
    const meta = scan.metas[0];
    expect(meta?.status).toBe('complete');
    expect(meta?.requests['iam:GenerateCredentialReport']).toBe(2);
    expect(meta?.requests['iam:GetCredentialReport']).toBe(1);
  });

  it('gives up on a report that never completes, leaving the source partial and users unknown', async () => {
    const accounts = organisationAccounts(1).slice(0, 1);
    const first = await writeOrganisation(directory.path, 'slow-tenant', accounts, { simulator: { '111111111111': { credentialReport: { initial: 'absent', pollsUntilComplete: 50 } } } });
    const scan = await scanOrganisation(first, directory.path, 'slow-scan', { config: { organisation: undefined, credentialReport: { pollIntervalMs: 7, maxPolls: 3 } } });
    const meta = scan.metas[0];
    expect(meta?.status).toBe('partial');
    expect(meta?.requests['iam:GenerateCredentialReport']).toBe(3);
    expect(meta?.requests['iam:GetCredentialReport']).toBeUndefined();
    expect(scan.waits).toEqual([7, 7]);
    const analysis = await analyseAws(scan.sources.get('111111111111') as RawSource, context);
    expect(analysis.accounts.find((account) => account.login === 'user.fido')?.covered).toBe('unknown');
  });

  it('fails the source when the credentials belong to another account', async () => {
    const accounts = organisationAccounts(1).slice(0, 1);
    const first = await writeOrganisation(directory.path, 'wrong-tenant', accounts);
    await expect(scanOrganisation(first, directory.path, 'wrong-scan', { config: { accountId: '999999999999' } })).rejects.toThrow('not the configured management account 999999999999');
    const single = await scanOrganisation(first, directory.path, 'wrong-single', { config: { accountId: '999999999999', organisation: undefined } });
    expect(single.metas[0]?.status).toBe('failed');
    expect(single.metas[0]?.errors[0]?.code).toBe('AUTH_FAILED');
  });
});
