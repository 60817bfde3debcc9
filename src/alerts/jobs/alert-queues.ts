/** The alerts' queues and job ids (no `:`, which BullMQ reserves; derived, so a duplicate add is a no-op). */
export const alertQueueNames = {
  /** `watch` jobs, one job scheduler per watched source. */
  watch: 'alerts-watch',
  /** `confirm` jobs: the scan diff of one recorded run. */
  confirm: 'alerts-confirm',
} as const;

/** One delivery queue per channel, so each channel has its own rate limit and a stuck receiver blocks no other. */
export function deliveryQueueName(channelId: string): string {
  return `alerts-deliver-${channelId}`;
}

export function watchSchedulerId(sourceId: string): string {
  return `watch-${sourceId}`;
}

export function confirmJobId(runId: string): string {
  return `confirm-${runId}`;
}

export function deliveryJobId(delivery: { alertId: string; channelId: string; revision: number }): string {
  return `deliver-${delivery.alertId}-${delivery.channelId}-${delivery.revision}`;
}

export interface DeliveryJobData {
  alertId: string;
  channelId: string;
  revision: number;
}

export interface WatchJobData {
  sourceId: string;
}

export interface ConfirmJobData {
  runId: string;
}
