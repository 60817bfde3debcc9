/**
 * The bearer token for Graph. `access-token` auth reads it from its secret reference; `client-secret` auth runs the
 * OAuth 2.0 client-credentials grant against `${authorityUrl}/${tenantId}/oauth2/v2.0/token` with plain `fetch`
 * (scope `<graph origin>/.default`) and refreshes the token five minutes before it expires. Neither the secret nor
 * the token ever appears in an error or a log line.
 */
import { resolveSecret, type SecretReference } from '../../config/secret-reference.js';
import { AuthError, UpstreamError } from '../../errors.js';
import type { EntraConfig } from './entra-config.js';

export interface AccessTokenSource {
  token(): Promise<string>;
  /** What to check when Graph answers 401, for error messages. */
  readonly authHint: string;
}

export interface AccessTokenDependencies {
  fetch?: typeof fetch;
  now?: () => number;
  /** Counts the token request (label `POST /oauth2/v2.0/token`). */
  countRequest?: (label: string) => void;
  signal?: AbortSignal | undefined;
}

export const tokenRequestLabel = 'POST /oauth2/v2.0/token';
const refreshMarginMs = 5 * 60_000;

export async function createAccessTokenSource(
  config: EntraConfig,
  sourceId: string,
  env: NodeJS.ProcessEnv,
  dependencies: AccessTokenDependencies = {},
): Promise<AccessTokenSource> {
  const field = `sources.${sourceId}.auth`;
  if (config.auth.type === 'access-token') {
    const token = await resolveSecret(config.auth.token, `${field}.token`, env);
    return {
      token: async () => token,
      authHint: `that the token in ${describeReference(config.auth.token)} (${field}.token) is current (Graph tokens last about an hour) and was issued for ${new URL(config.graphBaseUrl).origin} in tenant ${config.tenantId}`,
    };
  }
  const { clientId } = config.auth;
  const secret = await resolveSecret(config.auth.clientSecret, `${field}.clientSecret`, env);
  const fetchToken = dependencies.fetch ?? fetch;
  const now = dependencies.now ?? Date.now;
  const endpoint = `${config.authorityUrl.replace(/\/+$/, '')}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
  const scope = `${new URL(config.graphBaseUrl).origin}/.default`;
  const hint = `${field}.clientId, the client secret in ${describeReference(config.auth.clientSecret)} (not expired) and admin consent for the Graph application permissions in tenant ${config.tenantId}`;
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const request = async (): Promise<string> => {
    dependencies.countRequest?.(tokenRequestLabel);
    let response: Response;
    try {
      response = await fetchToken(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope }).toString(),
        ...(dependencies.signal ? { signal: dependencies.signal } : {}),
      });
    } catch (error) {
      throw new UpstreamError(`Cannot reach the token endpoint ${endpoint}: ${(error as Error).message}`, undefined, { cause: error });
    }
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!response.ok || typeof body?.access_token !== 'string') {
      const reason = typeof body?.error === 'string' ? `${body.error}: ${firstLine(body.error_description)}` : `HTTP ${response.status}`;
      throw new AuthError(`The Microsoft identity platform refused the client credentials at ${endpoint} (${reason}). Check ${hint}.`);
    }
    const expiresInMs = (typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3599)) * 1000;
    cached = { token: body.access_token, expiresAt: now() + expiresInMs };
    return body.access_token;
  };

  return {
    authHint: hint,
    token: async () => {
      if (cached && cached.expiresAt - refreshMarginMs > now()) return cached.token;
      pending ??= request().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}

function describeReference(reference: SecretReference): string {
  return reference.env !== undefined ? `environment variable ${reference.env}` : `file ${reference.file ?? ''}`;
}

/** AADSTS descriptions carry trace and correlation ids on later lines; the first line says what is wrong. */
function firstLine(value: unknown): string {
  return typeof value === 'string' ? (value.split(/\r?\n/)[0] ?? '') : '';
}
