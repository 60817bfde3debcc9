/** The explicit list of connectors. Adding an identity provider means adding it here, nowhere else. */
import { z } from 'zod';
import type { ConnectorDefinition } from './connector.js';
import { awsConnector } from './aws/index.js';
import { awsConfigSchema } from './aws/aws-config.js';
import { entraConnector } from './entra/index.js';
import { entraConfigSchema } from './entra/entra-config.js';
import { googleConnector } from './google/index.js';
import { googleConfigSchema } from './google/google-config.js';
import { oktaConnector } from './okta/index.js';
import { oktaConfigSchema } from './okta/okta-config.js';
import type { IdentityProviderId } from '../model/identity-provider.js';

// Each definition is typed by its own config; the registry handles them through the common contract, and
// connectorConfigSchema guarantees a config only ever reaches the connector its `connector` field names.
export const connectors: readonly ConnectorDefinition[] = [entraConnector, oktaConnector, awsConnector, googleConnector].map(
  (connector) => connector as unknown as ConnectorDefinition,
);

/** Validates any `sources.<id>` block, dispatching on its `connector` field. */
export const connectorConfigSchema = z.discriminatedUnion('connector', [entraConfigSchema, oktaConfigSchema, awsConfigSchema, googleConfigSchema]);
export type ConnectorConfig = z.infer<typeof connectorConfigSchema>;

export function connectorFor(id: IdentityProviderId): ConnectorDefinition {
  const connector = connectors.find((candidate) => candidate.id === id);
  if (!connector) throw new Error(`No connector is registered for ${id}; the registry lists ${connectors.map((c) => c.id).join(', ')}.`);
  return connector;
}
