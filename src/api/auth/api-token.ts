/**
 * API bearer tokens: `mfac_` + 43 base64url characters (32 random bytes). The prefix makes a leaked token easy to
 * recognise (secret scanners, logs); the store keeps only the SHA-256 of the whole token, which is enough because
 * the token itself carries 256 bits of entropy, so nothing read from the database can be replayed as a token.
 */
import { createHash, randomBytes } from 'node:crypto';

export const apiTokenPrefix = 'mfac_';
const tokenPattern = /^mfac_[A-Za-z0-9_-]{43}$/;

/** A new token, shown once to whoever created it. */
export function generateApiToken(): string {
  return `${apiTokenPrefix}${randomBytes(32).toString('base64url')}`;
}

/** Whether a presented string has the shape of a token (checked before any store lookup). */
export function isWellFormedApiToken(value: string): boolean {
  return tokenPattern.test(value);
}

/** The value stored and looked up: hex SHA-256 of the token text. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What `token list` shows to tell tokens apart: the prefix and first four random characters. */
export function visibleTokenPrefix(token: string): string {
  return token.slice(0, apiTokenPrefix.length + 4);
}
