/**
 * The `collection` endpoint file: how a source was collected. Its first line is the header; each further line
 * names an endpoint carried forward from the previous snapshot with the time it was originally fetched. Carried
 * lines of keyed endpoints also hold their own `fetchedAt`, so the evidence for every account keeps its true age.
 */
import { z } from 'zod';

export const collectionHeaderSchema = z.object({
  mode: z.enum(['full', 'incremental']),
  /** Why a full scan was made although a previous snapshot was offered. */
  fullScanReason: z.string().optional(),
  startedAt: z.string(),
  /** Start of the full scan all carried data descends from (this scan's start when full). */
  baseFullScanAt: z.string(),
  systemLog: z.object({ since: z.string(), until: z.string(), filter: z.string() }),
  previous: z.object({ sourceId: z.string(), startedAt: z.string() }).optional(),
});
export type CollectionHeader = z.infer<typeof collectionHeaderSchema>;

export const carriedEndpointSchema = z.object({
  carried: z.string(),
  /** When the carried data was originally fetched (the earliest, for keyed endpoints). */
  fetchedAt: z.string(),
  lines: z.number().int().nonnegative(),
});
export type CarriedEndpoint = z.infer<typeof carriedEndpointSchema>;

/** A keyed line as the reader sees it, plus `fetchedAt` when it was carried forward. */
export const carriedKeyedLineSchema = z.object({
  key: z.string(),
  status: z.number().int().default(200),
  body: z.unknown(),
  fetchedAt: z.string().optional(),
});
export type CarriedKeyedLine = z.infer<typeof carriedKeyedLineSchema>;
