/** The AWS config block: defaults, and the mistakes it refuses with a message that says what to write. */
import { awsConfigSchema } from '../../../src/connectors/aws/aws-config.js';
import { expandAwsOrganisation } from '../../../src/connectors/aws/expand-aws-organisation.js';
import { silentProgress } from '../../../src/connectors/connector.js';
import { silentLogger } from '../../../src/logger.js';

describe('AWS config', () => {
  it('fills defaults for a single account', () => {
    const config = awsConfigSchema.parse({ connector: 'aws', accountId: '123456789012' });
    expect(config).toMatchObject({ region: 'us-east-1', credentials: { type: 'default' }, accessKeys: { unusedAfterDays: 90, rotateAfterDays: 90 } });
    expect(config.organisation).toBeUndefined();
  });

  it('defaults the member role for an organisation', () => {
    expect(awsConfigSchema.parse({ connector: 'aws', accountId: '123456789012', organisation: {} }).organisation).toEqual({ roleName: 'MfaCoverageReadOnly', sessionName: 'mfa-coverage', excludeAccounts: [] });
  });

  it.each([
    [{ accountId: '12345' }, 'an AWS account id is 12 digits'],
    [{ accountId: '123456789012', endpoint: 'http://iam.example.com' }, 'http:// only for a local simulator'],
    [{ accountId: '123456789012', credentials: { type: 'static', accessKeyId: 'AKIA', secretAccessKey: { env: 'X' } } }, 'expected object'],
    [{ accountId: '123456789012', organisation: { roleName: 'bad role' } }, 'roleName is an IAM role name'],
  ])('refuses %j', (fields, message) => {
    const result = awsConfigSchema.safeParse({ connector: 'aws', ...fields });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });

  it('expands a single account to itself without a request', async () => {
    const config = awsConfigSchema.parse({ connector: 'aws', accountId: '123456789012' });
    const expanded = await expandAwsOrganisation(config, { logger: silentLogger(), now: () => new Date(), progress: silentProgress, env: {} });
    expect(expanded).toEqual([{ key: '123456789012', tenant: '123456789012', config }]);
  });
});
