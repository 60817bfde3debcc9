/** The demo AWS organisation: three sources, deterministic, and every planted problem found by the analysis. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultAnalysisSettings } from '../../../src/connectors/connector.js';
import { analyseAws } from '../../../src/connectors/aws/analyse-aws.js';
import { checkPlantedProblems } from '../../../src/simulators/demo/check-planted-problems.js';
import { writeDemoAwsOrganisation } from '../../../src/simulators/aws/demo-aws-organisation.js';
import { SnapshotWriter } from '../../../src/snapshot/snapshot-writer.js';
import { openSnapshot } from '../../../src/snapshot/snapshot-reader.js';
import { awsSimulator } from '../../../src/simulators/aws/aws-simulator-definition.js';
import { awsConnector } from '../../../src/connectors/aws/index.js';
import { silentProgress } from '../../../src/connectors/connector.js';
import { silentLogger } from '../../../src/logger.js';

const asOf = new Date('2025-06-01T00:00:00Z');

async function generate(directory: string) {
  const writer = await SnapshotWriter.create(directory, { now: () => asOf, scannerVersion: 'test' });
  const demo = await writeDemoAwsOrganisation(writer, { seed: 7, asOf });
  await writer.commit();
  return demo;
}

describe('demo AWS organisation', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'aws-demo-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('records three accounts whose planted problems the analysis finds', async () => {
    const demo = await generate(path.join(directory, 'tenant'));
    expect(demo.sources).toEqual(['demo-aws.111111111111', 'demo-aws.222222222222', 'demo-aws.333333333333']);
    const snapshot = await openSnapshot(path.join(directory, 'tenant'));
    const accounts = [];
    const findings = [];
    for (const source of snapshot.sources) {
      const analysis = await analyseAws(source, { asOf, settings: defaultAnalysisSettings });
      accounts.push(...analysis.accounts.map((account) => ({ ...account, sourceId: source.meta.sourceId })));
      findings.push(...analysis.findings);
    }
    const outcomes = checkPlantedProblems(demo.plantedProblems, {
      accounts: accounts as never,
      findings,
      sources: snapshot.sources.map((source) => ({ sourceId: source.meta.sourceId, tenant: source.meta.tenant })),
    });
    expect(outcomes.map((outcome) => [outcome.problem.id, outcome.failures])).toEqual([
      ['aws-console-user-without-mfa', []],
      ['aws-admin-virtual-mfa-only', []],
      ['aws-root-virtual-mfa', []],
      ['aws-stale-access-key', []],
    ]);
    // Nothing else is planted: the filler users are covered or are service users.
    const uncovered = accounts.filter((account) => account.covered === 'no').map((account) => account.login);
    expect(uncovered).toEqual(['dev.contractor']);
  });

  it('is served whole by the simulator started on one account, and scanned through connectionFor', async () => {
    await generate(path.join(directory, 'served'));
    const token = 'AKIADEMOTOKEN0000001';
    const running = await awsSimulator.start(path.join(directory, 'served', 'sources', 'demo-aws.111111111111'), { port: 0, token });
    try {
      const config = awsConnector.configSchema.parse({
        connector: 'aws',
        accountId: '111111111111',
        organisation: {},
        credentialReport: { pollIntervalMs: 1, maxPolls: 5 },
        ...awsSimulator.connectionFor(running, 'DEMO_AWS_TOKEN'),
      });
      const context = { logger: silentLogger(), now: () => asOf, progress: silentProgress, env: { DEMO_AWS_TOKEN: token } };
      const spent: string[] = [];
      const expanded = await awsConnector.expand?.(config, context, (label) => spent.push(label));
      expect(expanded?.map((entry) => entry.key)).toEqual(['111111111111', '222222222222', '333333333333']);
      expect(spent.sort()).toEqual(['organizations:ListAccounts', 'sts:GetCallerIdentity']);
      const writer = await SnapshotWriter.create(path.join(directory, 'scanned'), { now: () => asOf, scannerVersion: 'test' });
      const metas = [];
      for (const entry of expanded ?? []) {
        metas.push(await writer.recordSource({ sourceId: `demo-aws.${entry.key}`, connector: 'aws', tenant: entry.tenant }, (recorder) => awsConnector.collect(entry.config, recorder, context)));
      }
      await writer.commit();
      expect(metas.map((meta) => meta.status)).toEqual(['complete', 'complete', 'complete']);
      const scanned = await openSnapshot(path.join(directory, 'scanned'));
      const sandbox = scanned.sources.find((source) => source.meta.tenant === '333333333333');
      const analysis = await awsConnector.analyse(sandbox as never, { asOf, settings: defaultAnalysisSettings });
      expect(analysis.findings.map((finding) => finding.ruleId)).toContain('aws-root-virtual-mfa');
      expect(analysis.accounts.find((account) => account.kind === 'root')?.login).toBe('aws-sandbox@contoso-demo.example');
    } finally {
      await running.close();
    }
  });

  it('is deterministic for a seed', async () => {
    const a = await generate(path.join(directory, 'a'));
    const b = await generate(path.join(directory, 'b'));
    expect(a).toEqual(b);
  });
});
