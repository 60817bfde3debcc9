/** The Google Workspace simulator as the CLI's `simulate` and `demo` commands start it. */
import type { SimulatorDefinition } from '../simulator-registry.js';
import { startGoogleSimulator } from './google-simulator.js';

export const googleSimulator: SimulatorDefinition = {
  connector: 'google',
  async start(sourceDirectory, options) {
    const simulator = await startGoogleSimulator(sourceDirectory, {
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.token !== undefined ? { token: options.token } : {}),
    });
    return { url: simulator.url, auditLog: simulator.auditLog, close: () => simulator.close() };
  },
  connectionFor: (simulator, tokenEnv) => ({ rootUrl: simulator.url, auth: { type: 'access-token', token: { env: tokenEnv } } }),
};
