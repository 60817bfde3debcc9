/**
 * Microsoft Graph PowerShell SDK exports (`Get-MgIdentityConditionalAccessPolicy | ConvertTo-Json -Depth 10`,
 * `Get-MgUser …`) carry Graph's objects with PascalCase property names (`DisplayName`, `Conditions.Users.IncludeUsers`)
 * and the properties the SDK has no model for under `AdditionalProperties`. This turns such an object back into
 * Graph's own casing, so a snapshot assembled by hand from those exports reads like a collected one. Objects already
 * in Graph's casing are returned as they are. `@odata.*` keys are kept verbatim.
 */

export function normaliseGraphExport(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseGraphExport);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (!Object.keys(record).some(isPascalCase)) return mapValues(record);
  const result: Record<string, unknown> = {};
  let additional: Record<string, unknown> | undefined;
  for (const [key, entry] of Object.entries(record)) {
    if (key === 'AdditionalProperties' && typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
      additional = entry as Record<string, unknown>;
      continue;
    }
    result[camelCase(key)] = normaliseGraphExport(entry);
  }
  // The SDK's typed properties win over its bag of the rest; the bag fills in what it has no model for.
  for (const [key, entry] of Object.entries(additional ?? {})) {
    const name = camelCase(key);
    if (!(name in result)) result[name] = normaliseGraphExport(entry);
  }
  return result;
}

function mapValues(record: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(record)) result[key] = normaliseGraphExport(entry);
  return result;
}

function isPascalCase(key: string): boolean {
  return /^[A-Z]/.test(key);
}

function camelCase(key: string): string {
  if (key.startsWith('@') || !isPascalCase(key)) return key;
  return key.charAt(0).toLowerCase() + key.slice(1);
}
