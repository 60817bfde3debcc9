/**
 * A delivery channel: sends one notification or throws. A throw is retried by the delivery job unless the error is
 * `permanent` (a 4xx other than 408/429: the receiver will never accept it); `retryAfterMs` carries the receiver's
 * Retry-After. Channels hold their resolved secrets privately and never put them in an error message.
 */
import type { AlertNotification } from './alert-notification.js';
import { UpstreamError } from '../../errors.js';

export interface AlertChannel {
  readonly id: string;
  readonly type: 'webhook' | 'slack' | 'teams' | 'email' | 'siem';
  /** Messages per second the receiver accepts (Slack: 1). */
  readonly ratePerSecond?: number;
  send(notification: AlertNotification, signal?: AbortSignal): Promise<void>;
  close?(): Promise<void>;
}

/** A receiver's refusal, with whether retrying can help. */
export class DeliveryRefusedError extends UpstreamError {
  readonly permanent: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, status: number | undefined, permanent: boolean, retryAfterMs?: number) {
    super(message, status);
    this.permanent = permanent;
    this.retryAfterMs = retryAfterMs;
  }
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * POSTs a JSON body and classifies the answer. `label` names the channel in errors; the URL is never in a message
 * (Slack and Teams URLs are secrets).
 */
export async function postJson(label: string, url: string, body: string, headers: Record<string, string>, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'error' });
  } catch (error) {
    throw new DeliveryRefusedError(`${label}: request failed (${(error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message})`, undefined, false);
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return;
  const status = response.status;
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  throw new DeliveryRefusedError(`${label}: receiver answered HTTP ${status}${text ? ` ${text.slice(0, 200)}` : ''}`, status, permanent, retryAfterMs(response.headers.get('retry-after')));
}
