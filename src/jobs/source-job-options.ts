/** Options of every source job (collect, expand): attempts, back-off, what the parent does when one fails, clean-up. */
import type { QueueConfig } from '../config/service-config.js';

export interface SourceJobOptions {
  attempts: number;
  backoff: { type: 'exponential'; delay: number };
  /** A source that fails every attempt does not fail the run: the run job records it as failed, like the CLI. */
  ignoreDependencyOnFailure: true;
  removeOnComplete: { age: number; count: number };
  removeOnFail: { age: number; count: number };
}

const weekSeconds = 7 * 24 * 3600;

export function sourceJobOptions(config: Pick<QueueConfig, 'sourceAttempts'>): SourceJobOptions {
  return {
    attempts: config.sourceAttempts,
    backoff: { type: 'exponential', delay: 2000 },
    ignoreDependencyOnFailure: true,
    removeOnComplete: { age: weekSeconds, count: 10_000 },
    removeOnFail: { age: weekSeconds, count: 10_000 },
  };
}
