/**
 * What `Get-MgIdentityConditionalAccessPolicy | ConvertTo-Json -Depth 10` (Microsoft Graph PowerShell SDK) makes of
 * a Graph object: PascalCase property names, an `AdditionalProperties` bag on every object (holding what the SDK has
 * no model for, such as `@odata.context` annotations), and `@odata.type` on the policy itself.
 */
export function powerShellExport(value: unknown, odataType?: string): unknown {
  if (Array.isArray(value)) return value.map((entry) => powerShellExport(entry));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = odataType ? { '@odata.type': odataType } : {};
  const additional: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (key.includes('@odata.')) additional[key] = entry;
    else result[key.charAt(0).toUpperCase() + key.slice(1)] = powerShellExport(entry);
  }
  result.AdditionalProperties = additional;
  return result;
}
