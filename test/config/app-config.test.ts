import { parseAppConfig } from '../../src/config/app-config.js';
import { resolveSecret } from '../../src/config/secret-reference.js';
import { ConfigError } from '../../src/errors.js';
import { readFile } from 'node:fs/promises';

const valid = `
organisation:
  name: Example Ltd
sources:
  corp:
    connector: entra
    tenantId: example.onmicrosoft.com
    auth:
      type: client-secret
      clientId: 00000000-0000-0000-0000-000000000001
      clientSecret:
        env: ENTRA_SECRET
`;

describe('configuration', () => {
  it('accepts a minimal config and fills defaults', () => {
    const config = parseAppConfig(valid, 'mfa.yaml');
    const source = config.sources.corp;
    expect(source?.connector).toBe('entra');
    expect(config.analysis.dormantAfterDays).toBe(90);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes the manifest signing key as a secret reference, and none by default', () => {
    expect(parseAppConfig(valid, 'mfa.yaml').evidence).toEqual({});
    expect(parseAppConfig(`${valid}evidence:\n  signingKey:\n    env: MANIFEST_KEY\n`, 'mfa.yaml').evidence.signingKey).toEqual({ env: 'MANIFEST_KEY' });
  });

  it.each([
    ['an unknown connector', valid.replace('connector: entra', 'connector: ldap'), /mfa\.yaml:6: field sources\.corp\.connector/],
    ['an inline secret', valid.replace('env: ENTRA_SECRET', 'value: hunter2'), /field sources\.corp\.auth\.clientSecret/],
    ['a misspelt field', valid.replace('tenantId', 'tenantID'), /field sources\.corp/],
    ['a bad source id', valid.replace('  corp:', '  "bad id":'), /field sources\.bad id/],
    ['a page size too large with signInActivity', `${valid}    pageSize: 900\n`, /mfa\.yaml:13: field sources\.corp\.pageSize: .*500/],
    ['no sources', 'organisation:\n  name: X\nsources: {}\n', /configure at least one source/],
    ['broken YAML', 'organisation: [\n', /mfa\.yaml:\d+: not valid YAML/],
    ['an inline manifest signing key', `${valid}evidence:\n  signingKey: "-----BEGIN PRIVATE KEY-----"\n`, /mfa\.yaml:14: field evidence\.signingKey: /],
    ['a signing key reference with both env and file', `${valid}evidence:\n  signingKey: { env: K, file: k.pem }\n`, /field evidence\.signingKey: give exactly one of `env`/],
  ])('rejects %s, naming the file, line and field', (_name, text, message) => {
    expect(() => parseAppConfig(text, 'mfa.yaml')).toThrow(ConfigError);
    expect(() => parseAppConfig(text, 'mfa.yaml')).toThrow(message);
  });

  it('validates the commented example and the demo config', async () => {
    for (const file of ['config/example.yaml', 'config/demo.yaml']) {
      expect(() => parseAppConfig('', file)).toThrow(ConfigError);
      const text = await readFile(file, 'utf8');
      expect(parseAppConfig(text, file).sources).toBeDefined();
    }
  });

  it('resolves secrets from the environment and says which variable is missing', async () => {
    await expect(resolveSecret({ env: 'S' }, 'auth.clientSecret', { S: 'x' })).resolves.toBe('x');
    await expect(resolveSecret({ env: 'NOPE' }, 'auth.clientSecret', {})).rejects.toThrow(/NOPE is not set/);
  });
});
