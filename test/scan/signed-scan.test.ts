/** A scan through the Okta simulator writes a signed evidence manifest; a bad signing key stops it before any request. */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { appConfigSchema } from '../../src/config/app-config.js';
import { silentProgress } from '../../src/connectors/connector.js';
import { ConfigError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { configurationHash } from '../../src/reports/build-evidence-manifest.js';
import { evidenceManifestSchema } from '../../src/reports/evidence-manifest.js';
import { verifyReportDirectory } from '../../src/reports/verify-report-directory.js';
import { runScan } from '../../src/scan/run-scan.js';
import { buildDemoOktaOrg } from '../../src/simulators/okta/demo-okta-org.js';
import { startOktaSimulator } from '../../src/simulators/okta/okta-simulator.js';
import { sourceMetaSchema } from '../../src/snapshot/snapshot-format.js';
import { temporaryDirectory, testToken, writeOrgSource } from '../connectors/okta/okta-scan-harness.js';
import { ed25519KeyPair } from '../reports/evidence-fixtures.js';

describe('a scan with evidence.signingKey', () => {
  it('signs the manifest, which records the config hash, permissions and request counts of the scan', async () => {
    const directory = await temporaryDirectory();
    try {
      const org = buildDemoOktaOrg({ seed: 5, userCount: 12 }).org;
      const simulator = await startOktaSimulator(await writeOrgSource(directory.path, 'org', org), { token: testToken });
      try {
        const keys = ed25519KeyPair();
        const config = appConfigSchema.parse({
          organisation: { name: 'Test' },
          sources: { okta: { connector: 'okta', orgUrl: simulator.url, auth: { type: 'api-token', token: { env: 'OKTA_TEST_TOKEN' } } } },
          evidence: { signingKey: { env: 'MANIFEST_KEY' } },
        });
        const out = path.join(directory.path, 'scan');
        const context = { logger: silentLogger(), now: () => new Date(), progress: silentProgress, env: { OKTA_TEST_TOKEN: testToken, MANIFEST_KEY: keys.privatePem } };
        const result = await runScan(config, out, context);
        expect(result.reportFiles.map((file) => path.basename(file)).slice(-2)).toEqual(['manifest.json', 'manifest.sig']);

        const manifest = evidenceManifestSchema.parse(JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')));
        expect(manifest.configuration).toEqual({ origin: 'config-file', sha256: configurationHash(config) });
        const meta = sourceMetaSchema.parse(JSON.parse(await readFile(path.join(out, 'snapshot', 'sources', 'okta', 'source.json'), 'utf8')));
        const [source] = manifest.sources;
        expect(source).toMatchObject({ sourceId: 'okta', connector: 'okta', status: 'complete', permissionsFrom: 'snapshot', permissions: [...meta.permissions].sort() });
        expect(source?.requests).toEqual(meta.requests);
        expect(source?.requestTotal).toBeGreaterThan(0);

        const verification = await verifyReportDirectory(out, { publicKey: keys.publicKey, configurationHash: configurationHash(config) });
        expect(verification.files.filter((check) => check.status !== 'ok')).toEqual([]);
        expect(verification.signature).toMatchObject({ status: 'valid', trustedKey: true });
        expect(verification.intact).toBe(true);
      } finally {
        await simulator.close();
      }
    } finally {
      await directory.remove();
    }
  }, 60_000);

  it('fails before collecting anything when the key cannot be resolved', async () => {
    const directory = await temporaryDirectory();
    try {
      const config = appConfigSchema.parse({
        organisation: { name: 'Test' },
        sources: { okta: { connector: 'okta', orgUrl: 'https://unreachable.invalid', auth: { type: 'api-token', token: { env: 'OKTA_TEST_TOKEN' } } } },
        evidence: { signingKey: { env: 'MANIFEST_KEY' } },
      });
      const out = path.join(directory.path, 'scan');
      const context = { logger: silentLogger(), now: () => new Date(), progress: silentProgress, env: { OKTA_TEST_TOKEN: 'x' } };
      const scan = runScan(config, out, context);
      await expect(scan).rejects.toThrow(ConfigError);
      await expect(scan).rejects.toThrow(/evidence\.signingKey: environment variable MANIFEST_KEY is not set/);
      await expect(access(out)).rejects.toThrow(/ENOENT/);
    } finally {
      await directory.remove();
    }
  });
});
