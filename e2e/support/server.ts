import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../../server/src/test-support/test-db.js';
export type { TestDatabase };
import { freePort } from '../../server/src/common/database/embedded-postgres.js';
import { expect } from '@jest/globals';
import { findSecrets } from '../../server/src/test-support/log-secrets.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunningServer {
  baseUrl: string;
  process: ChildProcess;
  output: () => string;
  /** Milliseconds from spawn to /health answering 200. */
  startupMs: number;
  /** Stops the process and drops its database (unless `keepDatabase`, for a restart on the same data). */
  stop(signal?: NodeJS.Signals, options?: { keepDatabase?: boolean }): Promise<number | null>;
  database: TestDatabase;
  /** The second instance on the same database, when started as twins. */
  second?: RunningServer;
}

/** Base URLs of twin servers: the Api client alternates between them. */
const TWINS = new Map<string, string[]>();
let turn = 0;
/** Which instance serves the next request: the two alternate. */
export function nextBase(baseUrl: string): string {
  const all = TWINS.get(baseUrl);
  return all ? all[turn++ % all.length]! : baseUrl;
}

/**
 * The real server (`node server/dist/main.js`, as `pnpm start` runs it) on a fresh database of
 * its own, seeded by its own start-up, on a free port.
 */
export async function startServer(env: Record<string, string> = {}, options: { database?: TestDatabase; twin?: boolean } = {}): Promise<RunningServer> {
  const database = options.database ?? (await createTestDatabase());
  // two instances on one database, requests alternating (LINLI_E2E_TWO_INSTANCES=1 for every e2e API suite)
  const twin = options.twin ?? (process.env.LINLI_E2E_TWO_INSTANCES === '1' && !options.database);
  const port = await freePort();
  const t0 = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'server/dist/main.js')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', LOG_PRETTY: '0', DATA_DIR: '/tmp/linli-e2e-data', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  let startupMs = 0;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) {
      await database.drop();
      throw new Error(`server exited during start (${child.exitCode}):\n${out}`);
    }
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.status === 200) {
        startupMs = Date.now() - t0;
        break;
      }
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error(`server did not come up in 30 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const second = twin ? await startServer(env, { database, twin: false }) : undefined;
  if (second) TWINS.set(baseUrl, [baseUrl, second.baseUrl]);
  return {
    baseUrl,
    process: child,
    output: () => out,
    startupMs,
    database,
    second,
    async stop(signal = 'SIGTERM', stopOptions = {}) {
      if (second) await second.stop(signal, { keepDatabase: true });
      TWINS.delete(baseUrl);
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      checkLog(out, `${path.basename(expect.getState?.().testPath ?? 'server', '.e2e-spec.ts')}-${port}`);
      if (!stopOptions.keepDatabase) await database.drop();
      return code;
    },
  };
}

/** Runs the server and waits for it to exit by itself (for configurations it must refuse). */
export function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'server/dist/main.js')], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', LOG_PRETTY: '0', DATA_DIR: '/tmp/linli-e2e-data', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: out });
    });
  });
}

/** Every bearer token an e2e test used: none may appear in a server's log. */
export const TOKENS_USED = new Set<string>();
export const LOG_DIR = path.join(ROOT, 'e2e/artifacts/logs');

/** What must never be in a log (see server/src/test-support/log-secrets.ts). */
export function secretsIn(log: string): string[] {
  return findSecrets(log, TOKENS_USED);
}

/** Keeps a stopped server's log under e2e/artifacts/logs and fails when it holds a secret or personal data. */
function checkLog(log: string, name: string): void {
  mkdirSync(LOG_DIR, { recursive: true });
  writeFileSync(path.join(LOG_DIR, `${name}.log`), log);
  const lines = log.split('\n').filter(Boolean).length;
  const found = secretsIn(log);
  appendFileSync(path.join(LOG_DIR, 'scan.jsonl'), JSON.stringify({ name, lines, leaks: found.length }) + '\n');
  if (found.length) throw new Error(`the server log ${name} holds secrets or personal data:\n${found.join('\n')}`);
}

export class Api {
  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {
    if (token) TOKENS_USED.add(token);
  }

  async call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(nextBase(this.baseUrl) + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async as(openid: string): Promise<Api> {
    const res = await this.call<{ token: string }>('POST', '/api/v1/auth/login', { code: `mock:${openid}` });
    if (res.status !== 200) throw new Error(`login ${openid}: ${res.status}`);
    return new Api(this.baseUrl, res.body.token);
  }
}
