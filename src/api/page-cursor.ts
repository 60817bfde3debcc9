/**
 * Opaque page cursors: the keyset position of the last row served (base64url JSON), checked by a zod schema on
 * the way back in, so a tampered or stale cursor is a VALIDATION_FAILED rather than a query over odd values.
 */
import { z } from 'zod';
import { ApiError } from './api-errors.js';

export const pageQuerySchema = {
  /** Items per page. */
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('Items per page (1–500, default 100).'),
  cursor: z.string().max(2000).optional().describe('The `nextCursor` of the previous page; absent for the first page.'),
};

export function encodeCursor(position: object): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError('VALIDATION_FAILED', 'querystring field cursor: not a cursor this API issued for this list.');
  return parsed.data;
}
