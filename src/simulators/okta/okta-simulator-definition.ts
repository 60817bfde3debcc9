/** The Okta simulator as the CLI's `simulate` and `demo` commands start it. */
import type { SimulatorDefinition } from '../simulator-registry.js';
import { startOktaSimulator } from './okta-simulator.js';

export const oktaSimulator: SimulatorDefinition = {
  connector: 'okta',
  async start(sourceDirectory, options) {
    const simulator = await startOktaSimulator(sourceDirectory, {
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.token !== undefined ? { token: options.token } : {}),
    });
    return { url: simulator.url, auditLog: simulator.auditLog, close: () => simulator.close() };
  },
  connectionFor: (simulator, tokenEnv) => ({ orgUrl: simulator.url, auth: { type: 'api-token', token: { env: tokenEnv } } }),
};
