import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from '../config/config.js';

export const PINO = Symbol('PINO');

/** Paths scrubbed from every log line: credentials and WeChat's session key must never be written. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.session_key',
  '*.sessionKey',
  '*.token',
  '*.secret',
  '*.password',
];

export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logPretty'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    base: { service: 'linli' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (destination) return pino(options, destination);
  if (config.logPretty) return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' } } });
  return pino(options);
}
