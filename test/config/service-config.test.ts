/** The service's config blocks: defaults, durations, and errors that name the line and field. */
import { parseAppConfig } from '../../src/config/app-config.js';
import { ConfigError } from '../../src/errors.js';

const base = `organisation: { name: Test }
sources:
  okta:
    connector: okta
    orgUrl: https://acme.okta.com
    auth: { type: api-token, token: { env: OKTA_TOKEN } }
`;

describe('service configuration', () => {
  it('defaults to local Redis, an SQLite store under data/ and no schedules, so a CLI config runs as a service', () => {
    const config = parseAppConfig(base, 'mfa.yaml');
    expect(config.queue).toMatchObject({ redis: 'redis://127.0.0.1:6379', prefix: 'mfa-coverage', concurrency: 4, lockDurationMs: 30000, shutdownTimeoutMs: 25000 });
    expect(config.store).toMatchObject({ artefacts: 'data/runs', retentionMonths: 24, schema: 'public' });
    expect(config.store.path).toBeUndefined();
    expect(config.schedules).toEqual([]);
  });

  it('reads cron schedules with a time zone and interval schedules as milliseconds', () => {
    const config = parseAppConfig(
      `${base}schedules:
  - { name: monthly-report, cron: '0 6 1 * *', timezone: Europe/Brussels }
  - { name: daily, every: 24h, sources: [okta] }
`,
      'mfa.yaml',
    );
    expect(config.schedules).toEqual([
      { name: 'monthly-report', cron: '0 6 1 * *', timezone: 'Europe/Brussels', produce: 'report' },
      { name: 'daily', every: 86_400_000, sources: ['okta'], timezone: 'UTC', produce: 'report' },
    ]);
  });

  it.each([
    [`schedules:\n  - { name: a, cron: '0 6 1 * *', every: 1h }\n`, /mfa.yaml:\d+: field schedules.0: give exactly one of `cron` or `every`/],
    [`schedules:\n  - { name: a, cron: '0 6 1 * *', timezone: Europe/Nowhere }\n`, /field schedules.0.timezone: not an IANA time zone/],
    [`schedules:\n  - { name: a, every: 1h }\n  - { name: a, every: 2h }\n`, /field schedules.1.name: schedule name a is used twice/],
    [`schedules:\n  - { name: a, every: 1h, sources: [nope] }\n`, /mfa.yaml:8: field schedules.0.sources.0: no source nope is configured/],
    [`schedules:\n  - { name: a, every: soon }\n`, /field schedules.0.every/],
    [`store: { path: a.sqlite, url: 'postgres://x@db/y' }\n`, /field store: give `path` \(SQLite\) or `url` \(PostgreSQL\), not both/],
    [`queue: { redis: 'http://cache:6379' }\n`, /field queue.redis: a redis:\/\/ or rediss:\/\/ URL/],
  ])('rejects %j', (extra, message) => {
    expect(() => parseAppConfig(`${base}${extra}`, 'mfa.yaml')).toThrow(ConfigError);
    expect(() => parseAppConfig(`${base}${extra}`, 'mfa.yaml')).toThrow(message);
  });
});
