/**
 * Signed webhook (Standard Webhooks 1.0): `webhook-id` (unique per alert revision, for the receiver's de-duplication),
 * `webhook-timestamp` (unix seconds) and `webhook-signature` `v1,<base64 HMAC-SHA256(id.timestamp.body)>` over the
 * exact bytes sent. 410 Gone is permanent (the receiver asks to be disabled), as the spec says.
 */
import { Webhook } from 'standardwebhooks';
import type { AlertChannel } from './alert-channel.js';
import { postJson } from './alert-channel.js';
import type { AlertNotification } from './alert-notification.js';

export function webhookChannel(options: { id: string; url: string; secret: string; timeoutMs: number; now?: () => Date }): AlertChannel {
  const signer = new Webhook(options.secret);
  const now = options.now ?? (() => new Date());
  return {
    id: options.id,
    type: 'webhook',
    async send(notification: AlertNotification, signal?: AbortSignal) {
      const body = JSON.stringify({ type: notification.type, timestamp: now().toISOString(), data: { alert: notification.alert, links: notification.links } });
      const at = now();
      const headers = {
        'webhook-id': notification.id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signer.sign(notification.id, at, body),
      };
      await postJson(`webhook channel ${options.id}`, options.url, body, headers, options.timeoutMs, signal);
    },
  };
}
