/** Email over SMTP with nodemailer: one pooled transport per channel, plain text with the links. */
import nodemailer from 'nodemailer';
import type { AlertChannel } from './alert-channel.js';
import { DeliveryRefusedError } from './alert-channel.js';
import { emailContent } from './render-channel-bodies.js';

export interface EmailChannelOptions {
  id: string;
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
  to: readonly string[];
  timeoutMs: number;
}

export function emailChannel(options: EmailChannelOptions): AlertChannel {
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    ...(options.user !== undefined ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    id: options.id,
    type: 'email',
    async send(notification) {
      const { subject, text } = emailContent(notification);
      try {
        await transport.sendMail({ from: options.from, to: [...options.to], subject, text, headers: { 'X-Mfa-Coverage-Alert': notification.id } });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // SMTP 5xx is a permanent refusal (bad recipient, policy); 4xx and connection failures are worth retrying.
        throw new DeliveryRefusedError(`email channel ${options.id}: ${(error as Error).message}`, code, code !== undefined && code >= 500);
      }
    },
    close: async () => transport.close(),
  };
}
