import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StandardSchemaValidationPipe, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule, type AppDeps } from '../app.module.js';
import { AppError } from './errors/app-error.js';
import { ErrorFilter, mapError } from './errors/error.filter.js';
import { buildOpenApiDocument } from './http/openapi.js';

export const API_PREFIX = 'api/v1';
const BODY_LIMIT = 1024 * 1024;

/** Nest's own log lines go to the same pino logger. */
function nestLogger(log: Logger): LoggerService {
  const child = log.child({ component: 'nest' });
  return {
    log: (message: unknown, context?: string) => child.debug({ context }, String(message)),
    error: (message: unknown, trace?: string, context?: string) => child.error({ context, trace }, String(message)),
    warn: (message: unknown, context?: string) => child.warn({ context }, String(message)),
    debug: (message: unknown, context?: string) => child.debug({ context }, String(message)),
    verbose: (message: unknown, context?: string) => child.trace({ context }, String(message)),
  };
}

/** Where `pnpm build` puts the H5 mini-program, relative to this file in src/ or dist/. */
export function defaultH5Dir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../miniapp/dist/h5');
}

/**
 * Builds the whole HTTP application on a ready database: used by main.ts and by every
 * in-process test, so tests run exactly what production runs.
 */
export async function createApp(deps: AppDeps): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: deps.logger.child({ component: 'http' }),
    bodyLimit: BODY_LIMIT,
    trustProxy: true,
    disableRequestLogging: deps.config.env === 'test',
    // ids are uuids: refuse absurd params before routing work
    routerOptions: { maxParamLength: 200 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(deps), adapter, {
    logger: nestLogger(deps.logger),
    abortOnError: false,
  });

  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.useGlobalFilters(new ErrorFilter(deps.logger));
  app.useGlobalPipes(
    new StandardSchemaValidationPipe({
      exceptionFactory: (issues) =>
        new AppError(
          'VALIDATION_FAILED',
          issues[0]?.message && /[\u4e00-\u9fff]/.test(issues[0].message) ? issues[0].message : undefined,
          issues.slice(0, 20).map((i) => ({ path: (i.path ?? []).map((p) => (typeof p === 'object' ? p.key : p)).join('.'), message: i.message })),
        ),
    }),
  );

  // Errors raised by Fastify before Nest sees the request (body parsing, limits) get the same shape.
  app.getHttpAdapter().getInstance().setErrorHandler((err, _req, reply) => {
    const mapped = mapError(err);
    if (mapped.status >= 500) deps.logger.error({ err }, 'request failed');
    if (mapped.headers) void reply.headers(mapped.headers);
    void reply.status(mapped.status).send(mapped.body);
  });

  SwaggerModule.setup('api/docs', app, buildOpenApiDocument() as unknown as OpenAPIObject, {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
    customSiteTitle: 'Linli API',
  });

  const h5Dir = deps.config.h5Dir ?? defaultH5Dir();
  if (existsSync(path.join(h5Dir, 'index.html'))) {
    app.useStaticAssets({ root: h5Dir, prefix: '/', wildcard: false, decorateReply: false, index: ['index.html'] });
  } else {
    deps.logger.warn({ h5Dir }, 'H5 build not found: the mini-program is not served at / (run pnpm build)');
  }

  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
