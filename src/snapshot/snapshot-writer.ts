/**
 * Writes a raw snapshot. Everything goes to a staging directory beside the target, which is renamed into
 * place only when every source is finished: a crash or a bad payload never leaves a half-written snapshot,
 * and an existing snapshot is never overwritten.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { SnapshotError } from '../errors.js';
import {
  snapshotFormatVersion,
  snapshotManifestFile,
  sourceMetaFile,
  sourcesDirectory,
  type AnalysisContextRecord,
  type EndpointMeta,
  type SnapshotManifest,
  type SourceError,
  type SourceMeta,
  type SourceStatus,
} from './snapshot-format.js';
import type { IdentityProviderId } from '../model/identity-provider.js';

export interface EndpointWriter {
  /** Appends one line (a page body, or a keyed line). */
  write(value: unknown): Promise<void>;
  close(): Promise<void>;
}

/** What a connector sees while collecting one source. */
export interface SourceRecorder {
  readonly sourceId: string;
  endpoint(name: string, options?: { keyed?: boolean }): EndpointWriter;
  /** Counts one HTTP request against an endpoint label such as `GET /users`. */
  countRequest(label: string): void;
  /** Counts a throttled answer (429 or equivalent) to a request; the service's metrics read it, the snapshot does not. */
  countThrottled?(label: string): void;
  recordError(error: SourceError): void;
  /** Permissions the connector relies on, listed in the evidence manifest. */
  declarePermissions(permissions: readonly string[]): void;
  readonly errors: readonly SourceError[];
}

export class SnapshotWriter {
  private readonly staging: string;
  private readonly sourceIds: string[] = [];
  private readonly pending = new Set<string>();
  private committed = false;

  private constructor(
    readonly target: string,
    private readonly now: () => Date,
    private readonly scannerVersion: string,
    staging?: string,
  ) {
    this.staging = staging ?? `${target}.partial-${process.pid}-${Date.now()}`;
  }

  /**
   * `staging` names the staging directory instead of a fresh one beside the target: the service's run job gives
   * the folder its source jobs collected into (possibly on other workers) and adopts their sources.
   */
  static async create(target: string, options: { now: () => Date; scannerVersion: string; staging?: string }): Promise<SnapshotWriter> {
    if (await exists(target)) {
      throw new SnapshotError(`Snapshot directory ${target} already exists; choose another --out directory.`);
    }
    const writer = new SnapshotWriter(path.resolve(target), options.now, options.scannerVersion, options.staging && path.resolve(options.staging));
    await mkdir(path.join(writer.staging, sourcesDirectory), { recursive: true });
    return writer;
  }

  /** The folder a source's files go to before commit. */
  sourceDirectory(sourceId: string): string {
    return path.join(this.staging, sourcesDirectory, sourceId);
  }

  /** Counts a source another writer recorded (its folder, source.json included, already sits in the staging directory). */
  async adoptSource(sourceId: string): Promise<void> {
    if (this.sourceIds.includes(sourceId) || this.pending.has(sourceId)) {
      throw new SnapshotError(`Source ${sourceId} is recorded twice in one snapshot; source ids must be unique.`);
    }
    if (!(await exists(path.join(this.sourceDirectory(sourceId), sourceMetaFile)))) {
      throw new SnapshotError(`Source ${sourceId} has no ${sourceMetaFile} in ${this.staging}; it was not recorded completely.`);
    }
    this.sourceIds.push(sourceId);
  }

