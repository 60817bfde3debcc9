/**
 * Builds the three generated clients (Directory, Reports, Cloud Identity) on one auth client. Production uses a
 * service account with domain-wide delegation (a JWT client impersonating an administrator); tests and the demo
 * use a preset access token in an OAuth2 client, because the JWT client always calls Google's token host.
 */
import { admin, auth, type admin_directory_v1, type admin_reports_v1 } from '@googleapis/admin';
import { cloudidentity, type cloudidentity_v1 } from '@googleapis/cloudidentity';
import { z } from 'zod';
import { resolveSecret } from '../../config/secret-reference.js';
import { AuthError, ConfigError, describeError } from '../../errors.js';
import type { GoogleConfig } from './google-config.js';
import { googleScopeList } from './google-endpoints.js';

export interface GoogleClients {
  directory: admin_directory_v1.Admin;
  reports: admin_reports_v1.Admin;
  cloudIdentity: cloudidentity_v1.Cloudidentity;
}

/** What the generated clients accept as `auth`: an OAuth2 client (a JWT client is one). */
export type GoogleAuthClient = InstanceType<typeof auth.OAuth2>;

const serviceAccountKeySchema = z.looseObject({
  client_email: z.string().min(1),
  private_key: z.string().min(1),
});

export async function createGoogleAuthClient(config: GoogleConfig, env: NodeJS.ProcessEnv): Promise<GoogleAuthClient> {
  if (config.auth.type === 'access-token') {
    const token = await resolveSecret(config.auth.token, 'auth.token', env);
    const client = new auth.OAuth2();
    // No expiry: the client never tries to refresh (it has nothing to refresh with); a 401 ends the scan instead.
    client.setCredentials({ access_token: token });
    return client;
  }
  const text = await resolveSecret(config.auth.serviceAccountKey, 'auth.serviceAccountKey', env);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // The message of a JSON error can quote the key; never repeat it.
    throw new ConfigError('auth.serviceAccountKey: not a JSON key file (download a JSON key for the service account).', { cause: new Error(error instanceof Error ? error.name : 'parse error') });
  }
  const key = serviceAccountKeySchema.safeParse(parsed);
  if (!key.success) throw new ConfigError('auth.serviceAccountKey: the JSON key file has no client_email or private_key.');
  const client = new auth.JWT({ email: key.data.client_email, key: key.data.private_key, scopes: [...googleScopeList], subject: config.auth.subject });
  try {
    await client.authorize();
  } catch (error) {
    throw new AuthError(
      `Google refused a token for ${key.data.client_email} impersonating ${config.auth.subject} (${describeError(error)}); domain-wide delegation must authorise exactly these scopes for the service account's client id: ${googleScopeList.join(',')}.`,
      { cause: error },
    );
  }
  return client;
}

export function createGoogleClients(authClient: GoogleAuthClient, rootUrl: string | undefined): GoogleClients {
  // An explicit universe domain keeps GOOGLE_CLOUD_UNIVERSE_DOMAIN in the environment from rewriting the hosts.
  const common = { auth: authClient, universeDomain: 'googleapis.com', ...(rootUrl !== undefined ? { rootUrl } : {}) };
  return {
    directory: admin({ version: 'directory_v1', ...common }),
    reports: admin({ version: 'reports_v1', ...common }),
    cloudIdentity: cloudidentity({ version: 'v1', ...common }),
  };
}
