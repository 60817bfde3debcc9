/** Microsoft Entra ID, read through the Microsoft Graph SDK. */
import { defineConnector } from '../connector.js';
import { entraConfigSchema, type EntraConfig } from './entra-config.js';
import { collectEntra } from './collect-entra.js';
import { analyseEntra } from './analyse-entra.js';
import { entraPermissions } from './entra-permissions.js';
import { entraEndpoints } from './endpoints.js';

export const entraConnector = defineConnector<EntraConfig>({
  id: 'entra',
  title: 'Microsoft Entra ID',
  configSchema: entraConfigSchema,
  permissions: entraPermissions,
  accountEndpoints: [entraEndpoints.users.name],
  tenantOf: (config) => config.tenantId,
  collect: collectEntra,
  analyse: analyseEntra,
});
