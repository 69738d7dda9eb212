import 'reflect-metadata';
import { loadConfig } from '../common/config/config.js';
import { createDataSource, migrate } from '../common/database/data-source.js';
import { ensureDatabase, startEmbeddedPostgres } from '../common/database/embedded-postgres.js';
import { seedDemo } from '../seed/demo.js';
import { FieldCrypto } from '../common/crypto/field-crypto.js';

/** `pnpm seed`: migrate and (re)seed the demo neighbourhood; what exists is kept. */
const config = loadConfig();
const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: config.dataDir, log: (l) => console.log(l) });
if (embedded) await ensureDatabase(embedded.url('postgres'), 'linli');
const ds = createDataSource(config.databaseUrl ?? embedded!.url('linli'), config);
try {
  await ds.initialize();
  await migrate(ds);
  const result = await seedDemo(ds, new FieldCrypto(config), { carePolicyHours: config.carePolicyHours, tenancyRetentionDays: config.tenancy.retentionDays });
  console.log(`demo neighbourhood ${result.created ? 'created' : 'checked (already present, missing parts added)'}: ${result.nodes} nodes, ${result.users} users, ${result.memberships} memberships`);
} finally {
  await ds.destroy().catch(() => undefined);
  await embedded?.stop();
}
