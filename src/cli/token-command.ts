/**
 * `mfa-coverage token create | list | revoke`: API tokens in the configured store. A new token is printed once,
 * on stdout alone (so `$(mfa-coverage token create …)` captures just the token); the store keeps its SHA-256.
 */
import { parseScopeList } from '../api/auth/api-scopes.js';
import { loadAppConfig } from '../config/app-config.js';
import { InputError } from '../errors.js';
import { createStore, type Store } from '../store/create-store.js';
import { createTokenRepository, type ApiTokenRecord } from '../store/token-repository.js';

const dayMs = 86_400_000;

async function withTokens<T>(configFile: string, action: (store: Store) => Promise<T>): Promise<T> {
  const config = await loadAppConfig(configFile);
  const store = await createStore(config.store);
  try {
    return await action(store);
  } finally {
    await store.close();
  }
}

export async function tokenCreateCommand(options: { config: string; name: string; scopes: string; expiresInDays?: string }): Promise<number> {
  const name = options.name.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}$/.test(name)) throw new InputError(`--name "${options.name}": use letters, digits, space and . _ @ - (at most 100 characters).`);
  const scopes = parseScopeList(options.scopes);
  let expiresAt: string | undefined;
  if (options.expiresInDays !== undefined) {
    const days = Number(options.expiresInDays);
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new InputError(`--expires-in-days ${options.expiresInDays}: a whole number of days from 1 to 3650.`);
    expiresAt = new Date(Date.now() + days * dayMs).toISOString();
  }
  return withTokens(options.config, async (store) => {
    const tokens = createTokenRepository(store.db);
    if ((await tokens.list()).some((record) => record.name === name && record.revokedAt === null)) {
      throw new InputError(`An active token is already named "${name}"; revoke it first or choose another name.`);
    }
    const { token, record } = await tokens.create({ name, scopes, ...(expiresAt !== undefined ? { expiresAt } : {}) });
    console.error(`Created token "${record.name}" (id ${record.id}) with scopes ${record.scopes.join(', ')}${record.expiresAt ? `, expiring ${record.expiresAt}` : ''}.`);
    console.error('It is shown once, below; the store keeps only its SHA-256. Send it as `Authorization: Bearer <token>`.');
    console.log(token);
    return 0;
  });
}

export async function tokenListCommand(options: { config: string }): Promise<number> {
  return withTokens(options.config, async (store) => {
    const records = await createTokenRepository(store.db).list();
    if (records.length === 0) {
      console.log('No API tokens. Create one with `mfa-coverage token create --name NAME --scopes reports:read`.');
      return 0;
    }
    console.log(formatTokenTable(records, new Date()));
    return 0;
  });
}

export async function tokenRevokeCommand(idOrName: string, options: { config: string }): Promise<number> {
  return withTokens(options.config, async (store) => {
    const revoked = await createTokenRepository(store.db).revoke(idOrName);
    if (revoked.length === 0) throw new InputError(`No active token has the id or name "${idOrName}"; see \`mfa-coverage token list\`.`);
    for (const record of revoked) console.log(`Revoked token "${record.name}" (id ${record.id}); its dashboard sessions are closed.`);
    return 0;
  });
}

/** One line per token: what `token list` prints (no secret is ever available to print). */
export function formatTokenTable(records: readonly ApiTokenRecord[], now: Date): string {
  const rows = records.map((record) => [
    record.id,
    record.name,
    `${record.prefix}…`,
    record.scopes.join(','),
    record.createdAt,
    record.lastUsedAt ?? 'never',
    record.revokedAt !== null ? `revoked ${record.revokedAt}` : record.expiresAt !== null && record.expiresAt <= now.toISOString() ? `expired ${record.expiresAt}` : record.expiresAt !== null ? `active until ${record.expiresAt}` : 'active',
  ]);
  const header = ['id', 'name', 'prefix', 'scopes', 'created', 'last used', 'state'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}
