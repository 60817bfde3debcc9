/**
 * The AWS simulator as the CLI's `simulate` and `demo` commands start it. Started on any account's source folder
 * it serves that account's whole organisation (its sibling sources). The connection it hands the config: the
 * endpoint override and static credentials whose access key id (and secret) come from `tokenEnv`.
 */
import type { SimulatorDefinition } from '../simulator-registry.js';
import { startAwsSimulator } from './aws-simulator.js';

export const awsSimulator: SimulatorDefinition = {
  connector: 'aws',
  async start(sourceDirectory, options) {
    const simulator = await startAwsSimulator(sourceDirectory, {
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.token !== undefined ? { token: options.token } : {}),
    });
    return { url: simulator.url, auditLog: simulator.auditLog, close: () => simulator.close() };
  },
  connectionFor: (simulator, tokenEnv) => ({
    endpoint: simulator.url,
    credentials: { type: 'static', accessKeyId: { env: tokenEnv }, secretAccessKey: { env: tokenEnv } },
  }),
};
