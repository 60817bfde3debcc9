/** Turns zod issues into one line per problem, each naming the field path. */
import type { z } from 'zod';

export function formatZodIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length > 0 ? `${prefix}${issue.path.map(String).join('.')}` : prefix.replace(/\.$/, '') || '(root)';
      return `field ${field}: ${issue.message}`;
    })
    .join('; ');
}
