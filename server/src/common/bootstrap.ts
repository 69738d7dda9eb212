import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StandardSchemaValidationPipe, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swaggerUi from 'swagger-ui-dist';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { AppModule, type AppDeps } from '../app.module.js';
import { AppError } from './errors/app-error.js';
import { clientErrorResponse, ErrorFilter, mapError, sendMapped } from './errors/error.filter.js';
import { buildOpenApiDocument } from './http/openapi.js';
import { UPLOAD_LIMIT_BYTES } from './http/upload.js';

const SWAGGER_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Linli API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/api/docs-json', dom_id: '#swagger-ui' });</script>
</body></html>`;

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

export interface RegisteredRoute {
  method: string;
  url: string;
}
const ROUTES = new WeakMap<object, RegisteredRoute[]>();

/** Every route the application registered (API, docs, static files): for the contract and matrix tests. */
export function registeredRoutes(app: NestFastifyApplication): RegisteredRoute[] {
  return ROUTES.get(app) ?? [];
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
    trustProxy: deps.config.trustProxy,
    // on close: drop idle keep-alive sockets at once, let requests in flight finish
    forceCloseConnections: 'idle',
    // ids are uuids: refuse absurd params before routing work
    routerOptions: { maxParamLength: 200 },
    // errors of the router and the HTTP parser answer in the API's error shape too (found by the fuzzer)
    frameworkErrors: (error: Error, _request: unknown, reply: FastifyReply) => sendMapped(reply, mapError(error)),
    clientErrorHandler: (error, socket) => {
      const response = clientErrorResponse(error as { code?: string });
      if (response && socket.writable) socket.write(response);
      socket.destroy(error);
    },
  });
  const routes: RegisteredRoute[] = [];
  adapter.getInstance().addHook('onRoute', (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: r.url });
    }
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

  // @fastify/static is imported statically and registered by hand: Nest's own helpers load it
  // with a dynamic import that jest's ESM mode cannot follow.
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyMultipart, { limits: { fileSize: Math.max(UPLOAD_LIMIT_BYTES, deps.config.uploads.maxBytes), files: 1, fields: 10 } });
  const openApi = buildOpenApiDocument();
  await app.register(fastifyStatic, { root: swaggerUi.getAbsoluteFSPath(), prefix: '/api/docs/assets/', decorateReply: false, index: false });
  fastify.get('/api/docs-json', async () => openApi);
  fastify.get('/api/docs', async (_req, reply) => reply.type('text/html; charset=utf-8').send(SWAGGER_HTML));

  const h5Dir = deps.config.h5Dir ?? defaultH5Dir();
  if (existsSync(path.join(h5Dir, 'index.html'))) {
    await app.register(fastifyStatic, { root: h5Dir, prefix: '/', wildcard: false, decorateReply: false, index: ['index.html'] });
  } else {
    deps.logger.warn({ h5Dir }, 'H5 build not found: the mini-program is not served at / (run pnpm build)');
  }

  ROUTES.set(app, routes);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
