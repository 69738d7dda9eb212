import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { ERROR_MESSAGES, type ErrorBody, type ErrorCode } from '@linli/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppError } from './app-error.js';
import { ERROR_STATUS } from './error-status.js';

/** Errors of the database being away rather than of the query: they answer 503, not 500. */
const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

function isDatabaseDown(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; driverError?: unknown; message?: unknown };
  if (typeof e.code === 'string' && DB_DOWN_CODES.has(e.code)) return true;
  if (e.driverError && isDatabaseDown(e.driverError)) return true;
  const msg = typeof e.message === 'string' ? e.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|database system is (starting up|shutting down)/i.test(msg);
}

/** Fastify's own errors (body parsing, limits) carry FST_ codes and a status. */
function fromFastify(err: { code?: string; statusCode?: number }): ErrorCode | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'PAYLOAD_TOO_LARGE';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'INVALID_JSON';
    // a path that is not valid percent-encoding, or a path param longer than any id
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'VALIDATION_FAILED';
    default:
      break;
  }
  if (err.statusCode === 400 && typeof err.code === 'string' && err.code.startsWith('FST_')) return 'VALIDATION_FAILED';
  return undefined;
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

export function mapError(exception: unknown): MappedError {
  const make = (code: ErrorCode, message?: string, details?: unknown, headers?: Record<string, string>): MappedError => ({
    status: ERROR_STATUS[code],
    body: { error: { code, message: message ?? ERROR_MESSAGES[code], ...(details === undefined ? {} : { details }) } },
    headers,
  });
  if (exception instanceof AppError) return make(exception.code, exception.message, exception.details, exception.headers);
  if (exception instanceof HttpException) {
    // Nest wraps Fastify's body-parsing errors; the original (with its FST_ code) is the cause
    const cause = fromFastify((exception.cause ?? {}) as { code?: string; statusCode?: number });
    if (cause) return make(cause);
    const status = exception.getStatus();
    if (status === 404) return make('ROUTE_NOT_FOUND');
    if (status === 405) return make('METHOD_NOT_ALLOWED');
    if (status === 413) return make('PAYLOAD_TOO_LARGE');
    if (status === 415) return make('UNSUPPORTED_MEDIA_TYPE');
    if (status === 400) return make('VALIDATION_FAILED');
    if (status === 401) return make('UNAUTHENTICATED');
    if (status === 403) return make('FORBIDDEN');
  }
  const fst = fromFastify((exception ?? {}) as { code?: string; statusCode?: number });
  if (fst) return make(fst);
  if (isDatabaseDown(exception)) return make('DB_UNAVAILABLE', undefined, undefined, { 'Retry-After': '5' });
  return make('INTERNAL');
}

/** Sends a mapped error from outside Nest (Fastify's router, before any route runs). */
export function sendMapped(reply: FastifyReply, mapped: MappedError): void {
  if (mapped.headers) void reply.headers(mapped.headers);
  void reply.status(mapped.status).type('application/json; charset=utf-8').send(mapped.body);
}

/**
 * Errors of the HTTP parser (a request line or headers over the limit, a malformed request),
 * before Fastify has a request: written to the socket in the same `{error: {code, message}}` shape.
 */
export function clientErrorResponse(err: { code?: string }): string | undefined {
  if (err.code === 'ECONNRESET') return undefined;
  const code: ErrorCode = err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'VALIDATION_FAILED';
  const status = ERROR_STATUS[code];
  const body = JSON.stringify({ error: { code, message: ERROR_MESSAGES[code] } });
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** The one error filter: every failure leaves the server as `{error: {code, message, details?}}`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const mapped = mapError(exception);
    if (mapped.status >= 500) {
      this.log.error({ err: exception, reqId: request.id, url: request.url, method: request.method }, 'request failed');
    }
    if (reply.sent) return;
    if (mapped.headers) void reply.headers(mapped.headers);
    void reply.status(mapped.status).type('application/json; charset=utf-8').send(mapped.body);
  }
}