  /** Collects one source; `collect` writes through the recorder, and its result decides nothing on its own: errors recorded make the source partial. */
  async recordSource(
    header: { sourceId: string; connector: IdentityProviderId; tenant: string },
    collect: (recorder: SourceRecorder) => Promise<void>,
  ): Promise<SourceMeta> {
    if (this.sourceIds.includes(header.sourceId) || this.pending.has(header.sourceId)) {
      throw new SnapshotError(`Source ${header.sourceId} is recorded twice in one snapshot; source ids must be unique.`);
    }
    this.pending.add(header.sourceId);
    const directory = this.sourceDirectory(header.sourceId);
    await mkdir(directory, { recursive: true });
    const recorder = new FileSourceRecorder(header.sourceId, directory, this.now);
    const startedAt = this.now().toISOString();
    let fatal: unknown;
    try {
      await collect(recorder);
    } catch (error) {
      fatal = error;
    }
    await recorder.closeAll();
    const errors = [...recorder.errors];
    if (fatal !== undefined) {
      errors.push({
        endpoint: '*',
        code: errorCode(fatal),
        message: fatal instanceof Error ? fatal.message : String(fatal),
      });
    }
    const status: SourceStatus = fatal !== undefined ? 'failed' : errors.length > 0 ? 'partial' : 'complete';
    const meta: SourceMeta = {
      connector: header.connector,
      sourceId: header.sourceId,
      tenant: header.tenant,
      startedAt,
      finishedAt: this.now().toISOString(),
      status,
      errors,
      requests: sortedRecord(recorder.requests),
      endpoints: sortedRecord(recorder.endpoints),
      permissions: [...recorder.permissions].sort(),
    };
    await writeFile(path.join(directory, sourceMetaFile), `${JSON.stringify(meta, null, 2)}\n`);
    this.pending.delete(header.sourceId);
    this.sourceIds.push(header.sourceId);
    return meta;
  }

  /** Writes the manifest and moves the staging directory into place. */
  async commit(context?: AnalysisContextRecord): Promise<string> {
    const manifest: SnapshotManifest = {
      format: 'mfa-coverage-snapshot',
      formatVersion: snapshotFormatVersion,
      createdAt: this.now().toISOString(),
      scannerVersion: this.scannerVersion,
      ...(context ? { context } : {}),
      sources: [...this.sourceIds].sort(),
    };
    await writeFile(path.join(this.staging, snapshotManifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
    await mkdir(path.dirname(this.target), { recursive: true });
    await rename(this.staging, this.target);
    this.committed = true;
    return this.target;
  }

  /** Removes the staging directory of a snapshot that will not be committed. */
  async discard(): Promise<void> {
    if (!this.committed) await rm(this.staging, { recursive: true, force: true });
  }
}

class FileSourceRecorder implements SourceRecorder {
  readonly requests: Record<string, number> = {};
  readonly endpoints: Record<string, EndpointMeta> = {};
  readonly permissions = new Set<string>();
  private readonly errorList: SourceError[] = [];
  private readonly open = new Map<string, FileEndpointWriter>();

  constructor(
    readonly sourceId: string,
    private readonly directory: string,
    private readonly now: () => Date,
  ) {}

  get errors(): readonly SourceError[] {
    return this.errorList;
  }

  endpoint(name: string, options: { keyed?: boolean } = {}): EndpointWriter {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`Invalid endpoint name ${JSON.stringify(name)}`);
    const existing = this.open.get(name);
    if (existing) return existing;
    const file = `${name}.jsonl`;
    const meta: EndpointMeta = { file, lines: 0, fetchedAt: this.now().toISOString(), keyed: options.keyed ?? false };
    this.endpoints[name] = meta;
    const writer = new FileEndpointWriter(path.join(this.directory, file), meta);
    this.open.set(name, writer);
    return writer;
  }

  countRequest(label: string): void {
    this.requests[label] = (this.requests[label] ?? 0) + 1;
  }

  recordError(error: SourceError): void {
    this.errorList.push(error);
  }

  declarePermissions(permissions: readonly string[]): void {
    for (const permission of permissions) this.permissions.add(permission);
  }

  async closeAll(): Promise<void> {
    for (const writer of this.open.values()) await writer.close();
  }
}

class FileEndpointWriter implements EndpointWriter {
  private readonly stream: WriteStream;
  private closed = false;

  constructor(
    file: string,
    private readonly meta: EndpointMeta,
  ) {
    this.stream = createWriteStream(file, { flags: 'w' });
  }

  async write(value: unknown): Promise<void> {
    if (this.closed) throw new Error(`Endpoint file ${this.meta.file} is already closed`);
    this.meta.lines += 1;
    if (!this.stream.write(`${JSON.stringify(value)}\n`)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return 'UPSTREAM_FAILED';
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
