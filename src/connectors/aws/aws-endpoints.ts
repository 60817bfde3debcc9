/**
 * What the AWS connector reads, one snapshot file per endpoint (`name` is the file stem, docs/connectors/aws.md).
 * `label` counts requests in `source.json` and is also the IAM action the call needs, which AWS names when it
 * refuses one.
 */
export interface AwsEndpoint {
  name: string;
  label: string;
  keyed: boolean;
}

function endpoint(name: string, label: string, keyed = false): AwsEndpoint {
  return { name, label, keyed };
}

export const awsEndpoints = {
  callerIdentity: endpoint('callerIdentity', 'sts:GetCallerIdentity'),
  organisationAccount: endpoint('organisationAccount', 'organizations:ListAccounts'),
  credentialReport: endpoint('credentialReport', 'iam:GetCredentialReport'),
  users: endpoint('users', 'iam:ListUsers'),
  virtualMfaDevices: endpoint('virtualMfaDevices', 'iam:ListVirtualMFADevices'),
  mfaDevices: endpoint('mfaDevices', 'iam:ListMFADevices', true),
  accountSummary: endpoint('accountSummary', 'iam:GetAccountSummary'),
  authorizationDetails: endpoint('authorizationDetails', 'iam:GetAccountAuthorizationDetails'),
  scanSettings: endpoint('scanSettings', 'none'),
} as const satisfies Record<string, AwsEndpoint>;

/** Request labels of calls that write no file of their own. */
export const awsRequestLabels = {
  generateCredentialReport: 'iam:GenerateCredentialReport',
  assumeRole: 'sts:AssumeRole',
  listAccounts: 'organizations:ListAccounts',
  describeOrganization: 'organizations:DescribeOrganization',
} as const;

/** The IAM actions a member account's role needs (docs/connectors/aws.md, "Permissions"). */
export const awsAccountActions = [
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  'iam:ListUsers',
  'iam:ListVirtualMFADevices',
  'iam:ListMFADevices',
  'iam:GetAccountSummary',
  'iam:GetAccountAuthorizationDetails',
] as const;

/** What the management-account credentials additionally need to scan an organisation. */
export const awsOrganisationActions = ['organizations:ListAccounts', 'sts:AssumeRole'] as const;

/** `GetAccountAuthorizationDetails` filter: users, groups and every policy they may attach. */
export const authorizationDetailsFilter = ['User', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;

/** The largest page IAM serves. */
export const iamMaxItems = 1000;
