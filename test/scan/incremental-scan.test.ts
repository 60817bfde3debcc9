/** `scan --incremental-from`: the pipeline hands each connector the same source of the earlier snapshot. */
import path from 'node:path';
import { appConfigSchema } from '../../src/config/app-config.js';
import { silentProgress } from '../../src/connectors/connector.js';
import { oktaEndpoints } from '../../src/connectors/okta/okta-endpoints.js';
import { silentLogger } from '../../src/logger.js';
import { collectSnapshot } from '../../src/scan/collect-snapshot.js';
import { buildDemoOktaOrg } from '../../src/simulators/okta/demo-okta-org.js';
import { startOktaSimulator } from '../../src/simulators/okta/okta-simulator.js';
import { openSnapshot } from '../../src/snapshot/snapshot-reader.js';
import { temporaryDirectory, testToken, writeOrgSource } from '../connectors/okta/okta-scan-harness.js';

describe('incremental scans through the pipeline', () => {
  it('passes the matching source of the previous snapshot, so unchanged users are not fetched again', async () => {
    const directory = await temporaryDirectory();
    try {
      const org = buildDemoOktaOrg({ seed: 3, userCount: 40 }).org;
      const orgDirectory = await writeOrgSource(directory.path, 'org', org);
      const simulator = await startOktaSimulator(orgDirectory, { token: testToken });
      try {
        const config = appConfigSchema.parse({
          organisation: { name: 'Test' },
          sources: { okta: { connector: 'okta', orgUrl: simulator.url, auth: { type: 'api-token', token: { env: 'OKTA_TEST_TOKEN' } } } },
        });
        const context = { logger: silentLogger(), now: () => new Date(), progress: silentProgress, env: { OKTA_TEST_TOKEN: testToken } };
        const first = await collectSnapshot(config, { target: path.join(directory.path, 'scan-1'), context });
        const previous = await openSnapshot(first.directory);
        const second = await collectSnapshot(config, { target: path.join(directory.path, 'scan-2'), context, previous });
        const factorRequests = (meta: { requests: Record<string, number> } | undefined) => meta?.requests[oktaEndpoints.factors.label] ?? 0;
        expect(first.sources[0]?.status).toBe('complete');
        expect(second.sources[0]?.status).toBe('complete');
        expect(factorRequests(first.sources[0])).toBeGreaterThan(10);
        expect(factorRequests(second.sources[0])).toBe(0);

        const otherTenant = appConfigSchema.parse({
          ...config,
          sources: { okta: { ...config.sources.okta, orgUrl: simulator.url.replace('127.0.0.1', 'localhost') } },
        });
        const third = await collectSnapshot(otherTenant, { target: path.join(directory.path, 'scan-3'), context, previous });
        expect(factorRequests(third.sources[0])).toBe(factorRequests(first.sources[0]));
      } finally {
        await simulator.close();
      }
    } finally {
      await directory.remove();
    }
  }, 60_000);
});
