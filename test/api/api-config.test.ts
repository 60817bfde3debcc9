/** The `api:` block: defaults when absent, and errors that name the field and line. */
import { readFile } from 'node:fs/promises';
import { parseAppConfig } from '../../src/config/app-config.js';

const demo = await readFile(new URL('../../config/demo.yaml', import.meta.url), 'utf8');

describe('api configuration', () => {
  it('serves on 127.0.0.1:8080 with 300 requests a minute per token when the config has no api block', () => {
    expect(parseAppConfig(demo, 'demo.yaml').api).toEqual({ host: '127.0.0.1', port: 8080, trustProxy: false, rateLimit: { max: 300, windowMs: 60_000 }, session: { ttlMinutes: 480 } });
  });

  it('takes every field and fills the rest', () => {
    const config = parseAppConfig(`${demo}\napi:\n  host: 0.0.0.0\n  port: 9443\n  trustProxy: true\n  rateLimit:\n    max: 20\n`, 'service.yaml');
    expect(config.api).toEqual({ host: '0.0.0.0', port: 9443, trustProxy: true, rateLimit: { max: 20, windowMs: 60_000 }, session: { ttlMinutes: 480 } });
  });

  it.each([
    ['a port out of range', 'api:\n  port: 70000\n', /field api\.port/],
    ['a window under a second', 'api:\n  rateLimit:\n    windowMs: 10\n', /field api\.rateLimit\.windowMs/],
    ['a misspelt field', 'api:\n  listen: 0.0.0.0\n', /field api: .*listen/],
    ['a secret inline', 'api:\n  session:\n    cookieSecret: hunter2\n', /field api\.session/],
  ])('refuses %s, naming the field and line', (_case, block, message) => {
    const text = `${demo}\n${block}`;
    expect(() => parseAppConfig(text, 'service.yaml')).toThrow(message);
    expect(() => parseAppConfig(text, 'service.yaml')).toThrow(/service\.yaml:\d+/);
  });
});
