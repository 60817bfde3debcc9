/**
 * The Okta simulator as the CLI's `simulate` and `demo` commands start it. The connection it hands the config labels
 * the source with the org's domain (from the served source's tenant), as a scan of the real org would be labelled,
 * not with the simulator's loopback URL.
 */
import { openRawSource } from '../../snapshot/snapshot-reader.js';
import type { SimulatorDefinition } from '../simulator-registry.js';
import { startOktaSimulator } from './okta-simulator.js';

export const oktaSimulator: SimulatorDefinition = {
  connector: 'okta',
  async start(sourceDirectory, options) {
    const simulator = await startOktaSimulator(sourceDirectory, {
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.token !== undefined ? { token: options.token } : {}),
    });
    const { meta } = await openRawSource(sourceDirectory);
    return { url: simulator.url, tenant: meta.tenant, auditLog: simulator.auditLog, close: () => simulator.close() };
  },
  connectionFor: (simulator, tokenEnv) => ({
    orgUrl: simulator.url,
    ...(simulator.tenant ? { orgName: orgDomain(simulator.tenant) } : {}),
    auth: { type: 'api-token', token: { env: tokenEnv } },
  }),
};

/** `https://acme.okta.com` → `acme.okta.com`; a tenant that is not a URL is already a name. */
function orgDomain(tenant: string): string {
  return URL.canParse(tenant) ? new URL(tenant).host : tenant;
}
