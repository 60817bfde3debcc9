/** A vendor audit record that does not have the shape its documentation gives: named by source and vendor id. */
import type { z } from 'zod';
import { InputError } from '../../errors.js';
import { formatZodIssues } from '../../config/format-zod-issues.js';

export function parseVendorRecord<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InputError(`${where}: audit record does not match the vendor's documented shape: ${formatZodIssues(result.error)}`);
  return result.data;
}
