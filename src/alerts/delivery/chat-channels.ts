/** Slack incoming webhooks (Block Kit; 1 message a second) and Teams Workflows webhooks (Adaptive Card). */
import type { AlertChannel } from './alert-channel.js';
import { postJson } from './alert-channel.js';
import { slackBody, teamsBody } from './render-channel-bodies.js';

export function slackChannel(options: { id: string; url: string; timeoutMs: number }): AlertChannel {
  return {
    id: options.id,
    type: 'slack',
    ratePerSecond: 1,
    send: (notification, signal) => postJson(`slack channel ${options.id}`, options.url, JSON.stringify(slackBody(notification)), {}, options.timeoutMs, signal),
  };
}

export function teamsChannel(options: { id: string; url: string; timeoutMs: number }): AlertChannel {
  return {
    id: options.id,
    type: 'teams',
    // Power Automate flows throttle per connection; one card a second keeps a storm from tripping them.
    ratePerSecond: 1,
    send: (notification, signal) => postJson(`teams channel ${options.id}`, options.url, JSON.stringify(teamsBody(notification)), {}, options.timeoutMs, signal),
  };
}
