/** One simulator per configured source: an organisation's member accounts share the one their config block expands. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDemoTenant } from '../../src/simulators/demo/generate-demo-tenant.js';
import { closeServedSources, configSourceIdOf, serveSources, type ServedSource } from '../../src/simulators/serve-sources.js';
import { openSnapshot, type RawSource } from '../../src/snapshot/snapshot-reader.js';

describe('serveSources', () => {
  let parent: string;
  let sources: RawSource[];

  beforeAll(async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'serve-sources-'));
    await generateDemoTenant({ directory: path.join(parent, 'tenant'), seed: 7, userCount: 200, asOf: new Date('2026-11-01T00:00:00Z') });
    sources = [...(await openSnapshot(path.join(parent, 'tenant'))).sources];
  }, 60_000);

  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it('names a member account by the config block it was expanded from', () => {
    expect(configSourceIdOf('demo-aws.222222222222')).toBe('demo-aws');
    expect(configSourceIdOf('demo-entra')).toBe('demo-entra');
  });

  it('starts one simulator per config block, the three AWS accounts sharing one, each answering on loopback', async () => {
    const served: ServedSource[] = await serveSources(sources, { token: 'test-token', portFor: () => 0 });
    try {
      const summary = served.map((entry) => [entry.configSourceId, entry.connector, entry.sourceIds.length]);
      expect(summary.sort()).toEqual([
        ['demo-aws', 'aws', 3],
        ['demo-entra', 'entra', 1],
        ['demo-google', 'google', 1],
        ['demo-okta', 'okta', 1],
      ]);
      for (const entry of served) {
        expect(new URL(entry.server.url).hostname).toBe('127.0.0.1');
        // Any answer at all (an auth error included) shows the server is up; unimplemented paths answer with errors.
        const response = await fetch(entry.server.url);
        expect(response.status).toBeGreaterThanOrEqual(200);
      }
    } finally {
      await closeServedSources(served);
    }
  });

  it('closes what it started when a source has no simulator', async () => {
    const unknown = { ...(sources[0] as RawSource), meta: { ...(sources[0] as RawSource).meta, connector: 'nope' } } as unknown as RawSource;
    await expect(serveSources([sources[0] as RawSource, unknown], { portFor: () => 0 })).rejects.toThrow(/No simulator serves nope/);
  });
});
