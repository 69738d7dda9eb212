import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDataSource, migrate } from '../common/database/data-source.js';
import { MIGRATIONS } from '../migrations/index.js';

/**
 * Each test file gets a database of its own, copied from a migrated template (fast: a file copy).
 * The PostgreSQL comes from `pnpm test` (embedded, or DATABASE_URL) through LINLI_TEST_PG_URL.
 */
export function adminUrl(): string {
  const url = process.env.LINLI_TEST_PG_URL;
  if (!url) throw new Error('LINLI_TEST_PG_URL is not set: run the tests with `pnpm test`, which starts PostgreSQL for them');
  return url;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function templateName(): string {
  // the migrations' code, not just their names: an edited (unlanded) migration gets a fresh template
  const hash = createHash('sha256').update(MIGRATIONS.map((m) => m.name + m.prototype.up.toString()).join(',')).digest('hex').slice(0, 10);
  return `linli_tpl_${hash}`;
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Creates the migrated template once per migration set; concurrent workers wait on an advisory lock. */
export async function ensureTemplate(): Promise<string> {
  const tpl = templateName();
  await withAdmin(async (c) => {
    await c.query('select pg_advisory_lock(7368110002)');
    try {
      const exists = await c.query('select 1 from pg_database where datname = $1', [tpl]);
      if (exists.rowCount) return;
      const building = `${tpl}_building`;
      await c.query(`drop database if exists ${building}`);
      await c.query(`create database ${building}`);
      const ds = createDataSource(withDatabase(adminUrl(), building), { db: { poolSize: 2, connectTimeoutMs: 5000, statementTimeoutMs: 60_000 } });
      await ds.initialize();
      try {
        await migrate(ds);
      } finally {
        await ds.destroy();
      }
      await c.query(`alter database ${building} rename to ${tpl}`);
    } finally {
      await c.query('select pg_advisory_unlock(7368110002)');
    }
  });
  return tpl;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const tpl = await ensureTemplate();
  const name = `linli_t_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`create database ${name} template ${tpl}`));
  return {
    name,
    url: withDatabase(adminUrl(), name),
    drop: () => withAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

// notices
/** One query against a test database by its URL (e2e tests that look at what a spawned server wrote). */
export async function queryDatabase<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}
