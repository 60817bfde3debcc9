/**
 * `simulate:` in the config (config/demo.yaml): before the service starts, a seeded tenant is generated and each
 * of its sources served by its identity provider's wire simulator on a free local port; the config's connection
 * fields are pointed at them and a random token stands in for every credential. The service then runs exactly
 * as against the real vendors, through the official SDKs.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { appConfigSchema, type AppConfig } from '../config/app-config.js';
import type { SimulateConfig } from '../config/service-config.js';
import { ConfigError } from '../errors.js';
import { generateDemoTenant } from '../simulators/demo/generate-demo-tenant.js';
import { closeServedSources, serveSources } from '../simulators/serve-sources.js';
import { openSnapshot } from '../snapshot/snapshot-reader.js';

export const simulatorTokenEnv = 'MFA_COVERAGE_SIMULATOR_TOKEN';

export interface SimulatedSources {
  config: AppConfig;
  env: NodeJS.ProcessEnv;
  /** The generated tenant's folder: the demo's roster and register resolve against it. */
  configDirectory: string;
  close(): Promise<void>;
}

export async function startSimulatedSources(
  config: AppConfig,
  simulate: SimulateConfig,
  now: Date,
  options: { beforeServe?: (tenantDirectory: string) => Promise<void> } = {},
): Promise<SimulatedSources> {
  const directory = path.resolve(simulate.directory);
  await rm(directory, { recursive: true, force: true });
  await generateDemoTenant({ directory, seed: simulate.seed, userCount: simulate.users, asOf: now });
  // Tests and the benchmark tune the simulators here (a simulator.json per source: latency, rate limits).
  await options.beforeServe?.(directory);
  const tenant = await openSnapshot(directory);
  const token = randomBytes(16).toString('hex');
  const served = await serveSources(tenant.sources, { token, portFor: () => 0 });
  try {
    const raw = JSON.parse(JSON.stringify(config)) as { sources: Record<string, Record<string, unknown>> };
    for (const entry of served) {
      const source = raw.sources[entry.configSourceId];
      if (!source) throw new ConfigError(`simulate: the generated tenant has a source ${entry.configSourceId} that the config does not configure.`);
      Object.assign(source, entry.definition.connectionFor(entry.server, simulatorTokenEnv));
    }
    return {
      config: appConfigSchema.parse(raw),
      env: { ...process.env, [simulatorTokenEnv]: token },
      configDirectory: directory,
      close: () => closeServedSources(served),
    };
  } catch (error) {
    await closeServedSources(served);
    throw error;
  }
}
