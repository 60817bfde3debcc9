/**
 * The raw snapshot layout (docs/snapshot-format.md): a directory holding each source's vendor payloads as
 * returned, one NDJSON file per endpoint, plus metadata. These schemas are the single source of truth for it.
 */
import { z } from 'zod';
import { identityProviderIds } from '../model/identity-provider.js';

export const snapshotFormatVersion = 1;
export const snapshotManifestFile = 'snapshot.json';
export const sourceMetaFile = 'source.json';
export const sourcesDirectory = 'sources';

export const sourceStatuses = ['complete', 'partial', 'failed'] as const;
export type SourceStatus = (typeof sourceStatuses)[number];

export const sourceErrorSchema = z.object({
  /** The endpoint name (file stem) whose data is missing or incomplete. */
  endpoint: z.string(),
  code: z.string(),
  message: z.string(),
  /** The permission, scope or licence the identity provider asked for, when the refusal named one. */
  permission: z.string().optional(),
  httpStatus: z.number().int().optional(),
});
export type SourceError = z.infer<typeof sourceErrorSchema>;

export const endpointMetaSchema = z.object({
  file: z.string(),
  /** Lines in the file: pages for paged endpoints, one per key for keyed endpoints. */
  lines: z.number().int().nonnegative(),
  fetchedAt: z.string(),
  /** True when each line is `{ "key": ..., "body": ... }` rather than a bare page body. */
  keyed: z.boolean().default(false),
});
export type EndpointMeta = z.infer<typeof endpointMetaSchema>;

export const sourceMetaSchema = z.object({
  connector: z.enum(identityProviderIds),
  /** The source's id in the config (and its folder name). */
  sourceId: z.string().min(1),
  /** The tenant as the identity provider names it (tenant id, org URL, account id, customer id). */
  tenant: z.string().min(1),
  startedAt: z.string(),
  finishedAt: z.string(),
  status: z.enum(sourceStatuses),
  errors: z.array(sourceErrorSchema).default([]),
  /** HTTP requests made per endpoint ("GET /users"), retries included. */
  requests: z.record(z.string(), z.number().int().nonnegative()).default({}),
  endpoints: z.record(z.string(), endpointMetaSchema).default({}),
  /** Permissions the connector used, for the evidence manifest. */
  permissions: z.array(z.string()).default([]),
});
export type SourceMeta = z.infer<typeof sourceMetaSchema>;

/** What the scan was configured with, so `analyse` can re-derive the report without the config file. */
export const analysisContextSchema = z.object({
  organisation: z.object({ name: z.string() }),
  settings: z.object({
    dormantAfterDays: z.number().int().positive(),
    serviceAccountPatterns: z.array(z.string()),
  }),
});
export type AnalysisContextRecord = z.infer<typeof analysisContextSchema>;

export const snapshotManifestSchema = z.object({
  format: z.literal('mfa-coverage-snapshot'),
  formatVersion: z.literal(snapshotFormatVersion),
  createdAt: z.string(),
  scannerVersion: z.string(),
  context: analysisContextSchema.optional(),
  sources: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a source id is a folder name: letters, digits, . _ -')),
});
export type SnapshotManifest = z.infer<typeof snapshotManifestSchema>;

/** A keyed line: the payload of a per-object request (e.g. one user's methods), with the object's id. */
export const keyedLineSchema = z.object({
  key: z.string(),
  status: z.number().int().default(200),
  body: z.unknown(),
});
export type KeyedLine = z.infer<typeof keyedLineSchema>;
