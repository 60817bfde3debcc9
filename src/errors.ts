/**
 * The error catalogue. Every failure the product reports has a stable code, a message that says what to do,
 * and the underlying `cause` when it wraps another error. Errors are thrown deep and caught once at an edge
 * (CLI, HTTP, worker), where the code decides the exit status or HTTP status.
 */

export const errorCodes = {
  CONFIG_INVALID: 'The configuration file is missing, unreadable or fails validation.',
  INPUT_INVALID: 'An input file (snapshot, roster, exception register, vendor payload) is malformed.',
  AUTH_FAILED: 'The identity provider rejected the credentials.',
  PERMISSION_MISSING: 'The identity provider refused a call for lack of a permission, scope or licence.',
  RATE_LIMITED: 'The identity provider throttled the scanner and the retry budget ran out.',
  UPSTREAM_FAILED: 'The identity provider answered with an unexpected error.',
  SNAPSHOT_INVALID: 'A raw snapshot directory does not follow docs/snapshot-format.md.',
  STORAGE_FAILED: 'A file of the scan could not be written (a full disk, a read-only or vanished folder); nothing half-written is kept.',
  ANALYSIS_FAILED: 'The raw snapshot was committed but no report could be derived from it; the reason is recorded beside it (analysis-error.json).',
  DEADLINE_EXCEEDED: "A source did not finish within its deadline (the source's deadlineMs).",
  STORE_FAILED: 'The history store (SQLite file or PostgreSQL) cannot be opened, migrated or written.',
  QUEUE_UNAVAILABLE: 'The job queue (Redis at queue.redis) cannot be reached.',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class MfaCoverageError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Config that cannot be used; `file` and `field` point the user at the line to fix. */
export class ConfigError extends MfaCoverageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', message, options);
  }
}

/** A malformed input file; the message names the file and, where known, the line and field. */
export class InputError extends MfaCoverageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INPUT_INVALID', message, options);
  }
}

export class SnapshotError extends MfaCoverageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SNAPSHOT_INVALID', message, options);
  }
}

/**
 * A local write failed (ENOSPC, EROFS, EACCES, …). It is not the identity provider's fault, so it is never recorded
 * as a source error: it ends the whole scan, whose staging folder is removed; `file` names what could not be written.
 */
export class StorageError extends MfaCoverageError {
  readonly file: string;
  constructor(message: string, file: string, options?: { cause?: unknown }) {
    super('STORAGE_FAILED', message, options);
    this.file = file;
  }
}

/** Wraps a file-system error of `file` into a StorageError that names the path and the system's reason. */
export function storageFailure(file: string, error: unknown, doing = 'write'): StorageError {
  if (error instanceof StorageError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === 'ENOSPC' ? 'no space left on the device' : describeError(error);
  return new StorageError(`Cannot ${doing} ${file}: ${reason}${code === 'ENOSPC' ? ' (ENOSPC)' : ''}.`, file, { cause: error });
}

/** Collection succeeded and the snapshot is committed, but analysing it failed; `analyse --snapshot` can retry. */
export class AnalysisError extends MfaCoverageError {
  readonly snapshotDirectory: string;
  constructor(message: string, snapshotDirectory: string, options?: { cause?: unknown }) {
    super('ANALYSIS_FAILED', message, options);
    this.snapshotDirectory = snapshotDirectory;
  }
}

/** A source ran past its configured `deadlineMs`; what it had collected is kept, and the source is `failed`. */
export class DeadlineError extends MfaCoverageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DEADLINE_EXCEEDED', message, options);
  }
}

/** The history store cannot be opened, migrated or written; the message names the file or database. */
export class StoreError extends MfaCoverageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_FAILED', message, options);
  }
}

/** Redis cannot be reached; the message names the URL (without its password). */
export class QueueError extends MfaCoverageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('QUEUE_UNAVAILABLE', message, options);
  }
}

export class AuthError extends MfaCoverageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('AUTH_FAILED', message, options);
  }
}

/** A 403-style refusal: the scan continues without that data and the source becomes `partial`. */
export class PermissionError extends MfaCoverageError {
  readonly permission: string;
  constructor(message: string, permission: string, options?: { cause?: unknown }) {
    super('PERMISSION_MISSING', message, options);
    this.permission = permission;
  }
}

export class RateLimitedError extends MfaCoverageError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number, options?: { cause?: unknown }) {
    super('RATE_LIMITED', message, options);
    this.retryAfterMs = retryAfterMs;
  }
}

export class UpstreamError extends MfaCoverageError {
  readonly status: number | undefined;
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super('UPSTREAM_FAILED', message, options);
    this.status = status;
  }
}

/** Message of an unknown thrown value, for reasons and error records. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
