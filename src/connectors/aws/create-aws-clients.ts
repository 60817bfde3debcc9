/**
 * Builds the IAM, STS and Organizations clients for one set of credentials. Retries are the request runner's job
 * (`maxAttempts: 1`), so each HTTP request is counted once and backoff is testable. An `endpoint` override (the
 * simulator) applies to all three; explicit credentials keep the SDK from reading the environment or IMDS.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { resolveSecret } from '../../config/secret-reference.js';
import type { AwsConfig } from './aws-config.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsClientSettings {
  region: string;
  endpoint?: string | undefined;
  requestTimeoutMs: number;
  /** Undefined: the SDK's default credential chain. */
  credentials?: AwsCredentials | undefined;
}

export interface AwsClients {
  iam: IAMClient;
  sts: STSClient;
  organizations: OrganizationsClient;
  destroy(): void;
}

export function createAwsClients(settings: AwsClientSettings): AwsClients {
  const common = {
    region: settings.region,
    maxAttempts: 1,
    requestHandler: { requestTimeout: settings.requestTimeoutMs, connectionTimeout: Math.min(settings.requestTimeoutMs, 10_000) },
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
  };
  const iam = new IAMClient(common);
  const sts = new STSClient(common);
  const organizations = new OrganizationsClient(common);
  return {
    iam,
    sts,
    organizations,
    destroy: () => {
      iam.destroy();
      sts.destroy();
      organizations.destroy();
    },
  };
}

/** The configured (base) credentials: resolved secret references, or undefined for the default chain. */
export async function baseCredentials(config: AwsConfig, env: NodeJS.ProcessEnv): Promise<AwsCredentials | undefined> {
  if (config.credentials.type === 'default') return undefined;
  const { accessKeyId, secretAccessKey, sessionToken } = config.credentials;
  return {
    accessKeyId: await resolveSecret(accessKeyId, 'credentials.accessKeyId', env),
    secretAccessKey: await resolveSecret(secretAccessKey, 'credentials.secretAccessKey', env),
    ...(sessionToken ? { sessionToken: await resolveSecret(sessionToken, 'credentials.sessionToken', env) } : {}),
  };
}

export function clientSettings(config: AwsConfig, credentials: AwsCredentials | undefined): AwsClientSettings {
  return { region: config.region, endpoint: config.endpoint, requestTimeoutMs: config.requestTimeoutMs, credentials };
}
