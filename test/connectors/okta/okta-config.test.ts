import { maxConcurrencyOf, oktaConfigSchema } from '../../../src/connectors/okta/okta-config.js';
import { oktaConnector } from '../../../src/connectors/okta/index.js';
import { oktaScopes } from '../../../src/connectors/okta/okta-endpoints.js';

const auth = { type: 'api-token', token: { env: 'OKTA_TOKEN' } };

describe('Okta config', () => {
  it.each([
    ['https://acme.okta.com', 'https://acme.okta.com'],
    ['https://acme.okta.com/', 'https://acme.okta.com'],
    ['https://login.acme.example', 'https://login.acme.example'],
    ['http://127.0.0.1:4610/', 'http://127.0.0.1:4610'],
  ])('normalises orgUrl %s', (orgUrl, expected) => {
    expect(oktaConfigSchema.parse({ connector: 'okta', orgUrl, auth }).orgUrl).toBe(expected);
  });

  it.each([
    ['http://acme.okta.com', /https/],
    ['https://acme-admin.okta.com', /Admin Console host.*https:\/\/acme\.okta\.com/],
    ['https://acme.okta.com/app/UserHome', /without a path: use https:\/\/acme\.okta\.com/],
    ['https://acme.okta.com?x=1', /query/],
    ['acme.okta.com', /URL/],
  ])('rejects orgUrl %s with a message that says what to write', (orgUrl, message) => {
    const result = oktaConfigSchema.safeParse({ connector: 'okta', orgUrl, auth });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join(' ')).toMatch(message);
  });

  it('defaults to half the budget, the minimal scopes and incremental scans', () => {
    const config = oktaConfigSchema.parse({
      connector: 'okta',
      orgUrl: 'https://acme.okta.com',
      auth: { type: 'private-key', clientId: '0oa1', privateKey: { file: '/run/secrets/okta.pem' } },
    });
    expect(config.rateLimit.budgetShare).toBe(0.5);
    expect(maxConcurrencyOf(config)).toBe(37);
    expect(config.auth.type === 'private-key' && config.auth.scopes).toEqual([...oktaScopes]);
    expect(config.incremental).toEqual({ enabled: true, fullScanAfterDays: 7 });
    expect(oktaConnector.tenantOf(config)).toBe('https://acme.okta.com');
  });

  it('refuses inline secrets, write scopes and unknown fields', () => {
    const base = { connector: 'okta', orgUrl: 'https://acme.okta.com' };
    expect(oktaConfigSchema.safeParse({ ...base, auth: { type: 'api-token', token: 'ssws-inline' } }).success).toBe(false);
    expect(oktaConfigSchema.safeParse({ ...base, auth: { type: 'private-key', clientId: 'x', privateKey: { env: 'K' }, scopes: ['okta.users.manage'] } }).success).toBe(false);
    expect(oktaConfigSchema.safeParse({ ...base, auth, pageSize: 100 }).success).toBe(false);
    expect(oktaConfigSchema.safeParse({ ...base, auth, rateLimit: { budgetShare: 1.5 } }).success).toBe(false);
  });
});

describe('docs/permissions.md, Okta section', () => {
  it('lists every scope the connector requests and the admin role the service app needs', async () => {
    const { readFile } = await import('node:fs/promises');
    const page = await readFile(new URL('../../../docs/permissions.md', import.meta.url), 'utf8');
    const section = /^## Okta\n([\s\S]*?)(?=^## )/m.exec(page)?.[1] ?? '';
    expect(section).not.toBe('');
    const listed = [...section.matchAll(/`(okta\.[A-Za-z]+\.read)`/g)].map((match) => match[1]).sort();
    expect(listed).toEqual([...oktaScopes].sort());
    expect(section).toContain('Read-Only Administrator');
  });
});
