// The benchmark's baseline, in a process of its own like the server: the notice feed's two queries
// (the caller's memberships, then FEED_SQL — imported from the server, so the SQL is the same) on
// bare node:http + pg, with no framework, no auth and no validation.
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = (p) => pathToFileURL(path.join(ROOT, 'server/dist', p)).href;
const { FEED_SQL } = await import(dist('modules/notices/notices.repository.js'));
const { MEMBERSHIPS_SQL } = await import(dist('common/scope/scope.policy.js'));
const { withAncestors } = await import(dist('common/scope/ltree.js'));
const pg = (await import(pathToFileURL(path.join(ROOT, 'server/node_modules/pg/lib/index.js')).href)).default;

const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 20) });
const server = http.createServer(async (req, res) => {
  try {
    const userId = req.headers['x-user'];
    const memberships = (await db.query(MEMBERSHIPS_SQL, [userId])).rows;
    const rows = (await db.query(FEED_SQL, [userId, withAncestors(memberships.map((m) => m.path)), null, null, 21])).rows;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ items: rows.slice(0, 20), nextCursor: null }));
  } catch (err) {
    res.writeHead(500);
    res.end(String(err));
  }
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => db.end().then(() => process.exit(0))));
