import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from './config/config.js';
import { createDataSource, migrate } from './database/data-source.js';
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from './database/embedded-postgres.js';
import { createApp } from './bootstrap.js';
import { seedDemo } from '../seed/demo.js';
import { FieldCrypto } from './crypto/field-crypto.js';

export interface Runtime {
  app: NestFastifyApplication;
  dataSource: DataSource;
  embedded?: RunningPostgres;
  /** Stops in order: HTTP (finishing requests in flight), the pool, then the embedded database. */
  close(): Promise<void>;
}

const EMBEDDED_DB = 'linli';

/** Database up (embedded unless DATABASE_URL), migrated, demo seeded once, app built. */
export async function startRuntime(config: AppConfig, logger: Logger): Promise<Runtime> {
  let embedded: RunningPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    const log = logger.child({ component: 'embedded-postgres' });
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log: (line) => log.info(line) });
    await ensureDatabase(embedded.url('postgres'), EMBEDDED_DB);
    url = embedded.url(EMBEDDED_DB);
  }
  const dataSource = createDataSource(url, config);
  try {
    await dataSource.initialize();
    const applied = await migrate(dataSource);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    if (config.seedDemo) {
      const empty: { n: number }[] = await dataSource.query('select count(*)::int as n from grid_node');
      if (empty[0]!.n === 0) {
        const result = await seedDemo(dataSource, new FieldCrypto(config), { carePolicyHours: config.carePolicyHours, tenancyRetentionDays: config.tenancy.retentionDays });
        logger.info(result, 'demo neighbourhood seeded');
      }
    }
    const app = await createApp({ config, dataSource, logger });
    return {
      app,
      dataSource,
      embedded,
      close: async () => {
        await app.close();
        logger.debug('http closed');
        if (dataSource.isInitialized) await dataSource.destroy();
        logger.debug('database pool closed');
        await embedded?.stop();
        logger.debug('embedded database stopped');
      },
    };
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await embedded?.stop();
    throw err;
  }
}
