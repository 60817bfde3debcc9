/** A fixture tenant as an in-memory raw source (the same lines recordGoogleTenant writes), for fast analysis tests. */
import type { RawSource } from '../../../src/snapshot/snapshot-reader.js';
import type { SourceError } from '../../../src/snapshot/snapshot-format.js';
import { appendLines, memoryRawSource, memoryRecorder } from '../memory-raw-source.js';
import { recordGoogleTenant, type GoogleTenantFixture } from '../../../src/simulators/google/google-tenant-fixture.js';

export interface MemorySourceOptions {
  errors?: SourceError[];
  /** Endpoint files to leave out, as if never collected. */
  drop?: string[];
  /** Lines to append per endpoint (e.g. a keyed 404 the collector would have written). */
  append?: Record<string, unknown[]>;
  /** Write an app-password line for every user (default true: a scan with an unlimited budget). */
  appPasswordsForEveryone?: boolean;
}

export async function memoryGoogleSource(tenant: GoogleTenantFixture, options: MemorySourceOptions = {}): Promise<RawSource> {
  const memory = memoryRecorder('google');
  const { recorder, lines } = memory;
  await recordGoogleTenant(recorder, tenant, { appPasswordsForEveryone: options.appPasswordsForEveryone ?? true });
  for (const name of options.drop ?? []) lines.delete(name);
  appendLines(memory, options.append);
  return memoryRawSource({ ...memory, connector: 'google', sourceId: 'google', tenant: tenant.domain, errors: options.errors ?? [] });
}
