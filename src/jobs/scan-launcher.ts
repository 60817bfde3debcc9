/**
 * Starting a scan: what the HTTP API (`POST /v1/scans`) and the scheduler call. The implementation records the
 * run as `queued` in the store and adds its flow to the queue; workers do the rest.
 */
import type { RunTrigger } from '../store/database.js';

export interface ScanRequest {
  /** Source ids to scan (configured ids; an AWS organisation id scans all its member accounts); all when absent. */
  sources?: string[];
  trigger: RunTrigger;
  scheduleName?: string;
}

export interface ScanLauncher {
  /** Queues a scan and returns its run id at once; unknown source ids are an InputError naming them. */
  start(request: ScanRequest): Promise<{ runId: string }>;
}
