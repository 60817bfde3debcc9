/**
 * A fixture tenant as an in-memory raw source, with the lines recordEntraTenant writes, shaped like a collector's
 * snapshot: per-user method listings only when the registration report is not there (licence-free), and then only
 * for enabled users, as the collector's `$batch` fallback fetches them.
 */
import type { z } from 'zod';
import type { RawLine, RawSource } from '../../../src/snapshot/snapshot-reader.js';
import type { EndpointWriter, SourceRecorder } from '../../../src/snapshot/snapshot-writer.js';
import type { SourceError, SourceMeta } from '../../../src/snapshot/snapshot-format.js';
import { keyedLineSchema } from '../../../src/snapshot/snapshot-format.js';
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
  /**
   * Also write the optional `groups` file (id and display name of every fixture group), which the collector does not
   * record yet; without it groups are named by id.
   */
  groupNames?: boolean;
  /** Last-minute edits of the recorded lines. */
  edit?: (lines: Map<string, unknown[]>) => void;
}

export async function memoryEntraSource(tenant: EntraTenantFixture, options: MemoryEntraSourceOptions = {}): Promise<RawSource> {
  const lines = new Map<string, unknown[]>();
  const keyed = new Set<string>();
  const recorder: SourceRecorder = {
    sourceId: 'entra',
    endpoint(name: string, endpointOptions?: { keyed?: boolean }): EndpointWriter {
      if (!lines.has(name)) lines.set(name, []);
      if (endpointOptions?.keyed) keyed.add(name);
      return {
        write: async (value: unknown) => {
          lines.get(name)?.push(JSON.parse(JSON.stringify(value)));
        },
        close: async () => undefined,
      };
    },
    countRequest: () => undefined,
    recordError: () => undefined,
    declarePermissions: () => undefined,
    errors: [],
  };
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
  if (options.groupNames) {
    lines.set(groupNamesEndpoint, [{ value: tenant.groups.map((group) => ({ '@odata.type': '#microsoft.graph.group', id: group.id, displayName: group.displayName })) }]);
  }
  for (const name of options.drop ?? []) lines.delete(name);
  for (const [name, extra] of Object.entries(options.append ?? {})) {
    lines.set(name, [...(lines.get(name) ?? []), ...extra]);
    if (extra.some((line) => typeof line === 'object' && line !== null && 'key' in line)) keyed.add(name);
  }
  options.edit?.(lines);
  const meta: SourceMeta = {
    connector: 'entra',
    sourceId: 'entra',
    tenant: tenant.tenant,
    startedAt: '2025-06-01T12:00:00.000Z',
    finishedAt: '2025-06-01T12:01:00.000Z',
    status: errors.length > 0 ? 'partial' : 'complete',
    errors,
    requests: {},
    endpoints: Object.fromEntries(
      [...lines.keys()].map((name) => [name, { file: `${name}.jsonl`, lines: lines.get(name)?.length ?? 0, fetchedAt: '2025-06-01T12:00:30.000Z', keyed: keyed.has(name) }]),
    ),
    permissions: [],
  };
  async function* raw(endpoint: string): AsyncIterable<RawLine> {
    for (const [index, value] of (lines.get(endpoint) ?? []).entries()) yield { file: `${endpoint}.jsonl`, line: index + 1, value };
  }
  return {
    meta,
    directory: '(memory)',
    has: (endpoint: string) => lines.has(endpoint),
    lines: raw,
    async *parsed<T>(endpoint: string, schema: z.ZodType<T>): AsyncIterable<T> {
      for await (const { value } of raw(endpoint)) yield schema.parse(value);
    },
    async *keyed<T>(endpoint: string, schema: z.ZodType<T>): AsyncIterable<{ key: string; status: number; body: T | undefined }> {
      for await (const { value } of raw(endpoint)) {
        const line = keyedLineSchema.parse(value);
        yield { key: line.key, status: line.status, body: line.status >= 200 && line.status < 300 ? schema.parse(line.body) : undefined };
      }
    },
  };
}
