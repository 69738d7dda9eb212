import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { MIGRATIONS } from '../../migrations/index.js';

export function createDataSource(url: string, config: Pick<AppConfig, 'db'>): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: config.db.poolSize,
      connectionTimeoutMillis: config.db.connectTimeoutMs,
      statement_timeout: config.db.statementTimeoutMs,
      // keep the pool from handing out a connection the database already closed
      idleTimeoutMillis: 10_000,
    },
  });
}

/** Runs pending migrations. Two servers starting at once serialise on an advisory lock. */
export async function migrate(ds: DataSource): Promise<string[]> {
  // the lock is held by one session, so take and release it on the same connection
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`select pg_advisory_lock(7368110001)`);
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner.query(`select pg_advisory_unlock(7368110001)`).catch(() => undefined);
    await runner.release();
  }
}
