// `pnpm bench`: load the hot endpoints of the district that `pnpm seed:scale` generated, compare the
// notice feed with a bare node:http + pg server running the same SQL, and print the mini-program's
// package sizes. Figures go to bench/results.json and a table; targets are reported, never enforced.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { buildTargets, ROOT } from './lib.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const DATA_DIR = process.env.SCALE_DATA_DIR ?? path.join(ROOT, '.data/scale');

await buildTargets(['shared', 'server', 'weapp', 'h5']);
const serverDist = (p) => pathToFileURL(path.join(ROOT, 'server/dist', p)).href;
const { startEmbeddedPostgres, freePort } = await import(serverDist('common/database/embedded-postgres.js'));
const { FEED_SQL } = await import(serverDist('modules/notices/notices.repository.js'));
const { MEMBERSHIPS_SQL } = await import(serverDist('common/scope/scope.policy.js'));
const pg = (await import(pathToFileURL(path.join(ROOT, 'server/node_modules/pg/lib/index.js')).href)).default;

let dbUrl = process.env.DATABASE_URL;
let embedded;
if (!dbUrl) {
  if (!existsSync(path.join(DATA_DIR, 'pg'))) {
    console.error(`No generated district at ${DATA_DIR}: run \`pnpm seed:scale\` first.`);
    process.exit(2);
  }
  embedded = await startEmbeddedPostgres({ dataDir: DATA_DIR, log: () => undefined });
  dbUrl = embedded.url('linli');
}
const db = new pg.Pool({ connectionString: dbUrl, max: 10 });
const one = async (sql, params = []) => (await db.query(sql, params)).rows[0];
const district = await one(`select id, name from grid_node where parent_id is null and name like '%规模测试%' limit 1`);
if (!district) {
  console.error('The database holds no generated district: run `pnpm seed:scale` first.');
  await cleanup();
  process.exit(2);
}

// the people whose requests are measured, picked from the generated district
const street = await one(`select n.id, n.seq from grid_node n where n.parent_id = $1 order by n.seq limit 1`, [district.id]);
const community = await one(`select n.id, n.seq from grid_node n where n.parent_id = $1 order by n.seq limit 1`, [street.id]);
const micro = await one(
  `select n.id, n.seq from grid_node n where n.parent_id = $1 and exists (select 1 from care_plan cp where cp.node_id = n.id)
     and exists (select 1 from report r where r.handler_node_id = n.id and r.status in ('submitted','accepted','in_progress'))
   order by n.seq limit 1`,
  [community.id],
);
const resident = await one(`select u.openid, u.id from membership m join app_user u on u.id = m.user_id where m.node_id = $1 and m.role = 'resident' limit 1`, [micro.id]);
// visits go to many different people (one person's plan row would serialise them all)
const carePeople = (await db.query(`select person_id from care_plan where district_id = $1 order by person_id limit 2000`, [district.id])).rows.map((r) => r.person_id);

const PORT = await freePort();
const env = {
  ...process.env,
  DATABASE_URL: dbUrl,
  PORT: String(PORT),
  HOST: '127.0.0.1',
  SEED_DEMO: 'never',
  LOG_LEVEL: 'warn',
  DATA_DIR,
  DB_POOL_SIZE: '20',
  H5_DIR: path.join(ROOT, 'miniapp/dist/h5'),
};
const server = spawn(process.execPath, ['server/dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
const base = `http://127.0.0.1:${PORT}`;
await waitFor(`${base}/health`);

async function login(openid) {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `mock:${openid}` }) });
  if (!res.ok) throw new Error(`login ${openid}: ${res.status}`);
  return (await res.json()).token;
}
const tokens = {
  head: await login(`scale-staff-${micro.seq}`),
  community: await login(`scale-staff-${community.seq}`),
  street: await login(`scale-staff-${street.seq}`),
  district: await login(`scale-staff-${(await one('select seq from grid_node where id = $1', [district.id])).seq}`),
  resident: await login(resident.openid),
};

const results = [];
async function load(name, opts, target) {
  // a short warm-up first (JIT, connection pool, PostgreSQL's caches), not counted
  await new Promise((resolve, reject) => autocannon({ url: base, connections: CONNECTIONS, duration: WARMUP, ...opts }, (err, r) => (err ? reject(err) : resolve(r))));
  const times = [];
  const run = await new Promise((resolve, reject) => {
    const instance = autocannon({ url: base, connections: CONNECTIONS, duration: DURATION, ...opts }, (err, r) => (err ? reject(err) : resolve(r)));
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  const row = {
    name,
    rps: Math.round(run.requests.average),
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    non2xx: run.non2xx,
    errors: run.errors + run.timeouts,
    ...target,
  };
  results.push(row);
  console.log(`  ${name}: ${row.rps} req/s, p50 ${row.p50} ms, p95 ${row.p95} ms, p99 ${row.p99} ms${row.non2xx ? `, ${row.non2xx} non-2xx` : ''}`);
  return row;
}
/** The p-th percentile of sorted response times (ms, one decimal). */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10;
}
const get = (p, token) => ({ requests: [{ method: 'GET', path: p, headers: { authorization: `Bearer ${token}` } }] });

console.log(`\nLoad: ${CONNECTIONS} connections × ${DURATION} s per endpoint against ${district.name}`);
await load('head care list', get(`/api/v1/grids/${micro.id}/care`, tokens.head), { target: 'p99 ≤ 50 ms', ok: (r) => r.p99 <= 50 });
const feed = await load('resident notice feed', get('/api/v1/notices', tokens.resident), { target: 'p99 ≤ 50 ms', ok: (r) => r.p99 <= 50 });
await load('handler report queue', get('/api/v1/reports?view=handling', tokens.head), { target: 'p99 ≤ 50 ms', ok: (r) => r.p99 <= 50 });
await load('stats: community', get(`/api/v1/grids/${community.id}/stats`, tokens.community), { target: 'p99 ≤ 50 ms', ok: (r) => r.p99 <= 50 });
await load('stats: street', get(`/api/v1/grids/${street.id}/stats`, tokens.street), { target: 'p99 ≤ 50 ms', ok: (r) => r.p99 <= 50 });
await load('stats: district', get(`/api/v1/grids/${district.id}/stats`, tokens.district), { target: 'p95 ≤ 100 ms', ok: (r) => r.p95 <= 100 });
await load(
  'log a visit',
  {
    requests: [
      {
        method: 'POST',
        path: '/api/v1/visits',
        headers: { authorization: `Bearer ${tokens.district}`, 'content-type': 'application/json' },
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ id: randomUUID(), personId: carePeople[Math.floor(Math.random() * carePeople.length)], occurredAt: new Date().toISOString(), method: 'phone', outcome: 'well' }),
        }),
      },
    ],
  },
  { target: '— (a write; no target)', ok: () => true },
);

