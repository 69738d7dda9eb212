import 'reflect-metadata';
import { loadConfig } from '../common/config/config.js';
import { FieldCrypto } from '../common/crypto/field-crypto.js';
import { createDataSource, migrate } from '../common/database/data-source.js';
import { ensureDatabase, startEmbeddedPostgres } from '../common/database/embedded-postgres.js';
import { seedScale } from '../seed/scale.js';
import { StatsRepository } from '../modules/stats/stats.repository.js';

/**
 * `pnpm seed:scale`: one district at the article's size in a fresh database — the embedded
 * PostgreSQL under DATA_DIR (the root script points it at .data/scale), or DATABASE_URL.
 * `--reset` empties the database first; `--factor=0.1` makes a tenth of it.
 */
const args = process.argv.slice(2);
const factor = Number(args.find((a) => a.startsWith('--factor='))?.split('=')[1] ?? '1');
const reset = args.includes('--reset');
const config = loadConfig({ ...process.env, SEED_DEMO: 'never' });
const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: config.dataDir, log: () => undefined });
if (embedded) await ensureDatabase(embedded.url('postgres'), 'linli');
const ds = createDataSource(config.databaseUrl ?? embedded!.url('linli'), { ...config, db: { ...config.db, statementTimeoutMs: 0 } });

const started = Date.now();
let lastStage = '';
let lastTenth = -1;
function bar(stage: string, done: number, total: number): void {
  const width = 30;
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * width);
  const secs = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${stage} ${total > 1 ? `${done.toLocaleString('en')}/${total.toLocaleString('en')}` : ''} ${secs}s`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line.padEnd(100)}`);
  else if (stage !== lastStage || Math.floor(share * 10) !== lastTenth) console.log(line);
  lastTenth = stage !== lastStage ? Math.floor(share * 10) : Math.max(lastTenth, Math.floor(share * 10));
  if (process.stdout.isTTY && done >= total) process.stdout.write('\n');
  lastStage = stage;
}

try {
  await ds.initialize();
  if (reset) {
    console.log('emptying the database (--reset)');
    await ds.query('drop schema public cascade');
    await ds.query('create schema public');
  }
  await migrate(ds);
  const crypto = new FieldCrypto(config);
  const result = await seedScale(ds, crypto, { factor, now: new Date(), onProgress: bar });
  bar('看板汇总', 0, 1);
  // the dashboard's rollups, so the first look at the district is instant
  const stats = new StatsRepository(ds);
  await ds.transaction(async (tx) => {
    for (const district of await stats.districts(tx)) await stats.refresh(district, new Date(), tx);
  });
  bar('看板汇总', 1, 1);
  await ds.query('analyze');
  console.log(`\ndistrict generated in ${((Date.now() - started) / 1000).toFixed(0)} s:`);
  console.table(result);
} finally {
  await ds.destroy().catch(() => undefined);
  await embedded?.stop();
}
