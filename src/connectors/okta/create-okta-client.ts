/**
 * Builds the Okta SDK client for one scan. Every field the SDK's config loader could otherwise take from
 * `~/.okta/okta.yaml`, `./okta.yaml` or `OKTA_CLIENT_*` variables is set explicitly, so nothing leaks in from the
 * machine, and the GET cache is disabled so every read reaches Okta (and the counts are true). A service app's
 * access token is shared by all workers and renewed before it expires (shared-access-token.ts).
 */
import { Client } from '@okta/okta-sdk-nodejs';
import { resolveSecret } from '../../config/secret-reference.js';
import type { OktaConfig } from './okta-config.js';
import type { GovernedRequestExecutor } from './governed-request-executor.js';
import type { Clock } from './okta-clock.js';
import { shareAccessToken } from './shared-access-token.js';

export async function createOktaClient(config: OktaConfig, executor: GovernedRequestExecutor, env: NodeJS.ProcessEnv, clock: Clock): Promise<Client> {
  const common = { orgUrl: config.orgUrl, requestExecutor: executor, cacheMiddleware: null, userAgent: 'mfa-coverage' };
  if (config.auth.type === 'api-token') {
    const token = await resolveSecret(config.auth.token, 'auth.token', env);
    return new Client({ ...common, authorizationMode: 'SSWS', token, clientId: '', scopes: [], privateKey: '', keyId: '' });
  }
  const privateKey = await resolveSecret(config.auth.privateKey, 'auth.privateKey', env);
  const client = new Client({
    ...common,
    authorizationMode: 'PrivateKey',
    token: '',
    clientId: config.auth.clientId,
    scopes: config.auth.scopes,
    privateKey,
    keyId: config.auth.keyId ?? '',
  });
  executor.useAccessToken(shareAccessToken(client.oauth, { clock, wasRefused: (accessToken) => executor.wasRefused(accessToken) }));
  return client;
}