// the baseline: the same two queries of the feed, on bare node:http + pg in a process of its own
const baselinePort = await freePort();
const baseline = spawn(process.execPath, ['scripts/bench-baseline.mjs'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(baselinePort), DB_POOL_SIZE: '20' }, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => baseline.stdout.once('data', resolve));
const bare = await new Promise((resolve, reject) => {
  autocannon(
    { url: `http://127.0.0.1:${baselinePort}/feed`, connections: CONNECTIONS, duration: DURATION, headers: { 'x-user': resident.id } },
    (err, r) => (err ? reject(err) : resolve(r)),
  );
});
baseline.kill('SIGTERM');
const baselineRps = Math.round(bare.requests.average);
const ratio = Math.round((feed.rps / baselineRps) * 100) / 100;
console.log(`  baseline feed (node:http + pg, same SQL): ${baselineRps} req/s, p99 ${bare.latency.p99} ms → Linli/baseline = ${ratio}`);

// publishing to the whole district: each returns before the fan-out (sequential, a few only)
const publishLatencies = [];
for (let i = 0; i < 15; i++) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/grids/${district.id}/notices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.district}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: `基准测试通知 ${i + 1}`, body: '请全区居民知悉。', category: 'general', requireConfirm: false }),
  });
  publishLatencies.push(performance.now() - t0);
  if (res.status !== 201) throw new Error(`publish: ${res.status} ${await res.text()}`);
}
publishLatencies.sort((a, b) => a - b);
const publish = {
  name: 'publish to the district',
  rps: null,
  p50: Math.round(publishLatencies[7]),
  p95: Math.round(publishLatencies[14]),
  p99: Math.round(publishLatencies[14]),
  non2xx: 0,
  errors: 0,
  target: 'each ≤ 100 ms',
  ok: (r) => r.p99 <= 100,
};
results.push(publish);
console.log(`  publish to the district: p50 ${publish.p50} ms, max ${publish.p99} ms (15 sequential)`);

// package sizes
function size(dir) {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? size(p) : statSync(p).size;
  }
  return total;
}
const weapp = path.join(ROOT, 'miniapp/dist/weapp');
const subRoots = readdirSync(path.join(weapp, 'packages'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const packages = { main: size(weapp) - size(path.join(weapp, 'packages')) };
for (const root of subRoots) packages[`packages/${root}`] = size(path.join(weapp, 'packages', root));
const h5 = size(path.join(ROOT, 'miniapp/dist/h5'));

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log('\n| endpoint | req/s | p50 ms | p95 ms | p99 ms | target | met |');
console.log('| --- | ---: | ---: | ---: | ---: | --- | --- |');
for (const r of results) console.log(`| ${r.name} | ${r.rps ?? '—'} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.target} | ${r.target.startsWith('—') ? '—' : r.ok(r) ? 'yes' : 'NO'} |`);
console.log(`| feed vs bare baseline | ${feed.rps} / ${baselineRps} | | | | ratio ≥ 0.7 | ${ratio >= 0.7 ? 'yes' : 'NO'} (${ratio}) |`);
console.log('\n| package | size | target |');
console.log('| --- | ---: | --- |');
for (const [name, bytes] of Object.entries(packages)) console.log(`| weapp ${name} | ${kb(bytes)} | ${name === 'main' ? `≤ 1 MB: ${bytes <= 1024 * 1024 ? 'yes' : 'NO'}` : '≤ 2 MB each'} |`);
console.log(`| H5 build | ${kb(h5)} | |`);

mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
const counts = await one(
  `select (select count(*) from grid_node where kind = 'micro_grid')::int as micro_grids, (select count(*) from household)::int as households,
          (select count(*) from person)::int as persons, (select count(*) from care_plan)::int as under_care, (select count(*) from visit)::int as visits,
          (select count(*) from notice_receipt)::int as receipts`,
);
writeFileSync(
  path.join(ROOT, 'bench/results.json'),
  JSON.stringify(
    {
      at: new Date().toISOString(),
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      district: counts,
      endpoints: results.map(({ ok, ...r }) => ({ ...r, met: ok(r) })),
      baseline: { rps: baselineRps, p99: bare.latency.p99, ratio },
      packages,
      h5Bytes: h5,
    },
    null,
    2,
  ),
);
console.log('\nresults: bench/results.json');
await cleanup();

async function cleanup() {
  server?.kill('SIGTERM');
  await new Promise((r) => (server && server.exitCode === null ? server.on('close', r) : r()));
  await db.end().catch(() => undefined);
  await embedded?.stop();
}

async function waitFor(url) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not come up at ${url}`);
}
