/**
 * The scopes a token can hold, and which routes each opens. `admin` opens every route. Routes declare the scopes
 * that admit them in `config.scopes` (any one suffices); a route that declares none admits `admin` only, so a route
 * someone forgot to annotate fails closed.
 */
import { z } from 'zod';
import { InputError } from '../../errors.js';

export const apiScopes = ['reports:read', 'scans:run', 'metrics:read', 'admin'] as const;
export type ApiScope = (typeof apiScopes)[number];

export const apiScopeSchema = z.enum(apiScopes);

export const apiScopeDescriptions: Record<ApiScope, string> = {
  'reports:read': 'read scans, reports and their artefacts, accounts, people, the trend and alerts',
  'scans:run': 'start a scan (POST /v1/scans) and follow the scans it started (GET /v1/scans/{id})',
  'metrics:read': 'scrape /metrics (give Prometheus a token with this scope only)',
  admin: 'everything, including the queue dashboard at /admin/queues',
};

/** Whether a token's scopes admit a route that accepts any of `required` (none listed: any valid token). */
export function scopesAdmit(held: readonly ApiScope[], required: readonly ApiScope[]): boolean {
  if (required.length === 0 || held.includes('admin')) return true;
  return required.some((scope) => held.includes(scope));
}

/** Parses `reports:read,scans:run` as given to `token create --scopes`; throws an `InputError` naming the unknown scope. */
export function parseScopeList(text: string): ApiScope[] {
  const scopes = [...new Set(text.split(',').map((scope) => scope.trim()).filter((scope) => scope !== ''))];
  if (scopes.length === 0) throw new InputError(`give at least one scope (${apiScopes.join(', ')})`);
  for (const scope of scopes) {
    if (!apiScopeSchema.safeParse(scope).success) throw new InputError(`unknown scope "${scope}"; the scopes are ${apiScopes.join(', ')}`);
  }
  return scopes as ApiScope[];
}
