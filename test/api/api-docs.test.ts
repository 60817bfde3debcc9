/** docs/api.md keeps up with the code: every error code, scope and metric the API has is described there. */
import { readFile } from 'node:fs/promises';
import { apiErrorCatalogue, apiErrorCodes } from '../../src/api/api-errors.js';
import { apiScopes } from '../../src/api/auth/api-scopes.js';
import { createServiceMetrics } from '../../src/api/metrics/service-metrics.js';
import { createHistoryStore } from '../../src/store/history-store.js';
import { openTestStore } from '../store/test-stores.js';

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

  it('documents every metric the service exports', async () => {
    const opened = await openTestStore('sqlite');
    try {
      const metrics = createServiceMetrics({ db: opened.store.db, history: createHistoryStore(opened.store.db), queues: [] });
      const names = metrics.registry.getMetricsAsArray().map((metric) => metric.name).filter((name) => !name.startsWith('mfa_coverage_api_'));
      expect(names.length).toBeGreaterThanOrEqual(10);
      for (const name of names) expect([name, docs.includes(`| \`${name}\` |`)]).toEqual([name, true]);
    } finally {
      await opened.dispose();
    }
  });
});
