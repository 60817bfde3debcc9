/**
 * SIEM output: one OCSF Detection Finding per line, appended to a file (for a collector to tail) or sent as an RFC
 * 5424 syslog message (facility local0) over UDP or TCP (octet-counted framing, RFC 6587).
 */
import { appendFile } from 'node:fs/promises';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import type { AlertChannel } from './alert-channel.js';
import { DeliveryRefusedError } from './alert-channel.js';
import { ocsfDetectionFinding } from './render-channel-bodies.js';
import type { AlertNotification } from './alert-notification.js';

const syslogSeverity: Record<string, number> = { critical: 2, high: 3, medium: 4 };

export function syslogMessage(notification: AlertNotification, line: string): string {
  const priority = 16 * 8 + (syslogSeverity[notification.alert.severity] ?? 4);
  return `<${priority}>1 ${notification.alert.updatedAt} ${hostname() || '-'} mfa-coverage ${process.pid} ${notification.alert.rule} - ${line}`;
}

export function siemChannel(options: { id: string; file?: string; syslog?: { host: string; port: number; protocol: 'udp' | 'tcp' }; timeoutMs: number }): AlertChannel {
  return {
    id: options.id,
    type: 'siem',
    async send(notification) {
      const line = JSON.stringify(ocsfDetectionFinding(notification));
      if (options.file !== undefined) {
        await appendFile(options.file, `${line}\n`, 'utf8');
        return;
      }
      const syslog = options.syslog;
      if (!syslog) return;
      const message = Buffer.from(syslogMessage(notification, line), 'utf8');
      if (syslog.protocol === 'udp') {
        await new Promise<void>((resolve, reject) => {
          const socket = createSocket(syslog.host.includes(':') ? 'udp6' : 'udp4');
          socket.send(message, syslog.port, syslog.host, (error) => {
            socket.close();
            if (error) reject(new DeliveryRefusedError(`siem channel ${options.id}: ${error.message}`, undefined, false));
            else resolve();
          });
        });
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const socket = connect({ host: syslog.host, port: syslog.port, timeout: options.timeoutMs }, () => {
          socket.end(Buffer.concat([Buffer.from(`${message.length} `), message]), () => resolve());
        });
        socket.on('timeout', () => socket.destroy(new Error(`no connection within ${options.timeoutMs} ms`)));
        socket.on('error', (error) => reject(new DeliveryRefusedError(`siem channel ${options.id}: ${error.message}`, undefined, false)));
      });
    },
  };
}
