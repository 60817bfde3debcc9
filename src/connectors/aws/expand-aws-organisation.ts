/**
 * Turns an organisation config into one source per member account (key = account id): the caller's identity is
 * checked against `accountId` (the management or delegated-administrator account), `organizations:ListAccounts` is
 * paged, suspended and filtered-out accounts are left out, and every other account gets the role ARN to assume.
 * The caller's own account is read with the configured credentials, no role needed. A single account without
 * `organisation` expands to itself without any request.
 */
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { CollectContext } from '../connector.js';
import { AuthError, ConfigError, MfaCoverageError } from '../../errors.js';
import type { AwsConfig } from './aws-config.js';
import { awsRequestLabels } from './aws-endpoints.js';
import { readAwsApiFailure } from './aws-api-failure.js';
import { AwsRequestRunner, type Sleep } from './aws-request-runner.js';
import { baseCredentials, clientSettings, createAwsClients } from './create-aws-clients.js';

export interface ExpandedAwsAccount {
  key: string;
  tenant: string;
  config: AwsConfig;
}

export interface AwsExpandDependencies {
  sleep?: Sleep;
  random?: () => number;
  /** Receives the request labels expansion spends (it has no recorder of its own). */
  countRequest?: (label: string) => void;
}

const maxAccountPages = 10_000;

export async function expandAwsOrganisation(config: AwsConfig, context: CollectContext, dependencies: AwsExpandDependencies = {}): Promise<ExpandedAwsAccount[]> {
  const organisation = config.organisation;
  if (!organisation) return [{ key: config.accountId, tenant: config.accountId, config }];
  const runner = new AwsRequestRunner({
    countRequest: dependencies.countRequest ?? (() => undefined),
    retry: config.retry,
    logger: context.logger,
    signal: context.signal,
    requestTimeoutMs: config.requestTimeoutMs,
    ...(dependencies.sleep ? { sleep: dependencies.sleep } : {}),
    ...(dependencies.random ? { random: dependencies.random } : {}),
  });
  const clients = createAwsClients(clientSettings(config, await baseCredentials(config, context.env)));
  try {
    const identity = await runner.run('sts:GetCallerIdentity', (abortSignal) => clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal }));
    if (identity.Account !== config.accountId) {
      throw new AuthError(`The credentials belong to account ${identity.Account ?? '(unknown)'}, not the configured management account ${config.accountId}; fix accountId or the credentials.`);
    }
    const partition = /^arn:(aws[\w-]*):/.exec(identity.Arn ?? '')?.[1] ?? 'aws';
    const include = organisation.includeAccounts ? new Set(organisation.includeAccounts) : undefined;
    const exclude = new Set(organisation.excludeAccounts);
    const expanded: ExpandedAwsAccount[] = [];
    let nextToken: string | undefined;
    for (let pages = 0; pages < maxAccountPages; pages += 1) {
      const page = await listAccounts(runner, clients.organizations, nextToken);
      for (const account of page.Accounts ?? []) {
        const id = account.Id;
        if (!id || (include && !include.has(id)) || exclude.has(id)) continue;
        const status = account.State ?? account.Status;
        if (status !== undefined && status !== 'ACTIVE') {
          context.logger.info({ accountId: id, status }, 'AWS account skipped: not active');
          continue;
        }
        // Dates become ISO strings, as every stored payload.
        const evidence = JSON.parse(JSON.stringify(account)) as Record<string, unknown>;
        expanded.push({
          key: id,
          tenant: id,
          config: {
            ...config,
            accountId: id,
            organisationAccount: evidence,
            ...(id === identity.Account ? {} : { assumeRoleArn: `arn:${partition}:iam::${id}:role/${organisation.roleName.replace(/^\/+/, '')}` }),
          },
        });
      }
      nextToken = page.NextToken ?? undefined;
      if (!nextToken) break;
    }
    context.logger.info({ accounts: expanded.length }, 'AWS organisation expanded');
    return expanded.sort((a, b) => a.key.localeCompare(b.key));
  } finally {
    clients.destroy();
  }
}

async function listAccounts(runner: AwsRequestRunner, client: ReturnType<typeof createAwsClients>['organizations'], nextToken: string | undefined) {
  try {
    return await runner.run(awsRequestLabels.listAccounts, (abortSignal) => client.send(new ListAccountsCommand({ MaxResults: 20, ...(nextToken ? { NextToken: nextToken } : {}) }), { abortSignal }));
  } catch (error) {
    const code = readAwsApiFailure(error instanceof MfaCoverageError ? error.cause : error).code;
    if (code === 'AWSOrganizationsNotInUseException') {
      throw new ConfigError('organisation is configured but the account is not in an AWS Organization; remove `organisation` to scan this account alone.', { cause: error });
    }
    throw error;
  }
}
