/** docs/api.md keeps up with the code: every error code, scope and metric the API has is described there. */
import { readFile } from 'node:fs/promises';
import { apiErrorCatalogue, apiErrorCodes } from '../../src/api/api-errors.js';
import { apiScopes } from '../../src/api/auth/api-scopes.js';
import { createServiceMetrics } from '../../src/api/metrics/service-metrics.js';
import type { HistoryStore } from '../../src/store/history-store.js';

const docs = await readFile(new URL('../../docs/api.md', import.meta.url), 'utf8');

describe('docs/api.md', () => {
  it.each(apiErrorCodes)('documents error code %s with its status', (code) => {
    expect(docs).toMatch(new RegExp(`^\\| \`${code}\` \\| ${apiErrorCatalogue[code].status} \\| \\S`, 'm'));
  });

  it('lists no error code the catalogue lacks', () => {
    const errorTable = docs.slice(docs.indexOf('| code | status | meaning |'), docs.indexOf('## Routes'));
    const documented = [...errorTable.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual([...apiErrorCodes].sort());
  });

  it.each(apiScopes)('documents scope %s', (scope) => {
    expect(docs).toMatch(new RegExp(`^\\| \`${scope}\` \\| \\S`, 'm'));
  });

  it('documents every metric the service exports', () => {
    const metrics = createServiceMetrics({ db: undefined as never, history: undefined as unknown as HistoryStore, queues: [] });
    const names = metrics.registry.getMetricsAsArray().map((metric) => metric.name).filter((name) => !name.startsWith('mfa_coverage_api_'));
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) expect([name, docs.includes(`| \`${name}\` |`)]).toEqual([name, true]);
  });
});
