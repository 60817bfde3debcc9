/**
 * Builds the Okta SDK client for one scan. Every field the SDK's config loader could otherwise take from
 * `~/.okta/okta.yaml`, `./okta.yaml` or `OKTA_CLIENT_*` variables is set explicitly, so nothing leaks in from the
 * machine, and the GET cache is disabled so every read reaches Okta (and the counts are true).
 */
import { Client } from '@okta/okta-sdk-nodejs';
import { resolveSecret } from '../../config/secret-reference.js';
import type { OktaConfig } from './okta-config.js';
import type { GovernedRequestExecutor } from './governed-request-executor.js';

export async function createOktaClient(config: OktaConfig, executor: GovernedRequestExecutor, env: NodeJS.ProcessEnv): Promise<Client> {
  const common = { orgUrl: config.orgUrl, requestExecutor: executor, cacheMiddleware: null, userAgent: 'mfa-coverage' };
  if (config.auth.type === 'api-token') {
    const token = await resolveSecret(config.auth.token, 'auth.token', env);
    return new Client({ ...common, authorizationMode: 'SSWS', token, clientId: '', scopes: [], privateKey: '', keyId: '' });
  }
  const privateKey = await resolveSecret(config.auth.privateKey, 'auth.privateKey', env);
  return new Client({
    ...common,
    authorizationMode: 'PrivateKey',
    token: '',
    clientId: config.auth.clientId,
    scopes: config.auth.scopes,
    privateKey,
    keyId: config.auth.keyId ?? '',
  });
}
