/** pino JSON logging. Secrets are redacted by path; never spread untrusted objects into bindings. */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

export const redactedPaths = [
  'token',
  'accessToken',
  'clientSecret',
  'privateKey',
  'password',
  'authorization',
  '*.token',
  '*.accessToken',
  '*.clientSecret',
  '*.privateKey',
  '*.password',
  'headers.authorization',
  '*.headers.authorization',
];

export interface LoggerOptions {
  level?: string;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: redactedPaths, censor: '[redacted]' },
    base: { service: 'mfa-coverage' },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings, pino.destination(2));
}

/** A logger that drops everything, for tests and pure library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
