/**
 * The accounts page's query string, validated with zod: every filter the store's verdict query takes, the person
 * search, the page size and the keyset cursor. Unknown values are an input error, not a silently empty page.
 */
import { z } from 'zod';
import { coverageValues } from '../model/account.js';
import { gapKinds } from '../reconcile/exception-register.js';
import { exemptionStates } from '../reconcile/exemption-states.js';
import { accountClasses } from '../reconcile/reconcile-config.js';
import type { VerdictFilter } from '../store/history-store.js';
import { accountPageSizes, type AccountQuery } from './console-views.js';

const blankAsUndefined = (value: unknown): unknown => (value === '' ? undefined : value);

export const accountQuerySchema = z
  .object({
    /** `any` lists every account; the page opens on `no`. */
    covered: z.preprocess(blankAsUndefined, z.enum([...coverageValues, 'any']).default('no')),
    idp: z.preprocess(blankAsUndefined, z.string().max(64).optional()),
    source: z.preprocess(blankAsUndefined, z.string().max(200).optional()),
    tier: z.preprocess(blankAsUndefined, z.enum(['1', '2', '3']).optional()),
    class: z.preprocess(blankAsUndefined, z.enum(accountClasses).optional()),
    gap: z.preprocess(blankAsUndefined, z.enum(gapKinds).optional()),
    exemption: z.preprocess(blankAsUndefined, z.enum(exemptionStates).optional()),
    privileged: z.preprocess(blankAsUndefined, z.enum(['yes', 'no']).optional()),
    q: z.preprocess(blankAsUndefined, z.string().max(200).optional()),
    size: z.preprocess(blankAsUndefined, z.coerce.number().pipe(z.union(accountPageSizes.map((size) => z.literal(size)))).default(50)),
    after: z.preprocess(blankAsUndefined, z.string().max(1000).optional()),
  })
  .passthrough();

export type AccountQueryInput = z.input<typeof accountQuerySchema>;

export function parseAccountQuery(query: unknown): AccountQuery {
  const parsed = accountQuerySchema.parse(query ?? {});
  const filter: VerdictFilter = {};
  if (parsed.covered !== 'any') filter.covered = parsed.covered;
  if (parsed.idp !== undefined) filter.idp = parsed.idp;
  if (parsed.source !== undefined) filter.sourceId = parsed.source;
  if (parsed.tier !== undefined) filter.tier = Number(parsed.tier);
  if (parsed.class !== undefined) filter.class = parsed.class;
  if (parsed.gap !== undefined) filter.gap = parsed.gap;
  if (parsed.exemption !== undefined) filter.exemption = parsed.exemption;
  if (parsed.privileged !== undefined) filter.privileged = parsed.privileged === 'yes';
  if (parsed.q !== undefined) filter.search = parsed.q.trim();
  return { filter, after: parsed.after === undefined ? null : decodeCursor(parsed.after), pageSize: parsed.size };
}

/** The query string of a filter, page size and cursor: what the pagination and filter links carry. */
export function accountQueryString(query: AccountQuery, after: AccountQuery['after']): string {
  const { filter } = query;
  const params = new URLSearchParams();
  params.set('covered', filter.covered ?? 'any');
  if (filter.idp !== undefined) params.set('idp', filter.idp);
  if (filter.sourceId !== undefined) params.set('source', filter.sourceId);
  if (filter.tier !== undefined) params.set('tier', String(filter.tier));
  if (filter.class !== undefined) params.set('class', filter.class);
  if (filter.gap !== undefined) params.set('gap', filter.gap);
  if (filter.exemption !== undefined) params.set('exemption', filter.exemption);
  if (filter.privileged !== undefined) params.set('privileged', filter.privileged ? 'yes' : 'no');
  if (filter.search !== undefined && filter.search !== '') params.set('q', filter.search);
  params.set('size', String(query.pageSize));
  if (after) params.set('after', encodeCursor(after));
  return params.toString();
}

export function encodeCursor(cursor: { sourceId: string; accountId: string }): string {
  return Buffer.from(JSON.stringify([cursor.sourceId, cursor.accountId]), 'utf8').toString('base64url');
}

const cursorSchema = z.tuple([z.string(), z.string()]);

function decodeCursor(text: string): { sourceId: string; accountId: string } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch (error) {
    throw new z.ZodError([{ code: 'custom', path: ['after'], message: `not a page cursor (${(error as Error).message})`, input: text }]);
  }
  const [sourceId, accountId] = cursorSchema.parse(value);
  return { sourceId, accountId };
}
