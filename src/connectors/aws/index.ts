/**
 * AWS IAM, read through `@aws-sdk/client-iam`, `@aws-sdk/client-sts` and `@aws-sdk/client-organizations`: one account,
 * or every account of an organisation (`expand` makes one source per member account, key = account id).
 */
import { defineConnector } from '../connector.js';
import { awsConfigSchema, type AwsConfig } from './aws-config.js';
import { collectAws } from './collect-aws.js';
import { expandAwsOrganisation } from './expand-aws-organisation.js';
import { analyseAws } from './analyse-aws.js';
import { awsAccountActions, awsEndpoints, awsOrganisationActions } from './aws-endpoints.js';

export const awsConnector = defineConnector<AwsConfig>({
  id: 'aws',
  title: 'AWS IAM',
  configSchema: awsConfigSchema,
  permissions: [
    ...awsAccountActions,
    'sts:GetCallerIdentity (needs no permission)',
    ...awsOrganisationActions.map((action) => `${action} (management account, organisation scans only)`),
  ],
  accountEndpoints: [awsEndpoints.users.name],
  tenantOf: (config) => config.accountId,
  expand: (config, context, countRequest) => expandAwsOrganisation(config, context, { countRequest }),
  collect: async (config, recorder, context) => {
    await collectAws(config, recorder, context);
  },
  analyse: (source, context) => analyseAws(source, context),
});

export { awsConfigSchema } from './aws-config.js';
export type { AwsConfig } from './aws-config.js';
