import 'reflect-metadata';
import { loadConfig } from '../common/config/config.js';
import { createDataSource, migrate } from '../common/database/data-source.js';
import { ensureDatabase, startEmbeddedPostgres } from '../common/database/embedded-postgres.js';

const config = loadConfig();
const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: config.dataDir });
if (embedded) await ensureDatabase(embedded.url('postgres'), 'linli');
const ds = createDataSource(config.databaseUrl ?? embedded!.url('linli'), config);
try {
  await ds.initialize();
  const applied = await migrate(ds);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await ds.destroy().catch(() => undefined);
  await embedded?.stop();
}
