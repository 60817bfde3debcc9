/** The wire simulators, one per identity provider, as the CLI's `simulate` and `demo` commands use them. */
import type { IdentityProviderId } from '../model/identity-provider.js';
import type { SimulatorAuditLog } from './audit-injection.js';
import { awsSimulator } from './aws/aws-simulator-definition.js';
import { entraSimulator } from './entra/entra-simulator-definition.js';
import { googleSimulator } from './google/google-simulator-definition.js';
import { oktaSimulator } from './okta/okta-simulator-definition.js';

export interface RunningSimulator {
  url: string;
  /** The tenant the served source was recorded from (its `meta.json`), where the connection names it. */
  tenant?: string;
  /** The audit log that `simulate --inject` appends to, for simulators that serve one. */
  auditLog?: SimulatorAuditLog;
  close(): Promise<void>;
}

export interface SimulatorDefinition {
  connector: IdentityProviderId;
  /** Serves the tenant stored in a source directory (snapshot layout). */
  start(sourceDirectory: string, options: { port?: number; token?: string }): Promise<RunningSimulator>;
  /** The `sources.<id>` fields that point a connector at the running simulator, with its bearer token in `tokenEnv`. */
  connectionFor(simulator: RunningSimulator, tokenEnv: string): Record<string, unknown>;
}

const simulators: readonly SimulatorDefinition[] = [entraSimulator, oktaSimulator, awsSimulator, googleSimulator];

export function simulatorFor(connector: IdentityProviderId): SimulatorDefinition | undefined {
  return simulators.find((candidate) => candidate.connector === connector);
}
