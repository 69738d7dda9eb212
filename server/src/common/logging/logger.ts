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

/**
 * The last line of defence, on every line written: full mobile and ID numbers are masked and
 * JWT-shaped strings removed wherever they appear (a URL's query string, an error message, a
 * value someone logged by mistake). Found by the fuzzer: a search by phone number in a query
 * string was written in full with the request's URL.
 */
export function scrubLogLine(line: string): string {
  return line
    .replace(/eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]')
    .replace(/(?<![0-9A-Za-z])([1-9]\d{5})(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}([\dXx])(?![0-9A-Za-z])/g, '$1********$2')
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2');
}

function scrubbing(destination: DestinationStream): DestinationStream {
  return { write: (line: string) => destination.write(scrubLogLine(line)) };
}

export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logPretty'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    base: { service: 'linli' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (destination) return pino(options, scrubbing(destination));
  if (config.logPretty) return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' } } });
  return pino(options, scrubbing(pino.destination({ dest: 1, sync: true })));
}
