/** The `sources.<id>` block of a Google source: what it accepts, what it refuses and how, and the key handling. */
import { googleConfigSchema } from '../../../src/connectors/google/google-config.js';
import { createGoogleAuthClient } from '../../../src/connectors/google/create-google-clients.js';
import { ConfigError } from '../../../src/errors.js';

const minimal = { connector: 'google', domain: 'example.com', auth: { type: 'access-token', token: { env: 'GOOGLE_TOKEN' } } };

function issues(input: unknown): string[] {
  const result = googleConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('Google source configuration', () => {
  it('fills defaults: my_customer, a 5,000-request app-password budget, 30 days of Reports, Google-style backoff', () => {
    const config = googleConfigSchema.parse(minimal);
    expect(config.customerId).toBe('my_customer');
    expect(config.appPasswords).toEqual({ requestBudget: 5000, concurrency: 4 });
    expect(config.reports.lookbackDays).toBe(30);
    expect(config.retry).toEqual({ maxAttempts: 7, initialBackoffMs: 1000, maxBackoffMs: 64_000 });
    expect(config.rootUrl).toBeUndefined();
  });

  it('accepts a service account with domain-wide delegation and an admin to impersonate', () => {
    const config = googleConfigSchema.parse({
      ...minimal,
      customerId: 'C0123abcd',
      auth: { type: 'service-account', serviceAccountKey: { file: '/run/secrets/google-key.json' }, subject: 'scanner-admin@example.com' },
    });
    expect(config.auth.type).toBe('service-account');
  });

  it.each([
    [{ ...minimal, domain: 'not a domain' }, 'domain'],
    [{ ...minimal, customerId: '0123' }, 'customerId'],
    [{ ...minimal, rootUrl: 'http://simulator.internal:8080/' }, 'rootUrl'],
    [{ ...minimal, rootUrl: 'https://admin.example.com/?x=1' }, 'rootUrl'],
    [{ ...minimal, auth: { type: 'access-token', token: 'ya29.inline' } }, 'auth.token'],
    [{ ...minimal, auth: { type: 'service-account', serviceAccountKey: { env: 'KEY' }, subject: 'not-an-email' } }, 'auth.subject'],
    [{ ...minimal, appPasswords: { requestBudget: -1 } }, 'appPasswords.requestBudget'],
    [{ ...minimal, reports: { lookbackDays: 400 } }, 'reports.lookbackDays'],
    [{ ...minimal, unknownField: true }, ''],
  ])('refuses %j, naming %s', (input, field) => {
    const found = issues(input);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((issue) => issue.startsWith(`${field}`))).toBe(true);
  });

  it('accepts an http root only on the loopback interface', () => {
    expect(issues({ ...minimal, rootUrl: 'http://127.0.0.1:4620/' })).toEqual([]);
    expect(issues({ ...minimal, rootUrl: 'https://admin.googleapis.com/' })).toEqual([]);
  });

  it('refuses a key that is not a JSON key file without repeating its contents', async () => {
    const config = googleConfigSchema.parse({ ...minimal, auth: { type: 'service-account', serviceAccountKey: { env: 'KEY' }, subject: 'admin@example.com' } });
    const secret = '-----BEGIN PRIVATE KEY-----\nMIIsecretmaterial\n-----END PRIVATE KEY-----';
    const error = await createGoogleAuthClient(config, { KEY: secret }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).not.toContain('secretmaterial');
    expect(JSON.stringify(error)).not.toContain('secretmaterial');
    await expect(createGoogleAuthClient(config, { KEY: JSON.stringify({ type: 'service_account' }) })).rejects.toThrow(/client_email or private_key/);
  });
});

describe('docs/permissions.md, Google section', () => {
  it('lists every scope the connector requests for domain-wide delegation', async () => {
    const { readFile } = await import('node:fs/promises');
    const { googleScopeList } = await import('../../../src/connectors/google/google-endpoints.js');
    const page = await readFile(new URL('../../../docs/permissions.md', import.meta.url), 'utf8');
    const section = /^## Google Workspace\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(page)?.[1] ?? '';
    expect(section).not.toBe('');
    const prefix = 'https://www.googleapis.com/auth/';
    expect(section).toContain(prefix);
    const listed = [...section.matchAll(/`((?:admin|cloud-identity)\.[a-z.]+)`/g)].map((match) => `${prefix}${match[1] ?? ''}`).sort();
    expect(listed).toEqual([...googleScopeList].sort());
    expect(section).toMatch(/super administrator/);
  });
});
