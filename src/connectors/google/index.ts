/** Google Workspace (and Cloud Identity), read through `@googleapis/admin` and `@googleapis/cloudidentity`. */
import { defineConnector } from '../connector.js';
import { googleConfigSchema, type GoogleConfig } from './google-config.js';
import { collectGoogle } from './collect-google.js';
import { analyseGoogle } from './analyse-google.js';
import { googleEndpoints, googleScopeList } from './google-endpoints.js';

export const googleConnector = defineConnector<GoogleConfig>({
  id: 'google',
  title: 'Google Workspace',
  configSchema: googleConfigSchema,
  permissions: [
    ...googleScopeList,
    'Domain-wide delegation of these scopes to the service account, impersonating a super administrator (the Policy API answers only super administrators)',
  ],
  accountEndpoints: [googleEndpoints.users.name],
  tenantOf: (config) => config.domain,
  collect: async (config, recorder, context) => {
    await collectGoogle(config, recorder, context);
  },
  analyse: async (source, context) => {
    const { accounts, findings, policies } = await analyseGoogle(source, context);
    return { accounts, findings, policies };
  },
});
