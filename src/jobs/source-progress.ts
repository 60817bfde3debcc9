/**
 * Live progress of one source collection: requests per endpoint label and pages read, counted as the connector
 * works and written to the store and the job's progress at most once per interval, so `GET /v1/scans/{id}` shows
 * them while the run is in flight without a write per request.
 */
import type { ProgressSink } from '../connectors/connector.js';
import type { SourceRecorder } from '../snapshot/snapshot-writer.js';

export interface SourceProgressCounts {
  requests: number;
  pages: number;
  throttled: number;
  endpoints: Array<{ endpoint: string; requests: number; pages: number; throttled: number }>;
}

export class SourceProgressTracker {
  private readonly requestsByLabel = new Map<string, number>();
  private readonly throttledByLabel = new Map<string, number>();
  private pageCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    private readonly publish: (counts: SourceProgressCounts) => Promise<void>,
    private readonly intervalMs = 1000,
  ) {}

  /** The recorder the connector writes through: the real one, with each request also counted here. */
  wrap(recorder: SourceRecorder): SourceRecorder {
    return {
      get sourceId() {
        return recorder.sourceId;
      },
      endpoint: (name, options) => recorder.endpoint(name, options),
      countRequest: (label) => {
        recorder.countRequest(label);
        this.requestsByLabel.set(label, (this.requestsByLabel.get(label) ?? 0) + 1);
        this.dirty = true;
      },
      countThrottled: (label) => {
        recorder.countThrottled?.(label);
        this.throttledByLabel.set(label, (this.throttledByLabel.get(label) ?? 0) + 1);
        this.dirty = true;
      },
      recordError: (error) => recorder.recordError(error),
      declarePermissions: (permissions) => recorder.declarePermissions(permissions),
      get errors() {
        return recorder.errors;
      },
    };
  }

  readonly sink: ProgressSink = {
    pageFetched: () => {
      this.pageCount += 1;
      this.dirty = true;
    },
  };

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  counts(): SourceProgressCounts {
    const labels = [...new Set([...this.requestsByLabel.keys(), ...this.throttledByLabel.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const endpoints = labels.map((endpoint) => ({ endpoint, requests: this.requestsByLabel.get(endpoint) ?? 0, pages: 0, throttled: this.throttledByLabel.get(endpoint) ?? 0 }));
    return {
      requests: endpoints.reduce((sum, entry) => sum + entry.requests, 0),
      pages: this.pageCount,
      throttled: endpoints.reduce((sum, entry) => sum + entry.throttled, 0),
      endpoints,
    };
  }

  /** Publishes the counts if they changed; one publication at a time, a failed one is retried at the next tick. */
  flush(): Promise<void> {
    if (!this.dirty) return this.flushing;
    this.dirty = false;
    const counts = this.counts();
    this.flushing = this.flushing.then(() =>
      this.publish(counts).catch(() => {
        this.dirty = true;
      }),
    );
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flushing;
  }
}
