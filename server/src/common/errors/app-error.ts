import { ERROR_MESSAGES, type ErrorCode } from '@linli/shared';

/** The one exception type services throw: a code from the shared table, a Chinese message, optional details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'AppError';
  }
}

export const notFound = (): AppError => new AppError('NOT_FOUND');
