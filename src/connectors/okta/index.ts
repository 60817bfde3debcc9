/** Okta (Workforce Identity), read through `@okta/okta-sdk-nodejs`. */
import { defineConnector } from '../connector.js';
import { oktaConfigSchema, type OktaConfig } from './okta-config.js';
import { collectOkta } from './collect-okta.js';
import { analyseOkta } from './analyse-okta.js';
import { oktaEndpoints, oktaScopes } from './okta-endpoints.js';

export const oktaConnector = defineConnector<OktaConfig>({
  id: 'okta',
  title: 'Okta',
  configSchema: oktaConfigSchema,
  permissions: [...oktaScopes, 'Okta admin role: Read-Only Administrator (assigned to the service app)'],
  accountEndpoints: [oktaEndpoints.users.name],
  tenantOf: (config) => config.orgName ?? config.orgUrl,
  collect: async (config, recorder, context) => {
    await collectOkta(config, recorder, context);
  },
  analyse: analyseOkta,
});
