/** A fixture org as an in-memory raw source (the same lines recordOktaOrg writes), for fast analysis tests. */
import type { RawSource } from '../../../src/snapshot/snapshot-reader.js';
import type { SourceError } from '../../../src/snapshot/snapshot-format.js';
import { memoryRawSource, memoryRecorder } from '../memory-raw-source.js';
import { recordOktaOrg, type OktaOrgFixture } from '../../../src/simulators/okta/okta-org-fixture.js';

export async function memoryOktaSource(
  org: OktaOrgFixture,
  options: { errors?: SourceError[]; drop?: string[]; edit?: (lines: Map<string, unknown[]>) => void } = {},
): Promise<RawSource> {
  const memory = memoryRecorder('okta');
  const { recorder, lines } = memory;
  await recordOktaOrg(recorder, org);
  for (const name of options.drop ?? []) lines.delete(name);
  options.edit?.(lines);
  return memoryRawSource({ ...memory, connector: 'okta', sourceId: 'okta', tenant: 'https://example.okta.com', errors: options.errors ?? [], startedAt: '2025-06-01T00:00:00.000Z' });
}
