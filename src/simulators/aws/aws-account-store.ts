/**
 * An AWS account held in memory for the simulator, loaded from a source directory in the snapshot layout: pages
 * flattened back into objects (the simulator re-pages per request), `mfaDevices` keyed lines per user, the
 * credential report kept as IAM's base64 text. An organisation is the source plus its sibling source folders whose
 * `organisationAccount` names the same organisation.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { openRawSource, type RawSource } from '../../snapshot/snapshot-reader.js';
import { sourceMetaFile } from '../../snapshot/snapshot-format.js';
import { awsEndpoints } from '../../connectors/aws/aws-endpoints.js';
import type { AwsAccountPayloads } from './aws-account-fixture.js';

type Json = Record<string, unknown>;

export const simulatorSettingsFile = 'simulator.json';

/** Behaviour settings an account's source folder may carry in `simulator.json` (the analysis ignores the file). */
export const awsAccountSimulatorSettingsSchema = z
  .object({
    /** `deny`: `sts:AssumeRole` into this account answers AccessDenied (the role is not deployed or not trusted). */
    assumeRole: z.enum(['allow', 'deny']).default('allow'),
    credentialReport: z
      .object({
        /** `fresh`: a report under 4 hours old exists and is reused; `absent`/`expired`: a new one must be generated. */
        initial: z.enum(['fresh', 'absent', 'expired']).default('fresh'),
        /** `GenerateCredentialReport` calls answered STARTED/INPROGRESS before COMPLETE. */
        pollsUntilComplete: z.number().int().min(1).default(2),
      })
      .strict()
      .default({ initial: 'fresh', pollsUntilComplete: 2 }),
    /** IAM actions answered with AccessDenied (e.g. `iam:GetAccountAuthorizationDetails`). */
    deniedActions: z.array(z.string()).default([]),
  })
  .strict();
export type AwsAccountSimulatorSettings = z.input<typeof awsAccountSimulatorSettingsSchema>;

export interface AwsAccountStore extends Omit<AwsAccountPayloads, 'credentialReport'> {
  accountId: string;
  credentialReport: Json | undefined;
  settings: z.infer<typeof awsAccountSimulatorSettingsSchema>;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function flatten(source: RawSource, endpoint: string, field: string): Promise<Json[]> {
  const items: Json[] = [];
  for await (const { value } of source.lines(endpoint)) {
    const list = isObject(value) ? value[field] : undefined;
    if (Array.isArray(list)) for (const item of list) if (isObject(item)) items.push(item);
  }
  return items;
}

async function single(source: RawSource, endpoint: string): Promise<Json | undefined> {
  let result: Json | undefined;
  for await (const { value } of source.lines(endpoint)) if (isObject(value)) result = value;
  return result;
}

async function readSettings(directory: string): Promise<AwsAccountStore['settings']> {
  let text: string;
  try {
    text = await readFile(path.join(directory, simulatorSettingsFile), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return awsAccountSimulatorSettingsSchema.parse({});
    throw error;
  }
  return awsAccountSimulatorSettingsSchema.parse(JSON.parse(text));
}

export async function loadAwsAccountStore(source: RawSource): Promise<AwsAccountStore> {
  const mfaDevices = new Map<string, Json[]>();
  for await (const { value } of source.lines(awsEndpoints.mfaDevices.name)) {
    if (!isObject(value) || typeof value.key !== 'string' || !isObject(value.body)) continue;
    const devices = Array.isArray(value.body.MFADevices) ? value.body.MFADevices.filter(isObject) : [];
    mfaDevices.set(value.key, [...(mfaDevices.get(value.key) ?? []), ...devices]);
  }
  return {
    accountId: source.meta.tenant,
    users: await flatten(source, awsEndpoints.users.name, 'Users'),
    virtualDevices: await flatten(source, awsEndpoints.virtualMfaDevices.name, 'VirtualMFADevices'),
    mfaDevices,
    summary: (await single(source, awsEndpoints.accountSummary.name)) ?? { SummaryMap: {} },
    userDetails: await flatten(source, awsEndpoints.authorizationDetails.name, 'UserDetailList'),
    groupDetails: await flatten(source, awsEndpoints.authorizationDetails.name, 'GroupDetailList'),
    policies: await flatten(source, awsEndpoints.authorizationDetails.name, 'Policies'),
    credentialReport: await single(source, awsEndpoints.credentialReport.name),
    organisationAccount: await single(source, awsEndpoints.organisationAccount.name),
    settings: await readSettings(source.directory),
  };
}

/** `o-xxxx` and the management account id from an organisation account ARN. */
export function organisationOf(store: AwsAccountStore): { id: string; managementAccountId: string } | undefined {
  const arn = typeof store.organisationAccount?.Arn === 'string' ? store.organisationAccount.Arn : '';
  const match = /^arn:aws[\w-]*:organizations::(\d{12}):account\/(o-[a-z0-9]+)\/\d{12}$/.exec(arn);
  return match ? { managementAccountId: match[1] as string, id: match[2] as string } : undefined;
}

/** The account in `sourceDirectory` and, when it belongs to an organisation, every sibling source of the same one. */
export async function loadAwsOrganisationStores(sourceDirectory: string): Promise<{ first: AwsAccountStore; accounts: AwsAccountStore[] }> {
  const first = await loadAwsAccountStore(await openRawSource(sourceDirectory));
  const organisation = organisationOf(first);
  if (!organisation) return { first, accounts: [first] };
  const parent = path.dirname(path.resolve(sourceDirectory));
  const accounts = [first];
  for (const entry of (await readdir(parent, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const directory = path.join(parent, entry.name);
    if (!entry.isDirectory() || directory === path.resolve(sourceDirectory)) continue;
    try {
      await readFile(path.join(directory, sourceMetaFile));
    } catch {
      continue;
    }
    const source = await openRawSource(directory);
    if (source.meta.connector !== 'aws') continue;
    const store = await loadAwsAccountStore(source);
    if (organisationOf(store)?.id === organisation.id) accounts.push(store);
  }
  return { first, accounts };
}
