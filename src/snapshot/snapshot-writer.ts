/**
 * Writes a raw snapshot. Everything goes to a staging directory beside the target, which is renamed into
 * place only when every source is finished: a crash or a bad payload never leaves a half-written snapshot,
 * and an existing snapshot is never overwritten.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { SnapshotError, StorageError, storageFailure } from '../errors.js';
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

/** Opens an endpoint file for writing; tests inject one whose writes fail (a full disk). */
export type OpenFile = (file: string) => Writable;

const openFileStream: OpenFile = (file) => createWriteStream(file, { flags: 'w' });

/** How one source's collection is judged, beside the errors it records. */
export interface SourceRecordOptions {
  /**
   * Endpoints that list the source's accounts: an error recorded against one of them makes the source `failed`, not
   * `partial`, since without its account list nobody in it can be judged.
   */
  accountEndpoints?: readonly string[];
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
    private readonly openFile: OpenFile,
    staging?: string,
  ) {
    this.staging = staging ?? `${target}.partial-${process.pid}-${Date.now()}`;
  }

  /**
   * `staging` names the staging directory instead of a fresh one beside the target: the service's run job gives
   * the folder its source jobs collected into (possibly on other workers) and adopts their sources.
   */
  static async create(target: string, options: { now: () => Date; scannerVersion: string; openFile?: OpenFile; staging?: string }): Promise<SnapshotWriter> {
    if (await exists(target)) {
      throw new SnapshotError(
        `Snapshot directory ${target} already exists. To re-derive its report run \`mfa-coverage analyse --snapshot ${target}\`; to scan again choose another --out directory.`,
      );
    }
    const writer = new SnapshotWriter(
      path.resolve(target),
      options.now,
      options.scannerVersion,
      options.openFile ?? openFileStream,
      options.staging && path.resolve(options.staging),
    );
    try {
      await mkdir(path.join(writer.staging, sourcesDirectory), { recursive: true });
    } catch (error) {
      await rm(writer.staging, { recursive: true, force: true });
      throw storageFailure(writer.staging, error, 'create');
    }
    return writer;
  }

  /** The staging folder, named in errors so a user knows what was removed. */
  get stagingDirectory(): string {
    return this.staging;
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

  /**
   * Collects one source; `collect` writes through the recorder. Errors it records make the source `partial`, or
   * `failed` when one is against an account endpoint; an exception makes it `failed`. A cancelled scan (AbortError)
   * and a local write failure (StorageError) are not the source's outcome: they are rethrown once its files are closed.
   */
  async recordSource(
    header: { sourceId: string; connector: IdentityProviderId; tenant: string },
    collect: (recorder: SourceRecorder) => Promise<void>,
    options: SourceRecordOptions = {},
  ): Promise<SourceMeta> {
    if (this.sourceIds.includes(header.sourceId) || this.pending.has(header.sourceId)) {
      throw new SnapshotError(`Source ${header.sourceId} is recorded twice in one snapshot; source ids must be unique.`);
    }
    this.pending.add(header.sourceId);
    const directory = this.sourceDirectory(header.sourceId);
    try {
      await mkdir(directory, { recursive: true });
    } catch (error) {
      throw storageFailure(directory, error, 'create');
    }
    const recorder = new FileSourceRecorder(header.sourceId, directory, this.now, this.openFile);
    const startedAt = this.now().toISOString();
    let fatal: unknown;
    try {
      await collect(recorder);
    } catch (error) {
      fatal = error;
    }
    const closing = await recorder.closeAll();
    const storage = recorder.storageError ?? closing;
    if (storage) throw storage;
    if (fatal instanceof StorageError || (fatal instanceof Error && fatal.name === 'AbortError')) throw fatal;
    const errors = [...recorder.errors];
    if (fatal !== undefined) {
      errors.push({
        endpoint: '*',
        code: errorCode(fatal),
        message: fatal instanceof Error ? fatal.message : String(fatal),
      });
    }
    const accountEndpoints = new Set(options.accountEndpoints ?? []);
    const withoutAccounts = errors.some((error) => accountEndpoints.has(error.endpoint));
    const status: SourceStatus = fatal !== undefined || withoutAccounts ? 'failed' : errors.length > 0 ? 'partial' : 'complete';
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
    const metaFile = path.join(directory, sourceMetaFile);
    try {
      await writeFile(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
    } catch (error) {
      throw storageFailure(metaFile, error);
    }
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
    const manifestFile = path.join(this.staging, snapshotManifestFile);
    try {
      await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
      await mkdir(path.dirname(this.target), { recursive: true });
      await rename(this.staging, this.target);
    } catch (error) {
      throw storageFailure(manifestFile, error);
    }
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
  private finished = false;

  constructor(
    readonly sourceId: string,
    private readonly directory: string,
    private readonly now: () => Date,
    private readonly openFile: OpenFile,
  ) {}

  /** The first local write failure of any endpoint file, which ends the scan. */
  get storageError(): StorageError | undefined {
    for (const writer of this.open.values()) if (writer.failure) return writer.failure;
    return undefined;
  }

  get errors(): readonly SourceError[] {
    return this.errorList;
  }

  endpoint(name: string, options: { keyed?: boolean } = {}): EndpointWriter {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`Invalid endpoint name ${JSON.stringify(name)}`);
    const existing = this.open.get(name);
    if (existing) return existing;
    // A request still running when its source ended must not create files in a folder that is being committed.
    if (this.finished) throw new Error(`Source ${this.sourceId} has finished; endpoint ${name} can no longer be written.`);
    const file = `${name}.jsonl`;
    const meta: EndpointMeta = { file, lines: 0, fetchedAt: this.now().toISOString(), keyed: options.keyed ?? false };
    this.endpoints[name] = meta;
    const writer = new FileEndpointWriter(path.join(this.directory, file), meta, this.openFile);
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

  /** Closes every endpoint file; returns the first write failure instead of throwing, so every file is closed. */
  async closeAll(): Promise<StorageError | undefined> {
    this.finished = true;
    let first: StorageError | undefined;
    for (const writer of this.open.values()) {
      try {
        await writer.close();
      } catch (error) {
        first ??= storageFailure(writer.file, error);
      }
    }
    return first;
  }
}

class FileEndpointWriter implements EndpointWriter {
  private readonly stream: Writable;
  private closed = false;
  /** Set when the file system refused a write; every later write and the close reject with it. */
  failure: StorageError | undefined;

  constructor(
    readonly file: string,
    private readonly meta: EndpointMeta,
    openFile: OpenFile,
  ) {
    this.stream = openFile(file);
    // Without a listener a stream error (ENOSPC) would be an uncaught exception that ends the process.
    this.stream.on('error', (error) => {
      this.failure ??= storageFailure(file, error);
    });
  }

  async write(value: unknown): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error(`Endpoint file ${this.meta.file} is already closed`);
    this.meta.lines += 1;
    try {
      if (!this.stream.write(`${JSON.stringify(value)}\n`)) await once(this.stream, 'drain');
    } catch (error) {
      throw (this.failure ??= storageFailure(this.file, error));
    }
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    if (this.closed) {
      if (this.failure) throw this.failure;
      return;
    }
    this.closed = true;
    if (this.failure) throw this.failure;
    this.stream.end();
    try {
      await once(this.stream, 'finish');
    } catch (error) {
      throw (this.failure ??= storageFailure(this.file, error));
    }
    if (this.failure) throw this.failure;
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
