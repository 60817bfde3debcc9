/** The Microsoft Graph simulator as the CLI's `simulate` and `demo` commands start it. */
import type { SimulatorDefinition } from '../simulator-registry.js';
import { startGraphSimulator } from './graph-simulator.js';

export const entraSimulator: SimulatorDefinition = {
  connector: 'entra',
  async start(sourceDirectory, options) {
    const simulator = await startGraphSimulator(sourceDirectory, {
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.token !== undefined ? { token: options.token } : {}),
    });
    return { url: simulator.url, auditLog: simulator.auditLog, close: () => simulator.close() };
  },
  connectionFor: (simulator, tokenEnv) => ({ graphBaseUrl: simulator.url, auth: { type: 'access-token', token: { env: tokenEnv } } }),
};
