/**
 * The AWS simulator on the wire, without the SDK: awsQuery form posts answered in XML, Throttling as HTTP 400 with
 * the AWS error XML, credentials attributed by access key id, Organizations JSON 1.1 errors, and AWS-shaped errors
 * for what it does not implement.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emptyAwsAccount } from '../../../src/simulators/aws/aws-account-fixture.js';
import { startAwsSimulator, type RunningAwsSimulator } from '../../../src/simulators/aws/aws-simulator.js';
import { writeOrganisation } from '../../connectors/aws/aws-scan-harness.js';

const key = 'AKIAWIRETEST0000001';
let directory: string;
let simulator: RunningAwsSimulator;

function signed(accessKeyId: string, service = 'iam'): Record<string, string> {
  return { authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20250601/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00` };
}

async function query(body: string, headers: Record<string, string> = signed(key)): Promise<{ status: number; text: string }> {
  const response = await fetch(simulator.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'aws-sim-'));
  const account = emptyAwsAccount('111111111111');
  account.users.push({ userName: 'a', password: true }, { userName: 'b', password: true }, { userName: 'c', password: true });
  const first = await writeOrganisation(directory, 'single', [account]);
  simulator = await startAwsSimulator(first, { token: key, faults: [{ action: 'iam:GetAccountSummary', times: 1 }] });
});
afterAll(async () => {
  await simulator.close();
  await rm(directory, { recursive: true, force: true });
});

describe('AWS simulator wire format', () => {
  it('pages ListUsers with Marker and IsTruncated in awsQuery XML', async () => {
    const first = await query('Action=ListUsers&Version=2010-05-08&MaxItems=2');
    expect(first.status).toBe(200);
    expect(first.text).toMatch(/^<ListUsersResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><ListUsersResult><Users><member>/);
    expect(first.text).toContain('<IsTruncated>true</IsTruncated>');
    const marker = /<Marker>([^<]+)<\/Marker>/.exec(first.text)?.[1] as string;
    const second = await query(`Action=ListUsers&Version=2010-05-08&MaxItems=2&Marker=${encodeURIComponent(marker)}`);
    expect(second.text).toContain('<UserName>c</UserName>');
    expect(second.text).toContain('<IsTruncated>false</IsTruncated>');
  });

  it('answers Throttling as HTTP 400 with the AWS error XML, then serves the request', async () => {
    const throttled = await query('Action=GetAccountSummary&Version=2010-05-08');
    expect(throttled.status).toBe(400);
    expect(throttled.text).toMatch(/<ErrorResponse xmlns="[^"]+"><Error><Type>Sender<\/Type><Code>Throttling<\/Code><Message>Rate exceeded<\/Message><\/Error><RequestId>/);
    const served = await query('Action=GetAccountSummary&Version=2010-05-08');
    expect(served.text).toContain('<SummaryMap><entry><key>Users</key><value>3</value></entry>');
  });

  it('refuses unsigned requests, unknown keys, unknown actions and the wrong version', async () => {
    expect((await query('Action=ListUsers&Version=2010-05-08', {})).text).toContain('<Code>MissingAuthenticationToken</Code>');
    const unknownKey = await query('Action=ListUsers&Version=2010-05-08', signed('AKIAOTHER'));
    expect(unknownKey.status).toBe(403);
    expect(unknownKey.text).toContain('<Code>InvalidClientTokenId</Code>');
    expect((await query('Action=DeleteUser&Version=2010-05-08&UserName=a')).text).toContain('<Code>InvalidAction</Code>');
    expect((await query('Action=ListUsers&Version=2011-06-15')).text).toContain('<Code>InvalidAction</Code>');
    expect((await query('Action=ListMFADevices&Version=2010-05-08')).status).toBe(400);
  });

  it('walks the credential report through its states: fresh reports are reused', async () => {
    const generated = await query('Action=GenerateCredentialReport&Version=2010-05-08');
    expect(generated.text).toContain('<State>COMPLETE</State>');
    const report = await query('Action=GetCredentialReport&Version=2010-05-08');
    const content = /<Content>([^<]+)<\/Content>/.exec(report.text)?.[1] as string;
    expect(Buffer.from(content, 'base64').toString('utf8').split('\n')[0]).toMatch(/^user,arn,user_creation_time,password_enabled/);
  });

  it('answers Organizations calls in JSON 1.1: not in use for a lone account', async () => {
    const response = await fetch(simulator.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts', ...signed(key, 'organizations') },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'AWSOrganizationsNotInUseException' });
    expect(simulator.stats().requests['organizations:ListAccounts']).toBe(1);
  });
});
