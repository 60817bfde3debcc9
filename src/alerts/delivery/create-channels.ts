/** Builds the configured channels, resolving each secret reference once (env or file); secrets stay inside the channel. */
import type { AlertsConfig, ChannelConfig } from '../../config/alerts-config.js';
import { resolveSecret } from '../../config/secret-reference.js';
import type { AlertChannel } from './alert-channel.js';
import { slackChannel, teamsChannel } from './chat-channels.js';
import { emailChannel } from './email-channel.js';
import { siemChannel } from './siem-channel.js';
import { webhookChannel } from './webhook-channel.js';

export async function createChannel(channel: ChannelConfig, config: AlertsConfig, env: NodeJS.ProcessEnv = process.env): Promise<AlertChannel> {
  const timeoutMs = config.delivery.timeoutMs;
  const field = `alerts.channels.${channel.id}`;
  switch (channel.type) {
    case 'webhook':
      return webhookChannel({ id: channel.id, url: channel.url, secret: await resolveSecret(channel.secret, `${field}.secret`, env), timeoutMs });
    case 'slack':
      return slackChannel({ id: channel.id, url: await resolveSecret(channel.url, `${field}.url`, env), timeoutMs });
    case 'teams':
      return teamsChannel({ id: channel.id, url: await resolveSecret(channel.url, `${field}.url`, env), timeoutMs });
    case 'email':
      return emailChannel({
        id: channel.id,
        host: channel.host,
        port: channel.port,
        secure: channel.secure,
        ...(channel.user !== undefined ? { user: channel.user } : {}),
        ...(channel.password !== undefined ? { password: await resolveSecret(channel.password, `${field}.password`, env) } : {}),
        from: channel.from,
        to: channel.to,
        timeoutMs,
      });
    case 'siem':
      return siemChannel({ id: channel.id, ...(channel.file !== undefined ? { file: channel.file } : {}), ...(channel.syslog !== undefined ? { syslog: channel.syslog } : {}), timeoutMs });
  }
}

export async function createChannels(config: AlertsConfig, env: NodeJS.ProcessEnv = process.env): Promise<AlertChannel[]> {
  const channels: AlertChannel[] = [];
  for (const channel of config.channels) channels.push(await createChannel(channel, config, env));
  return channels;
}

const severityRank = { medium: 0, high: 1, critical: 2 } as const;

/** The channel ids an alert goes to: the channel takes its rule and its severity is at least the channel's minimum. */
export function channelsForAlert(config: AlertsConfig, alert: { rule: ChannelConfig['rules'] extends readonly (infer R)[] | undefined ? R : never; severity: keyof typeof severityRank }): string[] {
  return config.channels
    .filter((channel) => (channel.rules === undefined || channel.rules.includes(alert.rule)) && severityRank[alert.severity] >= severityRank[channel.minSeverity])
    .map((channel) => channel.id);
}
