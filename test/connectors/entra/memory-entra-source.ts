/**
 * A fixture tenant as an in-memory raw source, with the lines recordEntraTenant writes, shaped like a collector's
 * snapshot: per-user method listings only when the registration report is not there (licence-free), and then only
 * for enabled users, as the collector's `$batch` fallback fetches them.
 */
import type { RawSource } from '../../../src/snapshot/snapshot-reader.js';
import type { SourceError } from '../../../src/snapshot/snapshot-format.js';
import { appendLines, memoryRawSource, memoryRecorder } from '../memory-raw-source.js';
import { recordEntraTenant, type EntraTenantFixture } from '../../../src/simulators/entra/entra-tenant-fixture.js';
import { entraEndpoints } from '../../../src/connectors/entra/endpoints.js';
import { groupNamesEndpoint } from '../../../src/connectors/entra/load-entra-tenant.js';

export interface MemoryEntraSourceOptions {
  errors?: SourceError[];
  /** Endpoint files to leave out, as if never collected (or refused: add an error too). */
  drop?: string[];
  /**
   * No P1/P2 licence: the registration report and signInActivity are refused, so per-user method listings stand in
   * for the report (enabled users only) and users carry no sign-in dates. No error is recorded for the report, as
   * the collector records none when every user's methods were read.
   */
  licenceFree?: boolean;
  /** Lines to append per endpoint (e.g. a keyed 403 the collector would have written). */
  append?: Record<string, unknown[]>;
  /** Leave out the `groups` file (a hand-assembled snapshot without group names): groups are then named by id. */
  withoutGroupNames?: boolean;
  /** Last-minute edits of the recorded lines. */
  edit?: (lines: Map<string, unknown[]>) => void;
}

export async function memoryEntraSource(tenant: EntraTenantFixture, options: MemoryEntraSourceOptions = {}): Promise<RawSource> {
  const memory = memoryRecorder('entra');
  const { recorder, lines } = memory;
  await recordEntraTenant(recorder, tenant);
  const errors = [...(options.errors ?? [])];
  if (options.licenceFree) {
    lines.delete(entraEndpoints.userRegistrationDetails.name);
    const enabled = new Set(tenant.users.filter((user) => user.accountEnabled !== false).map((user) => user.id));
    const methods = lines.get(entraEndpoints.authenticationMethods.name) ?? [];
    lines.set(entraEndpoints.authenticationMethods.name, methods.filter((line) => enabled.has((line as { key: string }).key)));
    lines.set(
      entraEndpoints.users.name,
      (lines.get(entraEndpoints.users.name) ?? []).map((page) => {
        const body = page as { value: Array<Record<string, unknown>> };
        return { ...body, value: body.value.map(({ signInActivity: _dropped, ...user }) => user) };
      }),
    );
    errors.push({ endpoint: 'signInActivity', code: 'PERMISSION_MISSING', message: 'Neither tenant is B2C or tenant doesn\'t have premium license', permission: 'AuditLog.Read.All (and a Microsoft Entra ID P1/P2 licence)', httpStatus: 403 });
  } else {
    // With the registration report read, the collector makes no per-user request.
    lines.delete(entraEndpoints.authenticationMethods.name);
  }
  if (options.withoutGroupNames) lines.delete(groupNamesEndpoint);
  for (const name of options.drop ?? []) lines.delete(name);
  appendLines(memory, options.append);
  options.edit?.(lines);
  return memoryRawSource({ ...memory, connector: 'entra', sourceId: 'entra', tenant: tenant.tenant, errors: errors });
}
