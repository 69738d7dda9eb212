import 'reflect-metadata';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import { createApp } from '../common/bootstrap.js';
import { loadConfig, type AppConfig } from '../common/config/config.js';
import { createDataSource } from '../common/database/data-source.js';
import { createLogger } from '../common/logging/logger.js';
import { seedDemo } from '../seed/demo.js';
import { FieldCrypto } from '../common/crypto/field-crypto.js';
import type { Clock } from '../common/clock.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: string;
  /** A multipart body (e.g. an uploaded file). */
  form?: FormData;
}

export interface TestApp {
  app: NestFastifyApplication;
  db: DataSource;
  database: TestDatabase;
  config: AppConfig;
  baseUrl: string;
  /** Every log line the server wrote, for assertions about what must never be logged. */
  logs: string[];
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  login(openid: string): Promise<string>;
  nodeId(name: string): Promise<string>;
  userId(openid: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  seed?: boolean;
  env?: Record<string, string>;
  /** A clock the test moves (seeded history is relative to its start). */
  clock?: Clock;
}

/** The real application (createApp, as main.ts builds it) on a fresh database, listening on a free port. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/linli-test-data', DATABASE_URL: database.url, LOG_LEVEL: 'info', LOG_PRETTY: '0', H5_DIR: '/nonexistent', ...options.env });
  const db = createDataSource(database.url, config);
  await db.initialize();
  if (options.seed !== false) await seedDemo(db, new FieldCrypto(config), { carePolicyHours: config.carePolicyHours, tenancyRetentionDays: config.tenancy.retentionDays, now: options.clock?.now() });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const logger = createLogger(config, sink);
  const app = await createApp({ config, dataSource: db, logger, clock: options.clock });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const tokens = new Map<string, string>();

  const request: TestApp['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | FormData | undefined;
    if (opts.form) body = opts.form;
    else if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(baseUrl + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as any };
  };

  return {
    app,
    db,
    database,
    config,
    baseUrl,
    logs,
    request,
    async login(openid) {
      const cached = tokens.get(openid);
      if (cached) return cached;
      const res = await request('POST', '/api/v1/auth/login', { body: { code: `mock:${openid}` } });
      if (res.status !== 200) throw new Error(`login ${openid} failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(openid, res.body.token);
      return res.body.token as string;
    },
    async nodeId(name) {
      const rows: { id: string }[] = await db.query('select id from grid_node where name = $1', [name]);
      if (rows.length !== 1) throw new Error(`node ${name}: ${rows.length} found`);
      return rows[0]!.id;
    },
    async userId(openid) {
      const rows: { id: string }[] = await db.query('select id from app_user where openid = $1', [openid]);
      if (!rows[0]) throw new Error(`user ${openid} not found`);
      return rows[0].id;
    },
    async close() {
      await app.close();
      await db.destroy();
      await database.drop();
    },
  };
}
