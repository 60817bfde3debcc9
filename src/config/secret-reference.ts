/**
 * Secrets never live in the config file: a field names an environment variable or a file that holds the value.
 * The resolved value is only handed to the SDK, never logged or written to a report.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError } from '../errors.js';

export const secretReferenceSchema = z
  .object({
    /** Name of an environment variable holding the secret. */
    env: z.string().min(1).optional(),
    /** Path of a file holding the secret (trailing newline trimmed). */
    file: z.string().min(1).optional(),
  })
  .strict()
  .refine((ref) => (ref.env === undefined) !== (ref.file === undefined), {
    message: 'give exactly one of `env` (an environment variable name) or `file` (a path); secrets are never written inline',
  });
export type SecretReference = z.infer<typeof secretReferenceSchema>;

export async function resolveSecret(reference: SecretReference, field: string, environment: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (reference.env !== undefined) {
    const value = environment[reference.env];
    if (value === undefined || value === '') {
      throw new ConfigError(`${field}: environment variable ${reference.env} is not set; export it before scanning.`);
    }
    return value;
  }
  const file = reference.file as string;
  try {
    return (await readFile(file, 'utf8')).trimEnd();
  } catch (error) {
    throw new ConfigError(`${field}: cannot read secret file ${file} (${(error as Error).message}).`, { cause: error });
  }
}
